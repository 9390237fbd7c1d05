"""Staff API of operations: the outbox dead-letter list and replay."""

from __future__ import annotations

from flask import g, jsonify, request

from community.api import bp
from community.api.helpers import page, require
from community.api.spec import LIST_PARAMS, add_paths, add_schemas, list_of, obj, ok, op, pparam, qparam, ref
from community.ops import dead_letters
from community.pagination import clamp_limit, decode_cursor, encode_cursor


@bp.get("/staff/outbox")
def staff_outbox():  # type: ignore[no-untyped-def]
    user = require("staff.access")
    limit = clamp_limit(request.args.get("limit"), default=50)
    cursor = decode_cursor(request.args.get("cursor"), 1)
    before_id = None
    if cursor is not None:
        if not isinstance(cursor[0], int):
            from community.pagination import BadCursor

            raise BadCursor("That page link is not valid; start again from the first page.")
        before_id = cursor[0]
    events = dead_letters.list_events(user, request.args.get("state", "all"), limit + 1, before_id)
    more = len(events) > limit
    events = events[:limit]
    next_cursor = encode_cursor(events[-1].id) if more and events else None
    return jsonify(page([dead_letters.event_json(e) for e in events], next_cursor))


@bp.post("/staff/outbox/<int:event_id>/replay")
def staff_outbox_replay(event_id: int):  # type: ignore[no-untyped-def]
    user = require("staff.access")
    event = dead_letters.replay_event(user, event_id)
    g.outbox_pending = True
    return jsonify({"event": dead_letters.event_json(event)})


add_schemas(
    OutboxEvent=obj(
        ["id", "topic", "state", "attempts", "created_at"],
        nullable=("last_error", "dead_at"),
        id={"type": "integer"},
        topic={"type": "string"},
        payload={"type": "object"},
        state={"type": "string", "enum": ["pending", "dead", "done"]},
        attempts={"type": "integer"},
        last_error={"type": "string"},
        created_at={"type": "string"},
        available_at={"type": "string"},
        dead_at={"type": "string"},
    )
)
add_paths(
    {
        "/staff/outbox": {
            "get": op(
                "Outbox events not yet applied (staff): pending and dead, newest first",
                ok(list_of(ref("OutboxEvent"))),
                tag="operations",
                auth=True,
                params=[qparam("state", {"type": "string", "enum": ["pending", "dead", "all"]}), *LIST_PARAMS],
            )
        },
        "/staff/outbox/{event_id}/replay": {
            "post": op(
                "Give a dead event a fresh round of attempts (staff, audited)",
                ok(obj(["event"], event=ref("OutboxEvent"))),
                tag="operations",
                auth=True,
                params=[pparam("event_id")],
            )
        },
    }
)
