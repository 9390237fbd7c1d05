"""Answer order of a question: the opening post, the accepted answer, then most helpful votes,
then oldest first. Discussions and experiences keep time order (posts.thread_page)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, select
from sqlalchemy.orm import joinedload

from community.extensions import db
from community.forum.models import Post, Thread
from community.pagination import decode_cursor, encode_cursor
from community.permissions import can


def answer_order(thread: Thread) -> tuple[Any, ...]:
    whens = [(Post.number == 1, 0)]
    if thread.solution_post_id is not None:
        whens.append((Post.id == thread.solution_post_id, 1))
    return (case(*whens, else_=2), Post.vote_count.desc(), Post.created_at, Post.number)


def question_page(user: Any, thread: Thread, offset: int, limit: int) -> list[Post]:
    q = (
        select(Post)
        .options(joinedload(Post.author))
        .where(Post.thread_id == thread.id)
        .order_by(*answer_order(thread))
        .offset(offset)
        .limit(limit)
    )
    return [p for p in db.session.scalars(q) if can(user, "post.view", p)]


def ordered_answers(user: Any, thread: Thread, cursor: str | None, limit: int) -> tuple[list[Post], str | None]:
    """The API's list for a question. The cursor holds a position: votes reorder answers, so a
    keyset on number would skip or repeat them."""
    key = decode_cursor(cursor, 2)
    offset = 0
    if key:
        if key[0] != "q" or not isinstance(key[1], int) or key[1] < 0:
            from community.pagination import BadCursor

            raise BadCursor("That page link is not valid; start again from the first page.")
        offset = key[1]
    q = (
        select(Post)
        .options(joinedload(Post.author))
        .where(Post.thread_id == thread.id)
        .order_by(*answer_order(thread))
        .offset(offset)
        .limit(limit + 1)
    )
    raw = list(db.session.scalars(q))
    more = len(raw) > limit
    rows = [p for p in raw[:limit] if can(user, "post.view", p)]
    return rows, encode_cursor("q", offset + limit) if more else None
