"""Shared helpers for search tests: apply outbox events, and make content non-public."""

from __future__ import annotations

from sqlalchemy import update

from community.extensions import db
from community.outbox import OutboxEvent, drain, emit
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
