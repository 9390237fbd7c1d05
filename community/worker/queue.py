"""Enqueue a drain job after a request that committed outbox events (worker mode)."""

from __future__ import annotations

import logging

from flask import Flask, Response, current_app, g
from rq import Queue

from community.ops.redis_client import redis_for

log = logging.getLogger(__name__)

DRAIN_JOB = "community.worker.jobs.drain_job"


def queue_for(app: Flask | None = None) -> Queue | None:
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    redis = redis_for(app)
    if redis is None:
        return None
    return Queue(app.config.get("OUTBOX_QUEUE", "community-outbox"), connection=redis)


def enqueue_drain(app: Flask | None = None) -> bool:
    """Ask a worker to drain soon. A lost enqueue is harmless: the worker's sweep finds the events."""
    queue = queue_for(app)
    if queue is None:
        return False
    try:
        queue.enqueue_call(DRAIN_JOB, result_ttl=0, failure_ttl=86400, timeout=600)
    except Exception:  # Redis down: the events wait in the database for the next sweep
        log.exception("could not enqueue an outbox drain")
        return False
    return True


def enqueue_after_response(response: Response) -> Response:
    if g.get("outbox_pending") and current_app.config.get("OUTBOX_MODE") == "worker":
        enqueue_drain()
    return response


def init_queue(app: Flask) -> None:
    app.after_request(enqueue_after_response)
