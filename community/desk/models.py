"""Canned answers: the shared shelf, so every ambassador gives the same answer to the same
question."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from community.extensions import db
from community.timeutil import utcnow

LANGUAGES = ("en", "zh")


class CannedAnswer(db.Model):
    __tablename__ = "canned_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    # Space-separated lowercase tags; a shelf of dozens needs no join table.
    tags: Mapped[str] = mapped_column(String(255), default="")
    language: Mapped[str] = mapped_column(String(8), default="en", index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    use_count: Mapped[int] = mapped_column(default=0)
    is_demo: Mapped[bool] = mapped_column(default=False)

    @property
    def tag_list(self) -> list[str]:
        return [t for t in self.tags.split() if t]
