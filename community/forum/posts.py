"""Posts: replying, editing with kept revisions, soft delete and restore, reading a thread page."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from community.accounts.models import User
from community.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from community.extensions import db
from community.forum.models import Category, Post, PostRevision, Thread
from community.forum.text import clean_body, clean_title, slugify
from community.markup import COOK_VERSION, cook
from community.outbox import emit
from community.permissions import can
from community.timeutil import utcnow
from moderation.audit import record
from moderation.screening import screen


def new_post(
    user: User,
    thread: Thread,
    body: str,
    *,
    number: int,
    reply_to_id: int | None = None,
    created_at: datetime | None = None,
    is_demo: bool = False,
    status: str = "visible",
) -> Post:
    post = Post(
        thread_id=thread.id,
        author_id=user.id,
        number=number,
        body=body,
        body_html=cook(body),
        cook_version=COOK_VERSION,
        reply_to_id=reply_to_id,
        created_at=created_at or utcnow(),
        is_demo=is_demo,
        status=status,
    )
    db.session.add(post)
    db.session.execute(update(User).where(User.id == user.id).values(post_count=User.post_count + 1))
    db.session.flush()
    return post


def reply(
    user: User,
    thread: Thread,
    body: object,
    reply_to_id: object = None,
    *,
    created_at: datetime | None = None,
    is_demo: bool = False,
) -> Post:
    if thread.is_deleted:
        raise NotFound("This thread was deleted.")
    if not can(user, "thread.reply", thread):
        if user is not None and user.is_silenced:
            raise NotAllowed(
                f"You are silenced until {user.silenced_until:%Y-%m-%d %H:%M} UTC: {user.silence_reason or ''}".strip(),
                code="silenced",
            )
        if thread.locked:
            raise NotAllowed("This thread is locked.", code="locked")
        raise NotAllowed("You cannot reply here.")
    body_s = clean_body(body)
    parent_id = None
    if reply_to_id not in (None, ""):
        try:
            parent_id = int(reply_to_id)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ValidationFailed("Please correct the marked fields.", {"reply_to": "Not a post id."}) from None
        parent = db.session.get(Post, parent_id)
        if parent is None or parent.thread_id != thread.id:
            raise ValidationFailed(
                "Please correct the marked fields.", {"reply_to": "That post is not in this thread."}
            )
    screening = screen(user, body_s, "post", category=thread.category)
    now = created_at or utcnow()
    # One atomic increment hands out the post number: concurrent replies never collide.
    number = db.session.execute(
        update(Thread)
        .where(Thread.id == thread.id)
        .values(
            post_count=Thread.post_count + 1,
            reply_count=Thread.reply_count + 1,
            last_posted_at=now,
            last_poster_id=user.id,
        )
        .returning(Thread.post_count)
    ).scalar_one()
    post = new_post(
        user,
        thread,
        screening.text,
        number=number,
        reply_to_id=parent_id,
        created_at=now,
        is_demo=is_demo,
        status=screening.status,
    )
    screening.file("post", post.id)
    db.session.execute(
        update(Category).where(Category.id == thread.category_id).values(post_count=Category.post_count + 1)
    )
    db.session.refresh(thread)
    emit("post.created", post_id=post.id, thread_id=thread.id)
    return post


def get_post(user: User | None, post_id: int) -> Post:
    post = db.session.get(Post, post_id)
    if post is None or not can(user, "post.view", post):
        raise NotFound("No such post.")
    return post


def edit_post(user: User, post: Post, body: object, title: object = None) -> Post:
    """Keeps the previous text as a revision; the opening post may also change the thread title."""
    if post.is_deleted:
        raise Conflict("This post was deleted; restore it first.", code="deleted")
    if not can(user, "post.edit", post):
        raise NotAllowed("You cannot edit this post.")
    body_s = clean_body(body)
    new_title = None
    if title not in (None, "") and post.number == 1:
        new_title = clean_title(title)
    if body_s == post.body and (new_title is None or new_title == post.thread.title):
        return post
    title_changed = new_title is not None and new_title != post.thread.title
    screening = screen(user, body_s, "post", exclude_post_id=post.id, title=new_title if title_changed else "")
    body_s = screening.text
    if title_changed:
        new_title = screening.title
    count = db.session.scalar(select(func.count(PostRevision.id)).where(PostRevision.post_id == post.id)) or 0
    db.session.add(
        PostRevision(
            post_id=post.id,
            number=count + 1,
            body=post.body,
            title=post.thread.title if post.number == 1 else None,
            editor_id=user.id,
        )
    )
    before = {"body": post.body}
    post.body = body_s
    post.body_html = cook(body_s)
    post.cook_version = COOK_VERSION
    post.edited_at = utcnow()
    post.edit_count = count + 1
    if new_title is not None:
        before["title"] = post.thread.title
        post.thread.title = new_title
        post.thread.slug = slugify(new_title)
    if screening.held and post.status == "visible":
        post.status = "held"
        screening.file("post", post.id)
    if user.id != post.author_id:
        record(user, "post.edit", "post", post.id, before=before, after={"body": body_s, "title": new_title})
    emit("post.updated", post_id=post.id, thread_id=post.thread_id)
    return post


def revisions(user: User | None, post: Post) -> list[PostRevision]:
    if not can(user, "post.revisions", post):
        raise NotFound("No such post.")
    return list(
        db.session.scalars(
            select(PostRevision)
            .options(joinedload(PostRevision.editor))
            .where(PostRevision.post_id == post.id)
            .order_by(PostRevision.number)
        )
    )


def delete_post(user: User, post: Post, reason: str = "") -> None:
    """Soft delete. Deleting the opening post deletes the thread; staff can restore both."""
    if post.is_deleted:
        raise Conflict("Already deleted.", code="already_deleted")
    if not can(user, "post.delete", post):
        raise NotAllowed("You cannot delete this post.")
    now = utcnow()
    post.deleted_at, post.deleted_by_id = now, user.id
    if post.number == 1:
        post.thread.deleted_at, post.thread.deleted_by_id = now, user.id
        db.session.execute(
            update(Category)
            .where(Category.id == post.thread.category_id)
            .values(thread_count=Category.thread_count - 1)
        )
        emit("thread.deleted", thread_id=post.thread_id, post_id=post.id)
    else:
        db.session.execute(update(Thread).where(Thread.id == post.thread_id).values(reply_count=Thread.reply_count - 1))
        if post.thread.solution_post_id == post.id:
            post.thread.solution_post_id = None
    db.session.execute(update(User).where(User.id == post.author_id).values(post_count=User.post_count - 1))
    if user.id != post.author_id or reason:
        record(user, "post.delete", "post", post.id, before={"deleted": False}, after={"deleted": True}, reason=reason)
    emit("post.deleted", post_id=post.id, thread_id=post.thread_id)


def restore_post(user: User, post: Post, reason: str = "") -> None:
    if not can(user, "post.restore", post):
        raise NotAllowed("Only staff restore posts.")
    if not post.is_deleted:
        raise Conflict("This post is not deleted.", code="not_deleted")
    post.deleted_at, post.deleted_by_id = None, None
    if post.number == 1 and post.thread.is_deleted:
        post.thread.deleted_at, post.thread.deleted_by_id = None, None
        db.session.execute(
            update(Category)
            .where(Category.id == post.thread.category_id)
            .values(thread_count=Category.thread_count + 1)
        )
        emit("thread.restored", thread_id=post.thread_id, post_id=post.id)
    elif post.number != 1:
        db.session.execute(update(Thread).where(Thread.id == post.thread_id).values(reply_count=Thread.reply_count + 1))
    db.session.execute(update(User).where(User.id == post.author_id).values(post_count=User.post_count + 1))
    record(user, "post.restore", "post", post.id, before={"deleted": True}, after={"deleted": False}, reason=reason)
    emit("post.restored", post_id=post.id, thread_id=post.thread_id)


def page_of(post: Post, per_page: int) -> int:
    return (post.number - 1) // per_page + 1


def thread_page(user: User | None, thread: Thread, page: int, per_page: int) -> tuple[list[Post], int]:
    """Posts numbered ((page-1)*per_page, page*per_page]: a range scan on (thread_id, number).
    Returns the visible posts and the number of pages. Staff also see deleted and hidden posts."""
    pages = max(1, (thread.post_count + per_page - 1) // per_page)
    lo, hi = (page - 1) * per_page, page * per_page
    if thread.kind == "question":  # accepted answer first, then votes (community/solutions)
        from community.solutions.ordering import question_page

        return question_page(user, thread, lo, per_page), pages
    q = (
        select(Post)
        .options(joinedload(Post.author))
        .where(Post.thread_id == thread.id, Post.number > lo, Post.number <= hi)
        .order_by(Post.number)
    )
    posts = [p for p in db.session.scalars(q) if can(user, "post.view", p)]
    return posts, pages


def first_post(thread: Thread) -> Post | None:
    return db.session.scalar(select(Post).where(Post.thread_id == thread.id, Post.number == 1))
