"""Products and reviews API (issue 4). The same services as the web pages."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request

from community.api import bp
from community.api.helpers import bool_arg, caller, created, json_body, page, require, require_user
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
from community.pagination import clamp_limit
from community.products import catalog, keypoints
from community.products.models import Product
from community.reviews import helpful, reading
from community.reviews import reviews as review_service
from community.reviews.models import Review
from community.reviews.rating import summary
from community.timeutil import isoformat


def product_json(p: Product) -> dict[str, Any]:
    return {
        "id": p.id,
        "slug": p.slug,
        "name": p.name,
        "short_description": p.short_description,
        "description": p.description,
        "description_html": p.description_html,
        "category": p.category.slug if p.category else None,
        "status": p.status,
        "image_url": f"/products/images/{p.image_path}" if p.image_path else None,
        "url": f"/products/{p.slug}",
        "created_at": isoformat(p.created_at),
    }


def product_detail(p: Product) -> dict[str, Any]:
    return {"product": product_json(p), "rating": summary(p), "key_points": keypoints.key_points(p)}


def review_json(r: Review, user=None) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    data: dict[str, Any] = {
        "id": r.id,
        "product": r.product.slug,
        "rating": r.rating,
        "title": r.title,
        "body": r.body,
        "body_html": r.body_html,
        "pros": r.pros,
        "cons": r.cons,
        "author": {"id": r.author.id, "username": r.author.username, "role": r.author.role},
        "verified_owner": r.verified_owner,
        "helpful_count": r.helpful_count,
        "created_at": isoformat(r.created_at),
        "edited_at": isoformat(r.edited_at),
        "edit_count": r.edit_count,
        "hidden": r.is_hidden,
        "hidden_reason": r.hidden_reason if r.is_hidden else None,
        "deleted": r.is_deleted,
        "response": None,
    }
    if r.response_body:
        data["response"] = {
            "body": r.response_body,
            "body_html": r.response_html,
            "brand": True,
            "author": {
                "id": r.response_by.id,
                "username": r.response_by.username,
                "role": r.response_by.role,
            }
            if r.response_by
            else None,
            "created_at": isoformat(r.response_at),
        }
    return data


@bp.get("/products")
def products():  # type: ignore[no-untyped-def]
    return jsonify(page([product_detail(p) for p in catalog.list_products()], None))


@bp.post("/products")
def create_product():  # type: ignore[no-untyped-def]
    user = require("product.create")
    product = catalog.create_product(user, json_body())
    db.session.commit()
    return created({"product": product_json(product)})


@bp.get("/products/<slug>")
def product(slug: str):  # type: ignore[no-untyped-def]
    return jsonify(product_detail(catalog.get_product(slug)))


@bp.patch("/products/<slug>")
def edit_product(slug: str):  # type: ignore[no-untyped-def]
    user = require("product.edit")
    p = catalog.update_product(user, catalog.get_product(slug), json_body())
    db.session.commit()
    return jsonify({"product": product_json(p)})


@bp.get("/products/<slug>/reviews")
def product_reviews(slug: str):  # type: ignore[no-untyped-def]
    p = catalog.get_product(slug)
    rows, next_cursor = reading.list_reviews(
        caller(),
        p,
        sort=reading.parse_sort(request.args.get("sort")),
        stars=reading.parse_stars(request.args.get("stars")),
        verified=bool_arg("verified"),
        cursor=request.args.get("cursor"),
        limit=clamp_limit(request.args.get("limit")),
    )
    return jsonify(page([review_json(r) for r in rows], next_cursor))


@bp.post("/products/<slug>/reviews")
def create_review(slug: str):  # type: ignore[no-untyped-def]
    user = require_user()
    p = catalog.get_product(slug)
    review = review_service.create_review(user, p, json_body())
    db.session.commit()
    return created({"review": review_json(review)})


@bp.get("/reviews/<int:review_id>")
def get_review(review_id: int):  # type: ignore[no-untyped-def]
    return jsonify({"review": review_json(review_service.get_review(caller(), review_id))})


@bp.patch("/reviews/<int:review_id>")
def edit_review(review_id: int):  # type: ignore[no-untyped-def]
    user = require_user()
    review = review_service.get_review(user, review_id)
    review_service.edit_review(user, review, json_body())
    db.session.commit()
    return jsonify({"review": review_json(review)})


@bp.delete("/reviews/<int:review_id>")
def delete_review(review_id: int):  # type: ignore[no-untyped-def]
    user = require_user()
    review = review_service.get_review(user, review_id)
    review_service.delete_review(user, review)
    db.session.commit()
    return "", 204


@bp.post("/reviews/<int:review_id>/helpful")
def review_helpful(review_id: int):  # type: ignore[no-untyped-def]
    user = require_user()
    review = helpful.vote(user, review_service.get_review(user, review_id))
    db.session.commit()
    return jsonify({"review": review_json(review)})


@bp.delete("/reviews/<int:review_id>/helpful")
def review_unhelpful(review_id: int):  # type: ignore[no-untyped-def]
    user = require_user()
    review = helpful.unvote(user, review_service.get_review(user, review_id))
    db.session.commit()
    return jsonify({"review": review_json(review)})


@bp.post("/reviews/<int:review_id>/response")
def respond(review_id: int):  # type: ignore[no-untyped-def]
    user = require_user()
    review = review_service.get_review(user, review_id)
    review_service.respond(user, review, json_body().get("body"))
    db.session.commit()
    return jsonify({"review": review_json(review)})


_rating = obj(
    ["average", "count", "histogram"],
    average={"type": ["number", "null"]},
    count={"type": "integer"},
    histogram=obj(["1", "2", "3", "4", "5"], **{str(n): {"type": "integer"} for n in range(1, 6)}),
)
add_schemas(
    Product=obj(
        ["id", "slug", "name", "status"],
        id={"type": "integer"},
        slug={"type": "string"},
        name={"type": "string"},
        short_description={"type": "string"},
        description={"type": "string"},
        description_html={"type": "string"},
        category={"type": ["string", "null"]},
        status={"type": "string", "enum": ["active", "discontinued"]},
        image_url={"type": ["string", "null"]},
        url={"type": "string"},
        created_at={"type": "string"},
    ),
    ProductDetail=obj(
        ["product", "rating", "key_points"],
        product=ref("Product"),
        rating=_rating,
        key_points={"type": "array", "items": obj()},
    ),
    Review=obj(
        [
            "id",
            "product",
            "rating",
            "title",
            "body",
            "body_html",
            "author",
            "verified_owner",
            "helpful_count",
        ],
        id={"type": "integer"},
        product={"type": "string"},
        rating={"type": "integer", "minimum": 1, "maximum": 5},
        title={"type": "string"},
        body={"type": "string"},
        body_html={"type": "string"},
        pros={"type": "string"},
        cons={"type": "string"},
        author=obj(),
        verified_owner={"type": "boolean"},
        helpful_count={"type": "integer"},
        created_at={"type": "string"},
        edited_at={"type": ["string", "null"]},
        edit_count={"type": "integer"},
        hidden={"type": "boolean"},
        hidden_reason={"type": ["string", "null"]},
        deleted={"type": "boolean"},
        response={
            "anyOf": [
                obj(
                    ["body", "body_html", "brand"],
                    body={"type": "string"},
                    body_html={"type": "string"},
                    brand={"type": "boolean"},
                    author=obj(),
                    created_at={"type": "string"},
                ),
                {"type": "null"},
            ]
        },
    ),
)
_product_in = obj(
    ["name"],
    name={"type": "string"},
    slug={"type": "string"},
    short_description={"type": "string"},
    description={"type": "string"},
    category={"type": ["string", "integer", "null"]},
    status={"type": "string", "enum": ["active", "discontinued"]},
)
_review_in = obj(
    ["rating", "title", "body"],
    rating={"type": "integer", "minimum": 1, "maximum": 5},
    title={"type": "string"},
    body={"type": "string"},
    pros={"type": "string"},
    cons={"type": "string"},
)
_review_patch = obj(
    None,
    rating={"type": "integer", "minimum": 1, "maximum": 5},
    title={"type": "string"},
    body={"type": "string"},
    pros={"type": "string"},
    cons={"type": "string"},
)
_one_review = ok(obj(["review"], review=ref("Review")))
_slug = pparam("slug", {"type": "string"})
_rid = pparam("review_id")
add_paths(
    {
        "/products": {
            "get": op(
                "All products with their rating summary",
                ok(list_of(ref("ProductDetail"))),
                errors=(429,),
                tag="products",
            ),
            "post": op(
                "Create a product (staff)",
                ok(obj(["product"], product=ref("Product")), "201", "Created"),
                request=body(_product_in),
                errors=(400, 401, 403, 413, 422, 429),
                tag="products",
                auth=True,
            ),
        },
        "/products/{slug}": {
            "get": op(
                "A product, its rating summary and key points",
                ok(ref("ProductDetail")),
                params=[_slug],
                errors=(404, 429),
                tag="products",
            ),
            "patch": op(
                "Edit a product (staff)",
                ok(obj(["product"], product=ref("Product"))),
                params=[_slug],
                request=body(obj(None, **_product_in["properties"])),
                errors=(400, 401, 403, 404, 413, 422, 429),
                tag="products",
                auth=True,
            ),
        },
        "/products/{slug}/reviews": {
            "get": op(
                "Reviews of a product",
                ok(list_of(ref("Review"))),
                params=[
                    _slug,
                    qparam("sort", {"type": "string", "enum": list(reading.SORTS)}),
                    qparam("stars", {"type": "string"}, "one or more of 1..5, comma separated"),
                    qparam("verified", {"type": "string", "enum": ["true", "false", "1", "0"]}),
                    *LIST_PARAMS,
                ],
                errors=(400, 404, 422, 429),
                tag="products",
            ),
            "post": op(
                "Review a product (one per member; 409 on a second)",
                ok(obj(["review"], review=ref("Review")), "201", "Created"),
                params=[_slug],
                request=body(_review_in),
                errors=(400, 401, 403, 404, 409, 413, 422, 429),
                tag="products",
                auth=True,
            ),
        },
        "/reviews/{review_id}": {
            "get": op("A review", _one_review, params=[_rid], errors=(404, 429), tag="products"),
            "patch": op(
                "Edit a review (a revision is kept)",
                _one_review,
                params=[_rid],
                request=body(_review_patch),
                errors=(400, 401, 403, 404, 413, 422, 429),
                tag="products",
                auth=True,
            ),
            "delete": op(
                "Soft-delete a review",
                ok(None, "204", "Deleted"),
                params=[_rid],
                errors=(401, 403, 404, 429),
                tag="products",
                auth=True,
            ),
        },
        "/reviews/{review_id}/helpful": {
            "post": op(
                "Vote a review helpful (not your own)",
                _one_review,
                params=[_rid],
                errors=(401, 403, 404, 429),
                tag="products",
                auth=True,
            ),
            "delete": op(
                "Take back a helpful vote",
                _one_review,
                params=[_rid],
                errors=(401, 403, 404, 429),
                tag="products",
                auth=True,
            ),
        },
        "/reviews/{review_id}/response": {
            "post": op(
                "The brand's public answer (ambassador, staff)",
                _one_review,
                params=[_rid],
                request=body(obj(["body"], body={"type": "string"})),
                errors=(400, 401, 403, 404, 413, 422, 429),
                tag="products",
                auth=True,
            ),
        },
    }
)
