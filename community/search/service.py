"""Searching as a reader: input checks, visibility, snippets, "did you mean", similar questions.

Views and the API call search() and similar(); both backends answer the same parsed query, so
the two behave alike. Client input never causes a 500: a query is truncated (and the reader
told), operator characters are only separators, and filters are validated here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from flask_babel import gettext as _
from sqlalchemy import select

from community.accounts.models import User
from community.errors import ValidationFailed
from community.extensions import db
from community.forum.models import THREAD_KINDS, Category
from community.ids import looks_like_id, parse_id
from community.permissions import can
from community.search.backend import SORTS, Filters, Results, get_backend
from community.search.documents import DOC_TYPES
from community.search.query import MAX_QUERY_CHARS, Query, parse
from community.search.snippets import highlight

PER_PAGE = 10
MAX_PAGE = 100
SIMILAR_LIMIT = 5


@dataclass
class SearchPage:
    query: Query
    items: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0
    total_lower_bound: bool = False  # the backend stopped counting: "at least total"
    page: int = 1
    pages: int = 0
    facets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    suggestion: str | None = None
    notices: list[str] = field(default_factory=list)
    ask_url: str | None = None


def _int(name: str, value: object, lo: int = 1, hi: int | None = None) -> int | None:
    if value in (None, ""):
        return None
    try:
        n = int(str(value))
    except ValueError:
        raise ValidationFailed(_("Please correct the search options."), {name: _("Not a number.")}) from None
    if n < lo or (hi is not None and n > hi):
        raise ValidationFailed(_("Please correct the search options."), {name: _("Out of range.")})
    return n


def _category_id(user: User | None, value: object) -> int | None:
    if value in (None, ""):
        return None
    key = str(value)
    if looks_like_id(key):
        ident = parse_id(key)
        cat = db.session.get(Category, ident) if ident is not None else None
    else:
        cat = db.session.scalar(select(Category).where(Category.slug == key))
    if cat is None or not can(user, "category.view", cat):
        raise ValidationFailed(_("Please correct the search options."), {"category": _("No such category.")})
    return cat.id


def filters_from(user: User | None, args: dict[str, Any]) -> Filters:
    fields: dict[str, str] = {}
    type_ = args.get("type") or None
    if type_ is not None and type_ not in DOC_TYPES:
        fields["type"] = _("Choose thread, post, review or product.")
    kind = args.get("kind") or None
    if kind is not None and kind not in THREAD_KINDS:
        fields["kind"] = _("Choose question, experience or discussion.")
    solved = args.get("solved")
    solved_b = None
    if solved not in (None, ""):
        if str(solved).lower() in ("1", "true", "yes"):
            solved_b = True
        elif str(solved).lower() in ("0", "false", "no"):
            solved_b = False
        else:
            fields["solved"] = _("true or false")
    if fields:
        raise ValidationFailed(_("Please correct the search options."), fields)
    return Filters(
        type=type_,
        kind=kind,
        solved=solved_b,
        category_id=_category_id(user, args.get("category")),
        product_id=_int("product", args.get("product")),
        rating=_int("rating", args.get("rating"), 1, 5),
    )


def ask_url(q: str) -> str:
    return "/new?" + urlencode({"kind": "question", "title": q[:200]})


def search(
    user: User | None,
    q: str | None,
    filters: Filters | None = None,
    *,
    sort: str | None = None,
    page: object = None,
    per_page: int = PER_PAGE,
) -> SearchPage:
    """One page of results the user may see. Raises ValidationFailed for unusable input."""
    sort = sort or "relevance"
    if sort not in SORTS:
        raise ValidationFailed(_("Please correct the search options."), {"sort": _("relevance or newest")})
    page_n = _int("page", page, 1, MAX_PAGE) or 1
    query = parse(q)
    result = SearchPage(query=query, page=page_n)
    if query.truncated:
        result.notices.append(_("Your search was shortened to its first %(n)d characters.", n=MAX_QUERY_CHARS))
    if not query.raw:
        raise ValidationFailed(_("Type some words to search for."), {"q": _("Type some words to search for.")})
    if query.empty:
        msg = (
            _("Add a word to look for: -word only excludes.")
            if query.must_not
            else _("Your search has no words we can look for. Try other words.")
        )
        raise ValidationFailed(msg, {"q": msg})
    staff = can(user, "staff.access")
    backend = get_backend()
    res: Results = backend.search(query, filters or Filters(), sort, page_n, per_page, staff=staff)
    terms = set(query.positive_tokens())
    result.total = res.total
    result.total_lower_bound = res.total_lower_bound
    result.pages = min(MAX_PAGE, (res.total + per_page - 1) // per_page)
    result.items = [
        {
            "type": h.type,
            "id": h.obj_id,
            "title": h.title,
            "url": h.url,
            "score": round(h.score, 4),
            "snippet_html": highlight(h.body or h.title, terms),
            "accepted": bool(h.extra.get("accepted")),
            "solved": bool(h.extra.get("solved")),
            "kind": h.extra.get("kind"),
            "created_at": h.created_at.isoformat() if h.created_at else None,
        }
        for h in res.hits
    ]
    result.facets = _facets(res.facets)
    fixes = backend.corrections(query.words(), staff)
    if fixes:
        fixed = " ".join(fixes.get(w, w) for w in query.raw.split())
        if fixed.casefold() != query.raw.casefold():
            result.suggestion = fixed
    if res.total == 0:
        result.ask_url = ask_url(query.raw)
    return result


def _facets(raw: dict[str, dict[str, int]]) -> dict[str, list[dict[str, Any]]]:
    """Facet counts as lists, biggest first; categories get their names."""
    out: dict[str, list[dict[str, Any]]] = {}
    names: dict[str, str] = {}
    if raw.get("category"):
        ids = [int(v) for v in raw["category"] if v.isdigit()]
        names = {str(c.id): c.name for c in db.session.scalars(select(Category).where(Category.id.in_(ids)))}
    for facet, counts in raw.items():
        rows = []
        for value, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            row: dict[str, Any] = {"value": value, "count": n}
            if facet == "category":
                row["label"] = names.get(value, value)
            rows.append(row)
        out[facet] = rows
    return out


def similar(user: User | None, title: str | None) -> list[dict[str, Any]]:
    """Solved questions matching any word of a title being typed (best first)."""
    query = parse(title)
    if query.empty:
        return []
    res = get_backend().search(
        query,
        Filters(type="thread", kind="question", solved=True),
        "relevance",
        1,
        SIMILAR_LIMIT,
        staff=can(user, "staff.access"),
        match_any=True,
        facets=False,
    )
    return [{"id": h.obj_id, "title": h.title, "url": h.url, "score": round(h.score, 4)} for h in res.hits]
