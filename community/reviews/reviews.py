"""Writing reviews: one per member per product, edits keep revisions, soft delete, brand
responses, and the moderation hook (hide/restore with a recorded reason, never "negative")."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from community.accounts.models import User
from community.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from community.extensions import db
from community.forum.text import clean_body
from community.markup import cook
from community.outbox import emit
from community.permissions import can
from community.products.models import Product, ProductOwner
from community.reviews import integrity
from community.reviews.models import HIDE_REASONS, Review, ReviewRevision
from community.reviews.rating import lock_product, recompute
from community.timeutil import utcnow
from moderation.audit import record
from moderation.screening import Screening, screen

MAX_TITLE = 200
MAX_BODY = 20_000
MAX_LIST = 2_000


def clean_rating(value: object) -> int:
    """Whole stars 1..5. 3.5, "five", true and a missing rating are refused, not rounded."""
    problem = "A whole number of stars from 1 to 5."
    if isinstance(value, bool):
        raise ValidationFailed("Please correct the marked fields.", {"rating": problem})
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or not 1 <= value <= 5:
        raise ValidationFailed("Please correct the marked fields.", {"rating": problem})
    return value


def _clean(data: dict[str, Any], review: Review | None) -> dict[str, Any]:
    fields: dict[str, str] = {}
    out: dict[str, Any] = {}
    try:
        out["rating"] = clean_rating(data.get("rating") if "rating" in data or review is None else review.rating)
    except ValidationFailed as exc:
        fields.update(exc.fields)
    title = data.get("title", review.title if review else None)
    if not isinstance(title, str) or not title.strip():
        fields["title"] = "Give your review a title."
    elif len(title.strip()) > MAX_TITLE:
        fields["title"] = f"At most {MAX_TITLE} characters."
    else:
        out["title"] = " ".join(title.split())
    for name, limit, required in (
        ("body", MAX_BODY, True),
        ("pros", MAX_LIST, False),
        ("cons", MAX_LIST, False),
    ):
        try:
            out[name] = clean_body(
                data.get(name, getattr(review, name) if review else ""),
                name,
                required=required,
                limit=limit,
            )
        except ValidationFailed as exc:
            fields.update(exc.fields)
    if fields:
        raise ValidationFailed("Please correct the marked fields.", fields)
    return out


def get_review(user: User | None, review_id: int) -> Review:
    review = db.session.get(Review, review_id)
    if review is None or not can(user, "review.view", review):
        raise NotFound("No such review.")
    return review


def own_review(user: User | None, product: Product) -> Review | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(select(Review).where(Review.product_id == product.id, Review.author_id == user.id))


def _check_can_review(user: User, product: Product) -> None:
    if product.status != "active":
        raise ValidationFailed(
            "This product is discontinued and no longer takes new reviews.",
            {"product": "discontinued"},
            code="product_discontinued",
        )
    if not can(user, "review.create", product):
        if user is not None and user.is_silenced:
            raise NotAllowed("You are silenced and cannot write reviews now.", code="silenced")
        raise NotAllowed("You cannot review this product.")


def create_review(
    user: User,
    product: Product,
    data: dict[str, Any],
    *,
    created_at: datetime | None = None,
    is_demo: bool = False,
) -> Review:
    """A member's review; a second one for the same product is a Conflict (the web form edits
    the first instead: see save_review)."""
    _check_can_review(user, product)
    values = _clean(data, None)
    screening = _screen(user, values, None)
    lock_product(product.id)
    existing = own_review(user, product)
    if existing is not None and not existing.is_deleted:
        raise Conflict(
            "You already reviewed this product; edit your review instead.",
            {"review_id": str(existing.id)},
            code="already_reviewed",
        )
    verified = (
        db.session.scalar(
            select(ProductOwner.id).where(ProductOwner.product_id == product.id, ProductOwner.user_id == user.id)
        )
        is not None
    )
    now = created_at or utcnow()
    if existing is not None:
        # The author deleted it before: writing again revives the same row (one review per
        # member per product stays a database constraint), keeping the old text as a revision.
        if existing.deleted_by_id != user.id:
            raise Conflict("Your earlier review of this product was removed by staff.", code="review_removed")
        _keep_revision(existing, user)
        review = existing
        review.deleted_at = None
        review.deleted_by_id = None
        review.created_at = now
    else:
        review = Review(product_id=product.id, author_id=user.id, is_demo=is_demo, created_at=now)
        db.session.add(review)
    _apply(review, values)
    review.verified_owner = verified
    review.status = screening.status
    db.session.flush()
    screening.file("review", review.id)
    recompute(product)
    integrity.check_burst(product, review)
    emit("review.created", review_id=review.id, product_id=product.id)
    return review


def _screen(user: User, values: dict[str, Any], review: Review | None) -> Screening:
    """The spam filter on the title, text, pros and cons (moderation.screening): raises on spam,
    else returns the verdict; watched-word replacements are applied to `values`."""
    title_changed = review is None or values["title"] != review.title
    sides = {k: values[k] for k in ("pros", "cons") if review is None or values[k] != getattr(review, k)}
    result = screen(user, values["body"], "review", title=values["title"] if title_changed else "", extras=sides)
    values["body"] = result.text
    if title_changed:
        values["title"] = result.title
    values.update(result.extras)
    return result


def _apply(review: Review, values: dict[str, Any]) -> None:
    for key, value in values.items():
        setattr(review, key, value)
    review.body_html = cook(review.body)


def _keep_revision(review: Review, editor: User) -> None:
    number = (
        db.session.scalar(select(func.max(ReviewRevision.number)).where(ReviewRevision.review_id == review.id)) or 0
    ) + 1
    db.session.add(
        ReviewRevision(
            review_id=review.id,
            number=number,
            rating=review.rating,
            title=review.title,
            body=review.body,
            pros=review.pros,
            cons=review.cons,
            editor_id=editor.id,
        )
    )


def edit_review(user: User, review: Review, data: dict[str, Any]) -> Review:
    if not can(user, "review.edit", review):
        raise NotAllowed("You cannot edit this review.")
    values = _clean(data, review)
    product = lock_product(review.product_id)
    if all(getattr(review, k) == v for k, v in values.items()):
        return review
    text_changed = (values["body"], values["title"], values["pros"], values["cons"]) != (
        review.body,
        review.title,
        review.pros,
        review.cons,
    )
    screening = _screen(user, values, review) if text_changed else None
    _keep_revision(review, user)
    _apply(review, values)
    if screening is not None and screening.held and review.status == "visible":
        review.status = "held"
        screening.file("review", review.id)
    review.edited_at = utcnow()
    review.edit_count += 1
    if user.id != review.author_id:
        record(user, "review.edit", "review", review.id, reason="staff edit")
    recompute(product)
    emit("review.updated", review_id=review.id, product_id=product.id)
    return review


def save_review(user: User, product: Product, data: dict[str, Any]) -> tuple[Review, bool]:
    """The web form: a member's second attempt edits the first. Returns (review, created)."""
    existing = own_review(user, product)
    if existing is not None and not existing.is_deleted:
        return edit_review(user, existing, data), False
    return create_review(user, product, data), True


def delete_review(user: User, review: Review, reason: str = "") -> None:
    if not can(user, "review.delete", review):
        raise NotAllowed("You cannot delete this review.")
    product = lock_product(review.product_id)
    review.deleted_at = utcnow()
    review.deleted_by_id = user.id
    if user.id != review.author_id:
        record(user, "review.delete", "review", review.id, reason=reason)
    recompute(product)
    emit("review.deleted", review_id=review.id, product_id=product.id)


def undelete_review(user: User, review: Review, reason: str = "") -> None:
    if not can(user, "review.restore", review):
        raise NotAllowed("Only staff can restore a review.")
    if not review.is_deleted:
        raise Conflict("This review is not deleted.")
    product = lock_product(review.product_id)
    review.deleted_at = None
    review.deleted_by_id = None
    record(user, "review.undelete", "review", review.id, reason=reason)
    recompute(product)
    emit("review.restored", review_id=review.id, product_id=product.id)


def hide_review(actor: User, review: Review, reason: object) -> None:
    """The moderation hook: a review is hidden only for what breaks the rules, never for being
    negative. The reason is recorded on the review and in the audit log; restore_review
    undoes it."""
    if not can(actor, "review.hide", review):
        raise NotAllowed("Only moderators can hide reviews.")
    if reason == "negative":
        raise ValidationFailed(
            "A review is never hidden for being negative: answer it in public instead.",
            {"reason": "Negative reviews stay visible."},
            code="negative_not_a_reason",
        )
    if reason not in HIDE_REASONS:
        raise ValidationFailed("Please correct the marked fields.", {"reason": "One of: " + ", ".join(HIDE_REASONS)})
    if review.is_hidden:
        raise Conflict("This review is already hidden.")
    product = lock_product(review.product_id)
    review.hidden_at = utcnow()
    review.hidden_by_id = actor.id
    review.hidden_reason = str(reason)
    record(
        actor,
        "review.hide",
        "review",
        review.id,
        before={"hidden": False},
        after={"hidden": True},
        reason=str(reason),
    )
    recompute(product)
    emit("review.hidden", review_id=review.id, product_id=product.id)


def restore_review(actor: User, review: Review, reason: str = "") -> None:
    if not can(actor, "review.hide", review):
        raise NotAllowed("Only moderators can restore reviews.")
    if not review.is_hidden:
        raise Conflict("This review is not hidden.")
    product = lock_product(review.product_id)
    before = {"hidden": True, "reason": review.hidden_reason}
    review.hidden_at = None
    review.hidden_by_id = None
    review.hidden_reason = None
    record(
        actor,
        "review.restore",
        "review",
        review.id,
        before=before,
        after={"hidden": False},
        reason=reason,
    )
    recompute(product)
    emit("review.restored", review_id=review.id, product_id=product.id)


def respond(user: User, review: Review, body: object) -> Review:
    """The brand's public answer under a review (one per review; answering again replaces it)."""
    if not can(user, "review.respond", review):
        raise NotAllowed("Only brand ambassadors and staff answer for the brand.")
    text = clean_body(body, "body", limit=MAX_BODY)
    review.response_body = text
    review.response_html = cook(text)
    review.response_by_id = user.id
    review.response_at = utcnow()
    emit("review.updated", review_id=review.id, product_id=review.product_id)
    return review


def revisions(user: User | None, review: Review) -> list[ReviewRevision]:
    if not can(user, "review.view", review):
        raise NotFound("No such review.")
    return list(
        db.session.scalars(
            select(ReviewRevision).where(ReviewRevision.review_id == review.id).order_by(ReviewRevision.number.desc())
        )
    )
