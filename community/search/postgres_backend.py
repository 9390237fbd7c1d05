"""PostgreSQL full-text backend: one shared index for any number of app nodes.

Rows live in search_documents (community/search/models.py). Writes go through db.session, so
an outbox event's index change commits in the same transaction that marks the event done:
either both happen or the event is retried. The tsvector is written as a literal built from
Python-side analysis (positions, weight A for title, B for body); queries are built as tsquery
literals from the parsed AST (never from user syntax) and ranked with ts_rank_cd, multiplied by
the document boost (accepted answers, solved questions). Only the newest CANDIDATE_LIMIT matches
are ranked and facet-counted, so a word in 15% of a million posts costs about what a rare one does.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from datetime import datetime

from flask import current_app
from sqlalchemy import Float, and_, bindparam, cast, delete, desc, func, select, text
from sqlalchemy.dialects.postgresql import TSQUERY

from community.extensions import db
from community.search import analysis, spelling
from community.search.backend import Filters, Hit, Results, SearchBackend
from community.search.documents import SearchDocument
from community.search.models import SearchRow
from community.search.query import Clause, Query

MAX_POSITION = 16383  # PostgreSQL caps tsvector positions here
# ts_rank_cd weights in the order {D, C, B, A}: a title match counts 2.5 times a body match.
RANK_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"
VOCABULARY_TTL = 60.0
VOCABULARY_SAMPLE = 20000
# A search ranks, counts and facets at most this many matches: the newest ones. A word found in
# 15% of a million posts would otherwise rank and facet-count 150,000 rows per request (seconds).
# 1,000 covers every reachable page (service.MAX_PAGE x PER_PAGE), so "newest" is exact; beyond it
# the total is a lower bound (Results.total_lower_bound) and relevance ranks the newest matches.
CANDIDATE_LIMIT = 1000
_FACET_COLUMNS = {
    "type": SearchRow.type,
    "kind": SearchRow.kind,
    "category": SearchRow.category_id,
    "product": SearchRow.product_id,
    "solved": SearchRow.solved,
    "rating": SearchRow.rating,
}


def _lexeme(tok: str) -> str:
    return "'" + tok.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(title: str, body: str) -> tuple[str, str]:
    """(tsvector literal, segmented token string). Body positions start after the title's."""
    tsv, tokens, _words = analyze(title, body)
    return tsv, tokens


def analyze(title: str, body: str) -> tuple[str, str, str]:
    """(tsvector literal, segmented token string, spelling words) in one pass over the text.

    Analysis is most of what indexing costs once the rows go in batches, so the spelling words
    ("did you mean" vocabulary) come from the same tokens instead of a second normalization and
    scan: analysis.spelling_words(f"{title} {body}") keeps exactly the unstemmed ASCII words of
    3 to 24 letters that are not stop words, which are the Latin tokens' source text.
    """
    positions: dict[str, list[str]] = {}
    words: list[str] = []
    spelling: set[str] = set()
    base = 1
    for text_, weight in ((title, "A"), (body, "B")):
        norm = analysis.normalize(text_)
        toks = analysis.tokens_of_normalized(norm)
        for tok in toks:
            pos = min(base + tok.pos, MAX_POSITION)
            positions.setdefault(tok.text, []).append(f"{pos}{weight}")
            words.append(tok.text)
            if 3 <= tok.end - tok.start <= 24:
                source = norm[tok.start : tok.end]
                if source.isascii() and source.isalpha():
                    spelling.add(source)
        # a gap, so a phrase never spans title and body (positions never decrease)
        base += (toks[-1].pos if toks else 0) + 2
    literal_ = " ".join(f"{_lexeme(t)}:{','.join(p[:256])}" for t, p in positions.items())
    return literal_, " ".join(words), " ".join(sorted(spelling))


def _when(value: datetime | None) -> float:
    return value.timestamp() if value else 0.0


def _facet_key(value: object) -> str:
    return ("1" if value else "0") if isinstance(value, bool) else str(value)


def _clause_tsquery(c: Clause) -> str:
    joiner = " <-> " if c.phrase else " & "
    return "(" + joiner.join(_lexeme(t) for t in c.tokens) + ")"


def compile_tsquery(query: Query, match_any: bool = False) -> str:
    pos = (" | " if match_any else " & ").join(_clause_tsquery(c) for c in query.must)
    neg = " & ".join(f"!{_clause_tsquery(c)}" for c in query.must_not)
    if pos and neg:
        return f"({pos}) & {neg}"
    return pos or neg


# What index() writes (every search_documents column but indexed_at): each column travels as one
# array parameter, cast to the SQL array type here, and unnest() turns the arrays back into rows.
# The statement text is the same for any batch size, so psycopg prepares it once per connection,
# and there is no bind-parameter limit (65,535) to hit, which a VALUES list of 20 parameters a
# row would reach at about 3,300 rows.
_UPSERT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("doc_id", "text[]"),
    ("type", "text[]"),
    ("obj_id", "integer[]"),
    ("title", "text[]"),
    ("heading", "text[]"),
    ("body", "text[]"),
    ("url", "text[]"),
    ("category_id", "integer[]"),
    ("product_id", "integer[]"),
    ("kind", "text[]"),
    ("solved", "boolean[]"),
    ("accepted", "boolean[]"),
    ("rating", "integer[]"),
    ("author", "text[]"),
    ("created_at", "timestamp[]"),
    ("staff_only", "boolean[]"),
    ("boost", "float8[]"),
    ("tokens", "text[]"),
    ("words", "text[]"),
    ("tsv", "tsvector[]"),
)
_UPSERT = text(
    "INSERT INTO search_documents ({names}, indexed_at) "
    "SELECT u.*, now() FROM unnest({arrays}) AS u({names}) "
    "ON CONFLICT (doc_id) DO UPDATE SET {updates}, indexed_at = excluded.indexed_at".format(
        names=", ".join(name for name, _ in _UPSERT_COLUMNS),
        arrays=", ".join(f"CAST(:{name} AS {type_})" for name, type_ in _UPSERT_COLUMNS),
        updates=", ".join(f"{name} = excluded.{name}" for name, _ in _UPSERT_COLUMNS if name != "doc_id"),
    )
)


def _row(doc: SearchDocument) -> dict[str, object]:
    """One document's column values for _UPSERT (the analysis happens here, in Python)."""
    tsv, tokens, words = analyze(doc.title, doc.body)
    return {
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
        "words": words,
        "tsv": tsv,
    }


class PostgresBackend(SearchBackend):
    name = "postgres"
    transactional = True

    def __init__(self) -> None:
        self._vocab: dict[bool, tuple[float, dict[str, int]]] = {}

    def index(self, docs: Iterable[SearchDocument]) -> None:
        """Upsert a batch in one statement: a reindex used to send one INSERT per document and spent
        most of its time building and compiling them in SQLAlchemy (~100 docs/s at 1M posts).

        A doc_id given twice keeps its last version: PostgreSQL refuses to update one row twice in a
        statement ("ON CONFLICT DO UPDATE command cannot affect row a second time"). Rows go in
        doc_id order so two writers upserting overlapping batches lock rows in the same order.
        """
        latest = {doc.doc_id: doc for doc in docs}
        if not latest:
            return
        columns: dict[str, list[object]] = {name: [] for name, _ in _UPSERT_COLUMNS}
        for doc_id in sorted(latest):
            for name, value in _row(latest[doc_id]).items():
                columns[name].append(value)
        db.session.execute(_UPSERT, columns)

    def delete(self, doc_ids: Iterable[str]) -> None:
        ids = list(doc_ids)
        if ids:
            db.session.execute(delete(SearchRow).where(SearchRow.doc_id.in_(ids)))

    def clear(self) -> None:
        db.session.execute(delete(SearchRow))
        db.session.commit()

    def count(self) -> int:
        return db.session.scalar(select(func.count()).select_from(SearchRow)) or 0

    def doc_ids(self) -> list[str]:
        return list(db.session.scalars(select(SearchRow.doc_id)))

    def _where(self, query: Query, filters: Filters, staff: bool, match_any: bool):  # type: ignore[no-untyped-def]
        tsq = cast(bindparam("tsq", compile_tsquery(query, match_any)), TSQUERY)
        conds = [SearchRow.tsv.op("@@")(tsq)]
        if not staff:
            conds.append(SearchRow.staff_only.is_(False))
        for col, value in (
            (SearchRow.type, filters.type),
            (SearchRow.category_id, filters.category_id),
            (SearchRow.product_id, filters.product_id),
            (SearchRow.kind, filters.kind),
            (SearchRow.solved, filters.solved),
            (SearchRow.rating, filters.rating),
        ):
            if value is not None:
                conds.append(col == value)
        return and_(*conds), tsq

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
        where, tsq = self._where(query, filters, staff, match_any)
        limit = int(current_app.config.get("SEARCH_CANDIDATE_LIMIT") or CANDIDATE_LIMIT)
        # Phase 1: the newest `limit` matches, by doc_id only, so PostgreSQL can walk the created_at
        # index (or top-N sort a bitmap scan) without ranking or fetching every match.
        newest = (
            select(SearchRow.doc_id)
            .where(where)
            .order_by(desc(SearchRow.created_at), desc(SearchRow.doc_id))
            .limit(limit)
            .subquery()
        )
        # Phase 2: rank just those (ts_rank_cd reads each tsvector, the costly part), with the
        # facet columns, so counts come from the same bounded set.
        weights = text(f"'{RANK_WEIGHTS}'::float4[]")
        rank = func.ts_rank_cd(weights, SearchRow.tsv, tsq, 1) * cast(SearchRow.boost, Float)
        facet_cols = list(_FACET_COLUMNS.values())
        cands = db.session.execute(
            select(SearchRow.doc_id, SearchRow.created_at, rank, *facet_cols).join(
                newest, newest.c.doc_id == SearchRow.doc_id
            )
        ).all()
        if sort == "newest":
            cands.sort(key=lambda c: (c[1] is None, _when(c[1]), c[0]), reverse=True)
        else:
            cands.sort(key=lambda c: (float(c[2] or 0.0), c[1] is None, _when(c[1])), reverse=True)
        start = (page - 1) * per_page
        shown = [(c[0], float(c[2] or 0.0)) for c in cands[start : start + per_page]]
        by_id = {
            r.doc_id: r
            for r in db.session.scalars(select(SearchRow).where(SearchRow.doc_id.in_([d for d, _ in shown])))
        }
        hits = [
            Hit(
                doc_id=r.doc_id,
                type=r.type,
                obj_id=r.obj_id,
                title=r.heading or r.title,
                body=r.body,
                url=r.url,
                score=score,
                created_at=r.created_at,
                extra={"accepted": r.accepted, "solved": bool(r.solved), "kind": r.kind},
            )
            for r, score in ((by_id[d], s) for d, s in shown if d in by_id)
        ]
        counts: dict[str, dict[str, int]] = {}
        if facets:
            for i, name in enumerate(_FACET_COLUMNS, start=3):
                values = Counter(c[i] for c in cands if c[i] is not None)
                counts[name] = {_facet_key(v): n for v, n in values.items()}
        return Results(hits=hits, total=len(cands), facets=counts, total_lower_bound=len(cands) >= limit)

    def _vocabulary(self, staff: bool) -> dict[str, int]:
        """Unstemmed English words with document counts in the newest VOCABULARY_SAMPLE documents,
        cached for a minute per process. ts_stat over every document takes ~10 s at 1M posts, paid by
        one search a minute; suggestions are common words, which a recent sample holds."""
        cached = self._vocab.get(staff)
        if cached and time.monotonic() - cached[0] < VOCABULARY_TTL:
            return cached[1]
        where = "" if staff else " WHERE NOT staff_only"
        sample = (
            f"SELECT to_tsvector(''simple'', words) FROM (SELECT words FROM search_documents{where}"
            f" ORDER BY created_at DESC LIMIT {int(VOCABULARY_SAMPLE)}) s"
        )
        rows = db.session.execute(text(f"SELECT word, ndoc FROM ts_stat('{sample}')"))
        vocab = {w: int(n) for w, n in rows}
        self._vocab[staff] = (time.monotonic(), vocab)
        return vocab

    def _indexed(self, word: str, staff: bool) -> bool:
        """Whether any document has the word: the sampled vocabulary may miss a rare, correct one."""
        toks = analysis.tokens(word)
        if not toks:
            return True
        tsq = cast(bindparam("tsq", " & ".join(_lexeme(t.text) for t in toks)), TSQUERY)
        stmt = select(SearchRow.doc_id).where(SearchRow.tsv.op("@@")(tsq)).limit(1)
        if not staff:
            stmt = stmt.where(SearchRow.staff_only.is_(False))
        return db.session.scalar(stmt) is not None

    def corrections(self, words: list[str], staff: bool) -> dict[str, str]:
        candidates = [w for w in words if w.casefold().isascii() and w.isalpha() and len(w) >= 3]
        if not candidates:
            return {}
        vocab = self._vocabulary(staff)
        out = {}
        for word in candidates:
            found = spelling.best(word.casefold(), vocab)
            if found and not self._indexed(word, staff):
                out[word] = found
        return out
