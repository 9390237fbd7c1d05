"""Votes and accepted solutions (API.md): the same services as the thread page's buttons."""

from __future__ import annotations

from flask import jsonify

from community.api import bp
from community.api.helpers import json_body, require_user
from community.api.serializers import add_field, post_json, thread_json
from community.api.spec import add_paths, body, obj, ok, op, pparam, ref
from community.extensions import db
from community.forum import posts as post_service
from community.forum import threads as thread_service
from community.reputation.points import rank_for
from community.solutions import solutions
from community.votes import votes


@bp.post("/posts/<int:post_id>/vote")
def vote(post_id: int):  # type: ignore[no-untyped-def]
    user = require_user()
    post = votes.cast(user, post_service.get_post(user, post_id))
    db.session.commit()
    return jsonify({"post": post_json(post)})


@bp.delete("/posts/<int:post_id>/vote")
def unvote(post_id: int):  # type: ignore[no-untyped-def]
    user = require_user()
    post = votes.withdraw(user, post_service.get_post(user, post_id))
    db.session.commit()
    return jsonify({"post": post_json(post)})


@bp.post("/threads/<int:thread_id>/solution")
def accept(thread_id: int):  # type: ignore[no-untyped-def]
    user = require_user()
    thread = thread_service.get_thread(user, thread_id)
    data = json_body()
    post = solutions.mark(user, thread, data.get("post_id"))
    db.session.commit()
    return jsonify({"thread": thread_json(thread), "post": post_json(post)})


@bp.delete("/threads/<int:thread_id>/solution")
def unaccept(thread_id: int):  # type: ignore[no-untyped-def]
    user = require_user()
    thread = solutions.unmark(user, thread_service.get_thread(user, thread_id))
    db.session.commit()
    return jsonify({"thread": thread_json(thread)})


add_field("user", lambda u, data: data.update(rank=rank_for(u.reputation)))

_post_out = ok(obj(["post"], post=ref("Post")))
add_paths(
    {
        "/posts/{post_id}/vote": {
            "post": op(
                "Helpful vote (once per member, not on your own post)",
                _post_out,
                params=[pparam("post_id")],
                errors=(401, 403, 404, 409, 429),
                auth=True,
                tag="solutions",
            ),
            "delete": op(
                "Withdraw your helpful vote",
                _post_out,
                params=[pparam("post_id")],
                errors=(401, 404, 409, 429),
                auth=True,
                tag="solutions",
            ),
        },
        "/threads/{thread_id}/solution": {
            "post": op(
                "Mark (or change) the accepted solution of a question: asker, ambassador or staff",
                ok(obj(["thread", "post"], thread=ref("Thread"), post=ref("Post"))),
                params=[pparam("thread_id")],
                request=body(obj(["post_id"], post_id={"type": "integer"})),
                errors=(400, 401, 403, 404, 409, 422, 429),
                auth=True,
                tag="solutions",
            ),
            "delete": op(
                "Unmark the accepted solution",
                ok(obj(["thread"], thread=ref("Thread"))),
                params=[pparam("thread_id")],
                errors=(401, 403, 404, 409, 429),
                auth=True,
                tag="solutions",
            ),
        },
    }
)
