"""Whoosh index in the instance folder: the embedded (single machine) backend.

Whoosh allows one writer at a time (a file lock, flock-based, so it holds across processes and
across threads that open their own writer). Only the outbox consumer and `flask search reindex`
write. A writer waits up to LOCK_TIMEOUT for the lock and then raises LockError; the outbox
retries the event later, so a locked index delays an update but never loses it. A process
killed mid-write leaves uncommitted segment files that the next commit ignores: the table of
contents is replaced atomically on commit.

Why it is laid out this way (pure Python has to be frugal to answer in milliseconds at 100k posts):

- One indexed text field. Title tokens carry weight TITLE_BOOST, body tokens 1, so a term's
  weight in a document is the field-weighted term frequency that BM25F saturates, and a query
  word is one posting list instead of an OR over title and body.
- Phrases are looked up in a field of adjacent word pairs ("battery life" is one term), so a
  phrase costs one posting list instead of reading positions of every document holding both
  words. Longer phrases need every adjacent pair.
- Which documents match (for the total and the facet counts) is computed with set operations on
  whole posting blocks; the facet values of every document sit in one column that is read once
  per segment and cached (segments never change). Only the ranked top of the page is scored,
  by Whoosh's block-max collector, and only the displayed hits' stored fields are loaded.
- A searcher is kept per thread and refreshed only when the index generation changed.
"""

from __future__ import annotations

import fcntl
import heapq
import itertools
import math
import os
import threading
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from whoosh import columns, scoring
from whoosh import index as whoosh_index
from whoosh.analysis import Token, Tokenizer
from whoosh.fields import COLUMN, DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.query import Phrase
from whoosh.writing import CLEAR

from community.search import analysis
from community.search.analysis import spelling_words
from community.search.backend import Filters, Hit, Results, SearchBackend
from community.search.documents import SearchDocument
from community.search.query import Clause, Query

LOCK_TIMEOUT = 10.0
K1 = 1.2
B = 0.75
TITLE_BOOST = 2.5
# v2: one weighted text field + word pairs + a facet column (see the module docstring).
INDEX_NAME = "community_v2"
FACET_NAMES = ("type", "kind", "category", "product", "solved", "rating")
_SEP = "\x1f"
PAIR_JOIN = " "  # tokens never contain spaces


class Analyzed(str):
    """A field value whose tokens were computed once per document (title and body together)."""

    toks: list[tuple[str, float, int]]


def _analyzed(toks: list[tuple[str, float, int]]) -> Analyzed:
    value = Analyzed("")
    value.toks = toks
    return value


class PreparedTokenizer(Tokenizer):
    """Yields the tokens an Analyzed value carries (with their boosts); plain strings are analyzed."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PreparedTokenizer)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        if isinstance(value, Analyzed):
            toks = value.toks
        else:
            toks = [(tok.text, 1.0, tok.pos) for tok in analysis.tokens(value, index=mode != "query")]
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for text, boost, pos in toks:
            t.text = text
            t.boost = boost
            t.stopped = False
            if keeporiginal:
                t.original = text
            if positions:
                t.pos = start_pos + pos
            yield t


def schema() -> Schema:
    tok = PreparedTokenizer()
    return Schema(
        doc_id=ID(unique=True, stored=True),
        obj_id=STORED(),
        # indexed: one text field (title weighted in), adjacent pairs for phrases
        text=TEXT(analyzer=tok, phrase=False),
        pairs=TEXT(analyzer=tok, phrase=True),
        words=KEYWORD(lowercase=True, scorable=False),
        # filters
        type=ID(stored=True),
        category=ID(),
        product=ID(),
        kind=ID(stored=True),
        solved=ID(stored=True),
        rating=ID(),
        staff_only=ID(),
        # facet values of a document in one column, read per segment for counting
        facets=COLUMN(columns.VarBytesColumn()),
        created_at=DATETIME(stored=True, sortable=True),
        # shown in results and snippets only
        title=STORED(),
        body=STORED(),
        heading=STORED(),
        url=STORED(),
        author=STORED(),
        accepted=STORED(),
    )


def _s(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def _token_groups(text: str, boost: float) -> list[list[tuple[str, float]]]:
    """Index tokens grouped by position (a long Chinese word and its sub-words share one)."""
    groups: list[list[tuple[str, float]]] = []
    last = None
    for tok in analysis.tokens(text):
        if tok.pos != last:
            groups.append([])
            last = tok.pos
        groups[-1].append((tok.text, boost))
    return groups


def _pairs(groups: list[list[tuple[str, float]]], offset: int) -> list[tuple[str, float, int]]:
    """Adjacent word pairs, positioned at their first word (longer phrases chain pairs)."""
    out = []
    for pos, (left, right) in enumerate(itertools.pairwise(groups)):
        for a, boost in left:
            for b, _ in right:
                out.append((a + PAIR_JOIN + b, boost, offset + pos))
    return out


def phrase_pairs(tokens: list[str]) -> list[str]:
    return [a + PAIR_JOIN + b for a, b in itertools.pairwise(tokens)]


class _Leaf:
    """Per-segment data read once (segments never change): facet keys, dates, field lengths."""

    def __init__(self, reader: Any) -> None:
        n = reader.doc_count_all()
        self.n = n
        if reader.has_column("facets"):
            self.facets: list[bytes] = list(reader.column_reader("facets", translate=False))
        else:
            self.facets = [b""] * n
        if reader.has_column("created_at"):
            self.created: list[Any] = list(reader.column_reader("created_at", translate=False))
        else:
            self.created = [0] * n
        self._lengths: dict[str, list[int]] = {}

    def lengths(self, fieldname: str, reader: Any) -> list[int]:
        """Field lengths (as Whoosh stores them: one byte, approximate); reader: this segment's."""
        if fieldname not in self._lengths:
            self._lengths[fieldname] = [reader.doc_field_length(d, fieldname, 0) or 0 for d in range(self.n)]
        return self._lengths[fieldname]


def _segment_postings(reader: Any, fieldname: str, btext: bytes) -> tuple[list[int], list[float]]:
    """A term's postings in one segment (local docnums, weights), decoded a block at a time."""
    m = reader._terms.matcher(fieldname, btext, reader.schema[fieldname].format)
    ids: list[int] = []
    weights: list[float] = []
    if all(hasattr(m, a) for a in ("_read_data", "_next_block", "_byteids", "_blocklength")):
        while m.is_active():
            if m._data is None:
                m._read_data()
            block_ids, block_weights = m._data[0], m._data[1]
            ids.extend(block_ids if m._byteids else itertools.accumulate(block_ids))
            n = m._blocklength
            if block_weights is None:
                weights.extend(itertools.repeat(1.0, n))
            elif isinstance(block_weights, float):
                weights.extend(itertools.repeat(block_weights, n))
            else:
                weights.extend(block_weights)
            m._next_block()
    else:  # another codec or an inlined list: the generic (slower) way
        while m.is_active():
            ids.append(m.id())
            weights.append(m.weight())
            m.next()
    return ids, weights


class _View:
    """One searcher (one index generation) and the global per-document arrays built from it."""

    def __init__(self, searcher: Any, leaves: dict[str, _Leaf]) -> None:
        self.searcher = searcher
        self.leaves = searcher.reader().leaf_readers()  # [(reader, offset)]
        self.doc_count = searcher.doc_count_all()
        self.facets: list[bytes] = []
        self.created: list[Any] = []
        self._leaf_objs: list[_Leaf] = []
        for reader, _offset in self.leaves:
            key = _segment_key(reader)
            leaf = leaves.get(key)
            if leaf is None:
                leaf = leaves[key] = _Leaf(reader)
            self._leaf_objs.append(leaf)
            self.facets.extend(leaf.facets)
            self.created.extend(leaf.created)
        self._lengths: dict[str, list[int]] = {}
        self._avg: dict[str, float] = {}
        self.memo: dict[tuple[str, str], tuple[list[int], list[float]]] = {}

    def lengths(self, fieldname: str) -> list[int]:
        if fieldname not in self._lengths:
            out: list[int] = []
            for leaf, (reader, _offset) in zip(self._leaf_objs, self.leaves, strict=True):
                out.extend(leaf.lengths(fieldname, reader))
            self._lengths[fieldname] = out
        return self._lengths[fieldname]

    def avg_length(self, fieldname: str) -> float:
        if fieldname not in self._avg:
            self._avg[fieldname] = self.searcher.avg_field_length(fieldname, 1.0) or 1.0
        return self._avg[fieldname]

    def postings(self, fieldname: str, text: str) -> tuple[list[int], list[float]]:
        """Global docnums and weights of a term's live postings (kept for the current search)."""
        key = (fieldname, text)
        if key in self.memo:
            return self.memo[key]
        self.memo[key] = self._postings(fieldname, text)
        return self.memo[key]

    def _postings(self, fieldname: str, text: str) -> tuple[list[int], list[float]]:
        btext = text.encode("utf-8")
        ids: list[int] = []
        weights: list[float] = []
        for reader, offset in self.leaves:
            if (fieldname, btext) not in reader:
                continue
            seg_ids, seg_weights = _segment_postings(reader, fieldname, btext)
            deleted = reader.deleted_docs_set
            if deleted:
                keep = [i for i, d in enumerate(seg_ids) if d not in deleted]
                seg_ids = [seg_ids[i] for i in keep]
                seg_weights = [seg_weights[i] for i in keep]
            ids.extend(map(offset.__add__, seg_ids) if offset else seg_ids)
            weights.extend(seg_weights)
        return ids, weights

    def term_docs(self, fieldname: str, text: str) -> set[int]:
        return set(self.postings(fieldname, text)[0])

    def all_docs(self) -> set[int]:
        out: set[int] = set()
        for reader, offset in self.leaves:
            out.update(offset + d for d in reader.all_doc_ids())
        return out


def _segment_key(reader: Any) -> str:
    seg = reader.segment() if hasattr(reader, "segment") else None
    return f"{seg.segment_id()}:{reader.doc_count_all()}" if seg is not None else str(id(reader))


def _intersect(sets: list[set[int]]) -> set[int]:
    if not sets:
        return set()
    sets = sorted(sets, key=len)
    out = sets[0]
    for s in sets[1:]:
        if not out:
            break
        out = out & s
    return set(out) if len(sets) == 1 else out


class WhooshBackend(SearchBackend):
    name = "whoosh"
    # Reindexing commits this many documents at a time (one segment each; fewer merges).
    reindex_batch = 5000

    def __init__(self, path: str) -> None:
        self.path = path
        self._ix: whoosh_index.Index | None = None
        self._local = threading.local()
        self._leaves: dict[str, _Leaf] = {}
        self._facet_keys: dict[bytes, list[tuple[str, str]]] = {}

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

    def _view(self) -> _View:
        """This thread's searcher, refreshed when another writer committed a new generation."""
        view: _View | None = getattr(self._local, "view", None)
        if view is not None and view.searcher.up_to_date():
            return view
        if view is not None:
            # Not Searcher.refresh(): it reuses readers by segment id, so deletions made since
            # (same segment, new generation) would stay invisible.
            view.searcher.close()
        searcher = self._open().searcher(weighting=scoring.BM25F(B=0.75, K1=1.2))
        view = _View(searcher, self._leaves)
        live = {_segment_key(r) for r, _ in view.leaves}
        if len(self._leaves) > 4 * len(live) + 16:
            for key in [k for k in self._leaves if k not in live]:
                self._leaves.pop(key, None)
        self._local.view = view
        return view

    # -- writing ---------------------------------------------------------------------------
    @staticmethod
    def _fields(doc: SearchDocument) -> dict[str, object]:
        title_groups = _token_groups(doc.title, TITLE_BOOST)
        body_groups = _token_groups(doc.body, 1.0)
        facets = _SEP.join(_s(v) for v in (doc.type, doc.kind, doc.category_id, doc.product_id, doc.solved, doc.rating))
        fields: dict[str, object] = {
            "doc_id": doc.doc_id,
            "type": doc.type,
            "obj_id": doc.obj_id,
            "text": _analyzed([(t, b, 0) for g in title_groups + body_groups for t, b in g]),
            # body pairs start far after the title's, so no phrase spans title and body
            "pairs": _analyzed(_pairs(title_groups, 0) + _pairs(body_groups, len(title_groups) + 100)),
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
            "facets": facets.encode("utf-8"),
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
        writer = self.bulk_writer() if len(docs) > 100 else self._writer()
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
        return self._open().writer(timeout=LOCK_TIMEOUT, delay=0.05, limitmb=256)

    def index_bulk(self, docs: Iterable[SearchDocument]) -> int:
        """Add many new documents (the index was cleared) with one writer and one commit."""
        writer = self.bulk_writer()
        n = 0
        try:
            for doc in docs:
                writer.add_document(**self._fields(doc))
                n += 1
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        return n

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
    def _clause_docs(view: _View, c: Clause) -> set[int]:
        if c.phrase:
            pairs = phrase_pairs(c.tokens)
            candidates = _intersect([view.term_docs("pairs", p) for p in pairs])
            if len(pairs) == 1 or not candidates:
                return candidates
            # three words or more: the pairs must follow each other (positions checked)
            return set(view.searcher.docs_for_query(Phrase("pairs", pairs))) & candidates
        return _intersect([view.term_docs("text", t) for t in c.tokens])

    def matching(self, view: _View, query: Query, filters: Filters, *, staff: bool, match_any: bool) -> set[int]:
        """Every live document the reader may see that matches: the total and facets count these."""
        positives = [self._clause_docs(view, c) for c in query.must]
        if not positives:
            docs = view.all_docs()
        elif match_any:
            docs = set().union(*positives)
        else:
            docs = _intersect(positives)
        for fieldname, value in (
            ("type", filters.type),
            ("category", filters.category_id),
            ("product", filters.product_id),
            ("kind", filters.kind),
            ("solved", filters.solved),
            ("rating", filters.rating),
        ):
            if value is not None and docs:
                docs &= view.term_docs(fieldname, _s(value))
        for c in query.must_not:
            if docs:
                docs -= self._clause_docs(view, c)
        if not staff and docs:
            docs -= view.term_docs("staff_only", "1")
        return docs

    @staticmethod
    def _scoring_terms(query: Query) -> list[tuple[str, str]]:
        terms: list[tuple[str, str]] = []
        for c in query.must:
            if c.phrase:
                terms.extend(("pairs", p) for p in phrase_pairs(c.tokens))
            else:
                terms.extend(("text", t) for t in c.tokens)
        return list(dict.fromkeys(terms))

    def rank(self, view: _View, query: Query, docs: set[int], limit: int) -> list[tuple[int, float]]:
        """The best `limit` of docs by BM25 over the weighted text field (title tf counts TITLE_BOOST).

        Written out rather than left to Whoosh's collector, whose per-document method calls
        dominate when a common word matches most of the index.
        """
        n_docs = view.doc_count or 1
        scores: dict[int, float] = {}
        terms = self._scoring_terms(query)
        for fieldname, text in terms:
            ids, weights = view.postings(fieldname, text)
            if not ids:
                continue
            df = len(ids)
            factor = math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5)) * (K1 + 1.0)
            c0 = K1 * (1.0 - B)
            c1 = K1 * B / view.avg_length(fieldname)
            lengths = view.lengths(fieldname)
            if len(terms) == 1 and len(docs) == df:  # one term, nothing filtered out: a flat list
                flat = [w / (w + c0 + c1 * lengths[d]) for d, w in zip(ids, weights, strict=True)]
                best = heapq.nlargest(limit, range(df), key=flat.__getitem__)  # ties: lower docnum first
                return [(ids[i], factor * flat[i]) for i in best]
            get = scores.get
            if len(docs) * 4 < df:  # few candidates: binary search in the sorted postings
                for d in docs:
                    i = bisect_left(ids, d)
                    if i < df and ids[i] == d:
                        w = weights[i]
                        scores[d] = get(d, 0.0) + factor * w / (w + c0 + c1 * lengths[d])
            else:
                for d, w in zip(ids, weights, strict=True):
                    if d in docs:
                        scores[d] = get(d, 0.0) + factor * w / (w + c0 + c1 * lengths[d])
        top = heapq.nlargest(limit, scores, key=scores.__getitem__)  # ties: lower docnum first
        return [(d, scores[d]) for d in top]

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
        view = self._view()
        view.memo.clear()
        s = view.searcher
        docs = self.matching(view, query, filters, staff=staff, match_any=match_any)
        limit = page * per_page
        start = (page - 1) * per_page
        scored: list[tuple[int, float]] = []
        if docs and start < len(docs):
            if sort == "newest" or not query.must:
                created = view.created
                top = heapq.nlargest(limit, docs, key=lambda d: (created[d] or 0, -d))
                scored = [(d, 0.0) for d in top[start:]]
            else:
                scored = self.rank(view, query, docs, limit)[start:]
        hits = []
        for docnum, score in scored:
            f = s.stored_fields(docnum)
            created_at = f.get("created_at")
            hits.append(
                Hit(
                    doc_id=f["doc_id"],
                    type=f["type"],
                    obj_id=int(f["obj_id"]),
                    title=f.get("heading") or f.get("title") or "",
                    body=f.get("body") or "",
                    url=f.get("url") or "",
                    score=float(score),
                    created_at=created_at if isinstance(created_at, datetime) else None,
                    extra={
                        "accepted": bool(f.get("accepted")),
                        "solved": f.get("solved") == "1",
                        "kind": f.get("kind") or None,
                    },
                )
            )
        counts: dict[str, dict[str, int]] = {}
        if facets:
            counts = {name: {} for name in FACET_NAMES}
            values = view.facets
            split = self._facet_keys
            for key, n in Counter(map(values.__getitem__, docs)).items():
                parts = split.get(key)
                if parts is None:
                    parts = split[key] = [
                        (counts_name, value)
                        for counts_name, value in zip(FACET_NAMES, key.decode("utf-8").split(_SEP), strict=False)
                        if value
                    ]
                for name, value in parts:
                    bucket = counts[name]
                    bucket[value] = bucket.get(value, 0) + n
        return Results(hits=hits, total=len(docs), facets=counts)

    def corrections(self, words: list[str], staff: bool) -> dict[str, str]:
        out: dict[str, str] = {}
        s = self._view().searcher
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
