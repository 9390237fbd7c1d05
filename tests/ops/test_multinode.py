"""Two gunicorn nodes on one PostgreSQL and one Redis, plus `flask worker`: what is written on one
node is read on the other (with its search hit and key point tags), a session cookie from A works
on B, the login limit counts across both, and the anonymous page cache of A is invalidated by a
reply posted on B."""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[2]
PG = os.environ.get("TEST_DATABASE_URL")
REDIS = os.environ.get("TEST_REDIS_URL")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.skipif(not (PG and REDIS), reason="needs TEST_DATABASE_URL and TEST_REDIS_URL"),
]
PASSWORD = "Blue-Harbour-Lantern-42"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """A tiny cookie-keeping HTTP client (the session cookie is host-wide, port-blind, like a browser's)."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(
        self,
        port: int,
        method: str,
        path: str,
        form: dict | None = None,
        body: dict | None = None,
        headers: dict | None = None,
    ) -> tuple[int, dict[str, str], str]:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        hdrs = dict(headers or {})
        data = None
        if form is not None:
            from urllib.parse import urlencode

            data = urlencode(form)
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            data = json.dumps(body)
            hdrs["Content-Type"] = "application/json"
        if self.cookies:
            hdrs["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request(method, path, body=data, headers=hdrs)
        resp = conn.getresponse()
        text = resp.read().decode()
        for name, value in resp.getheaders():
            if name.lower() == "set-cookie":
                k, _, rest = value.partition("=")
                self.cookies[k] = rest.split(";", 1)[0]
        conn.close()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, text

    def csrf(self, port: int, path: str) -> str:
        _s, _h, html = self.request(port, "GET", path)
        match = re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', html)
        assert match, html[:500]
        return match.group(1)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):  # type: ignore[no-untyped-def]
    tag = uuid.uuid4().hex[:8]
    name = f"test_multinode_{tag}"
    admin = make_url(PG.replace("postgresql+psycopg://", "postgresql://")).set(drivername="postgresql")
    admin_url = admin.render_as_string(hide_password=False)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    db_url = admin.set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)
    base = tmp_path_factory.mktemp("multinode")
    env = dict(os.environ)
    env.update(
        FLASK_APP="app",
        DATABASE_URL=db_url,
        REDIS_URL=REDIS,
        REDIS_PREFIX=f"test-mn-{tag}:",
        RATELIMIT_KEY_PREFIX=f"test-mn-{tag}",
        OUTBOX_QUEUE=f"test-mn-{tag}",
        SECRET_KEY=f"shared-{tag}",
        DEMO="0",
        LOG_FORMAT="json",
        WEB_CONCURRENCY="2",
        GUNICORN_THREADS="2",
        OUTBOX_SWEEP_SECONDS="1",
    )
    procs: list[subprocess.Popen] = []
    logs = []

    def run(args: list[str], **extra: str) -> None:
        subprocess.run(
            [sys.executable, "-m", "flask", *args],
            cwd=ROOT,
            env={**env, **extra},
            check=True,
            capture_output=True,
            timeout=120,
        )

    def start(args: list[str], log_name: str, **extra: str) -> None:
        log = open(base / log_name, "w")  # noqa: SIM115 (closed at teardown)
        logs.append(log)
        procs.append(subprocess.Popen(args, cwd=ROOT, env={**env, **extra}, stdout=log, stderr=subprocess.STDOUT))

    ports = [_free_port(), _free_port()]
    try:
        run(["db", "upgrade", "heads"], INSTANCE_PATH=str(base / "setup"))
        run(
            ["users", "create", "--username", "alice", "--email", "alice@example.com", "--password", PASSWORD],
            INSTANCE_PATH=str(base / "setup"),
        )
        run(
            ["users", "create", "--username", "victim", "--email", "victim@example.com", "--password", PASSWORD],
            INSTANCE_PATH=str(base / "setup"),
        )
        run(
            [
                "users",
                "create",
                "--username",
                "chief",
                "--email",
                "chief@example.com",
                "--password",
                PASSWORD,
                "--role",
                "admin",
            ],
            INSTANCE_PATH=str(base / "setup"),
        )
        for i, port in enumerate(ports):
            start(
                [sys.executable, "-m", "gunicorn", "-c", "community/ops/gunicorn_conf.py", "app:create_app()"],
                f"node{i}.log",
                BIND=f"127.0.0.1:{port}",
                INSTANCE_PATH=str(base / f"node{i}"),
            )
        start([sys.executable, "-m", "flask", "worker"], "worker.log", INSTANCE_PATH=str(base / "worker"))
        deadline = time.time() + 90
        for port in ports:
            while True:
                try:
                    status, _h, _t = Browser().request(port, "GET", "/readyz")
                    if status == 200:
                        break
                except OSError:
                    pass
                if time.time() > deadline:
                    raise RuntimeError((base / "node0.log").read_text()[-3000:])
                time.sleep(0.3)
        yield {"ports": ports, "db_url": db_url, "base": base}
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        for log in logs:
            log.close()
        import redis

        r = redis.Redis.from_url(REDIS)
        for key in r.scan_iter(f"test-mn-{tag}*"):
            r.delete(key)
        for key in r.scan_iter(f"rq:queue:test-mn-{tag}*"):
            r.delete(key)
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _login(browser: Browser, port: int, username: str, password: str = PASSWORD) -> int:
    token = browser.csrf(port, "/login")
    status, _h, _t = browser.request(
        port, "POST", "/login", form={"csrf_token": token, "login": username, "password": password}
    )
    return status


def test_write_on_a_read_on_b_and_session_cookie_travels(cluster):
    a, b = cluster["ports"]
    alice = Browser()
    assert _login(alice, a, "alice") == 302
    # The session cookie from node A is valid on node B (shared SECRET_KEY, server-side session rows in PostgreSQL).
    status, _h, html = alice.request(b, "GET", "/")
    assert status == 200 and "alice" in html and "Sign out" in html

    admin = Browser()
    _s, _h, text = admin.request(a, "POST", "/api/v1/auth/token", body={"username": "chief", "password": PASSWORD})
    bearer = {"Authorization": f"Bearer {json.loads(text)['token']}"}
    status, _h, text = admin.request(
        a, "POST", "/api/v1/categories", body={"name": "Headphones", "slug": "headphones"}, headers=bearer
    )
    assert status == 201, text
    status, _h, text = admin.request(
        a,
        "POST",
        "/api/v1/threads",
        headers=bearer,
        body={
            "category": "headphones",
            "kind": "question",
            "title": "Pairing on node A",
            "body": "Written through node A. The battery life is terrible.",
        },
    )
    assert status == 201, text
    thread_id = json.loads(text)["thread"]["id"]
    status, _h, text = Browser().request(b, "GET", f"/api/v1/threads/{thread_id}")
    assert status == 200 and json.loads(text)["thread"]["title"] == "Pairing on node A"

    # Reply on B with A's session and A's CSRF token (a form page rendered on A).
    token = alice.csrf(a, f"/t/{thread_id}/reply")
    status, _h, _t = alice.request(
        b, "POST", f"/t/{thread_id}/reply", form={"csrf_token": token, "body": "Reply via B."}
    )
    assert status == 302
    status, _h, html = alice.request(a, "GET", f"/t/{thread_id}")
    if status == 301:
        status, _h, html = alice.request(a, "GET", _h["location"].split(str(a), 1)[-1])
    assert status == 200 and "Reply via B." in html

    # The worker applied every event both nodes wrote.
    with psycopg.connect(cluster["db_url"].replace("postgresql+psycopg://", "postgresql://")) as conn:
        deadline = time.time() + 30
        while True:
            pending = conn.execute("SELECT count(*) FROM outbox_events WHERE processed_at IS NULL").fetchone()[0]
            total = conn.execute("SELECT count(*) FROM outbox_events").fetchone()[0]
            if pending == 0 or time.time() > deadline:
                break
            time.sleep(0.5)
    assert total >= 2 and pending == 0

    # The worker's derived data is shared too: node B finds the thread through the search index
    # (PostgreSQL backend) and its key point tags (the tagger ran in the worker, not on A).
    status, _h, text = Browser().request(b, "GET", "/api/v1/search?q=pairing+node")
    assert status == 200, text
    assert any(hit.get("url", "").startswith(f"/t/{thread_id}") for hit in json.loads(text)["items"]), text
    status, _h, text = admin.request(b, "GET", "/api/v1/staff/keypoints/mentions?polarity=negative", headers=bearer)
    assert status == 200, text
    tags = [m for m in json.loads(text)["items"] if m["thread_id"] == thread_id]
    assert any("battery" in m["aspect"].lower() for m in tags), tags


def test_anonymous_cache_on_a_invalidated_by_reply_on_b(cluster):
    a, b = cluster["ports"]
    writer = Browser()
    assert _login(writer, b, "alice") == 302
    token = writer.csrf(b, "/new")
    status, headers, _t = writer.request(
        b,
        "POST",
        "/new",
        form={
            "csrf_token": token,
            "category": "headphones",
            "kind": "question",
            "title": "Cached thread across nodes",
            "body": "First post.",
        },
    )
    assert status == 302, _t
    path = headers["location"].replace(f"http://127.0.0.1:{b}", "")
    visitor = Browser()
    visitor.request(a, "GET", path)
    status, headers, _t = visitor.request(a, "GET", path)
    assert status == 200 and headers["x-cache"] == "HIT"
    assert not visitor.cookies  # anonymous pages set no cookie
    thread_id = int(path.split("/")[2])
    token = writer.csrf(b, f"/t/{thread_id}/reply")
    assert (
        writer.request(b, "POST", f"/t/{thread_id}/reply", form={"csrf_token": token, "body": "Fresh from B."})[0]
        == 302
    )
    status, headers, html = visitor.request(a, "GET", path)
    assert headers["x-cache"] == "MISS" and "Fresh from B." in html


def test_login_limit_counts_across_both_nodes(cluster):
    """Ten login tries per account (and per address) in all: with per-process counters, two nodes
    of two workers each would allow forty. Earlier logins of this module count too."""
    a, b = cluster["ports"]
    browser = Browser()
    statuses = [_login(browser, (a, b)[i % 2], "victim", "wrong-password-123") for i in range(12)]
    assert statuses[0] == 401
    first_refusal = statuses.index(429)
    assert 1 <= first_refusal <= 10
    assert set(statuses[:first_refusal]) == {401} and set(statuses[first_refusal:]) == {429}
    # Both nodes refuse now, the real password included.
    assert _login(Browser(), a, "victim") == 429
    assert _login(Browser(), b, "victim") == 429


def test_readyz_and_metrics_on_each_node(cluster):
    for port in cluster["ports"]:
        status, _h, text = Browser().request(port, "GET", "/readyz")
        body = json.loads(text)
        assert status == 200 and body["checks"] == {"database": "ok", "redis": "ok"}
        status, _h, text = Browser().request(port, "GET", "/metrics")
        assert status == 200 and "community_outbox_pending" in text
