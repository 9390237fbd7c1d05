"""Keeps reputation right when the core clears a solution (its reply was deleted)."""

from __future__ import annotations

from typing import Any

from community.extensions import db
from community.outbox import handles
from community.solutions.solutions import reconcile


@handles("post.deleted")
def solution_post_deleted(payload: dict[str, Any]) -> None:
    if payload.get("thread_id"):
        reconcile(int(payload["thread_id"]))
        db.session.commit()
