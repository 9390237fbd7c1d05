"""Notifications, watch/mute choices and per-user settings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.accounts.models import User
from community.extensions import db
from community.forum.models import Thread
from community.timeutil import utcnow

# reply: a reply to your thread or your post; mention: @you or a quote of you; accepted: your
# answer was accepted; vote: a helpful vote on your post; watching: a new post where you watch.
# Other capabilities add kinds about things that are not posts with kinds.register_kind().
KINDS = ("reply", "mention", "accepted", "vote", "watching")
WATCH_TARGETS = ("thread", "category", "product")
WATCH_LEVELS = ("watch", "mute")


class Notification(db.Model):
    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    # What a registered kind is about when it is not a post (e.g. "keypoint_alert", 12): the kind's
    # link() turns it into the page the bell opens.
    subject_type: Mapped[str | None] = mapped_column(String(32))
    subject_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    thread: Mapped[Thread | None] = relationship(foreign_keys=[thread_id])

    __table_args__ = (
        # Idempotent fan-out: an outbox event applied twice finds its row and adds none.
        UniqueConstraint("user_id", "kind", "post_id", "actor_id", name="uq_notifications_event"),
        # The same for subjects (NULLs are distinct, so post notifications are unaffected).
        Index("uq_notifications_subject", "user_id", "kind", "subject_type", "subject_id", unique=True),
        Index("ix_notifications_user_unread", "user_id", "read_at", "id"),
    )


class Watch(db.Model):
    __tablename__ = "watches"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    target_type: Mapped[str] = mapped_column(String(16))
    # product ids are plain integers: the products table belongs to another capability.
    target_id: Mapped[int]
    level: Mapped[str] = mapped_column(String(8), default="watch")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("user_id", "target_type", "target_id", name="uq_watches_user_target"),
        Index("ix_watches_target", "target_type", "target_id"),
    )


class NotificationSetting(db.Model):
    """Absent row = enabled: a new kind or channel reaches everyone until they switch it off."""

    __tablename__ = "notification_settings"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    enabled: Mapped[bool] = mapped_column(default=True)
