"""Silence (can read, cannot post) and suspend (cannot sign in), each with an end date and a
reason the person is shown; staff notes on a member; a member's history for staff."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from community.accounts.models import User
from community.errors import NotAllowed, NotFound, ValidationFailed
from community.extensions import db
from community.permissions import can
from community.timeutil import isoformat, utcnow
from moderation.audit import AuditEntry, record
from moderation.models import Flag, Notice, ReviewItem, StaffNote


def get_user(actor: User, user_id: int) -> User:
    if not can(actor, "moderation.people"):
        raise NotAllowed("Staff only.")
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.")
    return user


def parse_until(value: object) -> datetime:
    """An ISO date or date-time in UTC ("2026-12-31" or "2026-12-31T18:00:00Z"), in the future."""
    if isinstance(value, datetime):
        until = value
    else:
        text = value.strip() if isinstance(value, str) else ""
        try:
            until = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise ValidationFailed(
                "Please correct the marked fields.",
                {"until": "A date like 2026-12-31 or 2026-12-31T18:00:00Z."},
            ) from None
    if until.tzinfo is not None:
        until = until.astimezone(UTC).replace(tzinfo=None)
    if until <= utcnow():
        raise ValidationFailed("Please correct the marked fields.", {"until": "Must be in the future."})
    if until > utcnow() + timedelta(days=365 * 100):
        raise ValidationFailed("Please correct the marked fields.", {"until": "Too far in the future."})
    return until


def _reason(value: object) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text or len(text) > 1000:
        raise ValidationFailed(
            "Please correct the marked fields.",
            {"reason": "Say why (shown to the person), up to 1,000 characters."},
        )
    return text


def _may_moderate(actor: User, user: User) -> None:
    if not can(actor, "user.moderate", user):
        raise NotAllowed("You cannot moderate this account.")


def silence(actor: User, user: User, until: object, reason: object) -> None:
    _may_moderate(actor, user)
    when, why = parse_until(until), _reason(reason)
    before = {"silenced_until": isoformat(user.silenced_until), "reason": user.silence_reason}
    user.silenced_until, user.silence_reason = when, why
    record(
        actor,
        "user.silence",
        "user",
        user.id,
        before=before,
        after={"silenced_until": isoformat(when), "reason": why},
        reason=why,
    )


def unsilence(actor: User, user: User, reason: object = "") -> None:
    _may_moderate(actor, user)
    before = {"silenced_until": isoformat(user.silenced_until), "reason": user.silence_reason}
    user.silenced_until, user.silence_reason = None, None
    record(
        actor,
        "user.unsilence",
        "user",
        user.id,
        before=before,
        after={"silenced_until": None},
        reason=reason if isinstance(reason, str) else "",
    )


def suspend(actor: User, user: User, until: object, reason: object) -> None:
    """Also ends every session and API token, so the suspension applies at once."""
    from community.accounts.service import end_all_sessions

    _may_moderate(actor, user)
    when, why = parse_until(until), _reason(reason)
    before = {"suspended_until": isoformat(user.suspended_until), "reason": user.suspend_reason}
    user.suspended_until, user.suspend_reason = when, why
    end_all_sessions(user)
    record(
        actor,
        "user.suspend",
        "user",
        user.id,
        before=before,
        after={"suspended_until": isoformat(when), "reason": why},
        reason=why,
    )


def unsuspend(actor: User, user: User, reason: object = "") -> None:
    _may_moderate(actor, user)
    before = {"suspended_until": isoformat(user.suspended_until), "reason": user.suspend_reason}
    user.suspended_until, user.suspend_reason = None, None
    record(
        actor,
        "user.unsuspend",
        "user",
        user.id,
        before=before,
        after={"suspended_until": None},
        reason=reason if isinstance(reason, str) else "",
    )


def add_note(actor: User, user: User, body: object) -> StaffNote:
    if not can(actor, "moderation.people"):
        raise NotAllowed("Staff only.")
    text = body.strip() if isinstance(body, str) else ""
    if not text or len(text) > 5000:
        raise ValidationFailed("Please correct the marked fields.", {"body": "Write a note (up to 5,000 characters)."})
    note = StaffNote(user_id=user.id, author_id=actor.id, body=text)
    db.session.add(note)
    db.session.flush()
    record(actor, "user.note", "user", user.id, after={"note_id": note.id})
    return note


def history(actor: User, user: User) -> dict[str, Any]:
    """Everything staff need to judge a member: status, notes, queue items, flags both ways,
    notices, recent posts (including held, hidden and deleted ones) and staff actions."""
    from community.forum.models import Post

    if not can(actor, "moderation.people"):
        raise NotAllowed("Staff only.")
    return {
        "notes": list(
            db.session.scalars(select(StaffNote).where(StaffNote.user_id == user.id).order_by(StaffNote.id.desc()))
        ),
        "queue": list(
            db.session.scalars(
                select(ReviewItem).where(ReviewItem.author_id == user.id).order_by(ReviewItem.id.desc()).limit(50)
            )
        ),
        "flags_given": list(
            db.session.scalars(select(Flag).where(Flag.user_id == user.id).order_by(Flag.id.desc()).limit(50))
        ),
        "notices": list(
            db.session.scalars(select(Notice).where(Notice.user_id == user.id).order_by(Notice.id.desc()).limit(50))
        ),
        "posts": list(
            db.session.scalars(select(Post).where(Post.author_id == user.id).order_by(Post.id.desc()).limit(50))
        ),
        "audit": list(
            db.session.scalars(
                select(AuditEntry)
                .where(AuditEntry.target_type == "user", AuditEntry.target_id == user.id)
                .order_by(AuditEntry.id.desc())
                .limit(50)
            )
        ),
    }
