"""Search documents and the provider registry: how any capability makes its content searchable.

The index never reads models directly. Each content type registers a *provider* that turns one
database row into a SearchDocument (or None when the row must not be publicly indexed: deleted,
hidden, held for review, rejected). The outbox handlers (community/search/handlers.py) call
fetch_one() for every (type, id) an event touches, so the index converges on the database
whatever order events arrive in, and applying an event twice is harmless.

Adding a provider (reviews, products, ...) is one small module, imported at start-up
(e.g. from your package's __init__ or from community/search/providers.py)::

    from community.search.documents import SearchDocument, register_provider

    def _doc(review) -> SearchDocument | None:
        if review.deleted_at is not None or review.status != "visible":
            return None                                   # never indexed
        return SearchDocument(
            doc_id=f"review:{review.id}", type="review", obj_id=review.id,
            title=review.title, body="\n".join([review.body, review.pros, review.cons]),
            url=f"/products/{review.product.slug}#review-{review.id}",
            product_id=review.product_id, rating=review.rating,
            author=review.author.username, created_at=review.created_at,
        )

    def fetch_one(review_id: int) -> SearchDocument | None:
        review = db.session.get(Review, review_id)
        return None if review is None else _doc(review)

    def iterate_all() -> Iterable[SearchDocument]:          # used by `flask search reindex`
        for review in db.session.scalars(select(Review).order_by(Review.id)).yield_per(500):
            if (doc := _doc(review)) is not None:
                yield doc

    register_provider(
        "review", fetch_one, iterate_all,
        topics={
            "review.created": lambda p: [("review", p["review_id"])],
            "review.updated": lambda p: [("review", p["review_id"])],
            "review.deleted": lambda p: [("review", p["review_id"])],
        },
    )

Topics map an outbox event's payload to the (type, id) pairs to re-sync; registering a topic
subscribes the search consumer to it. Capabilities without their own topics can instead emit
`outbox.emit("search.upsert", type="review", id=7)` / `"search.delete"` with the same payload.

staff_only=True documents are only returned to staff (permission "staff.access"); everything
else in the index is public by construction, so searching needs no per-row permission check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

DOC_TYPES = ("thread", "post", "review", "product")

FetchOne = Callable[[int], "SearchDocument | None"]
IterateAll = Callable[[], Iterable["SearchDocument"]]
TopicMap = Callable[[dict[str, Any]], Iterable[tuple[str, int]]]


@dataclass
class SearchDocument:
    """One searchable unit. title is weighted above body (BM25F field boost / tsvector weight A).

    heading is what a result shows as its title when that differs from the indexed title
    (a reply shows its thread's title but must not rank on it, or every reply would outrank
    the answer). boost multiplies the score: accepted answers and solved questions get > 1.
    """

    doc_id: str
    type: str
    obj_id: int
    title: str
    body: str
    url: str
    heading: str = ""
    category_id: int | None = None
    product_id: int | None = None
    kind: str | None = None
    solved: bool | None = None
    rating: int | None = None
    author: str = ""
    created_at: datetime | None = None
    staff_only: bool = False
    boost: float = 1.0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def display_title(self) -> str:
        return self.heading or self.title


@dataclass
class Provider:
    type: str
    fetch_one: FetchOne
    iterate_all: IterateAll
    topics: dict[str, TopicMap]
    count: Callable[[], int] | None = None
    dependents: Callable[[int], Iterable[tuple[str, int]]] | None = None


_providers: dict[str, Provider] = {}
_topic_listeners: list[Callable[[str], None]] = []


def register_provider(
    type_: str,
    fetch_one: FetchOne,
    iterate_all: IterateAll,
    topics: dict[str, TopicMap] | None = None,
    *,
    count: Callable[[], int] | None = None,
    dependents: Callable[[int], Iterable[tuple[str, int]]] | None = None,
) -> None:
    """Make a content type searchable. Re-registering a type replaces it (module reloads).

    count (optional) sizes the reindex progress bar; dependents (optional) lists documents
    that embed this one's state (a thread's replies show its title and solved flag), re-synced
    whenever a generic "search.upsert" names this one.
    """
    if type_ not in DOC_TYPES:
        raise ValueError(f"unknown search document type {type_!r}; add it to DOC_TYPES")
    _providers[type_] = Provider(type_, fetch_one, iterate_all, dict(topics or {}), count, dependents)
    for topic in _providers[type_].topics:
        for listener in _topic_listeners:
            listener(topic)


def on_topic(listener: Callable[[str], None]) -> None:
    """The outbox consumer subscribes to every topic a provider declares, now and later."""
    _topic_listeners.append(listener)
    for provider in list(_providers.values()):
        for topic in provider.topics:
            listener(topic)


def providers() -> dict[str, Provider]:
    return dict(_providers)


def provider(type_: str) -> Provider | None:
    return _providers.get(type_)


def targets(topic: str, payload: dict[str, Any]) -> list[tuple[str, int]]:
    """Every (type, id) an event touches, across providers, without duplicates."""
    seen: dict[tuple[str, int], None] = {}
    for prov in _providers.values():
        mapper = prov.topics.get(topic)
        if mapper is None:
            continue
        for type_, obj_id in mapper(payload):
            if obj_id is not None:
                seen[(type_, int(obj_id))] = None
    return list(seen)


def parse_doc_id(doc_id: str) -> tuple[str, int]:
    type_, _, raw = doc_id.partition(":")
    return type_, int(raw)
