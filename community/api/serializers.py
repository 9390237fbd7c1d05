"""JSON shapes of the core objects. Capabilities extend a shape with add_field()."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from community.accounts.models import User
from community.forum.models import Category, Post, PostRevision, Thread
from community.timeutil import isoformat

_extra: dict[str, list[Callable[[Any, dict[str, Any]], None]]] = {}


def add_field(kind: str, fn: Callable[[Any, dict[str, Any]], None]) -> None:
    """Let a capability add fields (e.g. reputation rank) to a core object's JSON."""
    _extra.setdefault(kind, []).append(fn)


def _finish(kind: str, obj: Any, data: dict[str, Any]) -> dict[str, Any]:
    for fn in _extra.get(kind, ()):
        fn(obj, data)
    return data


def user_json(user: User, *, private: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": user.id,
        "username": user.username,
        "role": user.role,
        "trust_level": user.trust_level,
        "reputation": user.reputation,
        "post_count": user.post_count,
        "created_at": isoformat(user.created_at),
    }
    if private:
        data["email"] = user.email
        data["locale"] = user.locale
        data["silenced_until"] = isoformat(user.silenced_until)
    return _finish("user", user, data)


def category_json(cat: Category) -> dict[str, Any]:
    return _finish(
        "category",
        cat,
        {
            "id": cat.id,
            "slug": cat.slug,
            "name": cat.name,
            "description": cat.description,
            "thread_count": cat.thread_count,
            "post_count": cat.post_count,
            "staff_only": cat.staff_only,
            "position": cat.position,
        },
    )


def thread_json(t: Thread) -> dict[str, Any]:
    return _finish(
        "thread",
        t,
        {
            "id": t.id,
            "title": t.title,
            "slug": t.slug,
            "kind": t.kind,
            "category": {"id": t.category.id, "slug": t.category.slug, "name": t.category.name},
            "author": {"id": t.author.id, "username": t.author.username, "role": t.author.role},
            "product_id": t.product_id,
            "created_at": isoformat(t.created_at),
            "last_posted_at": isoformat(t.last_posted_at),
            "post_count": t.post_count,
            "reply_count": t.reply_count,
            "solved": t.is_solved,
            "solution_post_id": t.solution_post_id,
            "locked": t.locked,
            "deleted": t.is_deleted,
            "url": f"/t/{t.id}/{t.slug}",
        },
    )


def post_json(p: Post, *, show_deleted: bool = False) -> dict[str, Any]:
    hide_text = p.is_deleted and not show_deleted
    return _finish(
        "post",
        p,
        {
            "id": p.id,
            "thread_id": p.thread_id,
            "number": p.number,
            "author": {"id": p.author.id, "username": p.author.username, "role": p.author.role},
            "body": "" if hide_text else p.body,
            "body_html": "" if hide_text else p.body_html,
            "reply_to": p.reply_to_id,
            "created_at": isoformat(p.created_at),
            "edited_at": isoformat(p.edited_at),
            "edit_count": p.edit_count,
            "vote_count": p.vote_count,
            "status": p.status,
            "deleted": p.is_deleted,
            "hidden": p.is_hidden,
        },
    )


def revision_json(r: PostRevision) -> dict[str, Any]:
    return {
        "id": r.id,
        "post_id": r.post_id,
        "number": r.number,
        "body": r.body,
        "title": r.title,
        "editor": {"id": r.editor.id, "username": r.editor.username},
        "created_at": isoformat(r.created_at),
    }
