"""Search providers for products and reviews, built on the read functions the reviews package
offers other capabilities (community/reviews/queries.py), so search never re-implements which
reviews are public."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from community.markup import plain_text
from community.reviews import queries
from community.search.documents import SearchDocument, register_provider


def _product_doc(product_id: int) -> SearchDocument | None:
    data = queries.product_document(product_id)
    if data is None:
        return None
    return SearchDocument(
        doc_id=f"product:{data['id']}",
        type="product",
        obj_id=data["id"],
        title=data["title"],
        body=plain_text(data["text"]),
        url=data["url"],
        category_id=data["category_id"],
        product_id=data["id"],
        created_at=data["created_at"],
        boost=1.5,
    )


def _review_doc(data: dict[str, Any] | None) -> SearchDocument | None:
    if data is None:
        return None
    return SearchDocument(
        doc_id=f"review:{data['id']}",
        type="review",
        obj_id=data["id"],
        title=data["title"],
        body=plain_text(data["text"]),
        url=data["url"],
        product_id=data["product_id"],
        rating=data["rating"],
        author=data["author"],
        created_at=data["created_at"],
    )


def _all_products() -> Iterable[SearchDocument]:
    for product_id in list(queries.iter_product_ids()):
        if (doc := _product_doc(product_id)) is not None:
            yield doc


def _all_reviews() -> Iterable[SearchDocument]:
    for review in queries.iter_public_reviews():
        if (doc := _review_doc(queries.review_document(review.id))) is not None:
            yield doc


def _review(payload: dict[str, Any]) -> list[tuple[str, int]]:
    return [("review", int(payload["review_id"]))]


def _product(payload: dict[str, Any]) -> list[tuple[str, int]]:
    return [("product", int(payload["product_id"]))]


def register() -> None:
    register_provider(
        "product",
        _product_doc,
        _all_products,
        topics={t: _product for t in ("product.created", "product.updated", "product.deleted")},
    )
    register_provider(
        "review",
        lambda review_id: _review_doc(queries.review_document(review_id)),
        _all_reviews,
        topics={
            t: _review
            for t in ("review.created", "review.updated", "review.deleted", "review.hidden", "review.restored")
        },
    )
