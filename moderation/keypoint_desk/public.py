"""For prospects: "What customers say" about a product, honest counts and both sides quoted.

Products call `what_customers_say(product_id)` or include the partial
templates/keypoint_desk/what_customers_say.html with `product_id` set (it is also a Jinja global).
"""

from __future__ import annotations

from sqlalchemy import func, or_, select

from community.accounts.models import User
from community.extensions import db
from moderation.keypoint_desk.models import KeyPoint, KeyPointMention

BRAND_VOICES = ("ambassador", "moderator", "admin")


def _customers():  # type: ignore[no-untyped-def]
    """Customers only: an ambassador explaining a setting is not a customer criticising it, and
    the brand's own praise is not word of mouth."""
    brand = select(User.id).where(User.role.in_(BRAND_VOICES))
    return or_(KeyPointMention.author_id.is_(None), KeyPointMention.author_id.not_in(brand))


def public_keypoints(product_id: int) -> list[KeyPoint]:
    return list(
        db.session.scalars(
            select(KeyPoint)
            .where(
                KeyPoint.public.is_(True),
                KeyPoint.category_id.is_(None),
                (KeyPoint.product_id == product_id) | KeyPoint.product_id.is_(None),
            )
            .order_by(KeyPoint.product_id.is_(None), KeyPoint.id)
            .limit(3)
        )
    )


def _quote(keypoint_id: int, product_id: int, polarity: str) -> dict | None:
    """The most confident recent sentence on that side (long rants make poor quotes)."""
    m = db.session.scalar(
        select(KeyPointMention)
        .where(
            KeyPointMention.keypoint_id == keypoint_id,
            KeyPointMention.product_id == product_id,
            KeyPointMention.polarity == polarity,
            _customers(),
            func.length(KeyPointMention.sentence) <= 280,
        )
        .order_by(KeyPointMention.score.desc(), KeyPointMention.created_at.desc())
        .limit(1)
    )
    if m is None:
        return None
    return {
        "text": m.sentence,
        "highlight": list(m.highlight),
        "author": m.author.username if m.author else None,
        "source_type": m.source_type,
        "source_id": m.source_id,
        "created_at": m.created_at,
    }


def what_customers_say(product_id: int) -> list[dict]:
    """[{keypoint_id, name_en, name_zh, positive, negative, positive_quote, negative_quote}] for the
    product's public key points (at most three); counts are all-time and exact."""
    out = []
    for kp in public_keypoints(product_id):
        counts = dict(
            db.session.execute(
                select(KeyPointMention.polarity, func.count(KeyPointMention.id))
                .where(
                    KeyPointMention.keypoint_id == kp.id,
                    KeyPointMention.product_id == product_id,
                    _customers(),
                )
                .group_by(KeyPointMention.polarity)
            ).all()
        )
        out.append(
            {
                "keypoint_id": kp.id,
                "name_en": kp.name_en,
                "name_zh": kp.name_zh,
                "positive": int(counts.get("positive", 0)),
                "negative": int(counts.get("negative", 0)),
                "positive_quote": _quote(kp.id, product_id, "positive"),
                "negative_quote": _quote(kp.id, product_id, "negative"),
            }
        )
    return out
