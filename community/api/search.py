"""Search API: GET /search and GET /search/similar (see API.md)."""

from __future__ import annotations

from flask import jsonify, request

from community.api import bp
from community.api.helpers import caller
from community.api.spec import add_paths, add_schemas, obj, ok, op, qparam, ref
from community.search import service


@bp.get("/search")
def search():  # type: ignore[no-untyped-def]
    user = caller()
    filters = service.filters_from(user, request.args.to_dict())
    result = service.search(
        user,
        request.args.get("q"),
        filters,
        sort=request.args.get("sort"),
        page=request.args.get("page"),
    )
    return jsonify(
        {
            "items": result.items,
            "total": result.total,
            "total_lower_bound": result.total_lower_bound,
            "page": result.page,
            "pages": result.pages,
            "suggestion": result.suggestion,
            "facets": result.facets,
            "notices": result.notices,
            "ask_url": result.ask_url,
        }
    )


@bp.get("/search/similar")
def search_similar():  # type: ignore[no-untyped-def]
    items = service.similar(caller(), request.args.get("title"))
    return jsonify({"items": items, "next_cursor": None})


_HIT = obj(
    ["type", "id", "title", "snippet_html", "url", "score"],
    type={"type": "string", "enum": ["thread", "post", "review", "product"]},
    id={"type": "integer"},
    title={"type": "string"},
    snippet_html={"type": "string", "description": "sanitized: text and <mark> only"},
    url={"type": "string"},
    score={"type": "number"},
    accepted={"type": "boolean"},
)
_FACET = {
    "type": "array",
    "items": obj(
        ["value", "count"],
        value={"type": "string"},
        count={"type": "integer"},
        label={"type": "string"},
    ),
}
add_schemas(
    SearchHit=_HIT,
    SearchResults=obj(
        ["items", "total", "suggestion", "facets"],
        nullable=("suggestion", "ask_url"),
        items={"type": "array", "items": ref("SearchHit")},
        total={"type": "integer"},
        total_lower_bound={
            "type": "boolean",
            "description": "true when a very common search stopped counting: there are at least `total` results",
        },
        page={"type": "integer"},
        pages={"type": "integer"},
        suggestion={"type": "string"},
        facets=obj(**{f: _FACET for f in ("type", "kind", "category", "product", "solved", "rating")}),
        notices={"type": "array", "items": {"type": "string"}},
        ask_url={"type": "string"},
    ),
)
add_paths(
    {
        "/search": {
            "get": op(
                "Full-text search (English and Chinese) over what the caller may see",
                ok(ref("SearchResults")),
                params=[
                    qparam(
                        "q",
                        description='words, "phrases", -excluded; at most 256 characters are used',
                    ),
                    qparam("type", {"type": "string", "enum": ["thread", "post", "review", "product"]}),
                    qparam("category", description="category id or slug"),
                    qparam("product", {"type": "integer"}),
                    qparam("kind"),
                    qparam("solved", {"type": "boolean"}),
                    qparam("rating", {"type": "integer"}),
                    qparam("sort", {"type": "string", "enum": ["relevance", "newest"]}),
                    qparam("page", {"type": "integer", "minimum": 1, "maximum": 100}),
                ],
                errors=(400, 422, 429),
                tag="search",
            )
        },
        "/search/similar": {
            "get": op(
                "Solved questions similar to a title being typed",
                ok(
                    obj(
                        ["items"],
                        items={
                            "type": "array",
                            "items": obj(
                                ["id", "title", "url"],
                                id={"type": "integer"},
                                title={"type": "string"},
                                url={"type": "string"},
                                score={"type": "number"},
                            ),
                        },
                        next_cursor={"type": "null"},
                    )
                ),
                params=[qparam("title")],
                errors=(429,),
                tag="search",
            )
        },
    }
)
