"""The review queue: context, actions with reasons, conflicts, nothing lost, learning."""

import pytest
from sqlalchemy import select

from community.errors import Conflict, ValidationFailed
from community.extensions import db
from moderation import queue
from moderation.audit import AuditEntry
from moderation.flags import flag
from moderation.models import Notice, ReviewItem, SpamDecision
from tests.factories import api_token


@pytest.fixture
def flagged(factory):  # type: ignore[no-untyped-def]
    thread = factory.thread()
    post = factory.reply(
        thread,
        author=factory.user("critic", trust_level=1),
        body="这个耳机的降噪真的很差，退货流程也慢。 Not worth the price.",
    )
    flag(factory.user("fl1", trust_level=1), "post", post.id, "spam")
    db.session.commit()
    item = db.session.scalar(select(ReviewItem).where(ReviewItem.target_id == post.id))
    return post, item


def test_queue_lists_items_with_context(client, factory, mod, flagged):
    post, item = flagged
    resp = client.get("/api/v1/staff/queue", headers=api_token(client, "mia_mod"))
    assert resp.status_code == 200
    data = resp.get_json()
    assert [i["id"] for i in data["items"]] == [item.id]
    row = data["items"][0]
    assert row["author"]["username"] == "critic" and row["author"]["trust_level"] == 1
    assert row["author"]["history"]["posts"] >= 1
    assert row["flags"][0]["reason"] == "spam" and row["target"]["url"] == f"/p/{post.id}"


def test_negative_is_never_a_reason_to_hide(mod, flagged):
    _post, item = flagged
    with pytest.raises(ValidationFailed) as exc:
        queue.act(mod, item.id, "hide", "negative")
    assert exc.value.code == "reason_not_allowed"
    with pytest.raises(ValidationFailed):
        queue.act(mod, item.id, "reject", "")


def test_hide_tells_author_who_appeals_once_and_restore_brings_it_back(client, factory, mod, flagged):
    post, item = flagged
    queue.act(mod, item.id, "hide", "abuse")
    db.session.commit()
    assert post.is_hidden and post.hidden_reason == "abuse"
    notice = db.session.scalar(select(Notice).where(Notice.target_id == post.id))
    headers = api_token(client, "critic")
    mine = client.get("/api/v1/me/notices", headers=headers).get_json()["items"]
    assert mine[0]["reason"] == "abuse"
    resp = client.post(
        f"/api/v1/notices/{notice.id}/appeal",
        json={"text": "It is my honest opinion."},
        headers=headers,
    )
    assert resp.status_code == 201
    again = client.post(f"/api/v1/notices/{notice.id}/appeal", json={"text": "Please!"}, headers=headers)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_appealed"
    db.session.expire_all()
    item = db.session.get(ReviewItem, item.id)
    assert item.status == "pending" and "appeal" in item.sources
    ctx = queue.item_json(item)
    assert ctx["appeal"] == "It is my honest opinion."
    queue.act(mod, item.id, "restore", "honest criticism")
    db.session.commit()
    assert not post.is_hidden and post.status == "visible"


def test_double_approval_is_a_conflict(client, mod, flagged):
    _post, item = flagged
    headers = api_token(client, "mia_mod")
    assert client.post(f"/api/v1/staff/queue/{item.id}", json={"action": "approve"}, headers=headers).status_code == 200
    resp = client.post(f"/api/v1/staff/queue/{item.id}", json={"action": "approve"}, headers=headers)
    assert resp.status_code == 409 and resp.get_json()["error"]["code"] == "already_approved"


def test_acting_on_a_deleted_item_is_a_conflict_until_restored(client, factory, mod, flagged):
    from community.forum.posts import delete_post

    post, item = flagged
    delete_post(post.author, post)
    db.session.commit()
    headers = api_token(client, "mia_mod")
    resp = client.post(f"/api/v1/staff/queue/{item.id}", json={"action": "hide", "reason": "spam"}, headers=headers)
    assert resp.status_code == 409 and resp.get_json()["error"]["code"] == "deleted"
    resp = client.post(f"/api/v1/staff/queue/{item.id}", json={"action": "restore"}, headers=headers)
    assert resp.status_code == 200
    db.session.expire_all()
    assert not db.session.get(type(post), post.id).is_deleted


def test_reject_keeps_content_and_restore_brings_it_back(mod, flagged):
    post, item = flagged
    queue.act(mod, item.id, "reject", "spam")
    db.session.commit()
    assert post.status == "rejected" and post.body  # still in the database
    with pytest.raises(Conflict):
        queue.act(mod, item.id, "hide", "spam")
    queue.act(mod, item.id, "restore")
    db.session.commit()
    assert post.status == "visible"


def test_delete_is_soft_and_audited(mod, flagged):
    post, item = flagged
    queue.act(mod, item.id, "delete", "illegal")
    db.session.commit()
    assert post.is_deleted
    actions = [e.action for e in db.session.scalars(select(AuditEntry).where(AuditEntry.target_id == post.id))]
    assert "queue.delete" in actions


def test_decisions_are_stored_and_teach_the_classifier(app, factory, mod):
    from moderation.learning import classifier
    from moderation.watched_words import add_watched_word

    add_watched_word(mod, "zorblatt", "hold")
    db.session.commit()
    text = "zorblatt zorblatt cheap followers qwxv fast http://qwxv.example"
    thread = factory.thread()
    post = factory.reply(thread, author=factory.user(trust_level=2), body=text)
    assert post.status == "held"
    item = db.session.scalar(select(ReviewItem).where(ReviewItem.target_id == post.id))
    before = classifier().predict_proba(text)
    queue.act(mod, item.id, "reject", "spam")
    db.session.commit()
    assert classifier().predict_proba(text) > before
    decision = db.session.scalar(select(SpamDecision))
    assert decision.spam is True and decision.text == text


def test_unknown_action_and_missing_item(client, mod, flagged):
    _post, item = flagged
    headers = api_token(client, "mia_mod")
    assert client.post(f"/api/v1/staff/queue/{item.id}", json={"action": "burn"}, headers=headers).status_code == 422
    assert client.post("/api/v1/staff/queue/99999", json={"action": "approve"}, headers=headers).status_code == 404
    assert (
        client.post(f"/api/v1/staff/queue/{item.id}", json={"action": "hide", "reason": 5}, headers=headers).status_code
        == 422
    )


def test_queue_page_works_without_javascript(mod_client, flagged):
    post, item = flagged
    page = mod_client.get("/staff/queue").get_data(as_text=True)
    assert f'data-queue-item="{item.id}"' in page and "queue.js" in page
    resp = mod_client.post(f"/staff/queue/{item.id}", data={"action": "hide", "reason": "spam"})
    assert resp.status_code == 302
    assert post.is_hidden or db.session.get(type(post), post.id).is_hidden
    # The script's fetch variant gets JSON and a clear error for a second decision.
    resp = mod_client.post(f"/staff/queue/{item.id}", data={"action": "approve"}, headers={"X-Requested-With": "fetch"})
    assert resp.status_code == 409 and resp.get_json()["ok"] is False


def test_held_post_visible_to_author_not_to_others(client, factory, mod):
    from moderation.watched_words import add_watched_word
    from tests.factories import login

    add_watched_word(mod, "casino", "hold")
    db.session.commit()
    thread = factory.thread()
    author = factory.user("heldauthor", trust_level=2)
    post = factory.reply(thread, author=author, body="the casino near me sells them")
    url = f"/t/{thread.id}/{thread.slug}"
    assert "the casino near me" not in client.get(url).get_data(as_text=True)
    login(client, "heldauthor")
    assert "Waiting for review" in client.get(url).get_data(as_text=True)
    assert post.status == "held"
