"""The brand's key point catalogue: create, edit, remove, and the "at most three public key
points per product" rule. A change re-tags the sources in the key point's scope via the outbox."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from community.errors import NotFound, ValidationFailed
from community.extensions import db
from community.forum.models import Category
from community.outbox import emit
from moderation.audit import record
from moderation.keypoint_desk.models import MAX_PUBLIC_PER_PRODUCT, KeyPoint
from moderation.keypoint_desk.sources import product_exists

RETAG_TOPIC = "keypoints.retag_scope"
MAX_SYNONYMS = 30


def _clean_name(value: Any, field: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationFailed("Please correct the marked fields.", {field: "Text expected."})
    value = " ".join(value.split())
    if len(value) > 80:
        raise ValidationFailed("Please correct the marked fields.", {field: "At most 80 characters."})
    return value


def parse_synonyms(value: Any) -> list[str]:
    """A list, or a comma/顿号/newline separated string as typed in the desk form."""
    if value in (None, ""):
        return []
    if isinstance(value, str):
        for sep in ("，", "、", "\n", ";", "；"):
            value = value.replace(sep, ",")
        items: list[Any] = value.split(",")
    elif isinstance(value, list):
        items = value
    else:
        raise ValidationFailed("Please correct the marked fields.", {"synonyms": "A list of words."})
    out: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise ValidationFailed("Please correct the marked fields.", {"synonyms": "A list of words."})
        word = " ".join(item.split())[:80]
        if word and word.casefold() not in {w.casefold() for w in out}:
            out.append(word)
    if len(out) > MAX_SYNONYMS:
        raise ValidationFailed("Please correct the marked fields.", {"synonyms": f"At most {MAX_SYNONYMS}."})
    return out


def _int_or_none(value: Any, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise ValidationFailed("Please correct the marked fields.", {field: "An id."}) from None
    if n < 1:
        raise ValidationFailed("Please correct the marked fields.", {field: "An id."})
    return n


def public_count(product_id: int | None, exclude_id: int | None = None) -> int:
    """Public key points shown for a product: its own plus the brand-wide ones
    (None: brand-wide only)."""
    q = select(func.count(KeyPoint.id)).where(KeyPoint.public.is_(True), KeyPoint.category_id.is_(None))
    if product_id is None:
        q = q.where(KeyPoint.product_id.is_(None))
    else:
        q = q.where((KeyPoint.product_id == product_id) | KeyPoint.product_id.is_(None))
    if exclude_id is not None:
        q = q.where(KeyPoint.id != exclude_id)
    return db.session.scalar(q) or 0


def _check_public(kp: KeyPoint) -> None:
    if not kp.public:
        return
    if kp.category_id is not None:
        raise ValidationFailed(
            "Only product or brand-wide key points can be shown to prospects.",
            {"public": "Choose a product or the whole brand."},
        )
    if kp.product_id is not None:
        worst = public_count(kp.product_id, kp.id) + 1
    else:
        # a brand-wide public key point shows on every product: check the fullest one
        per_product = db.session.execute(
            select(KeyPoint.product_id, func.count(KeyPoint.id))
            .where(
                KeyPoint.public.is_(True),
                KeyPoint.product_id.is_not(None),
                KeyPoint.id != (kp.id or 0),
            )
            .group_by(KeyPoint.product_id)
        ).all()
        worst = public_count(None, kp.id) + 1 + max([n for _, n in per_product], default=0)
    if worst > MAX_PUBLIC_PER_PRODUCT:
        raise ValidationFailed(
            f"A product shows at most {MAX_PUBLIC_PER_PRODUCT} key points to prospects; "
            "make another one private first.",
            {"public": f"At most {MAX_PUBLIC_PER_PRODUCT} per product."},
        )


def _apply(kp: KeyPoint, data: dict[str, Any]) -> None:
    kp.name_en = _clean_name(data.get("name_en"), "name_en")
    kp.name_zh = _clean_name(data.get("name_zh"), "name_zh")
    if not kp.name_en and not kp.name_zh:
        raise ValidationFailed("Please correct the marked fields.", {"name_en": "Give an English or a Chinese name."})
    kp.synonyms = parse_synonyms(data.get("synonyms"))
    kp.product_id = _int_or_none(data.get("product_id"), "product_id")
    if kp.product_id is not None and not product_exists(kp.product_id):
        raise ValidationFailed("Please correct the marked fields.", {"product_id": "No such product."})
    kp.category_id = _int_or_none(data.get("category_id"), "category_id") if kp.product_id is None else None
    if kp.category_id is not None and db.session.get(Category, kp.category_id) is None:
        raise ValidationFailed("Please correct the marked fields.", {"category_id": "No such category."})
    public = data.get("public")
    kp.public = public in (True, "1", "y", "on", "true", 1)
    _check_public(kp)


def _snapshot(kp: KeyPoint) -> dict[str, Any]:
    return {
        "name_en": kp.name_en,
        "name_zh": kp.name_zh,
        "synonyms": list(kp.synonyms or []),
        "product_id": kp.product_id,
        "category_id": kp.category_id,
        "public": kp.public,
    }


def _retag(product_id: int | None, category_id: int | None) -> None:
    emit(RETAG_TOPIC, product_id=product_id, category_id=category_id)


def create_keypoint(user, data: dict[str, Any], *, is_demo: bool = False) -> KeyPoint:  # type: ignore[no-untyped-def]
    kp = KeyPoint(created_by_id=user.id if user else None, is_demo=is_demo, public=False)
    _apply(kp, data)
    db.session.add(kp)
    db.session.flush()
    record(user, "keypoints.create", "keypoint", kp.id, after=_snapshot(kp))
    _retag(kp.product_id, kp.category_id)
    return kp


def get_keypoint(keypoint_id: int) -> KeyPoint:
    kp = db.session.get(KeyPoint, keypoint_id)
    if kp is None:
        raise NotFound("No such key point.")
    return kp


def update_keypoint(user, kp: KeyPoint, data: dict[str, Any]) -> KeyPoint:  # type: ignore[no-untyped-def]
    before = _snapshot(kp)
    _apply(kp, data)
    record(user, "keypoints.update", "keypoint", kp.id, before=before, after=_snapshot(kp))
    _retag(before["product_id"], before["category_id"])
    if (kp.product_id, kp.category_id) != (before["product_id"], before["category_id"]):
        _retag(kp.product_id, kp.category_id)
    return kp


def delete_keypoint(user, kp: KeyPoint) -> None:  # type: ignore[no-untyped-def]
    record(user, "keypoints.delete", "keypoint", kp.id, before=_snapshot(kp))
    _retag(kp.product_id, kp.category_id)
    db.session.delete(kp)


def all_keypoints() -> list[KeyPoint]:
    return list(
        db.session.scalars(
            select(KeyPoint).order_by(KeyPoint.product_id.is_not(None), KeyPoint.product_id, KeyPoint.id)
        )
    )
