"""What search engines and link previews read: schema.org JSON-LD, and the sitemap's URL list."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from flask import url_for
from markupsafe import Markup
from sqlalchemy import select

from community.extensions import db
from community.forum.models import Category, Thread
from community.markup import plain_text
from community.products.models import Product
from community.reviews.models import Review
from community.timeutil import isoformat


def json_for_script(data: Any) -> Markup:
    """JSON safe inside <script>: "<", ">" and "&" are escaped, so "</script>" in a review
    cannot end the element; the result is still valid JSON with the same values."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)  # noqa: S704 (json.dumps output with <, >, & escaped)


def product_jsonld(product: Product, reviews: list[Review], image_url: str | None) -> dict[str, Any]:
    url = url_for("products.product", slug=product.slug, _external=True)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "url": url,
        "description": product.short_description or plain_text(product.description, 300),
        "brand": {"@type": "Brand", "name": "Aurora Audio"},
        "sku": product.slug,
    }
    if image_url:
        data["image"] = image_url
    if product.rating_count:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": product.rating_average,
            "reviewCount": product.rating_count,
            "bestRating": 5,
            "worstRating": 1,
        }
        data["review"] = [
            {
                "@type": "Review",
                "name": r.title,
                "author": {"@type": "Person", "name": r.author.username},
                "datePublished": isoformat(r.created_at),
                "reviewBody": plain_text(r.body, 500),
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": r.rating,
                    "bestRating": 5,
                    "worstRating": 1,
                },
            }
            for r in reviews
        ]
    return data


def sitemap_urls() -> Iterator[tuple[str, str | None]]:
    """(absolute URL, last modified) of every public page worth indexing."""
    yield url_for("forum.home", _external=True), None
    yield url_for("products.products", _external=True), None
    for p in db.session.scalars(select(Product).order_by(Product.id)):
        yield url_for("products.product", slug=p.slug, _external=True), isoformat(p.updated_at)
    for c in db.session.scalars(select(Category).where(Category.staff_only.is_(False)).order_by(Category.position)):
        yield url_for("forum.category", slug=c.slug, _external=True), None
    q = (
        select(Thread.id, Thread.slug, Thread.last_posted_at)
        .join(Category, Category.id == Thread.category_id)
        .where(Category.staff_only.is_(False), Thread.deleted_at.is_(None))
        .order_by(Thread.last_posted_at.desc())
        .limit(45_000)
    )
    for tid, slug, when in db.session.execute(q):
        yield url_for("forum.thread", thread_id=tid, slug=slug, _external=True), isoformat(when)
