"""Outbox consumers: every new, edited, deleted or restored post is (re)tagged; reviews and other
sources use the generic `keypoints.tag {source_type, source_id}` topic."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from community.extensions import db
from community.forum.models import Post
from community.outbox import handles
from moderation.keypoint_desk import alert_notices  # noqa: F401  (alerts reach staff through the bell)
from moderation.keypoint_desk.catalog import RETAG_TOPIC
from moderation.keypoint_desk.integrations import wire
from moderation.keypoint_desk.tagging import drop_source, retag_scope, tag_source

TAG_TOPIC = "keypoints.tag"


@handles("thread.created", "post.created", "post.updated", "post.restored", "post.deleted")
def on_post(payload: dict[str, Any]) -> None:
    # A deleted post fails load_post, so tag_source drops its mentions: one path for all five.
    if payload.get("post_id"):
        tag_source("post", int(payload["post_id"]))


@handles("thread.deleted", "thread.restored")
def on_thread(payload: dict[str, Any]) -> None:
    thread_id = payload.get("thread_id")
    if thread_id is None:  # demo clear: posts are already gone
        if payload.get("post_id"):
            drop_source("post", int(payload["post_id"]))
        return
    for post_id in db.session.scalars(select(Post.id).where(Post.thread_id == int(thread_id))):
        tag_source("post", post_id)


@handles(TAG_TOPIC)
def on_source(payload: dict[str, Any]) -> None:
    tag_source(str(payload["source_type"]), int(payload["source_id"]))


@handles(RETAG_TOPIC)
def on_keypoint_change(payload: dict[str, Any]) -> None:
    retag_scope(payload.get("product_id"), payload.get("category_id"))


wire()  # products and reviews, when they are part of the app
