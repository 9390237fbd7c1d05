"""Threads: starting one, listing them (keyset pagination), finding one a reader may see."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, exists, func, literal_column, or_, select, update
from sqlalchemy.orm import joinedload

from community.accounts.models import User
from community.errors import NotAllowed, NotFound, ValidationFailed
from community.extensions import db
from community.forum.models import THREAD_KINDS, Category, Post, Thread
from community.forum.posts import new_post
from community.forum.text import clean_body, clean_title, slugify
from community.outbox import emit
from community.pagination import decode_cursor, encode_cursor
from community.permissions import can
from community.timeutil import utcnow
from moderation.audit import record
from moderation.screening import screen

SORTS = ("latest", "top", "unanswered")


def create_thread(
    user: User,
    category: Category,
    kind: object,
    title: object,
    body: object,
    product_id: int | None = None,
    *,
    created_at: datetime | None = None,
    is_demo: bool = False,
) -> tuple[Thread, Post]:
    if not can(user, "thread.create", category):
        if user is not None and user.is_silenced:
            raise NotAllowed(
                f"You are silenced until {user.silenced_until:%Y-%m-%d %H:%M} UTC: {user.silence_reason or ''}".strip(),
                code="silenced",
            )
        raise NotAllowed("You cannot start a thread here.")
    fields: dict[str, str] = {}
    if kind not in THREAD_KINDS:
        fields["kind"] = "Choose question, experience or discussion."
    try:
        title_s = clean_title(title)
    except ValidationFailed as exc:
        fields.update(exc.fields)
        title_s = ""
    try:
        body_s = clean_body(body)
    except ValidationFailed as exc:
        fields.update(exc.fields)
        body_s = ""
    if fields:
        raise ValidationFailed("Please correct the marked fields.", fields)
    screening = screen(user, body_s, "post", category=category, title=title_s)
    title_s = screening.title
    now = created_at or utcnow()
    thread = Thread(
        category_id=category.id,
        author_id=user.id,
        kind=kind,
        title=title_s,
        slug=slugify(title_s),
        product_id=product_id,
        created_at=now,
        last_posted_at=now,
        last_poster_id=user.id,
        post_count=1,
        is_demo=is_demo,
    )
    db.session.add(thread)
    db.session.flush()
    post = new_post(user, thread, screening.text, number=1, created_at=now, is_demo=is_demo, status=screening.status)
    screening.file("post", post.id)
    db.session.execute(
        update(Category)
        .where(Category.id == category.id)
        .values(thread_count=Category.thread_count + 1, post_count=Category.post_count + 1)
    )
    emit("thread.created", thread_id=thread.id, post_id=post.id)
    return thread, post


def move_thread(actor: User, thread: Thread, category: Category) -> Thread:
    """Staff move a thread to another category; counters follow, and so does the search index."""
    if not can(actor, "thread.move", thread) or not can(actor, "thread.create", category):
        raise NotAllowed("Only staff move threads.")
    if thread.category_id == category.id:
        return thread
    old_id = thread.category_id
    posts_n = (
        db.session.scalar(select(func.count(Post.id)).where(Post.thread_id == thread.id, Post.deleted_at.is_(None)))
        or 0
    )
    threads_n = 0 if thread.is_deleted else 1
    db.session.execute(
        update(Category)
        .where(Category.id == old_id)
        .values(thread_count=Category.thread_count - threads_n, post_count=Category.post_count - posts_n)
    )
    db.session.execute(
        update(Category)
        .where(Category.id == category.id)
        .values(thread_count=Category.thread_count + threads_n, post_count=Category.post_count + posts_n)
    )
    thread.category_id = category.id
    thread.category = category
    record(
        actor, "thread.move", "thread", thread.id, before={"category_id": old_id}, after={"category_id": category.id}
    )
    emit("thread.moved", thread_id=thread.id, from_category_id=old_id, to_category_id=category.id)
    return thread


def get_thread(user: User | None, thread_id: int) -> Thread:
    # The category comes in the same query: can() and every page that shows a thread read it.
    thread = db.session.get(Thread, thread_id, options=[joinedload(Thread.category)])
    if thread is None or not can(user, "thread.view", thread):
        raise NotFound("No such thread.")
    return thread


def list_threads(
    user: User | None,
    *,
    category: Category | None = None,
    kind: str | None = None,
    solved: bool | None = None,
    product_id: int | None = None,
    sort: str = "latest",
    cursor: str | None = None,
    limit: int = 20,
) -> tuple[list[Thread], str | None]:
    """Threads a reader may see, newest activity first, with a cursor for the next page."""
    if sort not in SORTS:
        raise ValidationFailed("Unknown sort.", {"sort": "latest, top or unanswered"})
    if kind is not None and kind not in THREAD_KINDS:
        raise ValidationFailed("Unknown kind.", {"kind": "question, experience or discussion"})
    q = select(Thread).options(joinedload(Thread.author), joinedload(Thread.category), joinedload(Thread.last_poster))
    q = q.where(Thread.deleted_at.is_(None))
    if category is not None:
        q = q.where(Thread.category_id == category.id)
    if not can(user, "staff.access"):
        q = q.join(Category, Category.id == Thread.category_id).where(Category.staff_only.is_(False))
        # Threads whose opening post waits for review (or was rejected/hidden) are not listed.
        q = q.where(
            ~exists().where(
                Post.thread_id == Thread.id,
                # literal constants (not bound parameters), matching ix_posts_hidden_openers
                Post.number == literal_column("1"),
                or_(Post.status != literal_column("'visible'"), Post.hidden_at.is_not(None)),
            )
        )
    if kind:
        q = q.where(Thread.kind == kind)
    if solved is True:
        q = q.where(Thread.solution_post_id.is_not(None))
    elif solved is False:
        q = q.where(Thread.solution_post_id.is_(None))
    if product_id is not None:
        q = q.where(Thread.product_id == product_id)
    if sort == "unanswered":
        q = q.where(Thread.reply_count == 0)
    if sort == "top":
        key = decode_cursor(cursor, 2)
        if key:
            q = q.where(or_(Thread.reply_count < key[0], and_(Thread.reply_count == key[0], Thread.id < key[1])))
        q = q.order_by(Thread.reply_count.desc(), Thread.id.desc())
    else:
        key = decode_cursor(cursor, 2)
        if key:
            try:
                ts = datetime.fromisoformat(key[0])
            except (TypeError, ValueError):
                from community.pagination import BadCursor

                raise BadCursor("That page link is not valid.") from None
            q = q.where(or_(Thread.last_posted_at < ts, and_(Thread.last_posted_at == ts, Thread.id < key[1])))
        q = q.order_by(Thread.last_posted_at.desc(), Thread.id.desc())
    rows = list(db.session.scalars(q.limit(limit + 1)).unique())
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = (
            encode_cursor(last.reply_count, last.id) if sort == "top" else encode_cursor(last.last_posted_at, last.id)
        )
    return rows, next_cursor
