"""A member gets 403 on every staff route and API; visitors must sign in."""

import pytest

from tests.factories import api_token, login

WEB = [
    ("GET", "/staff/queue"),
    ("POST", "/staff/queue/1"),
    ("GET", "/staff/users/1"),
    ("POST", "/staff/users/1/silence"),
    ("POST", "/staff/users/1/unsilence"),
    ("POST", "/staff/users/1/suspend"),
    ("POST", "/staff/users/1/unsuspend"),
    ("POST", "/staff/users/1/notes"),
    ("GET", "/staff/audit"),
    ("POST", "/staff/audit/purge"),
    ("GET", "/staff/spam"),
    ("POST", "/staff/spam"),
    ("POST", "/staff/spam/words"),
    ("POST", "/staff/spam/words/1/delete"),
    ("POST", "/staff/spam/domains"),
    ("POST", "/staff/spam/domains/1/delete"),
]
API = [
    ("GET", "/api/v1/staff/queue"),
    ("GET", "/api/v1/staff/queue/1"),
    ("POST", "/api/v1/staff/queue/1"),
    ("GET", "/api/v1/staff/users/1"),
    ("POST", "/api/v1/staff/users/1/silence"),
    ("DELETE", "/api/v1/staff/users/1/silence"),
    ("POST", "/api/v1/staff/users/1/suspend"),
    ("DELETE", "/api/v1/staff/users/1/suspend"),
    ("POST", "/api/v1/staff/users/1/notes"),
    ("GET", "/api/v1/staff/audit"),
    ("POST", "/api/v1/staff/audit/purge"),
    ("POST", "/api/v1/staff/spam/check"),
    ("GET", "/api/v1/staff/outbox"),
    ("POST", "/api/v1/staff/outbox/1/replay"),
    ("GET", "/api/v1/staff/webhooks"),
    ("POST", "/api/v1/staff/webhooks"),
    ("GET", "/api/v1/staff/webhooks/1"),
    ("PATCH", "/api/v1/staff/webhooks/1"),
    ("DELETE", "/api/v1/staff/webhooks/1"),
    ("GET", "/api/v1/staff/webhooks/1/deliveries"),
]
MINE = ("moderation.", "api.staff_")


def test_every_staff_route_is_in_the_lists(app):
    listed = {(m, p) for m, p in WEB + API}
    for rule in app.url_map.iter_rules():
        if not (rule.endpoint.startswith(MINE) and "/staff" in rule.rule):
            continue
        path = (
            rule.rule.replace("<int:item_id>", "1")
            .replace("<int:user_id>", "1")
            .replace("<int:word_id>", "1")
            .replace("<int:domain_id>", "1")
            .replace("<int:event_id>", "1")
            .replace("<int:webhook_id>", "1")
        )
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (method, path) in listed, (method, path)


@pytest.mark.parametrize(("method", "path"), WEB + API)
def test_member_gets_403(app, factory, method, path):
    user = factory.user("plainmember", trust_level=3)
    assert user.id
    client = app.test_client()
    if path.startswith("/api/"):
        headers = api_token(client, "plainmember")
        resp = client.open(
            path,
            method=method,
            json={
                "action": "approve",
                "until": "2099-01-01",
                "reason": "spam",
                "text": "hi",
                "body": "x",
                "before": "2000-01-01",
            },
            headers=headers,
        )
    else:
        login(client, "plainmember")
        resp = client.open(path, method=method, data={"action": "approve", "reason": "spam", "text": "hi"})
    assert resp.status_code == 403, (method, path, resp.status_code)


@pytest.mark.parametrize(("method", "path"), API)
def test_visitor_gets_401_from_staff_api(client, method, path):
    assert client.open(path, method=method, json={}).status_code == 401


def test_moderator_sees_staff_pages(mod_client):
    for path in ("/staff/queue", "/staff/audit", "/staff/spam"):
        assert mod_client.get(path).status_code == 200, path
    assert "Review queue" in mod_client.get("/").get_data(as_text=True)
