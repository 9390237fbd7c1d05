"""/healthz, /readyz, /metrics and request ids in structured logs."""

from __future__ import annotations

import json
import logging

from community.extensions import db
from community.ops.logs import JsonFormatter, RequestIdFilter


def test_healthz_needs_no_database(app, client):
    resp = client.get("/healthz")
    assert resp.status_code == 200
    assert resp.get_json() == {"status": "ok"}


def test_readyz_reports_database_and_outbox(client, factory):
    from community.outbox import drain

    factory.thread()  # written outside a request: its event waits for a drain
    resp = client.get("/readyz")
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["status"] == "ready"
    assert body["checks"] == {"database": "ok"}
    assert body["outbox"] == {"pending": 1, "dead": 0}
    drain()
    assert client.get("/readyz").get_json()["outbox"] == {"pending": 0, "dead": 0}


def test_readyz_is_503_when_redis_is_unreachable(app, client):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"
    resp = client.get("/readyz")
    assert resp.status_code == 503
    assert resp.get_json()["checks"]["redis"] == "error"


def test_readyz_is_503_when_database_is_unreachable(app, client, monkeypatch):
    def broken(*_a, **_k):
        raise RuntimeError("database down")

    monkeypatch.setattr(db.session, "execute", broken)
    resp = client.get("/readyz")
    assert resp.status_code == 503
    assert resp.get_json()["checks"]["database"] == "error"


def test_metrics_from_loopback(client, factory):
    client.get("/healthz")
    client.get("/")
    resp = client.get("/metrics")
    assert resp.status_code == 200
    text = resp.get_data(as_text=True)
    assert 'community_request_seconds_count{endpoint="forum.home",method="GET",status="200"}' in text
    assert "community_outbox_pending 0.0" in text
    assert "community_outbox_dead 0.0" in text
    assert "community_worker_failures_total" in text


def test_metrics_refused_to_remote_clients_without_token(app, client):
    resp = client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert resp.status_code == 403


def test_metrics_token(app, client):
    app.config["METRICS_TOKEN"] = "s3cret-scrape"
    remote = {"REMOTE_ADDR": "203.0.113.9"}
    assert client.get("/metrics", environ_base=remote).status_code == 403
    assert client.get("/metrics", environ_base=remote, headers={"Authorization": "Bearer wrong"}).status_code == 403
    ok = client.get("/metrics", environ_base=remote, headers={"Authorization": "Bearer s3cret-scrape"})
    assert ok.status_code == 200
    # With a token set, loopback needs it too: no ambient trust.
    assert client.get("/metrics").status_code == 403


def test_request_id_generated_and_echoed(client):
    resp = client.get("/healthz")
    rid = resp.headers["X-Request-ID"]
    assert len(rid) == 32
    assert client.get("/healthz").headers["X-Request-ID"] != rid


def test_request_id_honoured_when_sane(client):
    assert client.get("/healthz", headers={"X-Request-ID": "lb-42.abc_DEF"}).headers["X-Request-ID"] == "lb-42.abc_DEF"
    evil = client.get("/healthz", headers={"X-Request-ID": 'x" {injected} <script>'}).headers["X-Request-ID"]
    assert evil != 'x" {injected} <script>' and len(evil) == 32


def test_every_log_line_carries_the_request_id(app, client):
    lines: list[str] = []

    class Capture(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    handler = Capture()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)

    @app.get("/_log_probe")
    def probe():  # type: ignore[no-untyped-def]
        logging.getLogger("community.test").warning("inside the view")
        return "ok"

    try:
        client.get("/_log_probe", headers={"X-Request-ID": "req-777"})
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    records = [json.loads(line) for line in lines]
    mine = [r for r in records if r.get("request_id") == "req-777"]
    assert any(r["message"] == "inside the view" and r["level"] == "warning" for r in mine)
    access = [r for r in mine if r["logger"] == "community.access"]
    assert access and access[0]["status"] == 200 and access[0]["path"] == "/_log_probe"
