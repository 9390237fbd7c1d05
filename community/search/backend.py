"""The small interface both index backends implement, and the choice between them.

A backend stores SearchDocuments and answers a parsed Query (community/search/query.py).
It never sees raw user syntax and never decides visibility beyond the staff_only flag:
providers only hand it public documents.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import current_app

from community.search.documents import SearchDocument
from community.search.query import Query

FACETS = ("type", "kind", "category", "product", "solved", "rating")
SORTS = ("relevance", "newest")


@dataclass
class Filters:
    type: str | None = None
    category_id: int | None = None
    product_id: int | None = None
    kind: str | None = None
    solved: bool | None = None
    rating: int | None = None


@dataclass
class Hit:
    doc_id: str
    type: str
    obj_id: int
    title: str
    body: str
    url: str
    score: float
    created_at: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Results:
    hits: list[Hit]
    total: int
    facets: dict[str, dict[str, int]]
    # True when the backend stopped counting (PostgreSQL's candidate limit): total is "at least".
    total_lower_bound: bool = False


class SearchBackend:
    name = "abstract"
    # True when writes go through db.session and commit with the outbox event (PostgreSQL).
    transactional = False

    def index(self, docs: Iterable[SearchDocument]) -> None:
        """Insert or replace documents by doc_id (idempotent)."""
        raise NotImplementedError

    def delete(self, doc_ids: Iterable[str]) -> None:
        """Remove documents; unknown ids are ignored (idempotent)."""
        raise NotImplementedError

    def apply(self, docs: list[SearchDocument], delete_ids: list[str]) -> None:
        """One event's changes; Whoosh overrides it: one writer, one lock, one commit."""
        if delete_ids:
            self.delete(delete_ids)
        if docs:
            self.index(docs)

    def search(
        self,
        query: Query,
        filters: Filters,
        sort: str,
        page: int,
        per_page: int,
        *,
        staff: bool,
        match_any: bool = False,
        facets: bool = True,
    ) -> Results:
        raise NotImplementedError

    def corrections(self, words: list[str], staff: bool) -> dict[str, str]:
        """Misspelt English words mapped to the closest indexed word."""
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def count(self) -> int:
        raise NotImplementedError

    def doc_ids(self) -> list[str]:
        """Every stored doc id, duplicates included (the consistency check looks for them)."""
        raise NotImplementedError


def get_backend() -> SearchBackend:
    """One backend object per app (the Whoosh one caches its open index)."""
    app = current_app._get_current_object()
    backend = app.extensions.get("search_backend")
    name = app.config.get("SEARCH_BACKEND") or "whoosh"
    if backend is None or backend.name != name:
        if name == "postgres":
            from community.search.postgres_backend import PostgresBackend

            backend = PostgresBackend()
        elif name == "whoosh":
            from community.search.whoosh_backend import WhooshBackend

            backend = WhooshBackend(app.config["SEARCH_INDEX_PATH"])
        else:
            raise RuntimeError(f"SEARCH_BACKEND must be whoosh or postgres, not {name!r}")
        app.extensions["search_backend"] = backend
    return backend
