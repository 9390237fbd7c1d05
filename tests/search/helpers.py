"""Shared helpers for search tests: apply outbox events, and the PostgreSQL index before batching."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Text, cast, func, literal, select, update
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.dialects.postgresql import insert as pg_insert

from community.extensions import db
from community.outbox import OutboxEvent, drain, emit
from community.search import analysis
from community.search.documents import SearchDocument
from community.search.models import SearchRow
from community.search.postgres_backend import tsvector_literal
from community.timeutil import utcnow


def index_now() -> None:
    """Apply every pending event, including ones waiting for a retry (time travel)."""
    for _ in range(20):
        db.session.execute(
            update(OutboxEvent)
            .where(OutboxEvent.processed_at.is_(None), OutboxEvent.dead_at.is_(None))
            .values(available_at=utcnow(), claimed_at=None)
        )
        db.session.commit()
        if not drain(limit=10_000):
            break


def resync(type_: str, obj_id: int) -> None:
    emit("search.upsert", type=type_, id=obj_id)
    db.session.commit()
    index_now()


def api_search(client, q: str, **params):  # type: ignore[no-untyped-def]
    resp = client.get("/api/v1/search", query_string={"q": q, **params})
    assert resp.status_code == 200, resp.get_data(as_text=True)
    return resp.get_json()


def ids(data: dict, type_: str | None = None) -> set[str]:
    return {f"{i['type']}:{i['id']}" for i in data["items"] if type_ is None or i["type"] == type_}


def index_one_row_per_statement(docs: Iterable[SearchDocument]) -> None:
    """PostgresBackend.index as it was before batching: one ORM INSERT ... ON CONFLICT DO UPDATE per
    document. Kept verbatim as the oracle for what the batched upsert must write (tests) and as the
    baseline the PostgreSQL indexing benchmark measures against (tests/bench/bench_search.py)."""
    for doc in docs:
        tsv, tokens = tsvector_literal(doc.title, doc.body)
        values = {
            "doc_id": doc.doc_id,
            "type": doc.type,
            "obj_id": doc.obj_id,
            "title": doc.title,
            "heading": doc.heading,
            "body": doc.body,
            "url": doc.url,
            "category_id": doc.category_id,
            "product_id": doc.product_id,
            "kind": doc.kind,
            "solved": doc.solved,
            "accepted": bool(doc.extra.get("accepted")),
            "rating": doc.rating,
            "author": doc.author or "",
            "created_at": doc.created_at,
            "staff_only": doc.staff_only,
            "boost": float(doc.boost or 1.0),
            "tokens": tokens,
            "words": " ".join(sorted(set(analysis.spelling_words(f"{doc.title} {doc.body}")))),
            "tsv": cast(literal(tsv), TSVECTOR),
            "indexed_at": func.now(),
        }
        stmt = pg_insert(SearchRow).values(**values)
        stmt = stmt.on_conflict_do_update(
            index_elements=[SearchRow.doc_id],
            set_={k: stmt.excluded[k] for k in values if k != "doc_id"},
        )
        db.session.execute(stmt)


def stored_rows() -> list[tuple]:
    """Every search_documents row as written (tsvector as text), but for indexed_at, by doc_id."""
    cols = [c for c in SearchRow.__table__.c if c.name not in ("tsv", "indexed_at")]
    stmt = select(*cols, cast(SearchRow.tsv, Text)).order_by(SearchRow.doc_id)
    return [tuple(r) for r in db.session.execute(stmt)]
