"""Reading reviews: sorts, filters, keyset pagination, and the two "spotlight" reviews (most
helpful positive and most helpful critical) shown side by side at the top of a product page."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload

from community.accounts.models import User
from community.errors import ValidationFailed
from community.extensions import db
from community.pagination import BadCursor, decode_cursor, encode_cursor
from community.permissions import can
from community.products.models import Product
from community.reviews.models import Review
from community.reviews.rating import counted

SORTS = ("helpful", "recent", "critical", "positive")
POSITIVE_MIN = 4  # 4 and 5 stars
CRITICAL_MAX = 3  # 1 to 3 stars, as the big review sites split them

# Each sort is a list of (column, descending); the id breaks ties so the keyset is total.
_ORDER = {
    "helpful": [(Review.helpful_count, True), (Review.created_at, True), (Review.id, True)],
    "recent": [(Review.created_at, True), (Review.id, True)],
    "critical": [(Review.rating, False), (Review.helpful_count, True), (Review.id, True)],
    "positive": [(Review.rating, True), (Review.helpful_count, True), (Review.id, True)],
}


def parse_stars(value: object) -> list[int] | None:
    """ "5" or "4,5" → [5] / [4, 5]; anything else is a 422."""
    if value in (None, ""):
        return None
    parts = str(value).split(",")
    if not all(p.strip().isdigit() and 1 <= int(p) <= 5 for p in parts):
        raise ValidationFailed("stars must be numbers from 1 to 5, e.g. 5 or 4,5.", {"stars": "1..5, comma separated"})
    return sorted({int(p) for p in parts})


def parse_sort(value: object) -> str:
    if value in (None, ""):
        return "helpful"
    if value not in SORTS:
        raise ValidationFailed("Unknown sort.", {"sort": "helpful, recent, critical or positive"})
    return str(value)


def _keyset(order: list[tuple[Any, bool]], values: list[Any]):  # type: ignore[no-untyped-def]
    clauses = []
    for i, (col, desc) in enumerate(order):
        prior = [c == v for (c, _d), v in zip(order[:i], values[:i], strict=True)]
        beyond = col < values[i] if desc else col > values[i]
        clauses.append(and_(*prior, beyond))
    return or_(*clauses)


def _decode(order: list[tuple[Any, bool]], cursor: str | None) -> list[Any] | None:
    key = decode_cursor(cursor, len(order))
    if key is None:
        return None
    out = []
    try:
        for (col, _desc), value in zip(order, key, strict=True):
            if col is Review.created_at:
                out.append(datetime.fromisoformat(value))
            else:
                out.append(int(value))
    except (TypeError, ValueError):
        raise BadCursor("That page link is not valid; start again from the first page.") from None
    return out


def list_reviews(
    user: User | None,
    product: Product,
    *,
    sort: str = "helpful",
    stars: list[int] | None = None,
    verified: bool | None = None,
    cursor: str | None = None,
    limit: int = 10,
) -> tuple[list[Review], str | None]:
    order = _ORDER[sort]
    q = (
        select(Review)
        .options(joinedload(Review.author), joinedload(Review.response_by))
        .where(Review.product_id == product.id)
    )
    # Staff also see hidden reviews (to restore them); nobody reads deleted ones in the list.
    q = q.where(Review.deleted_at.is_(None)) if can(user, "staff.access") else counted(q)
    if stars:
        q = q.where(Review.rating.in_(stars))
    if verified:
        q = q.where(Review.verified_owner.is_(True))
    key = _decode(order, cursor)
    if key is not None:
        q = q.where(_keyset(order, key))
    q = q.order_by(*[(c.desc() if d else c.asc()) for c, d in order]).limit(limit + 1)
    rows = list(db.session.scalars(q).unique())
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = encode_cursor(*[getattr(last, c.key) for c, _d in order])
    return rows, next_cursor


def spotlight(product: Product) -> dict[str, Review | None]:
    """The most helpful positive and the most helpful critical review, for a fair first look."""
    base = counted(select(Review).options(joinedload(Review.author)).where(Review.product_id == product.id))
    order = (Review.helpful_count.desc(), Review.created_at.desc(), Review.id.desc())
    positive = db.session.scalars(base.where(Review.rating >= POSITIVE_MIN).order_by(*order).limit(1)).first()
    critical = db.session.scalars(base.where(Review.rating <= CRITICAL_MAX).order_by(*order).limit(1)).first()
    return {"positive": positive, "critical": critical}


def recent_reviews(product: Product, limit: int = 50) -> list[Review]:
    """Newest public reviews, for the Atom feed and the JSON-LD."""
    q = counted(select(Review).options(joinedload(Review.author)).where(Review.product_id == product.id))
    return list(db.session.scalars(q.order_by(Review.created_at.desc(), Review.id.desc()).limit(limit)).unique())
