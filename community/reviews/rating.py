"""The rating summary stored on the product (average, count, histogram).

Why stored and why exact: product lists and pages read it on every view, so it lives on the
product row; it is never patched with +1/-1 (which drifts after a lost update) but recomputed
from the review rows in the same transaction as the change. Every writer first takes the
product row lock (SELECT ... FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE already
serialises writers), so two concurrent writers recompute one after the other and the last
one sees both changes.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from community.extensions import db
from community.products.models import Product
from community.reviews.models import Review


def lock_product(product_id: int) -> Product:
    """Take the product's row lock for this transaction and return it with fresh columns."""
    q = select(Product).where(Product.id == product_id).execution_options(populate_existing=True)
    if db.engine.dialect.name == "postgresql":
        q = q.with_for_update()
    return db.session.scalars(q).one()


def counted(q):  # type: ignore[no-untyped-def]
    """Only public reviews count toward the summary."""
    return q.where(Review.deleted_at.is_(None), Review.hidden_at.is_(None), Review.status == "visible")


def recompute(product: Product) -> None:
    db.session.flush()
    rows = db.session.execute(
        counted(select(Review.rating, func.count(Review.id)).where(Review.product_id == product.id)).group_by(
            Review.rating
        )
    ).all()
    hist = {n: 0 for n in range(1, 6)}
    for rating, n in rows:
        hist[int(rating)] = int(n)
    for n in range(1, 6):
        setattr(product, f"rating_{n}", hist[n])
    product.rating_count = sum(hist.values())
    product.rating_sum = sum(k * v for k, v in hist.items())
    db.session.flush()


def summary(product: Product) -> dict[str, Any]:
    return {
        "average": product.rating_average,
        "count": product.rating_count,
        "histogram": product.histogram,
    }


def bars(product: Product) -> list[dict[str, Any]]:
    """Histogram rows 5..1 with a percentage, for the bars on the page."""
    total = product.rating_count or 0
    out = []
    for n in range(5, 0, -1):
        count = getattr(product, f"rating_{n}")
        out.append({"stars": n, "count": count, "percent": round(100 * count / total) if total else 0})
    return out
