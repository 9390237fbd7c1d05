"""The outbox consumer that keeps the index equal to the database.

Every event is turned into (type, id) pairs and each pair is re-synced from the database:
fetch_one() decides between upsert and delete. Re-reading instead of trusting the payload makes
handlers idempotent and order-independent: replaying an event, or applying events out of order
after a retry, still converges on the database's current state.

Generic topics for capabilities without their own mapping:
  search.upsert {type, id}: re-sync that document (and its dependents, e.g. a thread's replies)
  search.delete {type, id}: remove it now (fetch_one would say the same once the row is gone)
"""

from __future__ import annotations

from typing import Any

from community import outbox
from community.extensions import db
from community.search import documents
from community.search.backend import get_backend

_topic_handlers: dict[str, outbox.Handler] = {}


def sync(pairs: list[tuple[str, int]], force_delete: tuple[str, ...] = ()) -> None:
    """Bring these documents in line with the database in one backend write."""
    upserts: list[documents.SearchDocument] = []
    deletes: list[str] = list(force_delete)
    for type_, obj_id in dict.fromkeys(pairs):
        prov = documents.provider(type_)
        doc = prov.fetch_one(obj_id) if prov is not None else None
        if doc is None:
            deletes.append(f"{type_}:{obj_id}")
        else:
            upserts.append(doc)
    backend = get_backend()
    if not backend.transactional:
        # The index is not part of the database transaction, so end it before waiting for the
        # index writer lock: holding SQLite's write lock meanwhile would stall every request.
        db.session.commit()
    backend.apply(upserts, deletes)


def _for_topic(topic: str) -> outbox.Handler:
    def handler(payload: dict[str, Any]) -> None:
        sync(documents.targets(topic, payload))

    handler.__name__ = f"search_{topic.replace('.', '_')}"
    return handler


def _subscribe(topic: str) -> None:
    if topic not in _topic_handlers:
        _topic_handlers[topic] = outbox.handles(topic)(_for_topic(topic))


@outbox.handles("search.upsert")
def on_upsert(payload: dict[str, Any]) -> None:
    type_, obj_id = str(payload["type"]), int(payload["id"])
    pairs = [(type_, obj_id)]
    prov = documents.provider(type_)
    if prov is not None and prov.dependents is not None:
        pairs += list(prov.dependents(obj_id))
    sync(pairs)


@outbox.handles("search.delete")
def on_delete(payload: dict[str, Any]) -> None:
    sync([], force_delete=(f"{payload['type']}:{int(payload['id'])}",))


def register() -> None:
    from community.search import catalog_providers, providers

    providers.register()
    catalog_providers.register()
    documents.on_topic(_subscribe)
