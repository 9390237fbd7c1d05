"""Staff key point API: analyse a text without storing it, the desk's figures, and the
mentions behind them."""

from __future__ import annotations

from flask import jsonify, request
from sqlalchemy import func, select

from community.api import bp
from community.api.helpers import json_body, page, require
from community.api.spec import add_paths, add_schemas, body, list_of, obj, ok, op, qparam, ref
from community.errors import ServiceError, ValidationFailed
from community.extensions import db
from community.ids import parse_id
from community.pagination import clamp_limit, decode_cursor, encode_cursor
from community.timeutil import isoformat
from moderation.keypoint_desk.figures import keypoint_figures, mentions_query, parse_period
from moderation.keypoint_desk.models import POLARITIES, KeyPointMention
from moderation.keypoint_desk.tagging import tagger

MAX_TEXT_CHARS = 20_000
MAX_ASPECTS = 50
MAX_ASPECT_CHARS = 120
SAMPLES = 3


class TooLarge(ServiceError):
    status = 413
    code = "too_large"


def _analyze_input(data: dict) -> tuple[str, str | None, list[str] | None]:
    text = data.get("text")
    if not isinstance(text, str):
        raise ValidationFailed("Please correct the marked fields.", {"text": "Required: a string."})
    if len(text) > MAX_TEXT_CHARS:
        raise TooLarge(
            f"text is limited to {MAX_TEXT_CHARS} characters.",
            {"text": f"At most {MAX_TEXT_CHARS} characters."},
        )
    lang = data.get("lang")
    if lang is not None and lang not in ("en", "zh"):
        raise ValidationFailed("Please correct the marked fields.", {"lang": "en or zh."})
    aspects = data.get("aspects")
    if aspects is not None:
        if not isinstance(aspects, list):
            raise ValidationFailed("Please correct the marked fields.", {"aspects": "A list of strings."})
        if len(aspects) > MAX_ASPECTS:
            raise ValidationFailed("Please correct the marked fields.", {"aspects": f"At most {MAX_ASPECTS}."})
        if any(not isinstance(a, str) or not a.strip() or len(a) > MAX_ASPECT_CHARS for a in aspects):
            raise ValidationFailed(
                "Please correct the marked fields.",
                {"aspects": f"Non-empty strings of {MAX_ASPECT_CHARS} characters at most."},
            )
    return text, lang, aspects


@bp.post("/staff/keypoints/analyze")
def keypoints_analyze():  # type: ignore[no-untyped-def]
    require("keypoints.analyze")
    if (request.content_length or 0) > 8 * MAX_TEXT_CHARS:
        raise TooLarge(f"text is limited to {MAX_TEXT_CHARS} characters.")
    text, lang, aspects = _analyze_input(json_body())
    tg = tagger()
    mentions = tg.analyze(text, lang=lang, aspects=aspects)
    return jsonify(
        {
            "lang": lang or tg.detect_lang(text),
            "mentions": [
                {
                    "aspect": m.aspect,
                    "polarity": m.polarity,
                    "sentence": m.sentence,
                    "start": m.start,
                    "end": m.end,
                    "score": round(float(m.score), 4),
                }
                for m in mentions
            ],
        }
    )


def _product_arg() -> int | None:
    value = request.args.get("product", "")
    if value == "":
        return None
    product_id = parse_id(value)
    if product_id is None:
        raise ValidationFailed("product must be a product id.", {"product": "integer"})
    return product_id


def mention_json(m: KeyPointMention) -> dict:
    before, aspect, _after = m.highlight
    return {
        "id": m.id,
        "source_type": m.source_type,
        "source_id": m.source_id,
        "thread_id": m.thread_id,
        "product_id": m.product_id,
        "keypoint_id": m.keypoint_id,
        "aspect": m.aspect,
        "polarity": m.polarity,
        "sentence": m.sentence,
        "highlight": {"start": len(before), "end": len(before) + len(aspect)},
        "score": round(m.score, 4),
        "lang": m.lang,
        "author": m.author.username if m.author else None,
        "created_at": isoformat(m.created_at),
        "corrected": m.corrected,
    }


@bp.get("/staff/keypoints")
def keypoints_figures():  # type: ignore[no-untyped-def]
    require("keypoints.view")
    product_id = _product_arg()
    period = parse_period(request.args.get("since"), request.args.get("until"), request.args.get("weeks"))
    items = []
    for f in keypoint_figures(product_id, period):
        samples = {}
        for polarity in ("positive", "negative"):
            q = mentions_query(
                product_id=product_id,
                keypoint_id=f.keypoint.id,
                polarity=polarity,
                since=period.since,
                until=period.until,
            )
            samples[polarity] = [mention_json(m) for m in db.session.scalars(q.limit(SAMPLES))]
        items.append({**f.as_json(), "samples": samples})
    return jsonify(
        {
            "product_id": product_id,
            "since": isoformat(period.since),
            "until": isoformat(period.until),
            "items": items,
            "next_cursor": None,
        }
    )


@bp.get("/staff/keypoints/mentions")
def keypoints_mentions():  # type: ignore[no-untyped-def]
    require("keypoints.view")
    polarity = request.args.get("polarity") or None
    if polarity and polarity not in POLARITIES:
        raise ValidationFailed("Unknown polarity.", {"polarity": " | ".join(POLARITIES)})
    keypoint = request.args.get("keypoint", "")
    if keypoint and parse_id(keypoint) is None:
        raise ValidationFailed("keypoint must be an id.", {"keypoint": "integer"})
    since, until = request.args.get("since"), request.args.get("until")
    period = parse_period(since, until) if since or until else None
    q = mentions_query(
        product_id=_product_arg(),
        aspect=request.args.get("aspect") or None,
        polarity=polarity,
        keypoint_id=int(keypoint) if keypoint else None,
        lang=request.args.get("lang") or None,
        since=period.since if period else None,
        until=period.until if period else None,
    )
    limit = clamp_limit(request.args.get("limit"))
    key = decode_cursor(request.args.get("cursor"), 1)
    if key:
        if not isinstance(key[0], int):
            raise ValidationFailed("That page link is not valid.", {"cursor": "invalid"})
        q = q.where(KeyPointMention.id < key[0])
    total = None if key else db.session.scalar(select(func.count()).select_from(q.order_by(None).subquery()))
    q = q.order_by(None).order_by(KeyPointMention.id.desc())
    rows = list(db.session.scalars(q.limit(limit + 1)))
    next_cursor = encode_cursor(rows[limit - 1].id) if len(rows) > limit else None
    body_ = page([mention_json(m) for m in rows[:limit]], next_cursor)
    if total is not None:
        body_["total"] = total
    return jsonify(body_)


_MENTION = obj(
    ["aspect", "polarity", "sentence", "start", "end", "score"],
    aspect={"type": "string"},
    polarity={"type": "string", "enum": list(POLARITIES)},
    sentence={"type": "string"},
    start={"type": "integer"},
    end={"type": "integer"},
    score={"type": "number"},
)
_COUNTS = obj(None, **{p: {"type": "integer"} for p in POLARITIES})
add_schemas(
    KeyPointAnalysis=obj(["lang", "mentions"], lang={"type": "string"}, mentions={"type": "array", "items": _MENTION}),
    KeyPointMention=obj(
        ["id", "aspect", "polarity", "sentence"],
        id={"type": "integer"},
        source_type={"type": "string"},
        source_id={"type": "integer"},
        thread_id={"type": ["integer", "null"]},
        product_id={"type": ["integer", "null"]},
        keypoint_id={"type": ["integer", "null"]},
        aspect={"type": "string"},
        polarity={"type": "string"},
        sentence={"type": "string"},
        highlight=obj(["start", "end"], start={"type": "integer"}, end={"type": "integer"}),
        score={"type": "number"},
        lang={"type": "string"},
        author={"type": ["string", "null"]},
        created_at={"type": "string", "format": "date-time"},
        corrected={"type": "boolean"},
    ),
    KeyPointFigures=obj(
        ["keypoint", "counts", "total", "net", "trend"],
        keypoint=obj(None, id={"type": "integer"}),
        counts=_COUNTS,
        total={"type": "integer"},
        net={"type": "integer"},
        net_share={"type": ["number", "null"]},
        previous=_COUNTS,
        change=_COUNTS,
        trend={"type": "array", "items": obj(["week"], week={"type": "string", "format": "date"})},
        samples=obj(
            None,
            positive={"type": "array", "items": ref("KeyPointMention")},
            negative={"type": "array", "items": ref("KeyPointMention")},
        ),
    ),
)
_FILTERS = [
    qparam("product", {"type": "integer"}, "Product id; omit for the whole brand"),
    qparam("since", {"type": "string", "format": "date"}),
    qparam("until", {"type": "string", "format": "date"}),
]
add_paths(
    {
        "/staff/keypoints/analyze": {
            "post": op(
                "Tag a text with key point mentions without storing anything (staff)",
                ok(ref("KeyPointAnalysis")),
                tag="keypoints",
                auth=True,
                errors=(400, 401, 403, 413, 422, 429),
                request=body(
                    obj(
                        ["text"],
                        text={"type": "string", "maxLength": MAX_TEXT_CHARS},
                        lang={"type": "string", "enum": ["en", "zh"]},
                        aspects={
                            "type": "array",
                            "maxItems": MAX_ASPECTS,
                            "items": {
                                "type": "string",
                                "minLength": 1,
                                "maxLength": MAX_ASPECT_CHARS,
                            },
                            "description": "Given: exactly one mention per aspect, same order",
                        },
                    )
                ),
            )
        },
        "/staff/keypoints": {
            "get": op(
                "Per key point counts, weekly trend, change and sample posts (staff)",
                ok(
                    obj(
                        ["items"],
                        items={"type": "array", "items": ref("KeyPointFigures")},
                        product_id={"type": ["integer", "null"]},
                        since={"type": "string"},
                        until={"type": "string"},
                        next_cursor={"type": "null"},
                    )
                ),
                params=[
                    *_FILTERS,
                    qparam("weeks", {"type": "integer", "minimum": 1, "maximum": 104}),
                ],
                tag="keypoints",
                auth=True,
            )
        },
        "/staff/keypoints/mentions": {
            "get": op(
                "The mentions behind a figure, newest first (staff)",
                ok(list_of(ref("KeyPointMention"))),
                params=[
                    *_FILTERS,
                    qparam("aspect"),
                    qparam("keypoint", {"type": "integer"}),
                    qparam("polarity", {"type": "string", "enum": list(POLARITIES)}),
                    qparam("lang", {"type": "string", "enum": ["en", "zh"]}),
                    qparam("limit", {"type": "integer", "minimum": 1, "maximum": 100}),
                    qparam("cursor"),
                ],
                tag="keypoints",
                auth=True,
            )
        },
    }
)
