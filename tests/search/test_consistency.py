"""The index never loses an update: concurrent writers, a failing handler, a killed writer.

After the outbox drains, the index must hold exactly the database's public documents: every
post findable, none twice (indexer.check() compares doc ids both ways).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from whoosh.index import LockError

from community.extensions import db
from community.forum.models import Post
from community.outbox import OutboxEvent, drain
from community.search import indexer
from community.search.backend import get_backend
from tests.search.helpers import api_search, index_now

ROOT = Path(__file__).resolve().parents[2]
CONFIG_KEYS = (
    "TESTING",
    "SQLALCHEMY_DATABASE_URI",
    "SQLALCHEMY_ENGINE_OPTIONS",
    "INSTANCE_PATH",
    "SEARCH_INDEX_PATH",
    "UPLOAD_PATH",
    "SECRET_KEY",
    "WTF_CSRF_ENABLED",
    "RATELIMIT_ENABLED",
    "RATELIMIT_STORAGE_URI",
    "REDIS_URL",
    "OUTBOX_MODE",
    "OUTBOX_SYNC",
    "SEARCH_BACKEND",
    "PASSWORD_HASH_METHOD",
    "DEMO",
)


def _worker_config(app) -> dict:  # type: ignore[no-untyped-def]
    return {k: app.config[k] for k in CONFIG_KEYS}


def _spawn(app, *args: str) -> subprocess.Popen:  # type: ignore[no-untyped-def]
    # Outside a request every SQLite transaction is BEGIN IMMEDIATE: end ours, or the child
    # waits on the write lock a lazy attribute load in this process may still hold.
    db.session.commit()
    config = json.dumps(_worker_config(app))
    return subprocess.Popen(
        [sys.executable, "-m", "tests.search._proc", config, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _assert_consistent(expected_replies: int) -> None:
    result = indexer.check()
    assert result.ok, result
    replies = db.session.scalar(db.select(db.func.count(Post.id)).where(Post.number > 1))
    assert replies == expected_replies


def test_several_processes_posting_at_once(app, client, factory):
    thread = factory.thread(title="Busy thread", body="Everyone answers")
    for n in range(3):
        factory.user(f"worker{n}")
    index_now()
    thread_id = str(thread.id)
    procs = [_spawn(app, "post", f"worker{n}", thread_id, "6", f"p{n}") for n in range(3)]
    for proc in procs:
        _out, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err[-3000:]
    db.session.expire_all()
    index_now()
    _assert_consistent(18)
    for n in range(3):
        for i in range(6):
            assert api_search(client, f"p{n}n{i}")["total"] == 1


def test_several_threads_posting_at_once(app, factory):
    from tests.search._proc import post_replies

    # Writers outside a request behave as workers do in production: BEGIN IMMEDIATE on SQLite.
    app.config["SQLITE_BEGIN_OUTSIDE_REQUEST"] = "IMMEDIATE"
    thread = factory.thread(title="Busy thread", body="Everyone answers")
    for n in range(4):
        factory.user(f"tworker{n}")
    thread_id = thread.id
    index_now()
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            post_replies(app, f"tworker{n}", thread_id, 5, f"t{n}")
        except BaseException as exc:
            errors.append(exc)

    workers = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=240)
    assert not errors
    db.session.expire_all()
    index_now()
    _assert_consistent(20)


def test_failing_index_write_is_retried(app, client, factory, monkeypatch):
    thread = factory.thread(title="Lock test", body="Body")
    index_now()
    backend = get_backend()
    calls = {"n": 0}
    real_apply = backend.apply

    def locked(docs, delete_ids):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        raise LockError("index is locked")

    monkeypatch.setattr(backend, "apply", locked)
    factory.reply(thread, body="Reply kwlocked")
    drain()
    assert calls["n"] == 1
    event = db.session.scalar(db.select(OutboxEvent).where(OutboxEvent.topic == "post.created"))
    db.session.refresh(event)
    assert event.processed_at is None and event.attempts == 1 and "locked" in event.last_error
    monkeypatch.setattr(backend, "apply", real_apply)
    assert api_search(client, "kwlocked")["total"] == 0
    index_now()
    assert api_search(client, "kwlocked")["total"] == 1
    _assert_consistent(1)


def test_writer_killed_mid_write_loses_nothing(app, client, factory):
    thread = factory.thread(title="Crash test", body="Body")
    index_now()
    for n in range(5):
        factory.reply(thread, body=f"Reply kwcrash{n}")  # events pending, not yet applied
    proc = _spawn(app, "crash-drain")
    line = proc.stdout.readline()
    assert line.strip() == "WRITING", proc.stderr.read()[-3000:]
    proc.send_signal(signal.SIGKILL)  # killed while holding the index writer
    proc.wait(timeout=30)
    db.session.expire_all()
    assert indexer.check().missing  # nothing of that write was committed
    index_now()  # a restarted consumer takes over the crashed one's claims
    _assert_consistent(5)
    for n in range(5):
        assert api_search(client, f"kwcrash{n}")["total"] == 1


def test_applying_an_event_twice_changes_nothing(app, factory):
    thread = factory.thread(title="Twice", body="Body")
    factory.reply(thread, body="Reply kwtwice")
    index_now()
    before = sorted(get_backend().doc_ids())
    db.session.execute(db.update(OutboxEvent).values(processed_at=None, attempts=0))
    db.session.commit()
    index_now()
    assert sorted(get_backend().doc_ids()) == before
    _assert_consistent(1)


@pytest.mark.parametrize("resume", [False, True])
def test_reindex_command(app, factory, resume):
    cat = factory.category()
    threads = [factory.thread(category=cat, title=f"Topic {n}", body="Body") for n in range(3)]
    for t in threads:
        factory.reply(t, body="An answer")
    index_now()
    get_backend().clear()
    db.session.commit()
    assert indexer.check().missing
    runner = app.test_cli_runner()
    if resume:  # a previous run finished threads and stopped inside the posts
        first_reply = db.session.scalar(db.select(db.func.min(Post.id)).where(Post.number > 1))
        Path(app.instance_path, "search-reindex.json").write_text(json.dumps({"thread": -1, "post": first_reply}))
        result = runner.invoke(args=["search", "reindex", "--resume"])
        assert result.exit_code == 0, result.output
        assert "Indexed 2 documents" in result.output
        assert set(indexer.check().missing) == {f"thread:{t.id}" for t in threads} | {f"post:{first_reply}"}
        return
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "Indexed 6 documents" in result.output
    check = runner.invoke(args=["search", "check"])
    assert check.exit_code == 0 and "agree" in check.output
    get_backend().delete([f"thread:{threads[0].id}"])
    db.session.commit()
    check = runner.invoke(args=["search", "check"])
    assert check.exit_code == 1 and "missing: 1" in check.output


def test_reindex_reads_in_pages_across_its_commits(app, factory, monkeypatch):
    """The rebuild commits after each batch; rows are read in keyset pages so nothing is lost or
    doubled at page boundaries (a streaming cursor died at the first commit on PostgreSQL)."""
    from community.search import providers

    monkeypatch.setattr(providers, "BATCH", 2)
    monkeypatch.setattr(indexer, "BATCH", 3)
    cat = factory.category()
    for n in range(5):
        t = factory.thread(category=cat, title=f"Paged topic {n}", body="Body")
        for _ in range(2):
            factory.reply(t, body="An answer")
    get_backend().clear()
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "Indexed 15 documents" in result.output
    assert indexer.check().ok
