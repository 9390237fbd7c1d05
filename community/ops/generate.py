"""`flask demo generate --posts N`: a large synthetic community (up to a million posts) to measure
how pages behave as data grows.

Rows are written with bulk INSERTs in batches (the ORM would take hours for a million posts), in
the shape the services produce: counters, last-post fields, cooked HTML, numbered posts. A few
bodies are cooked once and reused. Every row is marked is_demo, so `flask demo clear` removes it.
No outbox events are written: rebuild derived data afterwards (`flask search reindex`,
`flask keypoints retag`) when those capabilities are installed.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import func, insert, select, text, update

from community.accounts.models import User
from community.accounts.passwords import hash_password
from community.extensions import db
from community.forum.models import Category, Post, Thread
from community.markup import cook
from community.timeutil import utcnow

TITLES = [
    "Battery life after the latest firmware",
    "Pairing with two phones at once",
    "Noise cancelling on the train",
    "降噪效果怎么样",
    "续航能到多少小时",
    "Ear tips keep falling out",
    "Charging case hinge feels loose",
    "售后换新流程",
    "Best EQ settings for podcasts",
    "Call quality in the wind",
]
BODIES = [
    "I get about **28 hours** with ANC on. Anyone else?",
    "Hold both buttons for five seconds, then pair again. Worked for me.",
    "续航比宣传的短一些，但是降噪很好。",
    "Support replaced mine within a week, very friendly.",
    "The left earbud is quieter than the right after the update.",
    "充电盒有点松，售后说可以换。",
    "Try the medium tips, they seal better and the bass improves a lot.",
    "> Does it work with Windows?\n\nYes, but disable the hands-free profile.",
]


def generate(
    posts: int, per_thread: int = 20, batch: int = 5000, progress: Callable[[int], None] | None = None
) -> dict[str, int]:
    """Insert `posts` posts in threads of `per_thread`; returns counts. Commits as it goes."""
    tag = secrets.token_hex(3)
    now = utcnow()
    cooked = [(b, cook(b)) for b in BODIES]
    n_users = max(20, posts // 200)
    n_threads = max(1, -(-posts // per_thread))
    unusable = hash_password(secrets.token_urlsafe(32))  # nobody knows it: generated users cannot sign in

    cat_ids = []
    for i in range(8):
        cat = Category(
            slug=f"gen-{tag}-{i}",
            name=f"Generated {tag} {i}",
            description="Generated for measurements.",
            position=100 + i,
            is_demo=True,
        )
        db.session.add(cat)
        db.session.flush()
        cat_ids.append(cat.id)
    user_rows = [
        {
            "username": f"gen_{tag}_{i}",
            "username_key": f"gen_{tag}_{i}",
            "email": f"gen_{tag}_{i}@example.invalid",
            "password_hash": unusable,
            "role": "member",
            "trust_level": 1,
            "reputation": 0,
            "post_count": 0,
            "bio": "",
            "created_at": now - timedelta(days=400),
            "is_demo": True,
        }
        for i in range(n_users)
    ]
    for start in range(0, len(user_rows), batch):
        db.session.execute(insert(User), user_rows[start : start + batch])
    user_ids = list(db.session.scalars(select(User.id).where(User.username.like(f"gen\\_{tag}\\_%", escape="\\"))))
    db.session.commit()

    next_thread = (db.session.scalar(select(func.max(Thread.id))) or 0) + 1
    next_post = (db.session.scalar(select(func.max(Post.id))) or 0) + 1
    # Spread activity over the past year, oldest thread first, so "latest" order matches ids.
    span = timedelta(days=365).total_seconds()
    written = 0
    thread_rows: list[dict] = []
    post_rows: list[dict] = []

    def flush() -> None:
        if thread_rows:
            db.session.execute(insert(Thread), thread_rows)
        if post_rows:
            db.session.execute(insert(Post), post_rows)
        db.session.commit()
        if progress:
            progress(len(post_rows))
        thread_rows.clear()
        post_rows.clear()

    for t in range(n_threads):
        count = min(per_thread, posts - written)
        if count <= 0:
            break
        thread_id = next_thread + t
        started = now - timedelta(seconds=span * (1 - t / n_threads)) - timedelta(hours=count)
        title = f"{TITLES[t % len(TITLES)]} #{thread_id}"
        author = user_ids[t % len(user_ids)]
        last_author = author
        for n in range(1, count + 1):
            body, html = cooked[(t + n) % len(cooked)]
            last_author = user_ids[(t * 7 + n) % len(user_ids)] if n > 1 else author
            post_rows.append(
                {
                    "id": next_post,
                    "thread_id": thread_id,
                    "author_id": last_author,
                    "number": n,
                    "body": body,
                    "body_html": html,
                    "cook_version": 1,
                    "created_at": started + timedelta(hours=n - 1),
                    "edit_count": 0,
                    "vote_count": 0,
                    "status": "visible",
                    "is_demo": True,
                }
            )
            next_post += 1
        thread_rows.append(
            {
                "id": thread_id,
                "category_id": cat_ids[t % len(cat_ids)],
                "author_id": author,
                "kind": ("question", "experience", "discussion")[t % 3],
                "title": title,
                "slug": f"generated-{thread_id}",
                "created_at": started,
                "last_posted_at": started + timedelta(hours=count - 1),
                "last_poster_id": last_author,
                "post_count": count,
                "reply_count": count - 1,
                "view_count": 0,
                "locked": False,
                "is_demo": True,
            }
        )
        written += count
        if len(post_rows) >= batch:
            flush()
    flush()
    for cat_id in cat_ids:
        db.session.execute(
            update(Category)
            .where(Category.id == cat_id)
            .values(
                thread_count=select(func.count(Thread.id)).where(Thread.category_id == cat_id).scalar_subquery(),
                post_count=select(func.coalesce(func.sum(Thread.post_count), 0))
                .where(Thread.category_id == cat_id)
                .scalar_subquery(),
            )
        )
    if db.engine.dialect.name == "postgresql":
        for table in ("threads", "posts", "users", "categories"):
            db.session.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
            )
        db.session.execute(text("ANALYZE threads"))
        db.session.execute(text("ANALYZE posts"))
    db.session.commit()
    return {"users": len(user_ids), "categories": len(cat_ids), "threads": n_threads, "posts": written}
