"""The /search page: thin, everything is decided in service.py."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from community.errors import ValidationFailed
from community.search import service

bp = Blueprint("search", __name__)

FILTER_ARGS = ("type", "category", "product", "kind", "solved", "rating")


@bp.route("/search")
def search():  # type: ignore[no-untyped-def]
    user = current_user if current_user.is_authenticated else None
    q = request.args.get("q", "")
    args = {k: request.args.get(k) for k in FILTER_ARGS if request.args.get(k)}
    sort = request.args.get("sort") or "relevance"
    result, error, status = None, None, 200
    if q.strip():
        try:
            result = service.search(user, q, service.filters_from(user, args), sort=sort, page=request.args.get("page"))
        except ValidationFailed as exc:
            error, status = exc, 422 if set(exc.fields) - {"q"} else 200
    return render_template(
        "search/results.html",
        q=q[: service.MAX_QUERY_CHARS],
        result=result,
        error=error,
        args=args,
        sort=sort,
    ), status
