"""Forum providers: a thread is searchable as its title plus opening post; replies on their own.

A reply ranks on its own text only (its heading shows the thread title). The accepted answer
gets boost 2 and a solved question 1.3, so answers are found before the chatter. Anything not
public (deleted thread or post, hidden, held, rejected) yields None and is removed from the
index; staff-only categories are indexed with staff_only=True. Moving a thread or flipping a
category's staff_only flag re-syncs every document that copies the category (thread.moved,
category.visibility_changed).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from community.extensions import db
from community.forum.models import Post, Thread
from community.markup import plain_text
from community.search.documents import SearchDocument, register_provider

ACCEPTED_BOOST = 2.0
SOLVED_BOOST = 1.3


def _thread_url(thread: Thread) -> str:
    return f"/t/{thread.id}/{thread.slug}" if thread.slug else f"/t/{thread.id}"


def thread_document(thread: Thread, first: Post | None) -> SearchDocument | None:
    if thread.is_deleted or first is None or not first.is_public:
        return None
    return SearchDocument(
        doc_id=f"thread:{thread.id}",
        type="thread",
        obj_id=thread.id,
        title=thread.title,
        body=plain_text(first.body),
        url=_thread_url(thread),
        category_id=thread.category_id,
        product_id=thread.product_id,
        kind=thread.kind,
        solved=thread.is_solved,
        author=thread.author.username if thread.author else "",
        created_at=thread.created_at,
        staff_only=bool(thread.category.staff_only) if thread.category else False,
        boost=SOLVED_BOOST if thread.is_solved else 1.0,
    )


def post_document(post: Post) -> SearchDocument | None:
    thread = post.thread
    if post.number == 1 or not post.is_public or thread is None or thread.is_deleted:
        return None
    accepted = thread.solution_post_id == post.id
    return SearchDocument(
        doc_id=f"post:{post.id}",
        type="post",
        obj_id=post.id,
        title="",
        heading=thread.title,
        body=plain_text(post.body),
        url=f"/p/{post.id}",
        category_id=thread.category_id,
        product_id=thread.product_id,
        kind=thread.kind,
        solved=thread.is_solved,
        author=post.author.username if post.author else "",
        created_at=post.created_at,
        staff_only=bool(thread.category.staff_only) if thread.category else False,
        boost=ACCEPTED_BOOST if accepted else 1.0,
        extra={"accepted": accepted},
    )


def _first_post(thread_id: int) -> Post | None:
    return db.session.scalar(select(Post).where(Post.thread_id == thread_id, Post.number == 1))


def fetch_thread(thread_id: int) -> SearchDocument | None:
    thread = db.session.get(Thread, thread_id)
    return None if thread is None else thread_document(thread, _first_post(thread_id))


def fetch_post(post_id: int) -> SearchDocument | None:
    post = db.session.get(Post, post_id)
    return None if post is None else post_document(post)


# The rebuild commits after every batch it writes, which would close a streaming cursor on
# PostgreSQL ("cursor ... does not exist"); so rows are read in keyset pages of BATCH ids instead.
BATCH = 500


def all_threads() -> Iterable[SearchDocument]:
    last = 0
    while True:
        rows = db.session.execute(
            select(Thread, Post)
            .join(Post, (Post.thread_id == Thread.id) & (Post.number == 1))
            .options(joinedload(Thread.author), joinedload(Thread.category))
            .where(Thread.deleted_at.is_(None), Thread.id > last)
            .order_by(Thread.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        last = rows[-1][0].id
        for thread, first in rows:
            if (doc := thread_document(thread, first)) is not None:
                yield doc


def all_posts() -> Iterable[SearchDocument]:
    last = 0
    while True:
        posts = db.session.scalars(
            select(Post)
            .options(joinedload(Post.author), joinedload(Post.thread).joinedload(Thread.category))
            .where(Post.number > 1, Post.deleted_at.is_(None), Post.id > last)
            .order_by(Post.id)
            .limit(BATCH)
        ).all()
        if not posts:
            return
        last = posts[-1].id
        for post in posts:
            if (doc := post_document(post)) is not None:
                yield doc


def thread_and_replies(thread_id: Any) -> list[tuple[str, int]]:
    """A thread's state (deleted, title, category, solved) shows in every reply's document."""
    if thread_id is None:
        return []
    reply_ids = db.session.scalars(select(Post.id).where(Post.thread_id == int(thread_id), Post.number > 1))
    return [("thread", int(thread_id))] + [("post", pid) for pid in reply_ids]


def category_contents(category_id: Any) -> list[tuple[str, int]]:
    """Every thread and reply of a category: its staff_only flag is copied into their documents."""
    if category_id is None:
        return []
    thread_ids = list(db.session.scalars(select(Thread.id).where(Thread.category_id == int(category_id))))
    reply_ids = db.session.scalars(
        select(Post.id)
        .join(Thread, Thread.id == Post.thread_id)
        .where(Thread.category_id == int(category_id), Post.number > 1)
    )
    return [("thread", tid) for tid in thread_ids] + [("post", pid) for pid in reply_ids]


def _post_event(payload: dict[str, Any]) -> list[tuple[str, int]]:
    """A post change; an opening post's change is its thread's (and the heading of its replies)."""
    post = db.session.get(Post, payload.get("post_id")) if payload.get("post_id") else None
    if post is None:
        return [("post", payload["post_id"])] if payload.get("post_id") else []
    if post.number == 1:
        return [*thread_and_replies(post.thread_id), ("post", post.id)]
    return [("post", post.id)]


def count_threads() -> int:
    return db.session.scalar(select(db.func.count(Thread.id)).where(Thread.deleted_at.is_(None))) or 0


def count_posts() -> int:
    return db.session.scalar(select(db.func.count(Post.id)).where(Post.number > 1, Post.deleted_at.is_(None))) or 0


def register() -> None:
    register_provider(
        "thread",
        fetch_thread,
        all_threads,
        count=count_threads,
        topics={
            "thread.created": lambda p: [("thread", p["thread_id"])],
            "thread.deleted": lambda p: thread_and_replies(p.get("thread_id")),
            "thread.restored": lambda p: thread_and_replies(p.get("thread_id")),
            # accepted answers rank higher and solved questions show as solved
            "solution.accepted": lambda p: thread_and_replies(p.get("thread_id")),
            "solution.unaccepted": lambda p: thread_and_replies(p.get("thread_id")),
            # category (facet) and visibility (staff_only) are copied into every document
            "thread.moved": lambda p: thread_and_replies(p.get("thread_id")),
            "category.visibility_changed": lambda p: category_contents(p.get("category_id")),
        },
        dependents=lambda thread_id: thread_and_replies(thread_id)[1:],
    )
    register_provider(
        "post",
        fetch_post,
        all_posts,
        count=count_posts,
        topics={
            "post.created": _post_event,
            "post.updated": _post_event,
            "post.deleted": _post_event,
            "post.restored": _post_event,
        },
    )
