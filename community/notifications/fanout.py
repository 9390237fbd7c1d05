"""Outbox consumers that turn events into notifications (idempotent: deliveries dedupe)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from community.accounts import service as accounts
from community.extensions import db
from community.forum.models import Post
from community.markup import mentions
from community.notifications.service import notify, watchers
from community.outbox import handles
from community.votes.models import PostVote


def _post(payload: dict[str, Any]) -> Post | None:
    post = db.session.get(Post, payload.get("post_id") or 0)
    return post if post is not None and post.is_public and not post.thread.is_deleted else None


@handles("post.created", "thread.created")
def on_new_post(payload: dict[str, Any]) -> None:
    post = _post(payload)
    if post is None:
        return
    thread, actor = post.thread, post.author_id
    heard = {actor}

    def send(user_id: int | None, kind: str) -> None:
        if user_id is not None and user_id not in heard:
            heard.add(user_id)
            notify(user_id, kind, post=post, actor_id=actor)

    for name in mentions(post.body):  # a quote carries "@author", so quotes land here too
        user = accounts.find_user(name)
        if user is not None:
            send(user.id, "mention")
    if post.reply_to_id:
        parent = db.session.get(Post, post.reply_to_id)
        send(parent.author_id if parent else None, "reply")
    if post.number > 1:
        send(thread.author_id, "reply")
    for user_id in watchers(thread):
        send(user_id, "watching")
    db.session.commit()


@handles("vote.cast")
def on_vote(payload: dict[str, Any]) -> None:
    post = _post(payload)
    voter = payload.get("voter_id")
    if post is None or voter is None:
        return
    still = db.session.scalar(select(PostVote.id).where(PostVote.post_id == post.id, PostVote.user_id == voter))
    if still is not None:
        notify(post.author_id, "vote", post=post, actor_id=voter)
        db.session.commit()


@handles("solution.accepted")
def on_accepted(payload: dict[str, Any]) -> None:
    post = _post(payload)
    if post is None or post.thread.solution_post_id != post.id:
        return
    notify(post.author_id, "accepted", post=post, actor_id=payload.get("actor_id"))
    db.session.commit()
