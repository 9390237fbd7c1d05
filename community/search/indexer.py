"""Rebuilding the index from the database, and checking that index and database agree.

Reindexing is resumable: progress (last finished type and id) is kept in a small JSON file in
the instance folder, so an interrupted `flask search reindex --resume` continues where it
stopped instead of starting over on a large forum.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from flask import current_app

from community.extensions import db
from community.search import documents
from community.search.backend import get_backend

BATCH = 500


def _state_path() -> str:
    return os.path.join(current_app.instance_path, "search-reindex.json")


def _load_state() -> dict[str, int]:
    try:
        with open(_state_path()) as fh:
            return {k: int(v) for k, v in json.load(fh).items()}
    except (OSError, ValueError):
        return {}


def _save_state(state: dict[str, int]) -> None:
    tmp = _state_path() + ".tmp"
    with open(tmp, "w") as fh:
        json.dump(state, fh)
    os.replace(tmp, _state_path())


def total_expected() -> int:
    return sum((p.count() if p.count else 0) for p in documents.providers().values())


def reindex(resume: bool = False, progress: Callable[[int], None] | None = None) -> int:
    """Rebuild from every provider; returns how many documents were written."""
    backend = get_backend()
    state = _load_state() if resume else {}
    if not resume:
        backend.clear()
        _save_state({})
    written = 0
    for type_, prov in documents.providers().items():
        done_up_to = state.get(type_, 0)
        if done_up_to == -1:  # type finished in an earlier run
            continue
        batch: list[documents.SearchDocument] = []
        for doc in prov.iterate_all():
            if doc.obj_id <= done_up_to:
                if progress:
                    progress(1)
                continue
            batch.append(doc)
            if len(batch) >= getattr(backend, "reindex_batch", BATCH):
                written += _flush(backend, batch, state, type_, progress)
        written += _flush(backend, batch, state, type_, progress)
        state[type_] = -1
        _save_state(state)
    os.remove(_state_path())
    return written


def _flush(backend, batch, state, type_, progress) -> int:  # type: ignore[no-untyped-def]
    if not batch:
        return 0
    n = len(batch)
    backend.index(batch)
    db.session.commit()  # the PostgreSQL backend writes through the session
    state[type_] = batch[-1].obj_id
    _save_state(state)
    if progress:
        progress(n)
    batch.clear()
    return n


@dataclass
class Check:
    missing: list[str]
    extra: list[str]
    duplicates: list[str]

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.duplicates)


def expected_ids() -> Iterator[str]:
    for prov in documents.providers().values():
        for doc in prov.iterate_all():
            yield doc.doc_id


def check() -> Check:
    """Compare the index with what the database says should be in it."""
    stored = Counter(get_backend().doc_ids())
    expected = set(expected_ids())
    return Check(
        missing=sorted(expected - set(stored)),
        extra=sorted(set(stored) - expected),
        duplicates=sorted(d for d, n in stored.items() if n > 1),
    )
