"""Whoosh index in the instance folder: the embedded (single machine) backend.

Whoosh allows one writer at a time (a file lock, flock-based, so it holds across processes and
across threads that open their own writer). Only the outbox consumer and `flask search reindex`
write. A writer waits up to LOCK_TIMEOUT for the lock and then raises LockError; the outbox
retries the event later, so a locked index delays an update but never loses it. A process
killed mid-write leaves uncommitted segment files that the next commit ignores: the table of
contents is replaced atomically on commit.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterable
from datetime import datetime

from whoosh import index as whoosh_index
from whoosh import scoring, sorting
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.query import And, AndNot, Every, Or, Phrase, Term
from whoosh.query import Query as WQuery
from whoosh.writing import CLEAR

from community.search.analysis import analyzer, spelling_words
from community.search.backend import Filters, Hit, Results, SearchBackend
from community.search.documents import SearchDocument
from community.search.query import Clause, Query

LOCK_TIMEOUT = 10.0
TITLE_BOOST = 2.5
INDEX_NAME = "community_v1"
_FACET_FIELDS = {
    "type": "type",
    "kind": "kind",
    "category": "category",
    "product": "product",
    "solved": "solved",
    "rating": "rating",
}


def schema() -> Schema:
    ana = analyzer()
    return Schema(
        doc_id=ID(unique=True, stored=True),
        type=ID(stored=True, sortable=True),
        obj_id=STORED(),
        title=TEXT(analyzer=ana, stored=True, field_boost=TITLE_BOOST),
        body=TEXT(analyzer=ana, stored=True),
        heading=STORED(),
        url=STORED(),
        words=KEYWORD(lowercase=True, scorable=False),
        category=ID(stored=True, sortable=True),
        product=ID(stored=True, sortable=True),
        kind=ID(stored=True, sortable=True),
        solved=ID(stored=True, sortable=True),
        rating=ID(stored=True, sortable=True),
        staff_only=ID(),
        author=ID(stored=True),
        accepted=STORED(),
        created_at=DATETIME(stored=True, sortable=True),
    )


def _s(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


class WhooshBackend(SearchBackend):
    name = "whoosh"

    def __init__(self, path: str) -> None:
        self.path = path
        self._ix: whoosh_index.Index | None = None

    # -- opening ---------------------------------------------------------------------------
    def _open(self) -> whoosh_index.Index:
        if self._ix is None:
            os.makedirs(self.path, exist_ok=True)
            # Two processes starting on an empty folder must not both create the index.
            with open(os.path.join(self.path, ".create.lock"), "a+") as fh:
                fcntl.flock(fh, fcntl.LOCK_EX)
                try:
                    if whoosh_index.exists_in(self.path, indexname=INDEX_NAME):
                        self._ix = whoosh_index.open_dir(self.path, indexname=INDEX_NAME)
                    else:
                        self._ix = whoosh_index.create_in(self.path, schema(), indexname=INDEX_NAME)
                finally:
                    fcntl.flock(fh, fcntl.LOCK_UN)
        return self._ix

    def _writer(self):  # type: ignore[no-untyped-def]
        return self._open().writer(timeout=LOCK_TIMEOUT, delay=0.05)

    # -- writing ---------------------------------------------------------------------------
    @staticmethod
    def _fields(doc: SearchDocument) -> dict[str, object]:
        fields: dict[str, object] = {
            "doc_id": doc.doc_id,
            "type": doc.type,
            "obj_id": doc.obj_id,
            "title": doc.title,
            "body": doc.body,
            "heading": doc.heading,
            "url": doc.url,
            "words": " ".join(sorted(set(spelling_words(f"{doc.title} {doc.body}")))) if not doc.staff_only else "",
            "category": _s(doc.category_id),
            "product": _s(doc.product_id),
            "kind": _s(doc.kind),
            "solved": _s(doc.solved),
            "rating": _s(doc.rating),
            "staff_only": _s(doc.staff_only),
            "author": doc.author or "",
            "accepted": bool(doc.extra.get("accepted")),
            "_boost": float(doc.boost or 1.0),
        }
        if doc.created_at is not None:
            fields["created_at"] = doc.created_at
        return fields

    def apply(self, docs: list[SearchDocument], delete_ids: list[str]) -> None:
        if not docs and not delete_ids:
            return
        writer = self._writer()
        try:
            for doc_id in delete_ids:
                writer.delete_by_term("doc_id", doc_id)
            for doc in docs:
                writer.update_document(**self._fields(doc))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def index(self, docs: Iterable[SearchDocument]) -> None:
        self.apply(list(docs), [])

    def delete(self, doc_ids: Iterable[str]) -> None:
        self.apply([], list(doc_ids))

    def bulk_writer(self):  # type: ignore[no-untyped-def]
        """For reindexing: one writer, bigger memory budget, merged at the end."""
        return self._open().writer(timeout=LOCK_TIMEOUT, delay=0.05, limitmb=128)

    def clear(self) -> None:
        writer = self._writer()
        writer.commit(mergetype=CLEAR)

    # -- reading ---------------------------------------------------------------------------
    def count(self) -> int:
        return self._open().doc_count()

    def doc_ids(self) -> list[str]:
        with self._open().searcher() as s:
            return [f["doc_id"] for f in s.reader().all_stored_fields()]

    @staticmethod
    def _clause(c: Clause) -> WQuery:
        if c.phrase:
            return Or([Phrase("title", c.tokens), Phrase("body", c.tokens)])
        parts = [Or([Term("title", t), Term("body", t)]) for t in c.tokens]
        return parts[0] if len(parts) == 1 else And(parts)

    def compile(self, query: Query, match_any: bool = False) -> WQuery:
        positives = [self._clause(c) for c in query.must]
        if not positives:
            q: WQuery = Every()
        elif len(positives) == 1:
            q = positives[0]
        else:
            q = Or(positives) if match_any else And(positives)
        if query.must_not:
            q = AndNot(q, Or([self._clause(c) for c in query.must_not]))
        return q

    @staticmethod
    def _filter(filters: Filters) -> WQuery | None:
        terms = []
        for fieldname, value in (
            ("type", filters.type),
            ("category", filters.category_id),
            ("product", filters.product_id),
            ("kind", filters.kind),
            ("solved", filters.solved),
            ("rating", filters.rating),
        ):
            if value is not None:
                terms.append(Term(fieldname, _s(value)))
        return And(terms) if terms else None

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
        q = self.compile(query, match_any)
        ix = self._open()
        with ix.searcher(weighting=scoring.BM25F(B=0.75, K1=1.2)) as s:
            kwargs: dict[str, object] = {"limit": page * per_page}
            flt = self._filter(filters)
            if flt is not None:
                kwargs["filter"] = flt
            if not staff:
                kwargs["mask"] = Term("staff_only", "1")
            if sort == "newest":
                kwargs["sortedby"] = sorting.FieldFacet("created_at", reverse=True)
            if facets:
                kwargs["groupedby"] = {name: sorting.FieldFacet(fld) for name, fld in _FACET_FIELDS.items()}
                kwargs["maptype"] = sorting.Count
            results = s.search(q, **kwargs)
            hits = []
            start = (page - 1) * per_page
            for hit in results[start : start + per_page]:
                f = hit.fields()
                created = f.get("created_at")
                hits.append(
                    Hit(
                        doc_id=f["doc_id"],
                        type=f["type"],
                        obj_id=int(f["obj_id"]),
                        title=f.get("heading") or f.get("title") or "",
                        body=f.get("body") or "",
                        url=f.get("url") or "",
                        score=float(hit.score or 0.0),
                        created_at=created if isinstance(created, datetime) else None,
                        extra={
                            "accepted": bool(f.get("accepted")),
                            "solved": f.get("solved") == "1",
                            "kind": f.get("kind") or None,
                        },
                    )
                )
            counts: dict[str, dict[str, int]] = {}
            if facets:
                for name in _FACET_FIELDS:
                    groups = results.groups(name)
                    counts[name] = {
                        (v.decode() if isinstance(v, bytes) else str(v)): int(n)
                        for v, n in groups.items()
                        if v not in (None, "", b"")
                    }
            return Results(hits=hits, total=len(results), facets=counts)

    def corrections(self, words: list[str], staff: bool) -> dict[str, str]:
        out: dict[str, str] = {}
        with self._open().searcher() as s:
            reader = s.reader()
            for word in words:
                w = word.casefold()
                if not w.isascii() or not w.isalpha() or len(w) < 3:
                    continue
                if reader.doc_frequency("words", w):
                    continue
                found = s.suggest("words", w, limit=1, maxdist=1 if len(w) <= 4 else 2)
                if found:
                    out[word] = found[0]
        return out
