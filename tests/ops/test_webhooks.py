"""Webhooks against a real HTTP receiver on 127.0.0.1: signed, retried, logged, staff only."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from community import outbox
from community.extensions import db
from community.integrations.models import Webhook, WebhookDelivery
from community.integrations.webhooks import verify
from community.outbox import OutboxEvent
from community.timeutil import utcnow
from tests.factories import login


class Receiver:
    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.statuses: list[int] = []  # answered in order; 200 when empty
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body, "path": self.path})
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/community"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():  # type: ignore[no-untyped-def]
    r = Receiver()
    yield r
    r.close()


def _register(client, url: str, events: str):  # type: ignore[no-untyped-def]
    return client.post("/staff/webhooks", data={"url": url, "events": events, "description": "CRM"})


def test_signed_delivery_of_subscribed_events(app, client, factory, receiver):
    factory.user("moddy", role="moderator")
    cat = factory.category()
    factory.user("writer")
    login(client, "moddy")
    assert _register(client, receiver.url, "thread.created, review.created").status_code == 302
    hook = db.session.scalar(select(Webhook))
    assert hook.events == ["review.created", "thread.created"]

    member = app.test_client()
    login(member, "writer")
    resp = member.post(
        "/new",
        data={
            "category": cat.slug,
            "kind": "question",
            "title": "Case hinge cracked after a week",
            "body": "Is this covered by warranty?",
        },
    )
    assert resp.status_code == 302
    assert len(receiver.requests) == 1  # thread.created only; post.created is not subscribed
    req = receiver.requests[0]
    headers = {k.lower(): v for k, v in req["headers"].items()}
    assert req["path"] == "/hooks/community"
    assert headers["x-community-event"] == "thread.created"
    assert headers["x-community-signature"].startswith("sha256=")
    assert verify(hook.secret, headers["x-community-timestamp"], req["body"], headers["x-community-signature"])
    assert not verify("wrong-secret", headers["x-community-timestamp"], req["body"], headers["x-community-signature"])
    assert not verify(
        hook.secret, headers["x-community-timestamp"], req["body"] + b" ", headers["x-community-signature"]
    )
    assert not verify(
        hook.secret, str(int(headers["x-community-timestamp"]) - 3600), req["body"], headers["x-community-signature"]
    )
    payload = json.loads(req["body"])
    assert payload["event"] == "thread.created" and "thread_id" in payload["data"]

    db.session.rollback()
    delivery = db.session.scalar(select(WebhookDelivery))
    assert delivery.status == "delivered" and delivery.response_status == 200 and delivery.attempts == 1
    page = client.get(f"/staff/webhooks/{hook.id}").get_data(as_text=True)
    assert "thread.created" in page and "Delivered" in page and hook.secret in page


def test_failed_delivery_is_retried_with_backoff(app, client, factory, receiver):
    factory.user("moddy", role="moderator")
    login(client, "moddy")
    _register(client, receiver.url, "crm.test_ping")
    receiver.statuses = [500]
    event = outbox.emit("crm.test_ping", ticket=9)
    db.session.commit()
    outbox.drain()
    assert len(receiver.requests) == 1
    db.session.rollback()
    delivery = db.session.scalar(select(WebhookDelivery))
    assert delivery.status == "failed" and delivery.response_status == 500 and delivery.last_error == "HTTP 500"
    deliver_event = db.session.scalar(select(OutboxEvent).where(OutboxEvent.topic == "webhook.deliver"))
    assert deliver_event.attempts == 1 and deliver_event.available_at > utcnow()
    outbox.drain()
    assert len(receiver.requests) == 1  # still waiting out the backoff

    db.session.execute(db.update(OutboxEvent).where(OutboxEvent.id == deliver_event.id).values(available_at=utcnow()))
    db.session.commit()
    outbox.drain()
    assert len(receiver.requests) == 2
    db.session.rollback()
    delivery = db.session.get(WebhookDelivery, delivery.id)
    assert delivery.status == "delivered" and delivery.attempts == 2
    # Re-applying the original event does not send it twice (idempotent fan-out).
    db.session.execute(db.update(OutboxEvent).where(OutboxEvent.id == event.id).values(processed_at=None))
    db.session.commit()
    outbox.drain()
    assert len(receiver.requests) == 2
    page = client.get(f"/staff/webhooks/{delivery.webhook_id}").get_data(as_text=True)
    assert "Delivered" in page


def test_unreachable_receiver_is_logged(app, client, factory):
    factory.user("moddy", role="moderator")
    login(client, "moddy")
    _register(client, "http://127.0.0.1:9/nothing-listens", "crm.test_ping")
    outbox.emit("crm.test_ping")
    db.session.commit()
    outbox.drain()
    db.session.rollback()
    delivery = db.session.scalar(select(WebhookDelivery))
    assert delivery.status == "failed" and delivery.response_status is None and delivery.last_error


@pytest.mark.parametrize(
    ("url", "events", "field"),
    [
        ("ftp://example.com/x", "thread.created", "url"),
        ("javascript:alert(1)", "thread.created", "url"),
        ("https://example.com/x", "", "events"),
        ("https://example.com/x", "Thread Created!", "events"),
        ("https://example.com/x", "webhook.deliver", "events"),
    ],
)
def test_bad_registration_keeps_input_and_says_why(client, factory, url, events, field):
    factory.user("moddy", role="moderator")
    login(client, "moddy")
    resp = _register(client, url, events)
    assert resp.status_code == 422
    assert db.session.scalar(select(Webhook)) is None


def test_member_gets_403_on_every_webhook_route(client, factory):
    factory.user("mia")
    login(client, "mia")
    assert client.get("/staff/webhooks").status_code == 403
    assert _register(client, "https://example.com/x", "thread.created").status_code == 403
    assert client.get("/staff/webhooks/1").status_code == 403
    assert client.post("/staff/webhooks/1/delete").status_code == 403


def test_staff_removes_a_webhook(client, factory):
    factory.user("moddy", role="moderator")
    login(client, "moddy")
    _register(client, "https://example.com/x", "thread.created")
    hook = db.session.scalar(select(Webhook))
    assert client.post(f"/staff/webhooks/{hook.id}/delete").status_code == 302
    db.session.rollback()
    assert db.session.scalar(select(Webhook)) is None
    assert client.get(f"/staff/webhooks/{hook.id}").status_code == 404
