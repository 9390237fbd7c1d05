"""What staff see of the outbox: pending and dead events, and replaying a dead one."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from community.accounts.models import User
from community.errors import NotAllowed, NotFound, ValidationFailed
from community.extensions import db
from community.outbox import OutboxEvent, replay
from community.permissions import can
from community.timeutil import isoformat

STATES = ("pending", "dead", "all")


def list_events(
    user: User | None, state: str = "all", limit: int = 50, before_id: int | None = None
) -> list[OutboxEvent]:
    """Newest first; processed events are not listed (they are history, not work)."""
    if not can(user, "staff.access"):
        raise NotAllowed("Staff only.")
    if state not in STATES:
        raise ValidationFailed("state must be pending, dead or all.", {"state": "pending | dead | all"})
    q = select(OutboxEvent).where(OutboxEvent.processed_at.is_(None))
    if state == "pending":
        q = q.where(OutboxEvent.dead_at.is_(None))
    elif state == "dead":
        q = q.where(OutboxEvent.dead_at.is_not(None))
    if before_id is not None:
        q = q.where(OutboxEvent.id < before_id)
    return list(db.session.scalars(q.order_by(OutboxEvent.id.desc()).limit(limit)))


def replay_event(user: User | None, event_id: int) -> OutboxEvent:
    """Give a dead (or stuck pending) event a fresh round of attempts; audited."""
    from moderation.audit import record

    if not can(user, "staff.access"):
        raise NotAllowed("Staff only.")
    event = db.session.get(OutboxEvent, event_id)
    if event is None:
        raise NotFound("No such event.")
    if event.processed_at is not None:
        raise ValidationFailed("This event was already applied.", {"id": "already applied"})
    before = {"attempts": event.attempts, "dead": event.dead_at is not None, "last_error": event.last_error}
    record(user, "outbox.replay", "outbox_event", event.id, before=before, after={"topic": event.topic})
    db.session.flush()
    replay(event_id)  # commits
    return event


def event_json(event: OutboxEvent) -> dict[str, Any]:
    return {
        "id": event.id,
        "topic": event.topic,
        "payload": event.payload or {},
        "state": "dead" if event.dead_at else ("done" if event.processed_at else "pending"),
        "attempts": event.attempts,
        "last_error": event.last_error,
        "created_at": isoformat(event.created_at),
        "available_at": isoformat(event.available_at),
        "dead_at": isoformat(event.dead_at) if event.dead_at else None,
    }
