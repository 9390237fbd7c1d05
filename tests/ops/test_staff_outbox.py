"""The dead-letter list: staff see pending and dead events with their last error and replay them."""

from __future__ import annotations

import pytest

from community import outbox
from community.extensions import db
from community.outbox import MAX_ATTEMPTS, OutboxEvent
from tests.factories import api_token, login

FAILS = {"on": True}


@pytest.fixture
def flaky_topic():
    @outbox.handles("ops.test_flaky")
    def flaky(payload):  # type: ignore[no-untyped-def]
        if FAILS["on"]:
            raise RuntimeError(f"CRM unreachable for {payload['n']}")

    FAILS["on"] = True
    yield
    outbox._handlers.pop("ops.test_flaky", None)


def _dead_event() -> int:
    event = outbox.emit("ops.test_flaky", n=7)
    db.session.commit()
    for _ in range(MAX_ATTEMPTS):
        db.session.execute(
            db.update(OutboxEvent).where(OutboxEvent.id == event.id).values(available_at=OutboxEvent.created_at)
        )
        db.session.commit()
        outbox.drain()
    db.session.expire_all()
    event = db.session.get(OutboxEvent, event.id)
    assert event.dead_at is not None and event.attempts == MAX_ATTEMPTS
    return event.id


def test_member_gets_403_on_every_outbox_route(client, factory):
    factory.user("mia")
    login(client, "mia")
    assert client.get("/staff/outbox").status_code == 403
    assert client.post("/staff/outbox/1/replay").status_code == 403
    headers = api_token(client, "mia")
    assert client.get("/api/v1/staff/outbox", headers=headers).status_code == 403
    assert client.post("/api/v1/staff/outbox/1/replay", headers=headers).status_code == 403


def test_anonymous_is_refused(client):
    assert client.get("/staff/outbox").status_code == 403
    assert client.get("/api/v1/staff/outbox").status_code == 401


def test_staff_sees_dead_event_and_replays_it_on_the_page(client, factory, flaky_topic):
    factory.user("moddy", role="moderator")
    event_id = _dead_event()
    login(client, "moddy")
    page = client.get("/staff/outbox?state=dead").get_data(as_text=True)
    assert f"#{event_id}" in page and "CRM unreachable for 7" in page and "Replay" in page
    FAILS["on"] = False
    resp = client.post(f"/staff/outbox/{event_id}/replay?state=dead")
    assert resp.status_code == 302
    db.session.expire_all()
    event = db.session.get(OutboxEvent, event_id)
    assert event.processed_at is not None and event.dead_at is None  # inline drain applied it
    from moderation.audit import AuditEntry

    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "outbox.replay"))
    assert entry.target_id == event_id and entry.before["dead"] is True


def test_api_lists_and_replays(client, factory, flaky_topic):
    factory.user("boss", role="admin")
    event_id = _dead_event()
    pending = outbox.emit("ops.test_flaky", n=8)
    db.session.commit()
    headers = api_token(client, "boss")
    dead = client.get("/api/v1/staff/outbox?state=dead", headers=headers).get_json()
    assert [e["id"] for e in dead["items"]] == [event_id]
    assert dead["items"][0]["state"] == "dead" and "CRM unreachable" in dead["items"][0]["last_error"]
    everything = client.get("/api/v1/staff/outbox?limit=1", headers=headers).get_json()
    assert everything["items"][0]["id"] == pending.id and everything["next_cursor"]
    second = client.get(f"/api/v1/staff/outbox?limit=1&cursor={everything['next_cursor']}", headers=headers).get_json()
    assert second["items"][0]["id"] == event_id

    FAILS["on"] = False
    resp = client.post(f"/api/v1/staff/outbox/{event_id}/replay", headers=headers)
    assert resp.status_code == 200
    assert resp.get_json()["event"]["id"] == event_id
    db.session.expire_all()
    assert db.session.get(OutboxEvent, event_id).processed_at is not None


@pytest.mark.parametrize("query", ["state=bogus", "limit=0", "limit=abc", "cursor=%%%", "cursor=WyJ4Il0"])
def test_api_bad_input_is_400(client, factory, query):
    factory.user("boss", role="admin")
    headers = api_token(client, "boss")
    resp = client.get(f"/api/v1/staff/outbox?{query}", headers=headers)
    assert resp.status_code in (400, 422)
    assert "error" in resp.get_json()


def test_api_replay_unknown_and_applied(client, factory):
    factory.user("boss", role="admin")
    headers = api_token(client, "boss")
    assert client.post("/api/v1/staff/outbox/999999/replay", headers=headers).status_code == 404
    done = outbox.emit("ops.nobody_listens")
    db.session.commit()
    outbox.drain()
    assert client.post(f"/api/v1/staff/outbox/{done.id}/replay", headers=headers).status_code == 422
