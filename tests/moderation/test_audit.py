"""The audit log: every staff action recorded, filterable, append-only, purge logged."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from community.extensions import db
from community.timeutil import utcnow
from moderation.audit import AuditEntry, AuditLogIsAppendOnly, record
from tests.factories import api_token, login


def test_staff_actions_are_in_the_audit_api_with_filters(client, factory, mod):
    member = factory.user("audited")
    headers = api_token(client, "mia_mod")
    client.post(
        f"/api/v1/staff/users/{member.id}/silence",
        json={"until": "2099-01-01", "reason": "Flooding"},
        headers=headers,
    )
    client.post(f"/api/v1/staff/users/{member.id}/notes", json={"body": "note"}, headers=headers)
    data = client.get("/api/v1/staff/audit?action=user.silence", headers=headers).get_json()
    assert len(data["items"]) == 1
    entry = data["items"][0]
    assert entry["actor"] == "mia_mod" and entry["reason"] == "Flooding"
    assert entry["before"]["silenced_until"] is None and entry["after"]["silenced_until"].startswith("2099-01-01")
    assert len(client.get("/api/v1/staff/audit?actor=mia_mod", headers=headers).get_json()["items"]) == 2
    assert client.get("/api/v1/staff/audit?actor=nobody", headers=headers).get_json()["items"] == []
    assert client.get("/api/v1/staff/audit?since=garbage", headers=headers).status_code == 422
    assert client.get("/api/v1/staff/audit?target_id=x", headers=headers).status_code == 422


def test_audit_pagination(client, factory, mod):
    for i in range(5):
        record(mod, "test.action", "user", i)
    db.session.commit()
    headers = api_token(client, "mia_mod")
    first = client.get("/api/v1/staff/audit?limit=3&action=test.", headers=headers).get_json()
    second = client.get(
        f"/api/v1/staff/audit?limit=3&action=test.&cursor={first['next_cursor']}", headers=headers
    ).get_json()
    assert len(first["items"]) == 3 and len(second["items"]) == 2 and second["next_cursor"] is None


def test_audit_page_filters(mod_client, mod):
    record(mod, "queue.hide", "post", 42, reason="abuse")
    record(mod, "user.silence", "user", 7, reason="flood")
    db.session.commit()
    page = mod_client.get("/staff/audit?target_type=post").get_data(as_text=True)
    assert "queue.hide" in page and "user.silence" not in page


def test_entries_cannot_be_changed_or_deleted(factory, mod):
    entry = record(mod, "x.y", "user", 1)
    db.session.commit()
    entry.reason = "rewritten"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEntry, entry.id))
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()


def test_only_admin_purges_and_the_purge_is_logged(client, factory, mod):
    old = AuditEntry(
        actor_id=mod.id,
        action="old.thing",
        target_type="user",
        target_id=1,
        reason="",
        ip="",
        created_at=utcnow() - timedelta(days=400),
    )
    db.session.add(old)
    record(mod, "recent.thing", "user", 1)
    db.session.commit()
    body = {
        "before": (utcnow() - timedelta(days=100)).date().isoformat(),
        "reason": "retention policy",
    }
    assert client.post("/api/v1/staff/audit/purge", json=body, headers=api_token(client, "mia_mod")).status_code == 403
    factory.admin("chief")
    admin_headers = api_token(client, "chief")
    assert (
        client.post(
            "/api/v1/staff/audit/purge",
            json={"before": utcnow().date().isoformat(), "reason": "x"},
            headers=admin_headers,
        ).status_code
        == 422
    )
    resp = client.post("/api/v1/staff/audit/purge", json=body, headers=admin_headers)
    assert resp.status_code == 200 and resp.get_json()["deleted"] == 1
    actions = list(db.session.scalars(select(AuditEntry.action)))
    assert "old.thing" not in actions and "recent.thing" in actions and "audit.purge" in actions


def test_web_purge_form_admin_only(app, factory, mod_client):
    factory.admin("chief2")
    admin = app.test_client()
    login(admin, "chief2")
    assert "Purge" in admin.get("/staff/audit").get_data(as_text=True)
    assert "Purge old entries" not in mod_client.get("/staff/audit").get_data(as_text=True)
