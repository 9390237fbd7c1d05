"""Voices to answer first: negative mentions nobody from the brand has answered yet.

A voice is answered once a later post in its thread comes from someone who speaks for the brand
(ambassador, moderator, admin). Ranking multiplies the author's reach (reputation, posts, views
of their threads, each log-damped so one celebrity does not bury everyone) by recency (halves
every week), so a fresh complaint from a widely read customer comes first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import aliased

from community.accounts.models import STAFF_ROLES, User
from community.extensions import db
from community.forum.models import Post, Thread
from community.timeutil import utcnow
from moderation.keypoint_desk.models import KeyPointMention
from moderation.keypoint_desk.sources import adapter, source_types

BRAND_ROLES = ("ambassador", *STAFF_ROLES)
WINDOW_DAYS = 60
HALF_LIFE_DAYS = 7.0


@dataclass
class Voice:
    source_type: str
    source_id: int
    thread_id: int | None
    author: User
    created_at: datetime
    mentions: list[KeyPointMention] = field(default_factory=list)
    reach: dict[str, int] = field(default_factory=dict)
    score: float = 0.0

    @property
    def reply_url(self) -> str | None:
        """One click to answer: the thread's reply form quoting the post, or the source's own."""
        if self.source_type == "post":
            from flask import url_for

            return url_for("forum.reply", thread_id=self.thread_id, quote=self.source_id)
        ad = adapter(self.source_type)
        return ad.reply_url(self.source_id) if ad.reply_url else None


def unanswered_negative(product_id: int | None = None, since: datetime | None = None):  # type: ignore[no-untyped-def]
    later = aliased(Post)
    brand = aliased(User)
    answered = exists(
        select(later.id)
        .join(brand, brand.id == later.author_id)
        .where(
            later.thread_id == KeyPointMention.thread_id,
            later.created_at > KeyPointMention.created_at,
            later.deleted_at.is_(None),
            brand.role.in_(BRAND_ROLES),
        )
    )
    q = (
        select(KeyPointMention)
        .join(User, User.id == KeyPointMention.author_id)
        .where(
            KeyPointMention.source_type == "post",
            KeyPointMention.polarity == "negative",
            KeyPointMention.thread_id.is_not(None),
            User.role.not_in(BRAND_ROLES),
            ~answered,
        )
    )
    if product_id is not None:
        q = q.where(KeyPointMention.product_id == product_id)
    if since is not None:
        q = q.where(KeyPointMention.created_at >= since)
    return q


def _other_sources(product_id: int | None, since: datetime) -> list[KeyPointMention]:
    """Negative mentions in sources without a thread (reviews), minus those the brand answered."""
    out: list[KeyPointMention] = []
    for source_type in source_types():
        ad = adapter(source_type)
        if source_type == "post" or ad.answered is None:
            continue
        q = (
            select(KeyPointMention)
            .join(User, User.id == KeyPointMention.author_id)
            .where(
                KeyPointMention.source_type == source_type,
                KeyPointMention.polarity == "negative",
                KeyPointMention.created_at >= since,
                User.role.not_in(BRAND_ROLES),
            )
        )
        if product_id is not None:
            q = q.where(KeyPointMention.product_id == product_id)
        rows = list(db.session.scalars(q))
        done = ad.answered(sorted({m.source_id for m in rows})) if rows else set()
        out += [m for m in rows if m.source_id not in done]
    return out


def voices(product_id: int | None = None, limit: int = 20, now: datetime | None = None) -> list[Voice]:
    now = now or utcnow()
    since = now - timedelta(days=WINDOW_DAYS)
    rows = list(db.session.scalars(unanswered_negative(product_id, since)))
    rows += _other_sources(product_id, since)
    by_source: dict[tuple[str, int], Voice] = {}
    for m in rows:
        key = (m.source_type, m.source_id)
        if key not in by_source:
            by_source[key] = Voice(m.source_type, m.source_id, m.thread_id, m.author, m.created_at)
        by_source[key].mentions.append(m)
    authors = {v.author.id for v in by_source.values()}
    views = (
        dict(
            db.session.execute(
                select(Thread.author_id, func.coalesce(func.sum(Thread.view_count), 0))
                .where(and_(Thread.author_id.in_(authors), Thread.deleted_at.is_(None)))
                .group_by(Thread.author_id)
            ).all()
        )
        if authors
        else {}
    )
    for v in by_source.values():
        u = v.author
        v.reach = {
            "reputation": u.reputation,
            "posts": u.post_count,
            "views": int(views.get(u.id, 0)),
        }
        reach = 1 + sum(math.log1p(max(0, n)) for n in v.reach.values())
        age_days = max(0.0, (now - v.created_at).total_seconds() / 86400)
        v.score = round(reach * 0.5 ** (age_days / HALF_LIFE_DAYS), 4)
    out = sorted(by_source.values(), key=lambda v: (-v.score, -v.created_at.timestamp(), v.source_id))
    return out[:limit]
