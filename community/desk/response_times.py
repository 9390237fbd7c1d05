"""Response-time figures for staff: time to first reply and to accepted solution, median and
90th percentile, per category per week (of the thread's start). Computed in Python from two
plain queries, so SQLite and PostgreSQL give identical numbers."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from community.accounts.models import User
from community.errors import NotAllowed, ValidationFailed
from community.extensions import db
from community.forum.models import Category, Post, Thread
from community.permissions import can
from community.solutions.models import AcceptedSolution
from community.timeutil import utcnow


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile: always a value that occurred, no interpolation surprises."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def week_start(when: datetime) -> datetime:
    day = when - timedelta(days=when.weekday())
    return datetime(day.year, day.month, day.day)


def figures(user: User | None, weeks: object = 8, now: datetime | None = None) -> list[dict[str, Any]]:
    if not can(user, "desk.stats"):
        raise NotAllowed("Response-time figures are for staff.")
    try:
        n_weeks = int(weeks)  # type: ignore[arg-type]
        if not 1 <= n_weeks <= 104:
            raise ValueError
    except (TypeError, ValueError):
        raise ValidationFailed("weeks must be from 1 to 104.", {"weeks": "1..104"}) from None
    now = now or utcnow()
    start = week_start(now) - timedelta(weeks=n_weeks - 1)
    reply = aliased(Post)
    first_reply = (
        select(reply.thread_id, func.min(reply.created_at).label("first_at"))
        .join(Thread, Thread.id == reply.thread_id)
        .where(
            reply.number > 1,
            reply.author_id != Thread.author_id,
            reply.deleted_at.is_(None),
            reply.status == "visible",
            Thread.created_at >= start,
        )
        .group_by(reply.thread_id)
        .subquery()
    )
    q = (
        select(
            Thread.id,
            Thread.kind,
            Thread.created_at,
            Category.id,
            Category.name,
            first_reply.c.first_at,
            AcceptedSolution.accepted_at,
        )
        .join(Category, Category.id == Thread.category_id)
        .outerjoin(first_reply, first_reply.c.thread_id == Thread.id)
        .outerjoin(AcceptedSolution, AcceptedSolution.thread_id == Thread.id)
        .where(Thread.created_at >= start, Thread.deleted_at.is_(None))
    )
    groups: dict[tuple[int, datetime], dict[str, Any]] = {}
    for _tid, kind, created, cat_id, cat_name, first_at, accepted_at in db.session.execute(q):
        key = (cat_id, week_start(created))
        g = groups.setdefault(
            key,
            {
                "category": {"id": cat_id, "name": cat_name},
                "week": key[1],
                "threads": 0,
                "questions": 0,
                "_first": [],
                "_solved": [],
            },
        )
        g["threads"] += 1
        if first_at is not None:
            g["_first"].append((first_at - created).total_seconds())
        if kind == "question":
            g["questions"] += 1
            if accepted_at is not None:
                g["_solved"].append((accepted_at - created).total_seconds())
    result = []
    for key in sorted(groups, key=lambda k: (k[1], groups[k]["category"]["name"]), reverse=False):
        g = groups[key]
        first, solved = g.pop("_first"), g.pop("_solved")
        g.update(
            {
                "replied": len(first),
                "first_reply_median": median(first),
                "first_reply_p90": percentile(first, 90),
                "solved": len(solved),
                "solution_median": median(solved),
                "solution_p90": percentile(solved, 90),
            }
        )
        result.append(g)
    return result


def duration(seconds: float | None) -> str:
    """Short human form: 45 min, 5.5 h, 3.2 d."""
    if seconds is None:
        return "–"
    if seconds < 3600:
        return f"{max(1, round(seconds / 60))} min"
    if seconds < 86400 * 2:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} d"
