"""Accounts: users, their sign-in sessions and personal API tokens."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.extensions import db
from community.timeutil import utcnow

ROLES = ("member", "ambassador", "moderator", "admin")
STAFF_ROLES = ("moderator", "admin")


def hash_token(token: str) -> str:
    """Tokens are stored as SHA-256: a leaked table does not let anyone sign in."""
    return hashlib.sha256(token.encode()).hexdigest()


class User(db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(32))
    # NFKC + casefold form; unique so "Alice" and "ａｌｉｃｅ" cannot both exist.
    username_key: Mapped[str] = mapped_column(String(32), unique=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="member")
    trust_level: Mapped[int] = mapped_column(default=0)
    reputation: Mapped[int] = mapped_column(default=0)
    post_count: Mapped[int] = mapped_column(default=0)
    bio: Mapped[str] = mapped_column(Text, default="")
    locale: Mapped[str | None] = mapped_column(String(8))
    timezone: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime | None]
    silenced_until: Mapped[datetime | None]
    silence_reason: Mapped[str | None] = mapped_column(Text)
    suspended_until: Mapped[datetime | None]
    suspend_reason: Mapped[str | None] = mapped_column(Text)
    is_demo: Mapped[bool] = mapped_column(default=False)

    # Flask-Login protocol. get_id() returns the current sign-in session's token (set by the
    # loader), so that signing out or changing the password revokes exactly that cookie.
    _session_token = None  # type: str | None

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return not self.is_suspended

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str | None:
        return self._session_token

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_ambassador(self) -> bool:
        return self.role == "ambassador"

    @property
    def is_suspended(self) -> bool:
        return self.suspended_until is not None and self.suspended_until > utcnow()

    @property
    def is_silenced(self) -> bool:
        return self.silenced_until is not None and self.silenced_until > utcnow()

    @property
    def initials(self) -> str:
        name = self.username.strip()
        return (name[:2] if name[:1].isascii() else name[:1]).upper()

    def __repr__(self) -> str:
        return f"<User {self.id} {self.username}>"


class LoginSession(db.Model):
    """One row per signed-in browser; the cookie carries a random token whose hash is here."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    user_agent: Mapped[str] = mapped_column(String(255), default="")
    ip: Mapped[str] = mapped_column(String(64), default="")

    user: Mapped[User] = relationship()


class ApiToken(db.Model):
    """Personal API token, stored hashed; shown once at creation."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(64), default="api")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    __table_args__ = (Index("ix_api_tokens_user_active", "user_id", "revoked_at"),)
