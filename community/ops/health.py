"""Probes for the load balancer and the orchestrator.

/healthz: the process answers (no database: a slow database must not get healthy nodes killed).
/readyz: this node can serve: the database answers, Redis answers when configured; the body also
reports the outbox depth and dead count. 503 when not ready, so the balancer routes around it.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response, current_app, jsonify
from sqlalchemy import func, select, text

from community.extensions import db
from community.outbox import OutboxEvent

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


def outbox_counts() -> dict[str, int]:
    pending, dead = db.session.execute(
        select(
            func.count(OutboxEvent.id).filter(OutboxEvent.processed_at.is_(None), OutboxEvent.dead_at.is_(None)),
            func.count(OutboxEvent.id).filter(OutboxEvent.dead_at.is_not(None)),
        )
    ).one()
    return {"pending": int(pending or 0), "dead": int(dead or 0)}


@bp.route("/healthz")
def healthz() -> Response:
    return jsonify(status="ok")


@bp.route("/readyz")
def readyz():  # type: ignore[no-untyped-def]
    from community.ops.redis_client import redis_for

    checks: dict[str, str] = {}
    body: dict[str, object] = {"checks": checks}
    ready = True
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
        body["outbox"] = outbox_counts()
        db.session.rollback()
    except Exception as exc:
        log.warning("readyz: database not reachable: %s", exc)
        db.session.rollback()
        checks["database"] = "error"
        ready = False
    if current_app.config.get("REDIS_URL"):
        try:
            redis_for().ping()
            checks["redis"] = "ok"
        except Exception as exc:
            log.warning("readyz: redis not reachable: %s", exc)
            checks["redis"] = "error"
            ready = False
    body["status"] = "ready" if ready else "not ready"
    return jsonify(body), 200 if ready else 503
