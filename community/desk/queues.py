"""The ambassador desk's queues: who is still waiting for the brand, longest wait first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from community.accounts.models import User
from community.errors import NotAllowed, ValidationFailed
from community.extensions import db
from community.forum.models import Category, Thread
from community.permissions import can
from community.timeutil import utcnow

QUEUES = ("waiting", "unsolved", "asker_replied")


@dataclass
class QueueItem:
    thread: Thread
    waiting_since: datetime

    @property
    def waiting_seconds(self) -> int:
        return max(0, int((utcnow() - self.waiting_since).total_seconds()))


def _filtered(user: User | None, name: str, q: Select) -> tuple[Select, str]:  # type: ignore[type-arg]
    """Apply the queue's rule to a query over threads; returns it and the "waiting since" column.
    waiting: threads without any reply; unsolved: questions without an accepted solution;
    asker_replied: unsolved questions whose latest post is the asker's (they came back)."""
    if not can(user, "desk.access"):
        raise NotAllowed("The desk is for ambassadors and staff.")
    if name not in QUEUES:
        raise ValidationFailed("Unknown queue.", {"queue": ", ".join(QUEUES)})
    q = q.where(Thread.deleted_at.is_(None), Thread.locked.is_(False))
    if not can(user, "staff.access"):
        q = q.join(Category, Category.id == Thread.category_id).where(Category.staff_only.is_(False))
    if name == "waiting":
        return q.where(Thread.reply_count == 0), "created_at"
    if name == "unsolved":
        return q.where(Thread.kind == "question", Thread.solution_post_id.is_(None)), "created_at"
    return q.where(
        Thread.kind == "question",
        Thread.solution_post_id.is_(None),
        Thread.reply_count > 0,
        Thread.last_poster_id == Thread.author_id,
    ), "last_posted_at"


def queue(user: User | None, name: str, *, limit: int = 50, offset: int = 0) -> tuple[list[QueueItem], bool]:
    """The queue's threads, longest wait first, and whether more follow."""
    base = select(Thread).options(joinedload(Thread.author), joinedload(Thread.category))
    q, since = _filtered(user, name, base)
    column = getattr(Thread, since)
    rows = list(db.session.scalars(q.order_by(column, Thread.id).offset(offset).limit(limit + 1)).unique())
    items = [QueueItem(t, getattr(t, since)) for t in rows[:limit]]
    return items, len(rows) > limit


def counts(user: User | None) -> dict[str, int]:
    """Sizes of each queue for the tabs."""
    result = {}
    for name in QUEUES:
        q, _since = _filtered(user, name, select(func.count(Thread.id)))
        result[name] = int(db.session.scalar(q) or 0)
    return result
