"""Admin API of webhooks: register, list, change, remove, and read the delivery log.

The signing secret is returned when a webhook is created and when one webhook is read, never in
the list. URLs pass the SSRF guard (community/integrations/url_guard.py) like the web form's.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify, request

from community.api import bp
from community.api.helpers import created, json_body, page, require
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
    ref,
)
from community.errors import ValidationFailed
from community.extensions import db
from community.integrations import webhooks
from community.pagination import BadCursor, clamp_limit, decode_cursor, encode_cursor

FIELDS = ("url", "events", "description", "active")


def _cursor_id() -> int | None:
    cursor = decode_cursor(request.args.get("cursor"), 1)
    if cursor is None:
        return None
    if not isinstance(cursor[0], int) or isinstance(cursor[0], bool):
        raise BadCursor("That page link is not valid; start again from the first page.")
    return cursor[0]


def _unknown_fields(data: dict[str, Any]) -> None:
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise ValidationFailed("Unknown fields.", {name: "not a webhook field" for name in unknown})


@bp.get("/staff/webhooks")
def staff_webhooks():  # type: ignore[no-untyped-def]
    require("webhooks.manage")
    limit = clamp_limit(request.args.get("limit"))
    hooks = webhooks.list_webhooks(after_id=_cursor_id(), limit=limit + 1)
    more = len(hooks) > limit
    hooks = hooks[:limit]
    next_cursor = encode_cursor(hooks[-1].id) if more and hooks else None
    return jsonify(page([webhooks.webhook_json(h) for h in hooks], next_cursor))


@bp.post("/staff/webhooks")
def staff_webhook_create():  # type: ignore[no-untyped-def]
    user = require("webhooks.manage")
    data = json_body()
    _unknown_fields(data)
    active = data.get("active", True)
    if not isinstance(active, bool):
        raise ValidationFailed("Please correct the marked fields.", {"active": "true or false"})
    hook = webhooks.create_webhook(user, data.get("url"), data.get("events"), data.get("description") or "")
    hook.active = active
    db.session.commit()
    return created({"webhook": webhooks.webhook_json(hook, with_secret=True)})


@bp.get("/staff/webhooks/<int:webhook_id>")
def staff_webhook(webhook_id: int):  # type: ignore[no-untyped-def]
    user = require("webhooks.manage")
    return jsonify({"webhook": webhooks.webhook_json(webhooks.get_webhook(user, webhook_id), with_secret=True)})


@bp.patch("/staff/webhooks/<int:webhook_id>")
def staff_webhook_update(webhook_id: int):  # type: ignore[no-untyped-def]
    user = require("webhooks.manage")
    data = json_body()
    _unknown_fields(data)
    hook = webhooks.update_webhook(user, webhook_id, data)
    db.session.commit()
    return jsonify({"webhook": webhooks.webhook_json(hook)})


@bp.delete("/staff/webhooks/<int:webhook_id>")
def staff_webhook_delete(webhook_id: int):  # type: ignore[no-untyped-def]
    user = require("webhooks.manage")
    webhooks.delete_webhook(user, webhook_id)
    db.session.commit()
    return "", 204


@bp.get("/staff/webhooks/<int:webhook_id>/deliveries")
def staff_webhook_deliveries(webhook_id: int):  # type: ignore[no-untyped-def]
    user = require("webhooks.manage")
    hook = webhooks.get_webhook(user, webhook_id)
    limit = clamp_limit(request.args.get("limit"))
    rows = webhooks.deliveries(hook.id, limit=limit + 1, before_id=_cursor_id())
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(rows[-1].id) if more and rows else None
    return jsonify(page([webhooks.delivery_json(d) for d in rows], next_cursor))


_EVENTS = {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 50}
_WRITE = {
    "url": {"type": "string", "description": "http(s) URL resolving to a public address"},
    "events": {"anyOf": [_EVENTS, {"type": "string", "description": "comma-separated event names"}]},
    "description": {"type": "string", "maxLength": 200},
    "active": {"type": "boolean"},
}
add_schemas(
    Webhook=obj(
        ["id", "url", "events", "active", "description", "created_at"],
        id={"type": "integer"},
        url={"type": "string"},
        events={"type": "array", "items": {"type": "string"}},
        active={"type": "boolean"},
        description={"type": "string"},
        created_at={"type": "string"},
        secret={"type": "string", "description": "HMAC-SHA256 key; on create and single read only"},
    ),
    WebhookDelivery=obj(
        ["id", "webhook_id", "event_id", "event", "status", "attempts", "created_at"],
        nullable=("response_status", "last_error", "delivered_at"),
        id={"type": "integer"},
        webhook_id={"type": "integer"},
        event_id={"type": "integer"},
        event={"type": "string"},
        status={"type": "string", "enum": ["pending", "delivered", "failed"]},
        attempts={"type": "integer"},
        response_status={"type": "integer"},
        last_error={"type": "string"},
        created_at={"type": "string"},
        delivered_at={"type": "string"},
    ),
)
_ONE = ok(obj(["webhook"], webhook=ref("Webhook")))
add_paths(
    {
        "/staff/webhooks": {
            "get": op(
                "Webhooks (admin), oldest first",
                ok(list_of(ref("Webhook"))),
                tag="integrations",
                auth=True,
                params=LIST_PARAMS,
            ),
            "post": op(
                "Register a webhook (admin); the answer holds its signing secret",
                ok(obj(["webhook"], webhook=ref("Webhook")), status="201", description="Created"),
                tag="integrations",
                auth=True,
                request=body(obj(["url", "events"], **_WRITE)),
            ),
        },
        "/staff/webhooks/{webhook_id}": {
            "get": op(
                "One webhook with its secret (admin)",
                _ONE,
                tag="integrations",
                auth=True,
                params=[pparam("webhook_id")],
            ),
            "patch": op(
                "Change url, events, description or active (admin)",
                _ONE,
                tag="integrations",
                auth=True,
                params=[pparam("webhook_id")],
                request=body(obj(**_WRITE)),
            ),
            "delete": op(
                "Remove a webhook and its delivery log (admin)",
                ok(None, status="204", description="Removed"),
                tag="integrations",
                auth=True,
                params=[pparam("webhook_id")],
            ),
        },
        "/staff/webhooks/{webhook_id}/deliveries": {
            "get": op(
                "Delivery log of a webhook (admin), newest first",
                ok(list_of(ref("WebhookDelivery"))),
                tag="integrations",
                auth=True,
                params=[pparam("webhook_id"), *LIST_PARAMS],
            )
        },
    }
)
