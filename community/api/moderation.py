"""Moderation API: flags, the staff review queue, silence/suspend, staff notes, the audit log,
appeals and the spam check. The same services as the /staff pages."""

from __future__ import annotations

from flask import jsonify, request

from community.api import bp
from community.api.helpers import created, int_arg, json_body, page, require, require_user
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
from community.errors import ValidationFailed
from community.extensions import db, limiter
from community.pagination import clamp_limit
from community.timeutil import isoformat
from moderation import audit, flags, notices, people, queue
from moderation.models import FLAG_REASONS, HIDE_REASONS, QUEUE_ACTIONS
from moderation.ratelimits import FLAG_IP_LIMIT, account_key, flag_limit, ip_key


def _flag_json(f) -> dict:  # type: ignore[no-untyped-def]
    return {
        "id": f.id,
        "target_type": f.target_type,
        "target_id": f.target_id,
        "reason": f.reason,
        "note": f.note,
        "created_at": isoformat(f.created_at),
    }


@bp.post("/posts/<int:post_id>/flags")
@limiter.limit(flag_limit, key_func=account_key)
@limiter.limit(FLAG_IP_LIMIT, key_func=ip_key)
def flag_post(post_id: int):  # type: ignore[no-untyped-def]
    user = require_user()
    data = json_body()
    row = flags.flag(user, "post", post_id, data.get("reason"), data.get("note") or "")
    db.session.commit()
    return created({"flag": _flag_json(row)})


@bp.post("/reviews/<int:review_id>/flags")
@limiter.limit(flag_limit, key_func=account_key)
@limiter.limit(FLAG_IP_LIMIT, key_func=ip_key)
def flag_review(review_id: int):  # type: ignore[no-untyped-def]
    user = require_user()
    data = json_body()
    row = flags.flag(user, "review", review_id, data.get("reason"), data.get("note") or "")
    db.session.commit()
    return created({"flag": _flag_json(row)})


@bp.get("/staff/queue")
def staff_queue():  # type: ignore[no-untyped-def]
    user = require("moderation.queue")
    items, next_cursor = queue.list_items(
        user,
        status=request.args.get("status") or "pending",
        source=request.args.get("source") or None,
        target_type=request.args.get("type") or None,
        cursor=request.args.get("cursor"),
        limit=clamp_limit(request.args.get("limit")),
    )
    return jsonify(page([queue.item_json(i) for i in items], next_cursor))


@bp.get("/staff/queue/<int:item_id>")
def staff_queue_item(item_id: int):  # type: ignore[no-untyped-def]
    user = require("moderation.queue")
    return jsonify({"item": queue.item_json(queue.get_item(user, item_id))})


@bp.post("/staff/queue/<int:item_id>")
def staff_queue_act(item_id: int):  # type: ignore[no-untyped-def]
    user = require("moderation.act")
    data = json_body()
    item = queue.act(user, item_id, data.get("action"), data.get("reason"))
    db.session.commit()
    return jsonify({"item": queue.item_json(item)})


def _user_status(u) -> dict:  # type: ignore[no-untyped-def]
    return {
        "id": u.id,
        "username": u.username,
        "trust_level": u.trust_level,
        "silenced_until": isoformat(u.silenced_until) if u.is_silenced else None,
        "silence_reason": u.silence_reason,
        "suspended_until": isoformat(u.suspended_until) if u.is_suspended else None,
        "suspend_reason": u.suspend_reason,
    }


@bp.post("/staff/users/<int:user_id>/silence")
def staff_silence(user_id: int):  # type: ignore[no-untyped-def]
    actor = require("moderation.people")
    data = json_body()
    target = people.get_user(actor, user_id)
    people.silence(actor, target, data.get("until"), data.get("reason"))
    db.session.commit()
    return jsonify({"user": _user_status(target)})


@bp.delete("/staff/users/<int:user_id>/silence")
def staff_unsilence(user_id: int):  # type: ignore[no-untyped-def]
    actor = require("moderation.people")
    target = people.get_user(actor, user_id)
    people.unsilence(
        actor,
        target,
        (request.get_json(silent=True) or {}).get("reason", "") if request.is_json else "",
    )
    db.session.commit()
    return jsonify({"user": _user_status(target)})


@bp.post("/staff/users/<int:user_id>/suspend")
def staff_suspend(user_id: int):  # type: ignore[no-untyped-def]
    actor = require("moderation.people")
    data = json_body()
    target = people.get_user(actor, user_id)
    people.suspend(actor, target, data.get("until"), data.get("reason"))
    db.session.commit()
    return jsonify({"user": _user_status(target)})


@bp.delete("/staff/users/<int:user_id>/suspend")
def staff_unsuspend(user_id: int):  # type: ignore[no-untyped-def]
    actor = require("moderation.people")
    target = people.get_user(actor, user_id)
    people.unsuspend(
        actor,
        target,
        (request.get_json(silent=True) or {}).get("reason", "") if request.is_json else "",
    )
    db.session.commit()
    return jsonify({"user": _user_status(target)})


@bp.post("/staff/users/<int:user_id>/notes")
def staff_add_note(user_id: int):  # type: ignore[no-untyped-def]
    actor = require("moderation.people")
    target = people.get_user(actor, user_id)
    note = people.add_note(actor, target, json_body().get("body"))
    db.session.commit()
    return created(
        {
            "note": {
                "id": note.id,
                "body": note.body,
                "author": actor.username,
                "created_at": isoformat(note.created_at),
            }
        }
    )


@bp.get("/staff/users/<int:user_id>")
def staff_user(user_id: int):  # type: ignore[no-untyped-def]
    actor = require("moderation.people")
    target = people.get_user(actor, user_id)
    h = people.history(actor, target)
    return jsonify(
        {
            "user": _user_status(target),
            "notes": [
                {
                    "id": n.id,
                    "body": n.body,
                    "author": n.author.username if n.author else None,
                    "created_at": isoformat(n.created_at),
                }
                for n in h["notes"]
            ],
            "queue": [
                {
                    "id": i.id,
                    "target_type": i.target_type,
                    "target_id": i.target_id,
                    "status": i.status,
                    "sources": i.sources,
                }
                for i in h["queue"]
            ],
            "posts": [
                {
                    "id": p.id,
                    "thread_id": p.thread_id,
                    "status": p.status,
                    "hidden": p.is_hidden,
                    "deleted": p.is_deleted,
                    "created_at": isoformat(p.created_at),
                }
                for p in h["posts"]
            ],
            "flags_given": [_flag_json(f) for f in h["flags_given"]],
            "audit": [audit.entry_json(e) for e in h["audit"]],
        }
    )


@bp.get("/staff/audit")
def staff_audit():  # type: ignore[no-untyped-def]
    user = require("moderation.audit")
    rows, next_cursor = audit.list_entries(
        user,
        actor=request.args.get("actor") or None,
        action=request.args.get("action") or None,
        target_type=request.args.get("target_type") or None,
        target_id=int_arg("target_id"),
        since=request.args.get("since"),
        until=request.args.get("until"),
        cursor=request.args.get("cursor"),
        limit=clamp_limit(request.args.get("limit")),
    )
    return jsonify(page([audit.entry_json(e) for e in rows], next_cursor))


@bp.post("/staff/audit/purge")
def staff_audit_purge():  # type: ignore[no-untyped-def]
    user = require("moderation.audit_purge")
    data = json_body()
    count = audit.purge(user, data.get("before"), data.get("reason"))
    db.session.commit()
    return jsonify({"deleted": count})


@bp.post("/staff/spam/check")
def staff_spam_check():  # type: ignore[no-untyped-def]
    """The verdict for a text, stored nowhere: staff try the filter and its settings."""
    require("moderation.spam_settings")
    data = json_body()
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValidationFailed("Please correct the marked fields.", {"text": "Send the text to check."})
    trust = data.get("trust_level", 0)
    if not isinstance(trust, int) or isinstance(trust, bool) or not 0 <= trust <= 3:
        raise ValidationFailed("Please correct the marked fields.", {"trust_level": "0 to 3"})
    kind = data.get("kind") or "post"
    if kind not in ("post", "review", "profile"):
        raise ValidationFailed("Please correct the marked fields.", {"kind": "post, review or profile"})
    from moderation.learning import classifier
    from moderation.screening import verdict_json
    from moderation.spam import check
    from moderation.watched_words import policy

    verdict = check(text[:20000], trust_level=trust, policy=policy(), kind=kind, classifier=classifier())
    return jsonify(verdict_json(verdict))


@bp.get("/me/notices")
def my_notices():  # type: ignore[no-untyped-def]
    user = require_user()
    return jsonify(page([_notice_json(n) for n in notices.notices_for(user)], None))


@bp.post("/notices/<int:notice_id>/appeal")
def appeal(notice_id: int):  # type: ignore[no-untyped-def]
    user = require_user()
    notice = notices.appeal(user, notice_id, json_body().get("text"))
    db.session.commit()
    return created({"notice": _notice_json(notice)})


def _notice_json(n) -> dict:  # type: ignore[no-untyped-def]
    return {
        "id": n.id,
        "target_type": n.target_type,
        "target_id": n.target_id,
        "action": n.action,
        "reason": n.reason,
        "message": n.message,
        "created_at": isoformat(n.created_at),
        "appealed": n.appealed_at is not None,
        "closed": n.closed_at is not None,
    }


# -- OpenAPI -------------------------------------------------------------------------------

_S = {"type": "string"}
_I = {"type": "integer"}
add_schemas(
    Flag=obj(
        ["id", "target_type", "target_id", "reason"],
        id=_I,
        target_type=_S,
        target_id=_I,
        reason={"type": "string", "enum": list(FLAG_REASONS)},
        note=_S,
        created_at=_S,
    ),
    QueueItem=obj(
        ["id", "target_type", "target_id", "status", "sources"],
        id=_I,
        target_type=_S,
        target_id=_I,
        status={
            "type": "string",
            "enum": ["pending", "approved", "rejected", "hidden", "restored", "deleted"],
        },
        sources={"type": "array", "items": _S},
        created_at=_S,
        spam_score={"type": ["number", "null"]},
        spam_reasons={"type": "array", "items": obj()},
        held_text={"type": ["string", "null"]},
        flag_weight={"type": "number"},
        target={"type": ["object", "null"]},
        author={"type": ["object", "null"]},
        flags={"type": "array", "items": obj()},
        appeal={"type": ["string", "null"]},
    ),
    ModeratedUser=obj(
        ["id", "username"],
        id=_I,
        username=_S,
        trust_level=_I,
        silenced_until={"type": ["string", "null"]},
        silence_reason={"type": ["string", "null"]},
        suspended_until={"type": ["string", "null"]},
        suspend_reason={"type": ["string", "null"]},
    ),
    AuditEntry=obj(
        ["id", "action", "target_type", "created_at"],
        id=_I,
        actor={"type": ["string", "null"]},
        action=_S,
        target_type=_S,
        target_id={"type": ["integer", "null"]},
        before={"type": ["object", "null"]},
        after={"type": ["object", "null"]},
        reason=_S,
        ip=_S,
        created_at=_S,
    ),
    SpamVerdict=obj(
        ["spam", "score", "action", "reasons"],
        spam={"type": "boolean"},
        score={"type": "number"},
        action={"type": "string", "enum": ["allow", "hold", "block"]},
        text=_S,
        reasons={
            "type": "array",
            "items": obj(["code", "message"], code=_S, message=_S, detail=_S),
        },
    ),
    Notice=obj(
        ["id", "target_type", "target_id", "action", "reason"],
        id=_I,
        target_type=_S,
        target_id=_I,
        action=_S,
        reason=_S,
        message=_S,
        created_at=_S,
        appealed={"type": "boolean"},
        closed={"type": "boolean"},
    ),
)
_W = (400, 401, 403, 404, 409, 413, 422, 429)
_until = obj(
    ["until", "reason"],
    until={"type": "string", "description": "ISO date or date-time (UTC), in the future"},
    reason={"type": "string", "description": "shown to the person"},
)
_user_out = ok(obj(["user"], user=ref("ModeratedUser")))
add_paths(
    {
        "/posts/{post_id}/flags": {
            "post": op(
                "Flag a post (one flag per member per post, not your own)",
                ok(obj(["flag"], flag=ref("Flag")), "201", "Created"),
                params=[pparam("post_id")],
                request=body(obj(["reason"], reason={"type": "string", "enum": list(FLAG_REASONS)}, note=_S)),
                errors=_W,
                tag="moderation",
                auth=True,
            )
        },
        "/reviews/{review_id}/flags": {
            "post": op(
                "Flag a product review (one flag per member per review, not your own)",
                ok(obj(["flag"], flag=ref("Flag")), "201", "Created"),
                params=[pparam("review_id")],
                request=body(obj(["reason"], reason={"type": "string", "enum": list(FLAG_REASONS)}, note=_S)),
                errors=_W,
                tag="moderation",
                auth=True,
            )
        },
        "/staff/queue": {
            "get": op(
                "The review queue (staff)",
                ok(list_of(ref("QueueItem"))),
                params=[
                    qparam(
                        "status",
                        {
                            "type": "string",
                            "enum": [
                                "pending",
                                "approved",
                                "rejected",
                                "hidden",
                                "restored",
                                "deleted",
                                "all",
                            ],
                        },
                    ),
                    qparam(
                        "source",
                        {"type": "string", "enum": ["flag", "spam", "premoderate", "appeal"]},
                    ),
                    qparam("type"),
                    *LIST_PARAMS,
                ],
                errors=(400, 401, 403, 422, 429),
                tag="moderation",
                auth=True,
            )
        },
        "/staff/queue/{item_id}": {
            "get": op(
                "One queue item with its context (staff)",
                ok(obj(["item"], item=ref("QueueItem"))),
                params=[pparam("item_id")],
                errors=(401, 403, 404, 429),
                tag="moderation",
                auth=True,
            ),
            "post": op(
                "Decide on a queue item (staff); hide/reject/delete need a reason from the fixed list",
                ok(obj(["item"], item=ref("QueueItem"))),
                params=[pparam("item_id")],
                request=body(
                    obj(
                        ["action"],
                        action={"type": "string", "enum": list(QUEUE_ACTIONS)},
                        reason={
                            "type": "string",
                            "description": "for hide/reject/delete one of: " + ", ".join(HIDE_REASONS),
                        },
                    )
                ),
                errors=_W,
                tag="moderation",
                auth=True,
            ),
        },
        "/staff/users/{user_id}": {
            "get": op(
                "A member's moderation history (staff)",
                ok(obj(["user"], user=ref("ModeratedUser"))),
                params=[pparam("user_id")],
                errors=(401, 403, 404, 429),
                tag="moderation",
                auth=True,
            )
        },
        "/staff/users/{user_id}/silence": {
            "post": op(
                "Silence a member until a date (can read, cannot post)",
                _user_out,
                params=[pparam("user_id")],
                request=body(_until),
                errors=_W,
                tag="moderation",
                auth=True,
            ),
            "delete": op(
                "Lift a silence",
                _user_out,
                params=[pparam("user_id")],
                errors=(401, 403, 404, 429),
                tag="moderation",
                auth=True,
            ),
        },
        "/staff/users/{user_id}/suspend": {
            "post": op(
                "Suspend a member until a date (cannot sign in)",
                _user_out,
                params=[pparam("user_id")],
                request=body(_until),
                errors=_W,
                tag="moderation",
                auth=True,
            ),
            "delete": op(
                "Lift a suspension",
                _user_out,
                params=[pparam("user_id")],
                errors=(401, 403, 404, 429),
                tag="moderation",
                auth=True,
            ),
        },
        "/staff/users/{user_id}/notes": {
            "post": op(
                "Add a staff-only note on a member",
                ok(obj(["note"], note=obj()), "201", "Created"),
                params=[pparam("user_id")],
                request=body(obj(["body"], body=_S)),
                errors=_W,
                tag="moderation",
                auth=True,
            )
        },
        "/staff/audit": {
            "get": op(
                "The audit log, newest first (staff)",
                ok(list_of(ref("AuditEntry"))),
                params=[
                    qparam("actor"),
                    qparam("action", description="prefix, e.g. queue."),
                    qparam("target_type"),
                    qparam("target_id", _I),
                    qparam("since", description="ISO date"),
                    qparam("until", description="ISO date"),
                    *LIST_PARAMS,
                ],
                errors=(400, 401, 403, 422, 429),
                tag="moderation",
                auth=True,
            )
        },
        "/staff/audit/purge": {
            "post": op(
                "Purge audit entries older than a date (admin; the purge is itself logged)",
                ok(obj(["deleted"], deleted=_I)),
                request=body(obj(["before", "reason"], before=_S, reason=_S)),
                errors=_W,
                tag="moderation",
                auth=True,
            )
        },
        "/staff/spam/check": {
            "post": op(
                "Check a text against the spam filter without storing anything (staff)",
                ok(ref("SpamVerdict")),
                request=body(
                    obj(
                        ["text"],
                        text=_S,
                        trust_level={"type": "integer", "minimum": 0, "maximum": 3},
                        kind={"type": "string", "enum": ["post", "review", "profile"]},
                    )
                ),
                errors=(400, 401, 403, 413, 422, 429),
                tag="moderation",
                auth=True,
            )
        },
        "/me/notices": {
            "get": op(
                "Moderation notices about my content",
                ok(list_of(ref("Notice"))),
                errors=(401, 429),
                tag="moderation",
                auth=True,
            )
        },
        "/notices/{notice_id}/appeal": {
            "post": op(
                "Appeal a moderation decision (once)",
                ok(obj(["notice"], notice=ref("Notice")), "201", "Created"),
                params=[pparam("notice_id")],
                request=body(obj(["text"], text=_S)),
                errors=_W,
                tag="moderation",
                auth=True,
            )
        },
    }
)
