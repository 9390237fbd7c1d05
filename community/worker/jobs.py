"""The RQ job: claim due outbox events and apply them, counting failures for /metrics."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app, has_app_context

from community import outbox
from community.extensions import db


@contextmanager
def _app_context() -> Iterator[None]:
    """`flask worker` runs jobs inside its app context; a bare `rq worker` gets a fresh app."""
    if has_app_context():
        yield
        return
    from app import create_app

    with create_app().app_context():
        yield


def drain_events(limit: int = 1000, batch: int = 50) -> tuple[int, int]:
    """Apply due events; returns (applied, failed). Failed events got their backoff or went dead."""
    applied = failed = 0
    while applied + failed < limit:
        ids = outbox._claim(batch)
        if not ids:
            break
        for event_id in ids:
            if outbox.apply_event(event_id):
                applied += 1
            else:
                failed += 1
    return applied, failed


def drain_job() -> int:
    from community.ops.metrics import count_worker_failures

    with _app_context():
        try:
            applied, failed = drain_events()
            if failed:
                count_worker_failures(failed, current_app._get_current_object())  # type: ignore[attr-defined]
            return applied
        finally:
            db.session.remove()
