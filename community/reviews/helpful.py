"""Helpful votes on reviews: one per member, never on one's own review."""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from community.accounts.models import User
from community.errors import NotAllowed
from community.extensions import db
from community.permissions import can
from community.reviews.models import Review, ReviewHelpful


def has_voted(user: User | None, review: Review) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return (
        db.session.scalar(
            select(ReviewHelpful.id).where(ReviewHelpful.review_id == review.id, ReviewHelpful.user_id == user.id)
        )
        is not None
    )


def voted_ids(user: User | None, review_ids: list[int]) -> set[int]:
    if user is None or not getattr(user, "is_authenticated", False) or not review_ids:
        return set()
    return set(
        db.session.scalars(
            select(ReviewHelpful.review_id).where(
                ReviewHelpful.user_id == user.id, ReviewHelpful.review_id.in_(review_ids)
            )
        )
    )


def vote(user: User, review: Review) -> Review:
    """Idempotent: a double click (or two tabs) counts once, enforced by the unique constraint."""
    if not can(user, "review.helpful", review):
        if user is not None and review.author_id == user.id:
            raise NotAllowed("You cannot vote for your own review.", code="own_review")
        raise NotAllowed("You cannot vote on this review.")
    if has_voted(user, review):
        return review
    try:
        with db.session.begin_nested():
            db.session.add(ReviewHelpful(review_id=review.id, user_id=user.id))
    except IntegrityError:
        return review
    db.session.execute(update(Review).where(Review.id == review.id).values(helpful_count=Review.helpful_count + 1))
    db.session.refresh(review, ["helpful_count"])
    return review


def unvote(user: User, review: Review) -> Review:
    if user is None or not getattr(user, "is_authenticated", False):
        raise NotAllowed("Sign in first.")
    removed = db.session.execute(
        delete(ReviewHelpful).where(ReviewHelpful.review_id == review.id, ReviewHelpful.user_id == user.id)
    ).rowcount
    if removed:
        db.session.execute(update(Review).where(Review.id == review.id).values(helpful_count=Review.helpful_count - 1))
        db.session.refresh(review, ["helpful_count"])
    return review
