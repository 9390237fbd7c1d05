"""Simple read functions for other capabilities (the search indexer, the key point tagger):
what is public, in a plain shape, without knowing the review rules."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from community.extensions import db
from community.products.models import Product
from community.reviews.models import Review
from community.reviews.rating import counted


def product_document(product_id: int) -> dict[str, Any] | None:
    """A product as a search document, or None when it no longer exists."""
    p = db.session.get(Product, product_id)
    if p is None:
        return None
    return {
        "type": "product",
        "id": p.id,
        "slug": p.slug,
        "title": p.name,
        "text": f"{p.short_description}\n{p.description}",
        "url": f"/products/{p.slug}",
        "category_id": p.category_id,
        "status": p.status,
        "created_at": p.created_at,
    }


def review_document(review_id: int) -> dict[str, Any] | None:
    """A public review as a search document; None when it is deleted, hidden or gone (remove it)."""
    r = db.session.get(Review, review_id)
    if r is None or not r.is_public:
        return None
    return {
        "type": "review",
        "id": r.id,
        "product_id": r.product_id,
        "product_slug": r.product.slug,
        "title": r.title,
        "text": "\n".join(t for t in (r.body, r.pros, r.cons) if t),
        "rating": r.rating,
        "author": r.author.username,
        "url": f"/products/{r.product.slug}#review-{r.id}",
        "created_at": r.created_at,
    }


def iter_product_ids() -> Iterator[int]:
    yield from db.session.scalars(select(Product.id).order_by(Product.id))


def iter_public_reviews(batch: int = 500) -> Iterator[Review]:
    """Every public review, in id order, batched (for `flask search reindex`)."""
    last = 0
    while True:
        rows = list(
            db.session.scalars(
                counted(select(Review).options(joinedload(Review.product), joinedload(Review.author)))
                .where(Review.id > last)
                .order_by(Review.id)
                .limit(batch)
            ).unique()
        )
        if not rows:
            return
        yield from rows
        last = rows[-1].id
