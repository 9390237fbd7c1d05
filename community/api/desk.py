"""The ambassador desk over JSON: queues, canned answers, response-time figures."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request

from community.api import bp
from community.api.helpers import created, json_body, page, require
from community.api.serializers import thread_json
from community.api.spec import (
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
from community.desk import canned, queues, response_times
from community.desk.models import CannedAnswer
from community.errors import ValidationFailed
from community.extensions import db
from community.ids import parse_int
from community.markup import cook
from community.pagination import clamp_limit, encode_cursor
from community.timeutil import isoformat


def canned_json(a: CannedAnswer) -> dict[str, Any]:
    return {
        "id": a.id,
        "title": a.title,
        "body": a.body,
        "body_html": cook(a.body),
        "tags": a.tag_list,
        "language": a.language,
        "use_count": a.use_count,
        "created_at": isoformat(a.created_at),
        "updated_at": isoformat(a.updated_at),
    }


def _offset() -> int:
    offset = parse_int(request.args.get("offset") or "0", maximum=1_000_000)
    if offset is None:
        raise ValidationFailed("offset must be a whole number.", {"offset": "integer 0..1000000"})
    return offset


@bp.get("/desk/queue")
def desk_queue():  # type: ignore[no-untyped-def]
    user = require("desk.access")
    limit, offset = clamp_limit(request.args.get("limit")), _offset()
    items, more = queues.queue(user, request.args.get("queue") or "waiting", limit=limit, offset=offset)
    data = page(
        [
            {
                "thread": thread_json(i.thread),
                "waiting_since": isoformat(i.waiting_since),
                "waiting_seconds": i.waiting_seconds,
            }
            for i in items
        ],
        encode_cursor(offset + limit) if more else None,
    )
    return jsonify(data)


@bp.get("/desk/canned")
def desk_canned():  # type: ignore[no-untyped-def]
    user = require("desk.canned")
    rows = canned.shelf(
        user,
        request.args.get("language") or None,
        request.args.get("tag") or None,
        request.args.get("q") or None,
    )
    return jsonify(page([canned_json(a) for a in rows], None))


@bp.post("/desk/canned")
def desk_canned_create():  # type: ignore[no-untyped-def]
    user = require("desk.canned")
    data = json_body()
    answer = canned.create(user, data.get("title"), data.get("body"), data.get("tags"), data.get("language") or "en")
    db.session.commit()
    return created({"canned_answer": canned_json(answer)})


@bp.get("/desk/canned/<int:answer_id>")
def desk_canned_get(answer_id: int):  # type: ignore[no-untyped-def]
    user = require("desk.canned")
    return jsonify({"canned_answer": canned_json(canned.get(user, answer_id))})


@bp.patch("/desk/canned/<int:answer_id>")
def desk_canned_edit(answer_id: int):  # type: ignore[no-untyped-def]
    user = require("desk.canned")
    answer = canned.get(user, answer_id)
    data = json_body()
    canned.edit(
        user,
        answer,
        data.get("title", answer.title),
        data.get("body", answer.body),
        data.get("tags", answer.tags),
        data.get("language", answer.language),
    )
    db.session.commit()
    return jsonify({"canned_answer": canned_json(answer)})


@bp.delete("/desk/canned/<int:answer_id>")
def desk_canned_delete(answer_id: int):  # type: ignore[no-untyped-def]
    user = require("desk.canned")
    canned.remove(user, canned.get(user, answer_id))
    db.session.commit()
    return "", 204


@bp.get("/desk/response-times")
def desk_response_times():  # type: ignore[no-untyped-def]
    user = require("desk.stats")
    rows = response_times.figures(user, request.args.get("weeks") or 8)
    for row in rows:
        row["week"] = isoformat(row["week"])
    return jsonify({"items": rows, "next_cursor": None})


_canned_in = obj(
    ["title", "body"],
    title={"type": "string", "maxLength": 120},
    body={"type": "string"},
    tags={"type": ["array", "string"]},
    language={"type": "string", "enum": ["en", "zh"]},
)
add_schemas(
    CannedAnswer=obj(
        ["id", "title", "body", "tags", "language"],
        id={"type": "integer"},
        title={"type": "string"},
        body={"type": "string"},
        body_html={"type": "string"},
        tags={"type": "array", "items": {"type": "string"}},
        language={"type": "string", "enum": ["en", "zh"]},
        use_count={"type": "integer"},
    ),
    DeskItem=obj(
        ["thread", "waiting_since", "waiting_seconds"],
        thread=ref("Thread"),
        waiting_since={"type": "string"},
        waiting_seconds={"type": "integer"},
    ),
    ResponseTimes=obj(
        ["category", "week", "threads"],
        category=obj(),
        week={"type": "string"},
        threads={"type": "integer"},
        questions={"type": "integer"},
        replied={"type": "integer"},
        solved={"type": "integer"},
        first_reply_median={"type": ["number", "null"]},
        first_reply_p90={"type": ["number", "null"]},
        solution_median={"type": ["number", "null"]},
        solution_p90={"type": ["number", "null"]},
    ),
)
_one = ok(obj(["canned_answer"], canned_answer=ref("CannedAnswer")))
_d = {"auth": True, "tag": "desk"}
add_paths(
    {
        "/desk/queue": {
            "get": op(
                "Ambassador desk queue, longest wait first (ambassadors, staff)",
                ok(list_of(ref("DeskItem"))),
                params=[
                    qparam("queue", {"type": "string", "enum": list(queues.QUEUES)}),
                    qparam("limit", {"type": "integer", "minimum": 1, "maximum": 100}),
                    qparam("offset", {"type": "integer", "minimum": 0}),
                ],
                errors=(401, 403, 422, 429),
                **_d,
            )
        },
        "/desk/canned": {
            "get": op(
                "Canned answers (ambassadors, staff)",
                ok(list_of(ref("CannedAnswer"))),
                params=[
                    qparam("language", {"type": "string", "enum": ["en", "zh"]}),
                    qparam("tag"),
                    qparam("q"),
                ],
                errors=(401, 403, 422, 429),
                **_d,
            ),
            "post": op(
                "Add a canned answer",
                ok(obj(["canned_answer"], canned_answer=ref("CannedAnswer")), "201", "Created"),
                request=body(_canned_in),
                errors=(400, 401, 403, 422, 429),
                **_d,
            ),
        },
        "/desk/canned/{answer_id}": {
            "get": op(
                "One canned answer",
                _one,
                params=[pparam("answer_id")],
                errors=(401, 403, 404, 429),
                **_d,
            ),
            "patch": op(
                "Edit a canned answer",
                _one,
                params=[pparam("answer_id")],
                request=body(_canned_in),
                errors=(400, 401, 403, 404, 422, 429),
                **_d,
            ),
            "delete": op(
                "Delete a canned answer",
                ok(None, "204", "Deleted"),
                params=[pparam("answer_id")],
                errors=(401, 403, 404, 429),
                **_d,
            ),
        },
        "/desk/response-times": {
            "get": op(
                "Time to first reply and to accepted solution: median and p90 (seconds) per category per week (staff)",
                ok(list_of(ref("ResponseTimes"))),
                params=[qparam("weeks", {"type": "integer", "minimum": 1, "maximum": 104})],
                errors=(401, 403, 422, 429),
                **_d,
            )
        },
    }
)
