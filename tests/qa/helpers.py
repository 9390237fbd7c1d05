"""Shared builders for the crowdsourced-solutions tests."""

from __future__ import annotations

from community.extensions import db
from community.outbox import drain


def question_with_replies(factory, n: int = 2, kind: str = "question"):  # type: ignore[no-untyped-def]
    asker = factory.user()
    cat = factory.category()
    thread = factory.thread(author=asker, category=cat, kind=kind)
    replies = [factory.reply(thread, body=f"Answer number {i}.") for i in range(n)]
    return asker, thread, replies


def settle() -> None:
    """Apply pending outbox events: service calls made outside a request are not drained."""
    db.session.commit()
    while drain():
        pass


def peek(fn):  # type: ignore[no-untyped-def]
    """Read through the test's session, then end its transaction: outside a request the SQLite
    session begins IMMEDIATE, and holding that lock would stall the app's outbox drain."""
    db.session.expire_all()
    try:
        return fn()
    finally:
        db.session.commit()
