"""The admin JSON API of webhooks: register, list, change, remove, delivery log; errors in the
API.md shape; members, moderators and visitors are refused."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from community import outbox
from community.extensions import db
from community.integrations.models import Webhook, WebhookDelivery
from tests.factories import api_token
from tests.ops.test_webhooks import dns, receiver  # noqa: F401 (fixtures)


def err(resp, status, code=None):  # type: ignore[no-untyped-def]
    assert resp.status_code == status, resp.get_data(as_text=True)
    body = resp.get_json()
    assert set(body) == {"error"} and {"code", "message"} <= set(body["error"])
    if code:
        assert body["error"]["code"] == code
    return body["error"]


def test_admin_manages_webhooks_through_the_api(client, factory, dns):  # noqa: F811
    factory.admin("chief")
    h = api_token(client, "chief")
    r = client.post(
        "/api/v1/staff/webhooks",
        headers=h,
        json={"url": "https://example.com/crm", "events": ["thread.solved", "review.created"], "description": "CRM"},
    )
    assert r.status_code == 201, r.get_json()
    hook = r.get_json()["webhook"]
    assert hook["events"] == ["review.created", "thread.solved"] and hook["active"] is True
    assert len(hook["secret"]) == 64 and hook["description"] == "CRM"
    second = client.post(
        "/api/v1/staff/webhooks", headers=h, json={"url": "https://example.com/desk", "events": "post.flagged"}
    ).get_json()["webhook"]

    listed = client.get("/api/v1/staff/webhooks", headers=h).get_json()
    assert [x["id"] for x in listed["items"]] == [hook["id"], second["id"]] and listed["next_cursor"] is None
    assert all("secret" not in x for x in listed["items"])
    first_page = client.get("/api/v1/staff/webhooks?limit=1", headers=h).get_json()
    assert [x["id"] for x in first_page["items"]] == [hook["id"]]
    rest = client.get(f"/api/v1/staff/webhooks?limit=1&cursor={first_page['next_cursor']}", headers=h).get_json()
    assert [x["id"] for x in rest["items"]] == [second["id"]] and rest["next_cursor"] is None

    one = client.get(f"/api/v1/staff/webhooks/{hook['id']}", headers=h).get_json()["webhook"]
    assert one["secret"] == hook["secret"]

    r = client.patch(
        f"/api/v1/staff/webhooks/{hook['id']}",
        headers=h,
        json={"active": False, "events": ["keypoint.alert"], "url": "https://example.com/crm2"},
    )
    assert r.status_code == 200
    changed = r.get_json()["webhook"]
    assert changed["active"] is False and changed["events"] == ["keypoint.alert"]
    assert changed["url"] == "https://example.com/crm2" and "secret" not in changed

    assert client.delete(f"/api/v1/staff/webhooks/{second['id']}", headers=h).status_code == 204
    err(client.get(f"/api/v1/staff/webhooks/{second['id']}", headers=h), 404)
    err(client.delete(f"/api/v1/staff/webhooks/{second['id']}", headers=h), 404)
    assert [w.id for w in db.session.scalars(select(Webhook))] == [hook["id"]]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"url": "http://127.0.0.1/x", "events": ["thread.created"]}, "url"),
        ({"url": "http://169.254.169.254/latest", "events": ["thread.created"]}, "url"),
        ({"url": "file:///etc/passwd", "events": ["thread.created"]}, "url"),
        ({"url": 42, "events": ["thread.created"]}, "url"),
        ({"events": ["thread.created"]}, "url"),
        ({"url": "https://example.com/x", "events": []}, "events"),
        ({"url": "https://example.com/x", "events": {"a": 1}}, "events"),
        ({"url": "https://example.com/x", "events": [1, 2]}, "events"),
        ({"url": "https://example.com/x", "events": ["ok.event"], "description": ["x"]}, "description"),
        ({"url": "https://example.com/x", "events": ["ok.event"], "active": "yes"}, "active"),
        ({"url": "https://example.com/x", "events": ["ok.event"], "secret": "mine"}, "secret"),
    ],
)
def test_bad_webhook_is_422_naming_the_field(client, factory, dns, payload, field):  # noqa: F811
    factory.admin("chief")
    e = err(client.post("/api/v1/staff/webhooks", headers=api_token(client, "chief"), json=payload), 422)
    assert field in e["fields"]
    assert db.session.scalar(select(Webhook)) is None


def test_patch_checks_the_url_again_and_bad_bodies(client, factory, dns):  # noqa: F811
    factory.admin("chief")
    h = api_token(client, "chief")
    hook = client.post(
        "/api/v1/staff/webhooks", headers=h, json={"url": "https://example.com/x", "events": ["a.b"]}
    ).get_json()["webhook"]
    e = err(client.patch(f"/api/v1/staff/webhooks/{hook['id']}", headers=h, json={"url": "http://10.0.0.1/"}), 422)
    assert "url" in e["fields"]
    err(
        client.patch(f"/api/v1/staff/webhooks/{hook['id']}", headers=h, data="{nope", content_type="application/json"),
        400,
    )
    err(client.patch("/api/v1/staff/webhooks/999999", headers=h, json={"active": False}), 404)
    err(client.get("/api/v1/staff/webhooks?limit=0", headers=h), 422)
    err(client.get("/api/v1/staff/webhooks?cursor=%%%", headers=h), 400)
    db.session.rollback()
    assert db.session.get(Webhook, hook["id"]).url == "https://example.com/x"


def test_delivery_log_through_the_api(app, client, factory, receiver):  # noqa: F811
    factory.admin("chief")
    h = api_token(client, "chief")
    hook = client.post(
        "/api/v1/staff/webhooks", headers=h, json={"url": receiver.url, "events": ["crm.test_ping"]}
    ).get_json()["webhook"]
    receiver.statuses = [503]
    for n in range(3):
        outbox.emit("crm.test_ping", ticket=n)
    db.session.commit()
    outbox.drain()
    assert len(receiver.requests) == 3
    log = client.get(f"/api/v1/staff/webhooks/{hook['id']}/deliveries?limit=2", headers=h).get_json()
    assert len(log["items"]) == 2 and log["next_cursor"]
    rest = client.get(
        f"/api/v1/staff/webhooks/{hook['id']}/deliveries?limit=2&cursor={log['next_cursor']}", headers=h
    ).get_json()
    items = log["items"] + rest["items"]
    assert rest["next_cursor"] is None and len(items) == 3
    assert [d["id"] for d in items] == sorted((d["id"] for d in items), reverse=True)  # newest first
    by_status = sorted((d["status"], d["response_status"]) for d in items)
    assert by_status == [("delivered", 200), ("delivered", 200), ("failed", 503)]
    failed = next(d for d in items if d["status"] == "failed")
    assert failed["attempts"] == 1 and failed["last_error"] == "HTTP 503" and failed["event"] == "crm.test_ping"
    assert db.session.scalar(select(db.func.count(WebhookDelivery.id))) == 3
    err(client.get("/api/v1/staff/webhooks/999999/deliveries", headers=h), 404)


ROUTES = [
    ("GET", "/api/v1/staff/webhooks"),
    ("POST", "/api/v1/staff/webhooks"),
    ("GET", "/api/v1/staff/webhooks/1"),
    ("PATCH", "/api/v1/staff/webhooks/1"),
    ("DELETE", "/api/v1/staff/webhooks/1"),
    ("GET", "/api/v1/staff/webhooks/1/deliveries"),
]


@pytest.mark.parametrize("role", ["member", "moderator"])
def test_members_and_moderators_get_403(client, factory, role):
    factory.user("notadmin", role=role)
    h = api_token(client, "notadmin")
    for method, path in ROUTES:
        err(client.open(path, method=method, headers=h, json={"url": "https://example.com", "events": ["a.b"]}), 403)


def test_visitors_get_401(client):
    for method, path in ROUTES:
        err(client.open(path, method=method, json={}), 401)
