"""Activity counters that trust levels are earned from (days visited, posts read)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from community.extensions import db
from community.timeutil import utcnow


class UserActivity(db.Model):
    __tablename__ = "user_activity"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    days_visited: Mapped[int] = mapped_column(default=0)
    last_visit_on: Mapped[date | None]
    posts_read: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ThreadRead(db.Model):
    """Highest post number a user has seen per thread: posts_read grows only by new posts seen."""

    __tablename__ = "thread_reads"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), primary_key=True)
    last_read_number: Mapped[int] = mapped_column(default=0)
