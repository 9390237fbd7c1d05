"""`flask worker` on RQ/Redis: events written by requests are applied by the worker; failing
handlers are retried with backoff, end dead after MAX_ATTEMPTS, and are applied after a replay."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from community import outbox
from community.extensions import db
from community.outbox import MAX_ATTEMPTS, OutboxEvent
from community.timeutil import utcnow
from tests.factories import api_token, login

ROOT = Path(__file__).resolve().parents[2]
REDIS = os.environ.get("TEST_REDIS_URL")
pytestmark = [pytest.mark.redis, pytest.mark.skipif(not REDIS, reason="TEST_REDIS_URL not set")]
FAILS = {"on": True}


@pytest.fixture
def worker_app(app):  # type: ignore[no-untyped-def]
    tag = uuid.uuid4().hex[:8]
    app.config.update(
        OUTBOX_MODE="worker", REDIS_URL=REDIS, REDIS_PREFIX=f"test-ops-{tag}:", OUTBOX_QUEUE=f"test-ops-{tag}"
    )
    yield app
    from community.ops.redis_client import redis_for
    from community.worker.queue import queue_for

    with app.app_context():
        queue_for(app).delete(delete_jobs=True)
        redis = redis_for(app)
        for name in redis.scan_iter(f"test-ops-{tag}:*"):
            redis.delete(name)


@pytest.fixture
def flaky():  # type: ignore[no-untyped-def]
    @outbox.handles("ops.test_worker_flaky")
    def handler(payload):  # type: ignore[no-untyped-def]
        if FAILS["on"]:
            raise ConnectionError("help desk timed out")

    FAILS["on"] = True
    yield
    outbox._handlers.pop("ops.test_worker_flaky", None)


def _event(event_id: int) -> OutboxEvent:
    """Read the row fresh: end the test's transaction, whose SQLite snapshot predates the worker."""
    db.session.rollback()
    return db.session.get(OutboxEvent, event_id)


def _pending_ids() -> list[int]:
    db.session.commit()
    return list(db.session.scalars(db.select(OutboxEvent.id).where(OutboxEvent.processed_at.is_(None))))


def test_request_events_are_applied_by_a_worker_process(worker_app, factory):
    from community.worker.queue import queue_for

    client = worker_app.test_client()
    thread = factory.thread(title="Where is the serial number?")
    factory.user("poster")
    login(client, "poster")
    before = set(_pending_ids())
    assert client.post(f"/t/{thread.id}/reply", data={"body": "Under the left ear cushion."}).status_code == 302
    new = set(_pending_ids()) - before
    assert new, "worker mode leaves the request's events to the worker"
    assert queue_for(worker_app).count >= 1
    db.session.remove()

    env = dict(os.environ)
    env.update(
        FLASK_APP="app",
        DATABASE_URL=worker_app.config["SQLALCHEMY_DATABASE_URI"],
        REDIS_URL=REDIS,
        REDIS_PREFIX=worker_app.config["REDIS_PREFIX"],
        OUTBOX_QUEUE=worker_app.config["OUTBOX_QUEUE"],
        INSTANCE_PATH=worker_app.instance_path,
        SECRET_KEY="test-secret",
        LOG_FORMAT="text",
        DEMO="0",
    )
    proc = subprocess.run(
        [sys.executable, "-m", "flask", "worker", "--burst"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert not (set(_pending_ids()) & (new | before))
    assert queue_for(worker_app).count == 0


def test_an_event_whose_enqueue_was_lost_is_swept(worker_app, factory):
    from community.worker.run import run_worker

    event = outbox.emit("ops.nobody_listens", n=1)  # written outside a request: nothing enqueued
    db.session.commit()
    event_id = event.id
    db.session.commit()
    run_worker(worker_app, burst=True)
    assert _event(event_id).processed_at is not None


def test_failing_handler_retried_with_backoff_then_dead_then_replayed(worker_app, factory, flaky):
    from community.worker.run import run_worker

    factory.user("boss", role="admin")
    client = worker_app.test_client()
    headers = api_token(client, "boss")
    event = outbox.emit("ops.test_worker_flaky", crm_id=42)
    db.session.commit()
    event_id = event.id
    db.session.commit()

    run_worker(worker_app, burst=True)
    ev = _event(event_id)
    assert ev.attempts == 1 and ev.dead_at is None and "help desk timed out" in ev.last_error
    assert ev.available_at > utcnow()  # backoff: not retried at once
    run_worker(worker_app, burst=True)
    assert _event(event_id).attempts == 1  # still waiting out its backoff

    for attempt in range(2, MAX_ATTEMPTS + 1):
        db.session.execute(db.update(OutboxEvent).where(OutboxEvent.id == event_id).values(available_at=utcnow()))
        db.session.commit()
        run_worker(worker_app, burst=True)
        assert _event(event_id).attempts == attempt
    ev = _event(event_id)
    assert ev.dead_at is not None and ev.processed_at is None
    db.session.commit()

    listed = client.get("/api/v1/staff/outbox?state=dead", headers=headers).get_json()["items"]
    assert [e["id"] for e in listed] == [event_id]
    metrics = client.get("/metrics").get_data(as_text=True)
    assert f"community_worker_failures_total {float(MAX_ATTEMPTS)}" in metrics
    assert "community_outbox_dead 1.0" in metrics

    FAILS["on"] = False
    assert client.post(f"/api/v1/staff/outbox/{event_id}/replay", headers=headers).status_code == 200
    db.session.commit()
    run_worker(worker_app, burst=True)
    ev = _event(event_id)
    assert ev.processed_at is not None and ev.dead_at is None


def test_worker_refuses_to_start_without_redis(app):
    from community.worker.run import run_worker

    with pytest.raises(RuntimeError, match="REDIS_URL"):
        run_worker(app, burst=True)


def test_a_claim_left_by_a_killed_worker_is_taken_over(worker_app, factory):
    """A worker killed mid-job leaves its events claimed; after five minutes another worker applies them."""
    from datetime import timedelta

    from community.worker.run import run_worker

    fresh = outbox.emit("ops.nobody_listens", n=1)
    stale = outbox.emit("ops.nobody_listens", n=2)
    db.session.flush()
    fresh.claimed_at = utcnow() - timedelta(minutes=1)
    stale.claimed_at = utcnow() - timedelta(minutes=6)
    db.session.commit()
    fresh_id, stale_id = fresh.id, stale.id
    db.session.commit()
    run_worker(worker_app, burst=True)
    assert _event(stale_id).processed_at is not None
    assert _event(fresh_id).processed_at is None  # still another worker's, for now
