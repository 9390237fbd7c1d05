"""Loads and clears the demo community. Every demo row carries is_demo, so clearing is exact.

Capabilities add their own demo data (products, reviews, votes...) with add_loader()/add_clearer():
loaders run after the forum core's, clearers run before it (children before parents).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select, update

from community.accounts import service as accounts
from community.accounts.models import ApiToken, LoginSession, User
from community.extensions import db
from community.forum import categories, posts, threads
from community.forum.models import Category, Post, PostRevision, Thread
from community.outbox import emit
from community.timeutil import utcnow

DEMO_PASSWORD = "Demo-Community-2026!"  # noqa: S105  (printed by `make run`; demo accounts only)
_loaders: list[Callable[[dict[str, Any]], dict[str, int]]] = []
_clearers: list[Callable[[], dict[str, int]]] = []


def add_loader(fn: Callable[[dict[str, Any]], dict[str, int]]) -> None:
    if fn not in _loaders:
        _loaders.append(fn)


def add_clearer(fn: Callable[[], dict[str, int]]) -> None:
    if fn not in _clearers:
        _clearers.append(fn)


def load_demo() -> dict[str, int]:
    from community.demo import content

    now = utcnow()
    users: dict[str, User] = {}
    for u in content.USERS:
        user = accounts.register(u["username"], u["email"], DEMO_PASSWORD, role=u["role"], is_demo=True)
        user.created_at = now - timedelta(days=u.get("joined_days_ago", 300))
        user.bio = u.get("bio", "")
        user.locale = u.get("locale")
        user.trust_level = u.get("trust_level", user.trust_level)
        users[u["username"]] = user
    admin = next(u for u in users.values() if u.role == "admin")
    cats: dict[str, Category] = {}
    for c in content.CATEGORIES:
        cats[c["slug"]] = categories.create_category(
            admin, c["name"], c["slug"], c["description"], c.get("staff_only", False), is_demo=True
        )
    thread_count = post_count = 0
    for t in content.THREADS:
        started = now - timedelta(days=t["days_ago"], hours=t.get("hour", 9))
        thread, _first = threads.create_thread(
            users[t["author"]],
            cats[t["category"]],
            t["kind"],
            t["title"],
            t["body"],
            created_at=started,
            is_demo=True,
        )
        thread_count += 1
        post_count += 1
        replies = []
        for i, r in enumerate(t.get("replies", []), 1):
            when = started + timedelta(hours=r.get("after_hours", 3 * i))
            reply = posts.reply(users[r["author"]], thread, r["body"], created_at=when, is_demo=True)
            replies.append(reply)
            post_count += 1
        t["_thread"], t["_replies"] = thread, replies
    summary = {"users": len(users), "categories": len(cats), "threads": thread_count, "posts": post_count}
    context = {"users": users, "categories": cats, "threads": content.THREADS, "now": now}
    for loader in _loaders:
        for k, v in loader(context).items():
            summary[k] = summary.get(k, 0) + v
    return summary


def clear_demo() -> dict[str, int]:
    summary: dict[str, int] = {}
    for clearer in _clearers:
        for k, v in clearer().items():
            summary[k] = summary.get(k, 0) + v
    demo_users = select(User.id).where(User.is_demo.is_(True))
    demo_threads = select(Thread.id).where(Thread.is_demo.is_(True))
    doomed_posts = select(Post.id).where(
        (Post.is_demo.is_(True)) | Post.thread_id.in_(demo_threads) | Post.author_id.in_(demo_users)
    )
    db.session.execute(update(Thread).where(Thread.solution_post_id.in_(doomed_posts)).values(solution_post_id=None))
    db.session.execute(update(Post).where(Post.reply_to_id.in_(doomed_posts)).values(reply_to_id=None))
    db.session.execute(delete(PostRevision).where(PostRevision.post_id.in_(doomed_posts)))
    ids = list(db.session.scalars(doomed_posts))
    for post_id in ids:
        emit("post.deleted", post_id=post_id, thread_id=None)
    summary["posts"] = db.session.execute(delete(Post).where(Post.id.in_(ids))).rowcount if ids else 0
    thread_ids = list(
        db.session.scalars(select(Thread.id).where(Thread.is_demo.is_(True) | Thread.author_id.in_(demo_users)))
    )
    for thread_id in thread_ids:
        emit("thread.deleted", thread_id=thread_id, post_id=None)
    summary["threads"] = (
        db.session.execute(delete(Thread).where(Thread.id.in_(thread_ids))).rowcount if thread_ids else 0
    )
    db.session.execute(update(Thread).where(Thread.last_poster_id.in_(demo_users)).values(last_poster_id=None))
    keep = select(Thread.category_id).distinct()
    summary["categories"] = db.session.execute(
        delete(Category).where(Category.is_demo.is_(True), Category.id.not_in(keep))
    ).rowcount
    from moderation.audit import AuditEntry

    db.session.execute(delete(AuditEntry).where(AuditEntry.actor_id.in_(demo_users)))
    db.session.execute(delete(LoginSession).where(LoginSession.user_id.in_(demo_users)))
    db.session.execute(delete(ApiToken).where(ApiToken.user_id.in_(demo_users)))
    summary["users"] = db.session.execute(delete(User).where(User.is_demo.is_(True))).rowcount
    _recount()
    return summary


def _recount() -> None:
    """Counters after a bulk delete: recomputed from the rows, not patched."""
    from sqlalchemy import func

    for cat in db.session.scalars(select(Category)):
        cat.thread_count = (
            db.session.scalar(
                select(func.count(Thread.id)).where(Thread.category_id == cat.id, Thread.deleted_at.is_(None))
            )
            or 0
        )
        cat.post_count = (
            db.session.scalar(
                select(func.count(Post.id))
                .join(Thread, Thread.id == Post.thread_id)
                .where(Thread.category_id == cat.id, Post.deleted_at.is_(None))
            )
            or 0
        )
