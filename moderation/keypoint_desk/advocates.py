"""Advocates: the customers whose posts carry the most positive mentions and accepted answers,
for the brand to thank. Brand accounts are not customers and are left out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from community.accounts.models import User
from community.extensions import db
from community.forum.models import Post, Thread
from moderation.keypoint_desk.models import KeyPointMention
from moderation.keypoint_desk.voices import BRAND_ROLES

# An accepted answer helped someone decide; it weighs as much as two kind words.
ACCEPTED_WEIGHT = 2


@dataclass
class Advocate:
    user: User
    positive: int
    accepted: int

    @property
    def score(self) -> int:
        return self.positive + ACCEPTED_WEIGHT * self.accepted


def advocates(product_id: int | None = None, since: datetime | None = None, limit: int = 10) -> list[Advocate]:
    pq = (
        select(KeyPointMention.author_id, func.count(KeyPointMention.id))
        .where(KeyPointMention.polarity == "positive", KeyPointMention.author_id.is_not(None))
        .group_by(KeyPointMention.author_id)
    )
    aq = (
        select(Post.author_id, func.count(Thread.id))
        .join(Post, Post.id == Thread.solution_post_id)
        .where(Thread.deleted_at.is_(None), Post.deleted_at.is_(None))
        .group_by(Post.author_id)
    )
    if product_id is not None:
        pq = pq.where(KeyPointMention.product_id == product_id)
        aq = aq.where(Thread.product_id == product_id)
    if since is not None:
        pq = pq.where(KeyPointMention.created_at >= since)
        aq = aq.where(Post.created_at >= since)
    positive = dict(db.session.execute(pq).all())
    accepted = dict(db.session.execute(aq).all())
    ids = set(positive) | set(accepted)
    if not ids:
        return []
    users = db.session.scalars(select(User).where(User.id.in_(ids), User.role.not_in(BRAND_ROLES)))
    out = [Advocate(u, int(positive.get(u.id, 0)), int(accepted.get(u.id, 0))) for u in users]
    out.sort(key=lambda a: (-a.score, -a.positive, a.user.username))
    return out[:limit]


def accepted_answers(
    user_id: int, product_id: int | None = None, since: datetime | None = None, limit: int = 100
) -> list[tuple[Thread, Post]]:
    """The accepted answers behind an advocate's count (same filters), newest first."""
    q = (
        select(Thread, Post)
        .join(Post, Post.id == Thread.solution_post_id)
        .where(Post.author_id == user_id, Thread.deleted_at.is_(None), Post.deleted_at.is_(None))
    )
    if product_id is not None:
        q = q.where(Thread.product_id == product_id)
    if since is not None:
        q = q.where(Post.created_at >= since)
    return [(t, p) for t, p in db.session.execute(q.order_by(Post.created_at.desc()).limit(limit)).all()]
