"""Webhooks against a real HTTP receiver on 127.0.0.1: signed, retried, logged, admins only.

The receiver is on loopback, which the SSRF guard refuses unless WEBHOOK_ALLOW_PRIVATE is set:
the tests that deliver to it set it (as an operator with a receiver on the LAN would).
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from community import outbox
from community.extensions import db
from community.integrations import url_guard
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
def receiver(app):  # type: ignore[no-untyped-def]
    app.config["WEBHOOK_ALLOW_PRIVATE"] = True  # the receiver listens on 127.0.0.1
    r = Receiver()
    yield r
    r.close()


@pytest.fixture
def dns(monkeypatch):  # type: ignore[no-untyped-def]
    """A fake resolver: tests say what each name resolves to; no real DNS lookups."""
    table: dict[str, list[str]] = {"example.com": ["93.184.216.34"], "localhost": ["127.0.0.1", "::1"]}

    def resolve(host: str, port: int) -> list[str]:
        if host in table:
            return table[host]
        try:
            url_guard.ipaddress.ip_address(host)
        except ValueError:
            raise OSError("Name or service not known") from None
        return [host]

    monkeypatch.setattr(url_guard, "resolve", resolve)
    return table


def _register(client, url: str, events: str):  # type: ignore[no-untyped-def]
    return client.post("/staff/webhooks", data={"url": url, "events": events, "description": "CRM"})


def test_signed_delivery_of_subscribed_events(app, client, factory, receiver):
    factory.admin("moddy")
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
    factory.admin("moddy")
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
    app.config["WEBHOOK_ALLOW_PRIVATE"] = True
    factory.admin("moddy")
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
        ("https://user:pw@example.com/x", "thread.created", "url"),
        ("https://example.com:99999/x", "thread.created", "url"),
        ("https://example.com/x", "", "events"),
        ("https://example.com/x", "Thread Created!", "events"),
        ("https://example.com/x", "webhook.deliver", "events"),
    ],
)
def test_bad_registration_keeps_input_and_says_why(client, factory, dns, url, events, field):
    factory.admin("moddy")
    login(client, "moddy")
    resp = _register(client, url, events)
    assert resp.status_code == 422
    assert url.replace("&", "&amp;") in resp.get_data(as_text=True)  # the typed URL is shown again
    assert db.session.scalar(select(Webhook)) is None


PRIVATE_URLS = [
    "http://127.0.0.1:8080/hook",
    "http://localhost/hook",
    "http://10.1.2.3/hook",
    "http://172.16.0.9/hook",
    "http://192.168.1.20/hook",
    "http://100.64.0.1/hook",  # shared address space (carrier-grade NAT)
    "http://169.254.169.254/latest/meta-data/",  # cloud metadata service
    "http://0.0.0.0/hook",
    "http://224.0.0.1/hook",
    "http://240.0.0.1/hook",
    "http://[::1]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://[fe80::1]/hook",
    "http://[fc00::1]/hook",
    "http://internal.example.test/hook",  # a name that resolves to a private address
    "http://nowhere.example.test/hook",  # a name that does not resolve
]


@pytest.mark.parametrize("url", PRIVATE_URLS)
def test_ssrf_guard_refuses_private_and_unresolvable_addresses(app, client, factory, dns, url):
    dns["internal.example.test"] = ["93.184.216.34", "10.0.0.7"]  # one private answer is enough
    factory.admin("moddy")
    login(client, "moddy")
    resp = _register(client, url, "thread.created")
    assert resp.status_code == 422
    assert db.session.scalar(select(Webhook)) is None
    api = client.post("/api/v1/staff/webhooks", json={"url": url, "events": ["thread.created"]})
    assert api.status_code == 422 and "url" in api.get_json()["error"]["fields"]


def test_operator_setting_allows_private_receivers(app, client, factory, dns):
    app.config["WEBHOOK_ALLOW_PRIVATE"] = True
    factory.admin("moddy")
    login(client, "moddy")
    assert _register(client, "http://10.1.2.3/hook", "thread.created").status_code == 302
    # Still only http(s), resolvable, without credentials.
    assert _register(client, "gopher://10.1.2.3/hook", "thread.created").status_code == 422
    assert _register(client, "http://nowhere.example.test/hook", "thread.created").status_code == 422


def test_delivery_checks_the_address_again_and_connects_to_the_checked_one(app, client, factory, dns, receiver):
    """DNS rebinding: the name was public at registration and points to loopback at delivery."""
    port = receiver.server.server_address[1]
    dns["crm.example.test"] = ["93.184.216.34"]
    factory.admin("moddy")
    login(client, "moddy")
    app.config["WEBHOOK_ALLOW_PRIVATE"] = False
    assert _register(client, f"http://crm.example.test:{port}/hooks/community", "crm.test_ping").status_code == 302
    dns["crm.example.test"] = ["127.0.0.1"]
    outbox.emit("crm.test_ping", ticket=1)
    db.session.commit()
    outbox.drain()
    assert receiver.requests == []
    db.session.rollback()
    delivery = db.session.scalar(select(WebhookDelivery))
    assert delivery.status == "failed" and delivery.response_status is None
    assert delivery.last_error.startswith("Refused:") and "127.0.0.1" in delivery.last_error

    # With private receivers allowed, the retry goes to the resolved address: the made-up name has
    # no real DNS entry, so reaching the receiver proves the connection used the checked address.
    app.config["WEBHOOK_ALLOW_PRIVATE"] = True
    db.session.execute(
        db.update(OutboxEvent).where(OutboxEvent.topic == "webhook.deliver").values(available_at=utcnow())
    )
    db.session.commit()
    outbox.drain()
    assert len(receiver.requests) == 1
    headers = {k.lower(): v for k, v in receiver.requests[0]["headers"].items()}
    assert headers["host"] == f"crm.example.test:{port}"
    db.session.rollback()
    assert db.session.get(WebhookDelivery, delivery.id).status == "delivered"


@pytest.mark.parametrize("role", ["member", "moderator"])
def test_members_and_moderators_get_403_on_every_webhook_route(client, factory, role):
    factory.user("mia", role=role)
    login(client, "mia")
    assert client.get("/staff/webhooks").status_code == 403
    assert _register(client, "https://example.com/x", "thread.created").status_code == 403
    assert client.get("/staff/webhooks/1").status_code == 403
    assert client.post("/staff/webhooks/1/delete").status_code == 403


def test_staff_removes_a_webhook(client, factory, dns):
    factory.admin("moddy")
    login(client, "moddy")
    _register(client, "https://example.com/x", "thread.created")
    hook = db.session.scalar(select(Webhook))
    assert client.post(f"/staff/webhooks/{hook.id}/delete").status_code == 302
    db.session.rollback()
    assert db.session.scalar(select(Webhook)) is None
    assert client.get(f"/staff/webhooks/{hook.id}").status_code == 404
