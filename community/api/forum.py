"""Forum API: categories, threads, posts, revisions. The same services as the web pages."""

from __future__ import annotations

from flask import jsonify, request
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from community.api import bp
from community.api.helpers import bool_arg, caller, created, json_body, page, require, require_user
from community.api.serializers import category_json, post_json, revision_json, thread_json
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
from community.errors import NotAllowed, ValidationFailed
from community.extensions import db, limiter
from community.forum import categories as category_service
from community.forum import posts as post_service
from community.forum import threads as thread_service
from community.forum.models import Post
from community.pagination import clamp_limit, decode_cursor, encode_cursor
from community.permissions import can
from moderation.ratelimits import POSTING_IP_LIMIT, ip_key


def _posting_limit() -> str:
    from community.forum.views import _posting_limit as web_limit

    return web_limit()


def _posting_key() -> str:
    from community.forum.views import _posting_key as web_key

    return web_key()


@bp.get("/categories")
def categories():  # type: ignore[no-untyped-def]
    cats = category_service.visible_categories(caller())
    return jsonify({"items": [category_json(c) for c in cats], "next_cursor": None})


@bp.post("/categories")
def create_category():  # type: ignore[no-untyped-def]
    user = require("category.create")
    data = json_body()
    cat = category_service.create_category(
        user,
        data.get("name"),
        data.get("slug"),
        data.get("description") or "",
        bool(data.get("staff_only")),
        bool(data.get("premoderate")),
    )
    db.session.commit()
    return created({"category": category_json(cat)})


@bp.get("/threads")
def threads():  # type: ignore[no-untyped-def]
    user = caller()
    cat = None
    if request.args.get("category"):
        cat = category_service.get_category(user, request.args["category"])
    product_id = None
    if request.args.get("product"):
        product_id = _product_id(request.args["product"])
    rows, next_cursor = thread_service.list_threads(
        user,
        category=cat,
        kind=request.args.get("kind") or None,
        solved=bool_arg("solved"),
        product_id=product_id,
        sort=request.args.get("sort") or "latest",
        cursor=request.args.get("cursor"),
        limit=clamp_limit(request.args.get("limit")),
    )
    return jsonify(page([thread_json(t) for t in rows], next_cursor))


def _product_id(value: str) -> int:
    """A product id or slug; unknown products are a 404."""
    from community.products.catalog import resolve_product

    return resolve_product(value)


@bp.post("/threads")
@limiter.limit(_posting_limit, key_func=_posting_key)
@limiter.limit(POSTING_IP_LIMIT, key_func=ip_key)
def create_thread():  # type: ignore[no-untyped-def]
    user = require_user()
    data = json_body()
    if data.get("category") in (None, ""):
        raise ValidationFailed("Please correct the marked fields.", {"category": "Required: a category id or slug."})
    cat = category_service.get_category(user, str(data["category"]))
    product = data.get("product")
    product_id = _product_id(str(product)) if product not in (None, "") else None
    thread, post = thread_service.create_thread(
        user, cat, data.get("kind"), data.get("title"), data.get("body"), product_id
    )
    db.session.commit()
    return created({"thread": thread_json(thread), "post": post_json(post)})


@bp.patch("/threads/<int:thread_id>")
def update_thread(thread_id: int):  # type: ignore[no-untyped-def]
    """Staff move a thread: `{category}` (id or slug). Title and text are edited through the
    opening post (PATCH /posts/{id}), which keeps a revision."""
    user = require_user()
    thread = thread_service.get_thread(user, thread_id)
    data = json_body()
    if data.get("category") in (None, ""):
        raise ValidationFailed("Please correct the marked fields.", {"category": "Required: a category id or slug."})
    if not can(user, "thread.move", thread):
        raise NotAllowed("Only staff move threads.")
    target = category_service.get_category(user, str(data["category"]))
    thread_service.move_thread(user, thread, target)
    db.session.commit()
    return jsonify({"thread": thread_json(thread)})


def ordered_posts(user, thread, cursor: str | None, limit: int):  # type: ignore[no-untyped-def]
    """Posts in number order, keyset on number; a question's accepted answer comes first."""
    if thread.kind == "question":  # accepted first, then votes, then time (community/solutions)
        from community.solutions.ordering import ordered_answers

        return ordered_answers(user, thread, cursor, limit)
    key = decode_cursor(cursor, 1)
    after = int(key[0]) if key else 0
    q = (
        select(Post)
        .options(joinedload(Post.author))
        .where(Post.thread_id == thread.id, Post.number > after)
        .order_by(Post.number)
        .limit(limit + 1)
    )
    rows = [p for p in db.session.scalars(q) if can(user, "post.view", p)]
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(rows[-1].number) if more and rows else None
    if thread.solution_post_id and not key:
        sol = db.session.get(Post, thread.solution_post_id)
        if sol is not None and can(user, "post.view", sol):
            rows = [p for p in rows if p.id != sol.id]
            rows.insert(1 if rows and rows[0].number == 1 else 0, sol)
    return rows, next_cursor


@bp.get("/threads/<int:thread_id>")
def thread(thread_id: int):  # type: ignore[no-untyped-def]
    user = caller()
    t = thread_service.get_thread(user, thread_id)
    rows, next_cursor = ordered_posts(user, t, request.args.get("cursor"), clamp_limit(request.args.get("limit")))
    staff = can(user, "post.view_deleted")
    return jsonify(
        {"thread": thread_json(t), "posts": page([post_json(p, show_deleted=staff) for p in rows], next_cursor)}
    )


@bp.post("/threads/<int:thread_id>/posts")
@limiter.limit(_posting_limit, key_func=_posting_key)
@limiter.limit(POSTING_IP_LIMIT, key_func=ip_key)
def reply(thread_id: int):  # type: ignore[no-untyped-def]
    user = require_user()
    t = thread_service.get_thread(user, thread_id)
    data = json_body()
    post = post_service.reply(user, t, data.get("body"), data.get("reply_to"))
    db.session.commit()
    return created({"post": post_json(post)})


@bp.get("/posts/<int:post_id>")
def get_post(post_id: int):  # type: ignore[no-untyped-def]
    user = caller()
    post = post_service.get_post(user, post_id)
    return jsonify({"post": post_json(post, show_deleted=can(user, "post.view_deleted"))})


@bp.patch("/posts/<int:post_id>")
def edit_post(post_id: int):  # type: ignore[no-untyped-def]
    user = require_user()
    post = post_service.get_post(user, post_id)
    data = json_body()
    post_service.edit_post(user, post, data.get("body"), data.get("title"))
    db.session.commit()
    return jsonify({"post": post_json(post)})


@bp.delete("/posts/<int:post_id>")
def delete_post(post_id: int):  # type: ignore[no-untyped-def]
    user = require_user()
    post = post_service.get_post(user, post_id)
    reason = (request.get_json(silent=True) or {}).get("reason", "") if request.is_json else ""
    post_service.delete_post(user, post, reason if isinstance(reason, str) else "")
    db.session.commit()
    return "", 204


@bp.post("/posts/<int:post_id>/restore")
def restore_post(post_id: int):  # type: ignore[no-untyped-def]
    user = require_user()
    post = post_service.get_post(user, post_id)
    post_service.restore_post(user, post)
    db.session.commit()
    return jsonify({"post": post_json(post, show_deleted=True)})


@bp.get("/posts/<int:post_id>/revisions")
def revisions(post_id: int):  # type: ignore[no-untyped-def]
    user = caller()
    post = post_service.get_post(user, post_id)
    return jsonify(page([revision_json(r) for r in post_service.revisions(user, post)], None))


add_schemas(
    Category=obj(
        ["id", "slug", "name", "description", "thread_count"],
        id={"type": "integer"},
        slug={"type": "string"},
        name={"type": "string"},
        description={"type": "string"},
        thread_count={"type": "integer"},
        post_count={"type": "integer"},
        staff_only={"type": "boolean"},
    ),
    Thread=obj(
        ["id", "title", "kind", "category", "author", "solved"],
        id={"type": "integer"},
        title={"type": "string"},
        slug={"type": "string"},
        kind={"type": "string", "enum": ["question", "experience", "discussion"]},
        category=obj(),
        author=obj(),
        product_id={"type": ["integer", "null"]},
        created_at={"type": "string"},
        last_posted_at={"type": "string"},
        reply_count={"type": "integer"},
        post_count={"type": "integer"},
        solved={"type": "boolean"},
        solution_post_id={"type": ["integer", "null"]},
        url={"type": "string"},
    ),
    Post=obj(
        ["id", "thread_id", "number", "author", "body", "body_html"],
        id={"type": "integer"},
        thread_id={"type": "integer"},
        number={"type": "integer"},
        author=obj(),
        body={"type": "string"},
        body_html={"type": "string"},
        reply_to={"type": ["integer", "null"]},
        created_at={"type": "string"},
        edited_at={"type": ["string", "null"]},
        edit_count={"type": "integer"},
        vote_count={"type": "integer"},
        status={"type": "string"},
        deleted={"type": "boolean"},
    ),
    Revision=obj(
        ["id", "post_id", "number", "body"],
        id={"type": "integer"},
        post_id={"type": "integer"},
        number={"type": "integer"},
        body={"type": "string"},
        title={"type": ["string", "null"]},
        editor=obj(),
        created_at={"type": "string"},
    ),
)
_thread_in = obj(
    ["category", "kind", "title", "body"],
    category={"type": ["string", "integer"]},
    kind={"type": "string", "enum": ["question", "experience", "discussion"]},
    title={"type": "string"},
    body={"type": "string"},
    product={"type": ["string", "integer", "null"]},
)
add_paths(
    {
        "/categories": {
            "get": op("Categories the caller may see", ok(list_of(ref("Category"))), errors=(429,)),
            "post": op(
                "Create a category (admin)",
                ok(obj(["category"], category=ref("Category")), "201", "Created"),
                request=body(
                    obj(
                        ["name"],
                        name={"type": "string"},
                        slug={"type": "string"},
                        description={"type": "string"},
                        staff_only={"type": "boolean"},
                    )
                ),
                errors=(400, 401, 403, 409, 413, 422, 429),
                auth=True,
            ),
        },
        "/threads": {
            "get": op(
                "List threads",
                ok(list_of(ref("Thread"))),
                params=[
                    qparam("category"),
                    qparam("kind", {"type": "string", "enum": ["question", "experience", "discussion"]}),
                    qparam("product"),
                    qparam("solved", {"type": "string", "enum": ["true", "false", "1", "0"]}),
                    qparam("sort", {"type": "string", "enum": ["latest", "top", "unanswered"]}),
                    *LIST_PARAMS,
                ],
                errors=(400, 404, 422, 429),
            ),
            "post": op(
                "Start a thread",
                ok(obj(["thread", "post"], thread=ref("Thread"), post=ref("Post")), "201", "Created"),
                request=body(_thread_in),
                errors=(400, 401, 403, 404, 413, 422, 429),
                auth=True,
            ),
        },
        "/threads/{thread_id}": {
            "get": op(
                "A thread with its posts",
                ok(obj(["thread", "posts"], thread=ref("Thread"), posts=list_of(ref("Post")))),
                params=[pparam("thread_id"), *LIST_PARAMS],
                errors=(400, 404, 422, 429),
            ),
            "patch": op(
                "Move a thread to another category (staff)",
                ok(obj(["thread"], thread=ref("Thread"))),
                params=[pparam("thread_id")],
                request=body(obj(["category"], category={"type": ["string", "integer"]})),
                errors=(400, 401, 403, 404, 413, 422, 429),
                auth=True,
            ),
        },
        "/threads/{thread_id}/posts": {
            "post": op(
                "Reply",
                ok(obj(["post"], post=ref("Post")), "201", "Created"),
                params=[pparam("thread_id")],
                request=body(obj(["body"], body={"type": "string"}, reply_to={"type": ["integer", "null"]})),
                errors=(400, 401, 403, 404, 413, 422, 429),
                auth=True,
            )
        },
        "/posts/{post_id}": {
            "get": op("A post", ok(obj(["post"], post=ref("Post"))), params=[pparam("post_id")], errors=(404, 429)),
            "patch": op(
                "Edit a post (a revision is kept)",
                ok(obj(["post"], post=ref("Post"))),
                params=[pparam("post_id")],
                request=body(obj(["body"], body={"type": "string"}, title={"type": "string"})),
                errors=(400, 401, 403, 404, 409, 413, 422, 429),
                auth=True,
            ),
            "delete": op(
                "Soft-delete a post",
                ok(None, "204", "Deleted"),
                params=[pparam("post_id")],
                errors=(401, 403, 404, 409, 429),
                auth=True,
            ),
        },
        "/posts/{post_id}/restore": {
            "post": op(
                "Restore a deleted post (staff)",
                ok(obj(["post"], post=ref("Post"))),
                params=[pparam("post_id")],
                errors=(401, 403, 404, 409, 429),
                auth=True,
            )
        },
        "/posts/{post_id}/revisions": {
            "get": op("Edit history", ok(list_of(ref("Revision"))), params=[pparam("post_id")], errors=(404, 429))
        },
    }
)
