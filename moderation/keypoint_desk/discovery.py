"""Discovery: aspect terms the tagger extracted on its own (no key point matched) that customers
use often, for staff to adopt as key points."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from community.errors import ValidationFailed
from community.extensions import db
from moderation.keypoint_desk import catalog
from moderation.keypoint_desk.models import KeyPoint, KeyPointMention
from moderation.keypoint_desk.tagging import fold

MIN_COUNT = 3


@dataclass
class Suggestion:
    term: str  # the most common surface form
    key: str
    count: int
    positive: int
    negative: int


def covered_keys() -> set[str]:
    return {fold(f) for kp in db.session.scalars(select(KeyPoint)) for f in kp.forms()}


def suggestions(product_id: int | None = None, min_count: int = MIN_COUNT, limit: int = 15) -> list[Suggestion]:
    q = (
        select(
            KeyPointMention.aspect_key,
            func.count(KeyPointMention.id),
            func.count(KeyPointMention.id).filter(KeyPointMention.polarity == "positive"),
            func.count(KeyPointMention.id).filter(KeyPointMention.polarity == "negative"),
        )
        .where(KeyPointMention.keypoint_id.is_(None))
        .group_by(KeyPointMention.aspect_key)
        .having(func.count(KeyPointMention.id) >= min_count)
        .order_by(func.count(KeyPointMention.id).desc(), KeyPointMention.aspect_key)
    )
    if product_id is not None:
        q = q.where(KeyPointMention.product_id == product_id)
    covered = covered_keys()
    rows = [r for r in db.session.execute(q.limit(limit + len(covered))).all() if r[0] not in covered][:limit]
    out = []
    for key, count, pos, neg in rows:
        form = db.session.execute(
            select(KeyPointMention.aspect, func.count(KeyPointMention.id))
            .where(KeyPointMention.aspect_key == key)
            .group_by(KeyPointMention.aspect)
            .order_by(func.count(KeyPointMention.id).desc(), KeyPointMention.aspect)
            .limit(1)
        ).first()
        out.append(Suggestion(form[0] if form else key, key, int(count), int(pos), int(neg)))
    return out


def _is_chinese(term: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in term)


def adopt(user, term: object, product_id: object = None) -> KeyPoint:  # type: ignore[no-untyped-def]
    """Make a discovered term a key point (its English or Chinese name by its script)."""
    if not isinstance(term, str) or not term.strip():
        raise ValidationFailed("Please correct the marked fields.", {"term": "A term to adopt."})
    term = " ".join(term.split())
    if fold(term) in covered_keys():
        raise ValidationFailed("A key point already covers this term.", {"term": "Already covered."})
    data = {"name_zh": term} if _is_chinese(term) else {"name_en": term}
    data["product_id"] = product_id
    return catalog.create_keypoint(user, data)
