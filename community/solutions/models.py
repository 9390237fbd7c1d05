"""When and by whom the current solution of a thread was accepted (threads.solution_post_id holds
which post); the time feeds the response-time figures, the acceptor decides the audit entry."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from community.extensions import db
from community.timeutil import utcnow


class AcceptedSolution(db.Model):
    __tablename__ = "accepted_solutions"

    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    accepted_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
