"""Discovery: aspect terms the tagger extracted on its own (no key point matched) that customers
use often, for staff to adopt as key points."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select

from community.errors import ValidationFailed
from community.extensions import db
from moderation.keypoint_desk import catalog, term_filter
from moderation.keypoint_desk.models import KeyPoint, KeyPointMention
from moderation.keypoint_desk.sources import known_product_ids, product_names
from moderation.keypoint_desk.tagging import fold

MIN_COUNT = 3
# A term one customer repeats is their habit, not the community's word of mouth.
MIN_AUTHORS = 2


@dataclass
class Suggestion:
    term: str  # the most common surface form
    key: str
    count: int
    positive: int
    negative: int
    authors: int = 0


def _forms() -> list[str]:
    return [f for kp in db.session.scalars(select(KeyPoint)) for f in kp.forms()]


def covered_keys() -> set[str]:
    return {fold(f) for f in _forms()}


def _name_tokens() -> set[str]:
    """Brand and product names: customers say "the Pulse" all the time; it is not an aspect."""
    names = [str(current_app.config.get("BRAND_NAME") or "")]
    names += list(product_names(known_product_ids()).values())
    return term_filter.name_tokens(n for n in names if n and not n.startswith("#"))


def suggestions(
    product_id: int | None = None,
    min_count: int = MIN_COUNT,
    limit: int = 15,
    min_authors: int = MIN_AUTHORS,
) -> list[Suggestion]:
    """Frequent aspect terms no key point covers, said by at least min_authors customers, with
    junk (pronouns, generic nouns, numbers, opinions, product names) left out."""
    authors = func.count(func.distinct(KeyPointMention.author_id))
    q = (
        select(
            KeyPointMention.aspect_key,
            func.count(KeyPointMention.id),
            func.count(KeyPointMention.id).filter(KeyPointMention.polarity == "positive"),
            func.count(KeyPointMention.id).filter(KeyPointMention.polarity == "negative"),
            authors,
        )
        .where(KeyPointMention.keypoint_id.is_(None))
        .group_by(KeyPointMention.aspect_key)
        .having(func.count(KeyPointMention.id) >= min_count, authors >= min_authors)
        .order_by(func.count(KeyPointMention.id).desc(), KeyPointMention.aspect_key)
    )
    if product_id is not None:
        q = q.where(KeyPointMention.product_id == product_id)
    forms, names = _forms(), _name_tokens()
    out: list[Suggestion] = []
    for key, count, pos, neg, n_authors in db.session.execute(q).all():
        if len(out) >= limit:
            break
        if term_filter.is_junk(key) or term_filter.names_a_product(key, names) or term_filter.covered(key, forms):
            continue
        form = db.session.execute(
            select(KeyPointMention.aspect, func.count(KeyPointMention.id))
            .where(KeyPointMention.aspect_key == key)
            .group_by(KeyPointMention.aspect)
            .order_by(func.count(KeyPointMention.id).desc(), KeyPointMention.aspect)
            .limit(1)
        ).first()
        out.append(Suggestion(form[0] if form else key, key, int(count), int(pos), int(neg), int(n_authors)))
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
