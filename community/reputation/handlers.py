"""Trust levels follow replies as they are posted (through the outbox, off the request path)."""

from __future__ import annotations

from typing import Any

from community.accounts.models import User
from community.extensions import db
from community.forum.models import Post
from community.outbox import handles
from community.reputation import trust


@handles("post.created", "post.deleted", "post.restored")
def refresh_author_trust(payload: dict[str, Any]) -> None:
    post = db.session.get(Post, payload.get("post_id") or 0)
    user = db.session.get(User, post.author_id) if post is not None else None
    if user is not None:
        trust.refresh(user)
        db.session.commit()
