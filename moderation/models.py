"""Moderation tables: flags, the review queue, author notices and appeals, staff notes,
spam settings (domains, watched words) and the moderators' spam decisions kept for retraining.

Targets are generic (target_type, target_id) so reviews and other content plug in through
moderation.targets without schema changes.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.accounts.models import User
from community.extensions import db
from community.timeutil import utcnow

FLAG_REASONS = ("spam", "abuse", "off_topic", "other")
# Hiding, rejecting or deleting needs one of these. "negative" is deliberately absent:
# honest criticism is answered in public, never hidden.
HIDE_REASONS = ("spam", "abuse", "personal_data", "illegal", "off_topic")
QUEUE_ACTIONS = ("approve", "reject", "hide", "restore", "delete")
QUEUE_STATUSES = ("pending", "approved", "rejected", "hidden", "restored", "deleted")
QUEUE_SOURCES = ("flag", "spam", "premoderate", "appeal")


class Flag(db.Model):
    __tablename__ = "moderation_flags"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_type: Mapped[str] = mapped_column(String(32))
    target_id: Mapped[int]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # "agreed" (the item was hidden/rejected/deleted), "disagreed" (approved), None while open.
    outcome: Mapped[str | None] = mapped_column(String(16))

    user: Mapped[User] = relationship()

    __table_args__ = (
        UniqueConstraint("target_type", "target_id", "user_id", name="uq_moderation_flags_target_user"),
        Index("ix_moderation_flags_target", "target_type", "target_id"),
    )


class ReviewItem(db.Model):
    """One queue entry per target, reopened when something new (a flag, an appeal) arrives."""

    __tablename__ = "moderation_queue"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_type: Mapped[str] = mapped_column(String(32))
    target_id: Mapped[int]
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    # Why it is (or was) in the queue: any of QUEUE_SOURCES, in order of arrival.
    sources: Mapped[list] = mapped_column(JSON, default=list)
    spam_score: Mapped[float | None] = mapped_column(Float)
    spam_reasons: Mapped[list] = mapped_column(JSON, default=list)
    # Text waiting for approval that is not stored on the target yet (a held profile bio).
    held_text: Mapped[str | None] = mapped_column(Text)
    flag_weight: Mapped[float] = mapped_column(Float, default=0.0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    resolution_reason: Mapped[str | None] = mapped_column(Text)

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])

    __table_args__ = (
        UniqueConstraint("target_type", "target_id", name="uq_moderation_queue_target"),
        Index("ix_moderation_queue_status", "status", "id"),
    )


class Notice(db.Model):
    """What an author is told when staff (or enough flags) hide, reject or delete their content.
    The author may appeal once; the appeal goes back to the queue."""

    __tablename__ = "moderation_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    target_type: Mapped[str] = mapped_column(String(32))
    target_id: Mapped[int]
    action: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    appeal_text: Mapped[str | None] = mapped_column(Text)
    appealed_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_moderation_notices_target", "target_type", "target_id"),)


class StaffNote(db.Model):
    """A note about a member, visible to staff only."""

    __tablename__ = "moderation_staff_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])


class WatchedWordRow(db.Model):
    __tablename__ = "moderation_watched_words"

    id: Mapped[int] = mapped_column(primary_key=True)
    pattern: Mapped[str] = mapped_column(String(100), unique=True)
    action: Mapped[str] = mapped_column(String(16))
    replacement: Mapped[str] = mapped_column(String(100), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SpamDomain(db.Model):
    __tablename__ = "moderation_spam_domains"

    id: Mapped[int] = mapped_column(primary_key=True)
    domain: Mapped[str] = mapped_column(String(253), unique=True)
    kind: Mapped[str] = mapped_column(String(8))  # "blocked" | "allowed"
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SpamDecision(db.Model):
    """A moderator's verdict on a text, kept so the classifier can be retrained from scratch
    (`flask spam export` writes the TSV that `flask spam train` reads)."""

    __tablename__ = "moderation_spam_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    spam: Mapped[bool]
    target_type: Mapped[str] = mapped_column(String(32))
    target_id: Mapped[int | None]
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
