"""The PostgreSQL backend's batched upsert (one INSERT ... ON CONFLICT per batch) writes exactly what
one upsert per document wrote, keeps the last version of a doc_id given twice in a batch, and a
rebuild through it answers searches exactly as the index the outbox events built."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from community.extensions import db
from community.search import indexer
from community.search.backend import get_backend
from community.search.documents import SearchDocument
from tests.search.helpers import api_search, index_now, index_one_row_per_statement, resync, stored_rows

EN = ["battery", "pairing", "firmware", "noise", "cancelling", "charging", "case", "bluetooth", "latency"]
ZH = ["续航", "降噪耳机", "蓝牙", "充电盒", "售后", "音质"]


@pytest.fixture(autouse=True)
def _postgres_only(app):  # type: ignore[no-untyped-def]
    if app.config["BACKEND"] != "postgres":
        pytest.skip("the batched upsert is the PostgreSQL backend's")


def _doc(n: int, **kw) -> SearchDocument:  # type: ignore[no-untyped-def]
    """Varied documents: English and Chinese, full-width text, quotes and backslashes (tsvector
    escaping), empty and NULL fields, flags and boosts."""
    words = [EN[(n * 7 + i) % len(EN)] for i in range(3 + n % 5)]
    fields = {
        "doc_id": f"post:{n}",
        "type": "post",
        "obj_id": n,
        "title": f"{words[0].title()} {ZH[n % len(ZH)]} it's \\{n}" if n % 2 else "",
        "heading": f"Thread {n}",
        "body": " ".join(words) + ("，这款的续航很差，但是降噪很好。" if n % 3 == 0 else " ＢＡＴＴＥＲＹ o'clock."),
        "url": f"/p/{n}",
        "category_id": n % 4 or None,
        "product_id": 7 if n % 5 == 0 else None,
        "kind": ("question", "discussion", None)[n % 3],
        "solved": (True, False, None)[n % 3],
        "rating": n % 6 or None,
        "author": f"user{n}" if n % 4 else "",
        "created_at": datetime(2026, 1, 1) + timedelta(hours=n) if n % 7 else None,
        "staff_only": n % 9 == 0,
        "boost": 1.5 if n % 8 == 0 else 1.0,
        "extra": {"accepted": n % 8 == 0},
    }
    fields.update(kw)
    return SearchDocument(**fields)


def _hits(client, q: str) -> tuple:  # type: ignore[no-untyped-def]
    data = api_search(client, q)
    return data["total"], [(i["type"], i["id"], round(i["score"], 6)) for i in data["items"]], data.get("facets")


def test_batched_upsert_writes_what_one_upsert_per_document_wrote(app, ctx):
    docs = [_doc(n) for n in range(1, 41)]
    index_one_row_per_statement(docs)
    db.session.commit()
    expected = stored_rows()
    get_backend().clear()
    backend = get_backend()
    for start in range(0, len(docs), 15):
        backend.index(docs[start : start + 15])
    db.session.commit()
    assert len(expected) == 40
    assert stored_rows() == expected


def test_duplicate_doc_id_in_a_batch_keeps_the_last_version(app, ctx):
    first = _doc(1, title="Crackling left earbud", body="crackling static")
    last = _doc(1, title="Pairing works now", body="pairing fixed", category_id=3, solved=True)
    get_backend().index([first, _doc(2), last, _doc(3)])
    db.session.commit()
    index_one_row_per_statement([_doc(2), last, _doc(3)])  # what the stored rows must be
    db.session.commit()
    expected = stored_rows()
    get_backend().clear()
    get_backend().index([first, _doc(2), last, _doc(3)])
    db.session.commit()
    assert stored_rows() == expected
    assert [r[0] for r in expected] == ["post:1", "post:2", "post:3"]
    assert expected[0][3] == "Pairing works now"


def test_update_replaces_the_existing_document(app, ctx, client):
    backend = get_backend()
    backend.index([_doc(1, title="Crackling left earbud", body="crackling static", category_id=1), _doc(2)])
    db.session.commit()
    assert api_search(client, "crackling")["total"] == 1
    updated = _doc(1, title="Pairing works now", body="Reset fixed it", category_id=3, solved=True, boost=2.0)
    backend.index([updated])
    db.session.commit()
    assert api_search(client, "crackling")["total"] == 0
    data = api_search(client, "reset")
    assert [(i["type"], i["id"]) for i in data["items"]] == [("post", 1)]
    assert {r["value"]: r["count"] for r in data["facets"]["category"]} == {"3": 1}
    # every column replaced, none left from the first version: the row equals a fresh insert
    rows = stored_rows()
    backend.clear()
    index_one_row_per_statement([updated, _doc(2)])
    db.session.commit()
    assert rows == stored_rows()


def test_reindex_finds_what_the_event_built_index_found(app, client, factory, monkeypatch):
    cat = factory.category("Headphones", slug="headphones")
    for n in range(9):  # distinct titles: near-duplicate threads are held for review
        words = " ".join(EN[(n + i) % len(EN)] for i in range(4))
        thread = factory.thread(category=cat, title=f"{words} {ZH[n % len(ZH)]}", body=f"{words} 这款的续航很差 ({n})")
        replies = [
            factory.reply(thread, body=f"{EN[(n * 3 + k) % len(EN)]} {ZH[(n + k) % len(ZH)]} helps on unit {n}-{k}")
            for k in range(3)
        ]
        if n % 4 == 0:  # accepted answers and solved questions carry a boost
            thread.solution_post_id = replies[-1].id
            db.session.commit()
            resync("thread", thread.id)
    index_now()
    queries = [*EN, *ZH, '"noise cancelling"', "battery -firmware"]
    before = {q: _hits(client, q) for q in queries}
    assert sum(total for total, *_ in before.values()) > 0
    rows_before = stored_rows()
    monkeypatch.setattr(indexer, "BATCH", 5)  # several batches, the last one short
    result = app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert f"Indexed {len(rows_before)} documents" in result.output and len(rows_before) == 36
    assert {q: _hits(client, q) for q in queries} == before
    assert stored_rows() == rows_before


def test_the_upsert_writes_every_column():
    """A column added to SearchRow must be added to the batched upsert too (or it stays at its default)."""
    from community.search.models import SearchRow
    from community.search.postgres_backend import _UPSERT_COLUMNS

    assert {name for name, _ in _UPSERT_COLUMNS} | {"indexed_at"} == set(SearchRow.__table__.c.keys())
