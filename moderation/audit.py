"""Append-only audit log of staff actions: who, when, what, before and after, why."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import has_request_context, request
from sqlalchemy import JSON, ForeignKey, Index, String, Text, delete, event, select
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship

from community.accounts.models import User
from community.extensions import db
from community.timeutil import utcnow


class AuditEntry(db.Model):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(64))
    target_type: Mapped[str] = mapped_column(String(32))
    target_id: Mapped[int | None]
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text, default="")
    ip: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    actor: Mapped[User | None] = relationship()

    __table_args__ = (
        Index("ix_audit_log_target", "target_type", "target_id"),
        Index("ix_audit_log_created", "created_at"),
    )


def record(
    actor: User | None,
    action: str,
    target_type: str,
    target_id: int | None,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEntry:
    """Add an entry to the caller's transaction, so the action and its record commit together."""
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        action=action,
        target_type=target_type,
        target_id=target_id,
        before=before,
        after=after,
        reason=reason or "",
        ip=(request.remote_addr or "") if has_request_context() else "",
    )
    db.session.add(entry)
    return entry


# -- append-only ---------------------------------------------------------------------------


class AuditLogIsAppendOnly(RuntimeError):
    """Raised when code tries to change or delete an audit entry through the ORM."""


@event.listens_for(AuditEntry, "before_update")
def _no_update(mapper, connection, target) -> None:  # type: ignore[no-untyped-def]
    raise AuditLogIsAppendOnly("audit entries cannot be changed")


@event.listens_for(AuditEntry, "before_delete")
def _no_delete(mapper, connection, target) -> None:  # type: ignore[no-untyped-def]
    raise AuditLogIsAppendOnly("audit entries cannot be deleted; an admin can purge old entries")


# -- reading and purging -------------------------------------------------------------------


def _parse_day(name: str, value: object) -> datetime | None:
    from community.errors import ValidationFailed

    if value in (None, ""):
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "")).replace(tzinfo=None)
    except ValueError:
        raise ValidationFailed("Please correct the marked fields.", {name: "A date like 2026-11-23."}) from None


def list_entries(
    user: User | None,
    *,
    actor: str | None = None,
    action: str | None = None,
    target_type: str | None = None,
    target_id: int | None = None,
    since: object = None,
    until: object = None,
    cursor: str | None = None,
    limit: int = 50,
) -> tuple[list[AuditEntry], str | None]:
    """Newest first, filtered; keyset on id."""
    from community.errors import NotAllowed
    from community.pagination import decode_cursor, encode_cursor
    from community.permissions import can

    if not can(user, "moderation.audit"):
        raise NotAllowed("Staff only.")
    q = select(AuditEntry).options(joinedload(AuditEntry.actor))
    if actor:
        q = q.join(User, User.id == AuditEntry.actor_id).where(User.username == actor)
    if action:
        q = q.where(AuditEntry.action.startswith(action))
    if target_type:
        q = q.where(AuditEntry.target_type == target_type)
    if target_id is not None:
        q = q.where(AuditEntry.target_id == target_id)
    start, end = _parse_day("since", since), _parse_day("until", until)
    if start:
        q = q.where(AuditEntry.created_at >= start)
    if end:
        q = q.where(AuditEntry.created_at < (end + timedelta(days=1) if len(str(until)) <= 10 else end))
    key = decode_cursor(cursor, 1)
    if key:
        q = q.where(AuditEntry.id < int(key[0]))
    rows = list(db.session.scalars(q.order_by(AuditEntry.id.desc()).limit(limit + 1)))
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor(rows[-1].id)
    return rows, next_cursor


def purge(admin: User, before: object, reason: object) -> int:
    """The one way entries leave the log: an admin removes entries older than a date, and the
    purge itself is logged (with how many and up to when)."""
    from community.errors import NotAllowed, ValidationFailed
    from community.permissions import can

    if not can(admin, "moderation.audit_purge"):
        raise NotAllowed("Only admins purge the audit log.")
    cutoff = _parse_day("before", before)
    why = reason.strip() if isinstance(reason, str) else ""
    fields = {}
    if cutoff is None:
        fields["before"] = "A date like 2026-01-01."
    elif cutoff > utcnow() - timedelta(days=30):
        fields["before"] = "Only entries older than 30 days can be purged."
    if not why:
        fields["reason"] = "Say why."
    if fields:
        raise ValidationFailed("Please correct the marked fields.", fields)
    result = db.session.execute(delete(AuditEntry).where(AuditEntry.created_at < cutoff))
    record(
        admin,
        "audit.purge",
        "audit_log",
        None,
        before={"before": cutoff.isoformat()},
        after={"deleted": result.rowcount},
        reason=why,
    )
    return int(result.rowcount or 0)


def entry_json(entry: AuditEntry) -> dict[str, Any]:
    from community.timeutil import isoformat

    return {
        "id": entry.id,
        "actor": entry.actor.username if entry.actor else None,
        "action": entry.action,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "before": entry.before,
        "after": entry.after,
        "reason": entry.reason,
        "ip": entry.ip,
        "created_at": isoformat(entry.created_at),
    }
