"""Wiring to the products and reviews capabilities, when they are part of the app.

Imports are guarded so this package works on the forum core alone; once products and reviews are
merged, wire() (called when the outbox handlers are registered) gives the desk product names,
fills the products' key point hook (compare page, product API) and tags reviews like posts.
"""

from __future__ import annotations

from typing import Any

from flask import url_for
from sqlalchemy import func, select

from community.extensions import db
from community.outbox import handles
from moderation.keypoint_desk import sources
from moderation.keypoint_desk.models import KeyPoint, KeyPointMention

REVIEW_TOPICS = (
    "review.created",
    "review.updated",
    "review.deleted",
    "review.restored",
    "review.hidden",
)
TOP_PER_SIDE = 3


def top_keypoints(product: Any) -> list[dict[str, Any]]:
    """The product's most praised and most criticised key points: [{label, polarity, count}]."""
    rows = db.session.execute(
        select(KeyPoint, KeyPointMention.polarity, func.count(KeyPointMention.id))
        .join(KeyPointMention, KeyPointMention.keypoint_id == KeyPoint.id)
        .where(
            KeyPointMention.product_id == product.id,
            KeyPointMention.polarity.in_(("positive", "negative")),
        )
        .group_by(KeyPoint.id, KeyPointMention.polarity)
    ).all()
    out = []
    for polarity in ("positive", "negative"):
        side = sorted((r for r in rows if r[1] == polarity), key=lambda r: (-r[2], r[0].id))
        out += [
            {"keypoint_id": kp.id, "label": kp.label, "polarity": polarity, "count": int(n)}
            for kp, _p, n in side[:TOP_PER_SIDE]
        ]
    return out


def wire() -> None:
    try:
        from community.products import keypoints as product_hook
        from community.products.models import Product
    except ImportError:  # products not merged: posts only, products shown by id
        return

    def names(ids: list[int]) -> dict[int, str]:
        return dict(db.session.execute(select(Product.id, Product.name).where(Product.id.in_(ids))).all())

    def listed() -> list[int]:
        return list(db.session.scalars(select(Product.id).order_by(Product.name)))

    sources.set_product_namer(names, listed)
    product_hook.set_key_points_provider(top_keypoints)
    try:
        from community.reviews.models import Review
    except ImportError:
        return

    def load_review(review_id: int) -> sources.Source | None:
        r = db.session.get(Review, review_id)
        if r is None or not r.is_public:
            return None
        text = "\n\n".join(t for t in (r.title, r.body, r.pros, r.cons) if t)
        return sources.Source(
            source_type="review",
            source_id=r.id,
            text=text,
            product_id=r.product_id,
            category_id=r.product.category_id if r.product else None,
            thread_id=None,
            author_id=r.author_id,
            created_at=r.created_at,
            lang=r.author.locale if r.author else None,
            pros=r.pros or "",
            cons=r.cons or "",
        )

    def review_ids(product_id: int | None, category_id: int | None) -> list[int]:
        q = (
            select(Review.id)
            .join(Product, Product.id == Review.product_id)
            .where(Review.deleted_at.is_(None), Review.hidden_at.is_(None), Review.status == "visible")
        )
        if product_id is not None:
            q = q.where(Review.product_id == product_id)
        if category_id is not None:
            q = q.where(Product.category_id == category_id)
        return list(db.session.scalars(q.order_by(Review.id)))

    def answered(ids: list[int]) -> set[int]:
        return set(db.session.scalars(select(Review.id).where(Review.id.in_(ids), Review.response_at.is_not(None))))

    def reply_url(review_id: int) -> str:
        return url_for("reviews.respond", review_id=review_id)

    def view_url(review_id: int) -> str:
        r = db.session.get(Review, review_id)
        if r is None:
            return url_for("keypoint_desk.mentions")
        return url_for("products.product", slug=r.product.slug, _anchor=f"review-{r.id}")

    sources.register_source(
        "review", load_review, review_ids, answered=answered, reply_url=reply_url, view_url=view_url
    )

    @handles(*REVIEW_TOPICS)
    def on_review(payload: dict[str, Any]) -> None:
        from moderation.keypoint_desk.tagging import tag_source

        if payload.get("review_id"):
            tag_source("review", int(payload["review_id"]))
