"""Staff move a thread to the category where it belongs (web form and API): counters follow,
the move is audited, members and visitors cannot do it."""

from __future__ import annotations

from sqlalchemy import select

from community.extensions import db
from community.forum.models import Category
from moderation.audit import AuditEntry
from tests.factories import api_token, login


def _setup(factory):  # type: ignore[no-untyped-def]
    factory.user("mover_mod", role="moderator")
    factory.user("mover_member")
    source, target = factory.category("Help"), factory.category("Audio")
    thread = factory.thread(category=source, title="My buds crackle on calls")
    factory.reply(thread)
    return source, target, thread


def test_moderator_moves_a_thread_from_its_page(client, factory):
    source, target, thread = _setup(factory)
    login(client, "mover_mod")
    page = client.get(f"/t/{thread.id}/{thread.slug}").get_data(as_text=True)
    assert f'action="/t/{thread.id}/move"' in page and 'id="move-category"' in page
    resp = client.post(f"/t/{thread.id}/move", data={"move-category": str(target.id)})
    assert resp.status_code == 302
    db.session.expire_all()
    assert thread.category_id == target.id
    src, dst = db.session.get(Category, source.id), db.session.get(Category, target.id)
    assert (src.thread_count, src.post_count) == (0, 0)
    assert (dst.thread_count, dst.post_count) == (1, 2)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "thread.move"))
    assert entry is not None and entry.target_id == thread.id
    assert "Audio" in client.get(resp.headers["Location"]).get_data(as_text=True)


def test_members_see_no_move_form_and_get_403(client, factory):
    _source, target, thread = _setup(factory)
    login(client, "mover_member")
    assert "move-category" not in client.get(f"/t/{thread.id}/{thread.slug}").get_data(as_text=True)
    assert client.post(f"/t/{thread.id}/move", data={"move-category": str(target.id)}).status_code == 403
    db.session.expire_all()
    assert thread.category_id != target.id


def test_move_form_without_a_valid_category_changes_nothing(client, factory):
    source, _target, thread = _setup(factory)
    login(client, "mover_mod")
    resp = client.post(f"/t/{thread.id}/move", data={"move-category": "999999"})
    assert resp.status_code == 302
    db.session.expire_all()
    assert thread.category_id == source.id


def test_api_moves_a_thread_for_staff_only(client, factory):
    source, target, thread = _setup(factory)
    url = f"/api/v1/threads/{thread.id}"
    assert client.patch(url, json={"category": target.slug}).status_code == 401
    member = api_token(client, "mover_member")
    resp = client.patch(url, json={"category": target.slug}, headers=member)
    assert resp.status_code == 403 and resp.get_json()["error"]["code"]
    staff = api_token(client, "mover_mod")
    resp = client.patch(url, json={}, headers=staff)
    assert resp.status_code == 422 and "category" in resp.get_json()["error"]["fields"]
    assert client.patch(url, json={"category": "no-such-category"}, headers=staff).status_code == 404
    resp = client.patch(url, json={"category": target.slug}, headers=staff)
    assert resp.status_code == 200
    assert resp.get_json()["thread"]["category"]["id"] == target.id
    db.session.expire_all()
    assert thread.category_id == target.id and db.session.get(Category, source.id).thread_count == 0


def test_api_move_with_odd_category_values_is_a_client_error(client, factory):
    _source, _target, thread = _setup(factory)
    staff = api_token(client, "mover_mod")
    for value in ("99999999999999999999", 2**63, ["x"], {"a": 1}, True, "-1", "🙂"):
        resp = client.patch(f"/api/v1/threads/{thread.id}", json={"category": value}, headers=staff)
        assert 400 <= resp.status_code < 500, (value, resp.status_code)
        assert "error" in resp.get_json()
