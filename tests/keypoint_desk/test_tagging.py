"""Posts are tagged through the outbox: created, edited (replaced), deleted (dropped), restored."""

from __future__ import annotations

from sqlalchemy import select

from community.extensions import db
from community.forum import posts
from community.forum.models import Post, Thread
from moderation.keypoint_desk.models import KeyPointMention
from tests.factories import login
from tests.keypoint_desk.helpers import drain, keypoint


def _mentions(post_id: int) -> list[tuple[str, str, int | None]]:
    rows = db.session.scalars(
        select(KeyPointMention).where(KeyPointMention.source_type == "post", KeyPointMention.source_id == post_id)
    )
    out = sorted((m.aspect, m.polarity, m.keypoint_id) for m in rows)
    db.session.commit()  # end the read: on SQLite an open reader blocks the request's write
    return out


def test_new_edited_deleted_restored_post(client, factory):
    kp = keypoint("battery life", "续航", ["battery", "电池"], product_id=None)
    cat = factory.category()
    factory.user("alice")
    staff = factory.user("staffer", role="moderator")
    login(client, "alice")
    resp = client.post(
        "/new",
        data={
            "category": cat.slug,
            "kind": "experience",
            "title": "My week with them",
            "body": "The battery life is **terrible**.",
        },
    )
    assert resp.status_code == 302
    post_id = db.session.scalar(select(KeyPointMention.source_id))
    assert _mentions(post_id) == [("battery life", "negative", kp.id)]
    m = db.session.scalar(select(KeyPointMention))
    assert m.highlight[1] == "battery life"  # markdown stripped, offsets still land on the words
    assert m.product_id is None and m.thread_id is not None
    thread_id = m.thread_id
    db.session.commit()
    resp = client.post(f"/p/{post_id}/edit", data={"body": "续航非常好。", "title": "My week with them"})
    assert resp.status_code in (302, 200)
    db.session.expire_all()
    assert _mentions(post_id) == [("续航", "positive", kp.id)]

    # a reply, deleted then restored
    reply = factory.reply(db.session.get(Thread, thread_id), body="The battery is awful now.")
    drain()
    assert _mentions(reply.id) == [("battery", "negative", kp.id)]
    posts.delete_post(staff, reply, "spam")
    db.session.commit()
    drain()
    assert _mentions(reply.id) == []
    posts.restore_post(staff, reply)
    db.session.commit()
    drain()
    assert _mentions(reply.id) == [("battery", "negative", kp.id)]
    # deleting the opening post deletes the thread: every mention of it goes
    posts.delete_post(staff, db.session.get(Post, post_id), "spam")
    db.session.commit()
    drain()
    assert _mentions(post_id) == [] and _mentions(reply.id) == []


def test_handler_is_idempotent(factory, ctx):
    from moderation.keypoint_desk.tagging import tag_source

    keypoint("comfort", "舒适", ["佩戴"])
    factory.thread(title="How they fit", body="The comfort is awful after an hour.")
    drain()
    post_id = db.session.scalar(select(KeyPointMention.source_id))
    for _ in range(3):
        tag_source("post", post_id)
    db.session.commit()
    assert _mentions(post_id) == [("comfort", "negative", db.session.scalar(select(KeyPointMention.keypoint_id)))]


def test_staff_only_category_is_not_tagged(factory, ctx):
    keypoint("comfort", "舒适")
    factory.thread(
        author=factory.user(role="moderator"),
        category=factory.category(staff_only=True),
        title="Internal notes",
        body="The comfort is awful.",
    )
    drain()
    assert db.session.scalar(select(KeyPointMention.id)) is None
