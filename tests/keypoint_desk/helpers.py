"""Builders for key point tests: key points, products on threads, posts at chosen times."""

from __future__ import annotations

from datetime import datetime

from community.extensions import db
from community.forum import posts, threads
from moderation.keypoint_desk.models import KeyPoint


def keypoint(
    name_en: str,
    name_zh: str = "",
    synonyms: list[str] | None = None,
    product_id: int | None = None,
    public: bool = False,
) -> KeyPoint:
    kp = KeyPoint(
        name_en=name_en,
        name_zh=name_zh,
        synonyms=synonyms or [],
        product_id=product_id,
        public=public,
    )
    db.session.add(kp)
    db.session.commit()
    return kp


def ensure_product(product_id: int | None) -> None:
    """Threads reference products once the products capability is merged: make the row."""
    if product_id is None:
        return
    try:
        from community.products.models import Product
    except ImportError:
        return
    if db.session.get(Product, product_id) is None:
        db.session.add(Product(id=product_id, slug=f"product-{product_id}", name=f"Product {product_id}"))
        db.session.commit()


def thread_at(
    author,
    category,
    body: str,
    when: datetime,
    product_id: int | None = None,
    title: str = "Question about my headphones",
):  # type: ignore[no-untyped-def]
    ensure_product(product_id)
    t, _p = threads.create_thread(author, category, "experience", title, body, product_id, created_at=when)
    db.session.commit()
    return t


def reply_at(thread, author, body: str, when: datetime):  # type: ignore[no-untyped-def]
    p = posts.reply(author, thread, body, created_at=when)
    db.session.commit()
    return p


def drain() -> None:
    from community.outbox import drain as run

    while run(limit=1000):
        pass
