"""Review integrity: a burst of very low (or very high) ratings on one product from new
accounts in a short window is what review bombing and competitor smears look like. The
detector does not hide anything (that would silence honest, angry customers after a bad
firmware update); it raises an alert with the evidence for staff to judge."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from community.accounts.models import User
from community.errors import Conflict, NotAllowed, NotFound
from community.extensions import db
from community.permissions import can
from community.products.models import Product
from community.reviews.models import Review, ReviewAlert
from community.timeutil import isoformat, utcnow
from moderation.audit import record

WINDOW = timedelta(hours=24)
NEW_ACCOUNT = timedelta(days=14)
THRESHOLD = 4  # reviews from new accounts in one window
LOW_MAX = 2
HIGH_MIN = 5


def _kind(rating: int) -> str | None:
    if rating <= LOW_MAX:
        return "low"
    if rating >= HIGH_MIN:
        return "high"
    return None


def check_burst(product: Product, review: Review) -> ReviewAlert | None:
    """Called in the transaction that adds a review: open or extend an alert when the burst
    threshold is reached. One open alert per product and kind gathers the whole burst."""
    kind = _kind(review.rating)
    if kind is None:
        return None
    now = review.created_at or utcnow()
    start = now - WINDOW
    ratings = (Review.rating <= LOW_MAX) if kind == "low" else (Review.rating >= HIGH_MIN)
    rows = list(
        db.session.execute(
            select(Review, User)
            .join(User, User.id == Review.author_id)
            .where(
                Review.product_id == product.id,
                Review.deleted_at.is_(None),
                ratings,
                Review.created_at >= start,
                Review.created_at <= now,
            )
            .order_by(Review.created_at)
        ).all()
    )
    young = [(r, u) for r, u in rows if r.created_at - u.created_at <= NEW_ACCOUNT]
    if len(young) < THRESHOLD:
        return None
    evidence = [
        {
            "review_id": r.id,
            "user_id": u.id,
            "username": u.username,
            "rating": r.rating,
            "account_age_days": round((r.created_at - u.created_at).total_seconds() / 86400, 1),
            "reviewed_at": isoformat(r.created_at),
        }
        for r, u in young
    ]
    alert = db.session.scalar(
        select(ReviewAlert).where(
            ReviewAlert.product_id == product.id,
            ReviewAlert.kind == kind,
            ReviewAlert.resolved_at.is_(None),
            ReviewAlert.window_end >= start,
        )
    )
    if alert is None:
        alert = ReviewAlert(
            product_id=product.id,
            kind=kind,
            window_start=young[0][0].created_at,
            window_end=now,
            review_ids=[],
            evidence=[],
        )
        db.session.add(alert)
    known = {e["review_id"]: e for e in alert.evidence or []}
    for item in evidence:
        known[item["review_id"]] = item
    alert.evidence = sorted(known.values(), key=lambda e: e["reviewed_at"] or "")
    alert.review_ids = [e["review_id"] for e in alert.evidence]
    alert.window_start = min(alert.window_start, young[0][0].created_at)
    alert.window_end = max(alert.window_end, now)
    alert.updated_at = utcnow()
    db.session.flush()
    return alert


def list_alerts(user: User, *, include_resolved: bool = False) -> list[ReviewAlert]:
    if not can(user, "review.alerts"):
        raise NotAllowed("Staff only.")
    q = select(ReviewAlert).options(joinedload(ReviewAlert.product)).order_by(ReviewAlert.updated_at.desc())
    if not include_resolved:
        q = q.where(ReviewAlert.resolved_at.is_(None))
    return list(db.session.scalars(q.limit(200)))


def resolve_alert(user: User, alert_id: int, note: str = "") -> ReviewAlert:
    if not can(user, "review.alerts"):
        raise NotAllowed("Staff only.")
    alert = db.session.get(ReviewAlert, alert_id)
    if alert is None:
        raise NotFound("No such alert.")
    if alert.resolved_at is not None:
        raise Conflict("This alert is already resolved.")
    alert.resolved_at = utcnow()
    alert.resolved_by_id = user.id
    record(user, "review_alert.resolve", "review_alert", alert.id, reason=note)
    return alert


def alert_json(alert: ReviewAlert) -> dict[str, Any]:
    return {
        "id": alert.id,
        "product": alert.product.slug,
        "kind": alert.kind,
        "window_start": isoformat(alert.window_start),
        "window_end": isoformat(alert.window_end),
        "review_ids": alert.review_ids,
        "evidence": alert.evidence,
        "resolved": alert.resolved_at is not None,
    }
