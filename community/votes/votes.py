"""Casting and withdrawing helpful votes.

Exact counts under concurrency: the unique (post_id, user_id) row decides whether a vote exists
(a parallel duplicate fails on the constraint), and the counter moves by an atomic
`vote_count = vote_count ± 1` in the same transaction, which PostgreSQL re-evaluates on the
latest row version and SQLite serialises with BEGIN IMMEDIATE.
"""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from community.accounts.models import User
from community.errors import Conflict, NotAllowed, NotSignedIn
from community.extensions import db
from community.forum.models import Post
from community.outbox import emit
from community.permissions import can
from community.reputation.points import adjust, vote_points
from community.votes.models import PostVote


def _check_user(user: User | None) -> User:
    if user is None or not getattr(user, "is_authenticated", False):
        raise NotSignedIn("Sign in to vote.")
    return user


def cast(user: User | None, post: Post) -> Post:
    user = _check_user(user)
    if post.author_id == user.id:
        raise NotAllowed("You cannot vote for your own post.", code="own_post")
    if not can(user, "post.vote", post):
        raise NotAllowed("You cannot vote for this post.")
    try:
        with db.session.begin_nested():
            db.session.add(PostVote(post_id=post.id, user_id=user.id))
    except IntegrityError:
        raise Conflict("You already voted for this post.", code="already_voted") from None
    db.session.execute(update(Post).where(Post.id == post.id).values(vote_count=Post.vote_count + 1))
    adjust(post.author_id, vote_points())
    emit("vote.cast", post_id=post.id, thread_id=post.thread_id, voter_id=user.id)
    db.session.refresh(post)
    return post


def withdraw(user: User | None, post: Post) -> Post:
    user = _check_user(user)
    res = db.session.execute(delete(PostVote).where(PostVote.post_id == post.id, PostVote.user_id == user.id))
    if not res.rowcount:
        raise Conflict("You have not voted for this post.", code="not_voted")
    db.session.execute(update(Post).where(Post.id == post.id).values(vote_count=Post.vote_count - 1))
    adjust(post.author_id, -vote_points())
    emit("vote.withdrawn", post_id=post.id, thread_id=post.thread_id, voter_id=user.id)
    db.session.refresh(post)
    return post


def has_voted(user: User | None, post_id: int) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return (
        db.session.scalar(select(PostVote.id).where(PostVote.post_id == post_id, PostVote.user_id == user.id))
        is not None
    )


def voted_in_thread(user: User | None, thread_id: int) -> set[int]:
    """Ids of the posts of this thread the user voted for."""
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    return set(
        db.session.scalars(
            select(PostVote.post_id)
            .join(Post, Post.id == PostVote.post_id)
            .where(PostVote.user_id == user.id, Post.thread_id == thread_id)
        )
    )


def voted_ids(user: User | None, post_ids: list[int]) -> set[int]:
    """Which of these posts the user voted for: one query per thread page."""
    if user is None or not getattr(user, "is_authenticated", False) or not post_ids:
        return set()
    return set(
        db.session.scalars(select(PostVote.post_id).where(PostVote.user_id == user.id, PostVote.post_id.in_(post_ids)))
    )
