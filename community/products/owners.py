"""Verified owners: staff grant the mark, or a member redeems a purchase code the brand issued.

Design of purchase codes: staff generate a batch of random one-time codes for one product and
hand them out with each sale (receipt, warranty card). A member types a code on the product
page; the code is consumed under a row lock (one redemption, ever) and the member becomes a
verified owner of that product. Their review, now or later, carries the "Verified owner" mark.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select, update

from community.accounts.models import User
from community.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from community.extensions import db
from community.permissions import can
from community.products.models import Product, ProductOwner, PurchaseCode
from community.timeutil import utcnow
from moderation.audit import record

# No 0/O/1/I/L: codes are read off paper and typed by hand.
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
MAX_BATCH = 500


def is_owner(user: User | None, product: Product) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return (
        db.session.scalar(
            select(ProductOwner.id).where(ProductOwner.product_id == product.id, ProductOwner.user_id == user.id)
        )
        is not None
    )


def _mark_reviews(user_id: int, product_id: int, verified: bool) -> None:
    from community.reviews.models import Review

    db.session.execute(
        update(Review)
        .where(Review.product_id == product_id, Review.author_id == user_id)
        .values(verified_owner=verified)
    )


def _grant(user: User, product: Product, source: str, granted_by: User | None) -> ProductOwner:
    existing = db.session.scalar(
        select(ProductOwner).where(ProductOwner.product_id == product.id, ProductOwner.user_id == user.id)
    )
    if existing is not None:
        return existing
    owner = ProductOwner(
        product_id=product.id,
        user_id=user.id,
        source=source,
        granted_by_id=granted_by.id if granted_by else None,
    )
    db.session.add(owner)
    db.session.flush()
    _mark_reviews(user.id, product.id, True)
    return owner


def grant_owner(staff: User, product: Product, member: User, reason: str = "") -> ProductOwner:
    if not can(staff, "product.manage_owners", product):
        raise NotAllowed("Only staff can mark verified owners.")
    owner = _grant(member, product, "staff", staff)
    record(
        staff,
        "product.grant_owner",
        "user",
        member.id,
        after={"product_id": product.id},
        reason=reason,
    )
    return owner


def revoke_owner(staff: User, product: Product, member: User, reason: str = "") -> None:
    if not can(staff, "product.manage_owners", product):
        raise NotAllowed("Only staff can change verified owners.")
    owner = db.session.scalar(
        select(ProductOwner).where(ProductOwner.product_id == product.id, ProductOwner.user_id == member.id)
    )
    if owner is None:
        raise NotFound("This member is not a verified owner of this product.")
    db.session.delete(owner)
    _mark_reviews(member.id, product.id, False)
    record(
        staff,
        "product.revoke_owner",
        "user",
        member.id,
        before={"product_id": product.id},
        reason=reason,
    )


def generate_codes(staff: User, product: Product, count: object) -> list[PurchaseCode]:
    if not can(staff, "product.manage_owners", product):
        raise NotAllowed("Only staff can issue purchase codes.")
    try:
        n = int(count)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise ValidationFailed(
            "Please correct the marked fields.", {"count": f"A number from 1 to {MAX_BATCH}."}
        ) from None
    if not 1 <= n <= MAX_BATCH:
        raise ValidationFailed("Please correct the marked fields.", {"count": f"A number from 1 to {MAX_BATCH}."})
    codes = []
    for _ in range(n):
        raw = "".join(secrets.choice(_ALPHABET) for _ in range(12))
        code = PurchaseCode(product_id=product.id, code=f"{raw[:4]}-{raw[4:8]}-{raw[8:]}", created_by_id=staff.id)
        db.session.add(code)
        codes.append(code)
    db.session.flush()
    record(staff, "product.codes", "product", product.id, after={"count": n})
    return codes


def normalize_code(text: object) -> str:
    if not isinstance(text, str):
        return ""
    raw = "".join(ch for ch in text.upper() if ch.isalnum())
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}" if len(raw) == 12 else ""


def redeem_code(user: User, product: Product, text: object) -> ProductOwner:
    """One code, one redemption: the UPDATE only matches a code nobody has redeemed yet."""
    if not can(user, "product.redeem_code", product):
        raise NotAllowed("Sign in to verify your purchase.")
    code = normalize_code(text)
    row = db.session.scalar(select(PurchaseCode).where(PurchaseCode.code == code)) if code else None
    if row is None or row.product_id != product.id:
        raise ValidationFailed(
            "Please correct the marked fields.",
            {"code": "This code is not valid for this product."},
        )
    if row.redeemed_by_id == user.id:
        return _grant(user, product, "code", None)
    claimed = db.session.execute(
        update(PurchaseCode)
        .where(PurchaseCode.id == row.id, PurchaseCode.redeemed_by_id.is_(None))
        .values(redeemed_by_id=user.id, redeemed_at=utcnow())
    ).rowcount
    if not claimed:
        raise Conflict("This code was already used.", {"code": "Already used."})
    return _grant(user, product, "code", None)
