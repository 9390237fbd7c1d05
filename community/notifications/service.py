"""Reading notifications, watching and muting, per-user settings, and notify() for the fan-out."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import joinedload

from community.accounts.models import User
from community.errors import NotFound, ValidationFailed
from community.extensions import db
from community.forum.models import Category, Post, Thread
from community.notifications.channels import Delivery, channels
from community.notifications.kinds import kinds_for, registered
from community.notifications.models import (
    WATCH_LEVELS,
    WATCH_TARGETS,
    Notification,
    NotificationSetting,
    Watch,
)
from community.pagination import decode_cursor, encode_cursor
from community.permissions import can
from community.timeutil import utcnow

KIND_LABELS = {
    "reply": _l("Replies to my threads and posts"),
    "mention": _l("@mentions and quotes of me"),
    "accepted": _l("My answer was accepted"),
    "vote": _l("Helpful votes on my posts"),
    "watching": _l("New posts where I watch"),
}


# -- settings -------------------------------------------------------------------------------


def kind_label(kind: str) -> object:
    if kind in KIND_LABELS:
        return KIND_LABELS[kind]
    extra = registered(kind)
    return extra.label if extra else kind


def settings(user: User) -> dict[str, dict[str, bool]]:
    """channel → kind → enabled (missing rows are enabled), for the kinds this user can receive."""
    kinds = kinds_for(user)
    result = {c.name: dict.fromkeys(kinds, True) for c in channels()}
    for row in db.session.scalars(select(NotificationSetting).where(NotificationSetting.user_id == user.id)):
        if row.channel in result and row.kind in kinds:
            result[row.channel][row.kind] = row.enabled
    return result


def save_settings(user: User, values: Any) -> dict[str, dict[str, bool]]:
    if not isinstance(values, dict):
        raise ValidationFailed("Send an object: channel → kind → true/false.", {"settings": "object"})
    names = {c.name for c in channels()}
    kinds_allowed = kinds_for(user)
    fields: dict[str, str] = {}
    for channel, kinds in values.items():
        if channel not in names:
            fields[str(channel)] = "Unknown channel."
        elif not isinstance(kinds, dict):
            fields[channel] = "An object of kind → true/false."
        else:
            for kind, enabled in kinds.items():
                if kind not in kinds_allowed or not isinstance(enabled, bool):
                    fields[f"{channel}.{kind}"] = "Unknown kind or not true/false."
    if fields:
        raise ValidationFailed("Please correct the marked fields.", fields)
    for channel, kinds in values.items():
        for kind, enabled in kinds.items():
            row = db.session.get(NotificationSetting, (user.id, channel, kind))
            if row is None:
                db.session.add(NotificationSetting(user_id=user.id, channel=channel, kind=kind, enabled=enabled))
            else:
                row.enabled = enabled
    db.session.flush()
    return settings(user)


# -- watching and muting ---------------------------------------------------------------------


def _check_target(user: User, target_type: object, target_id: object) -> tuple[str, int]:
    fields = {}
    if target_type not in WATCH_TARGETS:
        fields["target_type"] = "thread, category or product"
    try:
        tid = int(target_id)  # type: ignore[arg-type]
        if isinstance(target_id, bool) or tid < 1:
            raise ValueError
    except (TypeError, ValueError):
        fields["target_id"] = "A positive integer id."
        tid = 0
    if fields:
        raise ValidationFailed("Please correct the marked fields.", fields)
    if target_type == "thread":
        thread = db.session.get(Thread, tid)
        if thread is None or not can(user, "thread.view", thread):
            raise NotFound("No such thread.")
    elif target_type == "category":
        cat = db.session.get(Category, tid)
        if cat is None or not can(user, "category.view", cat):
            raise NotFound("No such category.")
    # Products belong to another capability: the id is stored as given.
    return str(target_type), tid


def set_watch(user: User, target_type: object, target_id: object, level: object) -> str | None:
    """level is "watch", "mute" or "none" (forget the choice)."""
    if level not in (*WATCH_LEVELS, "none"):
        raise ValidationFailed("Please correct the marked fields.", {"level": "watch, mute or none"})
    ttype, tid = _check_target(user, target_type, target_id)
    row = db.session.scalar(
        select(Watch).where(Watch.user_id == user.id, Watch.target_type == ttype, Watch.target_id == tid)
    )
    if level == "none":
        if row is not None:
            db.session.delete(row)
        return None
    if row is None:
        db.session.add(Watch(user_id=user.id, target_type=ttype, target_id=tid, level=level))
    else:
        row.level = level
    db.session.flush()
    return str(level)


def watch_levels(user_id: int, thread: Thread) -> dict[str, str]:
    rows = db.session.execute(select(Watch.target_type, Watch.level).where(Watch.user_id == user_id, _targets(thread)))
    return {t: level for t, level in rows}


def _targets(thread: Thread):  # type: ignore[no-untyped-def]
    cond = ((Watch.target_type == "thread") & (Watch.target_id == thread.id)) | (
        (Watch.target_type == "category") & (Watch.target_id == thread.category_id)
    )
    if thread.product_id is not None:
        cond = cond | ((Watch.target_type == "product") & (Watch.target_id == thread.product_id))
    return cond


def effective_level(levels: dict[str, str]) -> str | None:
    """The most specific choice wins: a thread over its product over its category."""
    for target in ("thread", "product", "category"):
        if target in levels:
            return levels[target]
    return None


def watchers(thread: Thread) -> list[int]:
    """Users whose effective choice for this thread is "watch"."""
    by_user: dict[int, dict[str, str]] = {}
    for uid, ttype, level in db.session.execute(
        select(Watch.user_id, Watch.target_type, Watch.level).where(_targets(thread))
    ):
        by_user.setdefault(uid, {})[ttype] = level
    return sorted(uid for uid, levels in by_user.items() if effective_level(levels) == "watch")


def list_watches(user: User) -> list[Watch]:
    return list(db.session.scalars(select(Watch).where(Watch.user_id == user.id).order_by(Watch.id)))


# -- fan-out ----------------------------------------------------------------------------------


def notify(
    user_id: int,
    kind: str,
    *,
    post: Post | None,
    actor_id: int | None,
    subject: tuple[str, int] | None = None,
) -> bool:
    """Deliver through every channel the user has on for this kind. Nobody hears of their own
    action, of a post they may not read, or of a muted thread (only "accepted" pierces a mute).
    A registered kind reaches only the users its permission admits; `subject` names what it is
    about (deliveries dedupe on it)."""
    if user_id == actor_id:
        return False
    user = db.session.get(User, user_id)
    if user is None or user.is_suspended:
        return False
    extra = registered(kind)
    if extra is not None and not can(user, extra.permission):
        return False
    thread = post.thread if post is not None else None
    if post is not None and not can(user, "post.view", post):
        return False
    if thread is not None and kind != "accepted" and effective_level(watch_levels(user_id, thread)) == "mute":
        return False
    prefs = settings(user)
    delivery = Delivery(
        user_id,
        kind,
        actor_id,
        thread.id if thread else None,
        post.id if post else None,
        subject[0] if subject else None,
        subject[1] if subject else None,
    )
    sent = False
    for channel in channels():
        if prefs.get(channel.name, {}).get(kind, True):
            channel.deliver(delivery)
            sent = True
    return sent


def withdraw(subject_type: str, subject_id: int) -> int:
    """Remove the notifications about a subject that no longer exists (a withdrawn alert)."""
    res = db.session.execute(
        delete(Notification).where(Notification.subject_type == subject_type, Notification.subject_id == subject_id)
    )
    return res.rowcount or 0


def link(notification: Notification) -> str | None:
    """Where opening a notification goes: its post, else its registered kind's page."""
    if notification.post_id:
        return f"/p/{notification.post_id}"
    extra = registered(notification.kind)
    return extra.link(notification) if extra is not None and notification.subject_id is not None else None


def describe(notification: Notification) -> str | None:
    """The list line of a registered kind (core kinds are worded in the template)."""
    extra = registered(notification.kind)
    return extra.describe(notification) if extra is not None else None


# -- reading ------------------------------------------------------------------------------------


def unread_count(user: User) -> int:
    return int(
        db.session.scalar(
            select(func.count(Notification.id)).where(Notification.user_id == user.id, Notification.read_at.is_(None))
        )
        or 0
    )


def list_for(
    user: User, cursor: str | None = None, limit: int = 20, unread_only: bool = False
) -> tuple[list[Notification], str | None]:
    q = (
        select(Notification)
        .options(joinedload(Notification.actor), joinedload(Notification.thread))
        .where(Notification.user_id == user.id)
        .order_by(Notification.id.desc())
    )
    if unread_only:
        q = q.where(Notification.read_at.is_(None))
    key = decode_cursor(cursor, 1)
    if key:
        if not isinstance(key[0], int):
            from community.pagination import BadCursor

            raise BadCursor("That page link is not valid; start again from the first page.")
        q = q.where(Notification.id < key[0])
    rows = list(db.session.scalars(q.limit(limit + 1)))
    next_cursor = encode_cursor(rows[limit - 1].id) if len(rows) > limit else None
    return rows[:limit], next_cursor


def get_own(user: User, notification_id: int) -> Notification:
    row = db.session.get(Notification, notification_id)
    if row is None or row.user_id != user.id:
        raise NotFound("No such notification.")
    return row


def mark_read(user: User, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = utcnow()


def mark_all_read(user: User) -> int:
    res = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return res.rowcount or 0


def clear_for_users(user_ids_query: Any) -> int:
    db.session.execute(delete(Watch).where(Watch.user_id.in_(user_ids_query)))
    db.session.execute(delete(NotificationSetting).where(NotificationSetting.user_id.in_(user_ids_query)))
    return db.session.execute(delete(Notification).where(Notification.user_id.in_(user_ids_query))).rowcount or 0
