"""The transactional outbox that feeds derived data (search index, key point tags, notifications).

The same transaction that writes a post writes an event row (emit()); a consumer applies the
events and marks them done. Embedded mode drains in-process right after the response is sent;
at scale `flask worker` drains through RQ. A crash or a locked index never loses an event: a
failed event is retried with backoff and, after MAX_ATTEMPTS, parked as dead for staff to replay.
Handlers must be idempotent (an event can be applied twice after a crash).
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from flask import current_app, g, has_request_context
from sqlalchemy import JSON, String, Text, select, update
from sqlalchemy.orm import Mapped, mapped_column

from community.extensions import db
from community.timeutil import utcnow

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
Handler = Callable[[dict[str, Any]], None]
_handlers: dict[str, list[Handler]] = {}
# Observers see every event with its topic and id (webhooks subscribe to topics chosen at run time).
Observer = Callable[["OutboxEvent"], None]
_observers: list[Observer] = []


class OutboxEvent(db.Model):
    __tablename__ = "outbox_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    topic: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    available_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    # NULL while pending; set when applied. "dead" events have dead_at set instead.
    processed_at: Mapped[datetime | None] = mapped_column(index=True)
    dead_at: Mapped[datetime | None]
    claimed_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)


def handles(*topics: str) -> Callable[[Handler], Handler]:
    """Register a consumer for topics; each capability registers its own at import time."""

    def deco(fn: Handler) -> Handler:
        for topic in topics:
            _handlers.setdefault(topic, [])
            if fn not in _handlers[topic]:
                _handlers[topic].append(fn)
        return fn

    return deco


def observe_all(fn: Observer) -> Observer:
    """Register a consumer of every topic; it gets the event row and must be idempotent too."""
    if fn not in _observers:
        _observers.append(fn)
    return fn


def emit(topic: str, **payload: Any) -> OutboxEvent:
    """Add an event to the current transaction; it is applied only if the transaction commits."""
    event = OutboxEvent(topic=topic, payload=payload)
    db.session.add(event)
    if has_request_context():
        g.outbox_pending = True
    return event


def pending_count() -> int:
    return db.session.scalar(
        select(db.func.count(OutboxEvent.id)).where(OutboxEvent.processed_at.is_(None), OutboxEvent.dead_at.is_(None))
    )


def _claim(limit: int) -> list[int]:
    """Claim due events. A claim older than five minutes is a crashed consumer's: take it over."""
    now = utcnow()
    stale = now - timedelta(minutes=5)
    q = (
        select(OutboxEvent.id)
        .where(
            OutboxEvent.processed_at.is_(None),
            OutboxEvent.dead_at.is_(None),
            OutboxEvent.available_at <= now,
            (OutboxEvent.claimed_at.is_(None)) | (OutboxEvent.claimed_at < stale),
        )
        .order_by(OutboxEvent.id)
        .limit(limit)
    )
    if db.engine.dialect.name == "postgresql":
        q = q.with_for_update(skip_locked=True)
    ids = list(db.session.scalars(q))
    if ids:
        db.session.execute(update(OutboxEvent).where(OutboxEvent.id.in_(ids)).values(claimed_at=now))
    db.session.commit()
    return ids


def apply_event(event_id: int) -> bool:
    """Apply one event's handlers; returns True when done. Used by the drain and the RQ job."""
    event = db.session.get(OutboxEvent, event_id)
    if event is None or event.processed_at is not None:
        return True
    try:
        for handler in _handlers.get(event.topic, []):
            handler(dict(event.payload or {}))
        for observer in _observers:
            observer(event)
    except Exception as exc:  # any handler failure is retried later, never lost
        db.session.rollback()
        event = db.session.get(OutboxEvent, event_id)
        event.attempts += 1
        event.claimed_at = None
        event.last_error = "".join(traceback.format_exception_only(type(exc), exc))[-2000:]
        if event.attempts >= MAX_ATTEMPTS:
            event.dead_at = utcnow()
        else:
            event.available_at = utcnow() + timedelta(seconds=min(2**event.attempts, 600))
        db.session.commit()
        log.warning("outbox event %s (%s) failed: %s", event_id, event.topic, exc)
        return False
    event.processed_at = utcnow()
    event.claimed_at = None
    event.last_error = None
    db.session.commit()
    return True


def drain(limit: int = 500, batch: int = 50) -> int:
    """Apply due events in id order; returns how many were applied."""
    done = 0
    while done < limit:
        ids = _claim(batch)
        if not ids:
            break
        for event_id in ids:
            if apply_event(event_id):
                done += 1
    return done


def replay(event_id: int) -> None:
    """Give a dead event another round of attempts (staff action)."""
    event = db.session.get(OutboxEvent, event_id)
    if event is not None and event.processed_at is None:
        event.dead_at = None
        event.attempts = 0
        event.available_at = utcnow()
        event.claimed_at = None
        db.session.commit()


def drain_after_response(response):  # type: ignore[no-untyped-def]
    """after_request hook: in embedded mode apply this request's events once the client has its answer."""
    if not g.get("outbox_pending") or current_app.config.get("OUTBOX_MODE") != "inline":
        return response
    app = current_app._get_current_object()

    def _run() -> None:
        with app.app_context():
            try:
                drain()
            except Exception:  # the events stay pending and are retried at the next drain
                log.exception("outbox drain failed")
            finally:
                db.session.remove()

    if app.config.get("OUTBOX_SYNC"):
        # Tests: apply in this context and session, so results are visible to the next assertion.
        try:
            drain()
        except Exception:
            db.session.rollback()
            log.exception("outbox drain failed")
    else:
        response.call_on_close(_run)
    return response
