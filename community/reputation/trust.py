"""Trust levels 0..3 earned from activity (as Discourse does): days visited, posts read, replies,
and flags against the member. Levels 1 and 2 are kept once earned; level 3 must be kept up, so
flags against a member take it away. Later issues use the level for limits and moderation."""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import func, select, update

from community.accounts.models import User
from community.extensions import db
from community.forum.models import Post
from community.reputation.models import ThreadRead, UserActivity
from community.timeutil import utcnow

DEFAULT_REQUIREMENTS: dict[int, dict[str, int]] = {
    1: {"days_visited": 1, "posts_read": 5, "replies": 0, "max_flags": 2},
    2: {"days_visited": 10, "posts_read": 50, "replies": 3, "max_flags": 2},
    3: {"days_visited": 30, "posts_read": 200, "replies": 10, "max_flags": 0},
}


def requirements() -> dict[int, dict[str, int]]:
    return current_app.config.get("TRUST_LEVEL_REQUIREMENTS") or DEFAULT_REQUIREMENTS


def flags_against(user_id: int) -> int:
    """Flags on the member's posts. The flags table belongs to moderation and may not exist yet:
    prefer its own counter, else count rows of a "flags" table with a post_id, else 0."""
    try:
        from moderation import flags as flag_module  # type: ignore[attr-defined]
    except ImportError:
        flag_module = None
    counter = getattr(flag_module, "flags_against", None) if flag_module else None
    if callable(counter):
        return int(counter(user_id) or 0)
    table = db.metadata.tables.get("flags")
    if table is None or "post_id" not in table.c:
        return 0
    q = select(func.count()).select_from(table).join(Post, Post.id == table.c.post_id).where(Post.author_id == user_id)
    if "status" in table.c:
        q = q.where(table.c.status.not_in(("rejected", "dismissed")))
    return int(db.session.scalar(q) or 0)


def activity(user_id: int) -> dict[str, int]:
    row = db.session.get(UserActivity, user_id)
    replies = db.session.scalar(
        select(func.count(Post.id)).where(Post.author_id == user_id, Post.number > 1, Post.deleted_at.is_(None))
    )
    return {
        "days_visited": row.days_visited if row else 0,
        "posts_read": row.posts_read if row else 0,
        "replies": int(replies or 0),
        "flags_against": flags_against(user_id),
    }


def earned_level(figures: dict[str, int]) -> int:
    level = 0
    for n in sorted(requirements()):
        req = requirements()[n]
        if (
            figures["days_visited"] >= req["days_visited"]
            and figures["posts_read"] >= req["posts_read"]
            and figures["replies"] >= req["replies"]
            and figures["flags_against"] <= req["max_flags"]
        ):
            level = n
        else:
            break
    return level


def refresh(user: User) -> int:
    """Recompute and store the user's level; returns it."""
    level = max(min(user.trust_level, 2), earned_level(activity(user.id)))
    if level != user.trust_level:
        user.trust_level = level
    return level


def record_visit(user: User) -> bool:
    """Count today once per user; a single conditional UPDATE, so parallel requests count once."""
    today = utcnow().date()
    row = db.session.get(UserActivity, user.id)
    if row is not None and row.last_visit_on == today:
        return False  # the common case: a read, no write on every page view
    res = db.session.execute(
        update(UserActivity)
        .where(
            UserActivity.user_id == user.id,
            (UserActivity.last_visit_on.is_(None)) | (UserActivity.last_visit_on < today),
        )
        .values(days_visited=UserActivity.days_visited + 1, last_visit_on=today, updated_at=utcnow())
    )
    if res.rowcount:
        return True
    if row is None:
        db.session.add(UserActivity(user_id=user.id, days_visited=1, last_visit_on=today))
        return True
    return False


def record_read(user: User, thread_id: int, up_to: int) -> int:
    """Posts up to number up_to have been seen; returns how many were new."""
    row = db.session.get(ThreadRead, (user.id, thread_id))
    if row is None:
        row = ThreadRead(user_id=user.id, thread_id=thread_id, last_read_number=0)
        db.session.add(row)
    new = max(0, up_to - row.last_read_number)
    if new:
        row.last_read_number = up_to
        act = db.session.get(UserActivity, user.id)
        if act is None:
            db.session.add(UserActivity(user_id=user.id, days_visited=0, posts_read=new))
        else:
            act.posts_read += new
    return new


def describe(level: int) -> dict[str, Any]:
    return {"level": level, "next": requirements().get(level + 1)}
