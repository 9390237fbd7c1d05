"""Notifications, watch/mute and notification settings for the signed-in user."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request

from community.api import bp
from community.api.helpers import json_body, page, require_user
from community.api.spec import (
    LIST_PARAMS,
    add_paths,
    add_schemas,
    body,
    list_of,
    obj,
    ok,
    op,
    pparam,
    qparam,
    ref,
)
from community.extensions import db
from community.notifications import service
from community.notifications.models import Notification, Watch
from community.pagination import clamp_limit
from community.timeutil import isoformat


def notification_json(n: Notification) -> dict[str, Any]:
    return {
        "id": n.id,
        "kind": n.kind,
        "thread_id": n.thread_id,
        "post_id": n.post_id,
        "actor": {"id": n.actor.id, "username": n.actor.username} if n.actor else None,
        "created_at": isoformat(n.created_at),
        "read": n.read_at is not None,
        "url": service.link(n),
    }


def watch_json(w: Watch) -> dict[str, Any]:
    return {"target_type": w.target_type, "target_id": w.target_id, "level": w.level}


@bp.get("/notifications")
def notifications():  # type: ignore[no-untyped-def]
    user = require_user()
    unread_only = request.args.get("unread") in ("1", "true")
    rows, next_cursor = service.list_for(
        user, request.args.get("cursor"), clamp_limit(request.args.get("limit")), unread_only
    )
    data = page([notification_json(n) for n in rows], next_cursor)
    data["unread"] = service.unread_count(user)
    return jsonify(data)


@bp.get("/notifications/unread")
def notifications_unread():  # type: ignore[no-untyped-def]
    return jsonify({"unread": service.unread_count(require_user())})


@bp.post("/notifications/read-all")
def notifications_read_all():  # type: ignore[no-untyped-def]
    user = require_user()
    n = service.mark_all_read(user)
    db.session.commit()
    return jsonify({"marked": n, "unread": 0})


@bp.post("/notifications/<int:notification_id>/read")
def notification_read(notification_id: int):  # type: ignore[no-untyped-def]
    user = require_user()
    row = service.get_own(user, notification_id)
    service.mark_read(user, row)
    db.session.commit()
    return jsonify({"notification": notification_json(row)})


@bp.get("/notifications/settings")
def notification_settings():  # type: ignore[no-untyped-def]
    return jsonify({"settings": service.settings(require_user())})


@bp.put("/notifications/settings")
def notification_settings_save():  # type: ignore[no-untyped-def]
    user = require_user()
    result = service.save_settings(user, json_body().get("settings"))
    db.session.commit()
    return jsonify({"settings": result})


@bp.get("/watches")
def watches():  # type: ignore[no-untyped-def]
    return jsonify(page([watch_json(w) for w in service.list_watches(require_user())], None))


@bp.put("/watches")
def watch_set():  # type: ignore[no-untyped-def]
    user = require_user()
    data = json_body()
    level = service.set_watch(user, data.get("target_type"), data.get("target_id"), data.get("level"))
    db.session.commit()
    return jsonify(
        {
            "watch": {
                "target_type": data.get("target_type"),
                "target_id": int(data["target_id"]),
                "level": level or "none",
            }
        }
    )


add_schemas(
    Notification=obj(
        ["id", "kind", "created_at", "read"],
        id={"type": "integer"},
        kind={"type": "string", "enum": ["reply", "mention", "accepted", "vote", "watching"]},
        thread_id={"type": ["integer", "null"]},
        post_id={"type": ["integer", "null"]},
        actor={"type": ["object", "null"]},
        created_at={"type": "string"},
        read={"type": "boolean"},
        url={"type": ["string", "null"]},
    ),
    Watch=obj(
        ["target_type", "target_id", "level"],
        target_type={"type": "string", "enum": ["thread", "category", "product"]},
        target_id={"type": "integer"},
        level={"type": "string", "enum": ["watch", "mute", "none"]},
    ),
)
_settings = obj(
    ["settings"],
    settings={
        "type": "object",
        "description": "channel → kind → enabled",
        "additionalProperties": {"type": "object", "additionalProperties": {"type": "boolean"}},
    },
)
_auth = {"auth": True, "tag": "notifications"}
add_paths(
    {
        "/notifications": {
            "get": op(
                "Your notifications, newest first, with the unread count",
                ok(list_of(ref("Notification"))),
                params=[qparam("unread"), *LIST_PARAMS],
                errors=(400, 401, 422, 429),
                **_auth,
            )
        },
        "/notifications/unread": {
            "get": op(
                "Unread count (the bell)",
                ok(obj(["unread"], unread={"type": "integer"})),
                errors=(401, 429),
                **_auth,
            )
        },
        "/notifications/read-all": {
            "post": op(
                "Mark every notification read",
                ok(obj(["marked"], marked={"type": "integer"})),
                errors=(401, 429),
                **_auth,
            )
        },
        "/notifications/{notification_id}/read": {
            "post": op(
                "Mark one notification read",
                ok(obj(["notification"], notification=ref("Notification"))),
                params=[pparam("notification_id")],
                errors=(401, 404, 429),
                **_auth,
            )
        },
        "/notifications/settings": {
            "get": op(
                "Per-kind, per-channel notification settings",
                ok(_settings),
                errors=(401, 429),
                **_auth,
            ),
            "put": op(
                "Change notification settings",
                ok(_settings),
                request=body(_settings),
                errors=(400, 401, 422, 429),
                **_auth,
            ),
        },
        "/watches": {
            "get": op("What you watch or mute", ok(list_of(ref("Watch"))), errors=(401, 429), **_auth),
            "put": op(
                "Watch, mute or forget a thread, category or product",
                ok(obj(["watch"], watch=ref("Watch"))),
                request=body(ref("Watch")),
                errors=(400, 401, 404, 422, 429),
                **_auth,
            ),
        },
    }
)
