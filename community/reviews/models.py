"""Reviews, their revisions, helpful votes and review-bombing alerts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.accounts.models import User
from community.extensions import db
from community.products.models import Product
from community.timeutil import utcnow

# Reasons a review may be hidden. "negative" is deliberately absent: honest criticism stays.
HIDE_REASONS = ("spam", "abuse", "personal_data", "illegal", "off_topic")


class Review(db.Model):
    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    rating: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    pros: Mapped[str] = mapped_column(Text, default="")
    cons: Mapped[str] = mapped_column(Text, default="")
    verified_owner: Mapped[bool] = mapped_column(default=False)
    helpful_count: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(16), default="visible")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None]
    edit_count: Mapped[int] = mapped_column(default=0)
    deleted_at: Mapped[datetime | None]
    deleted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    hidden_at: Mapped[datetime | None]
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    hidden_reason: Mapped[str | None] = mapped_column(String(32))
    # The brand's public answer (ambassador or staff), shown marked as the brand's.
    response_body: Mapped[str | None] = mapped_column(Text)
    response_html: Mapped[str | None] = mapped_column(Text)
    response_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    response_at: Mapped[datetime | None]
    is_demo: Mapped[bool] = mapped_column(default=False)

    product: Mapped[Product] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    response_by: Mapped[User | None] = relationship(foreign_keys=[response_by_id])

    __table_args__ = (
        UniqueConstraint("product_id", "author_id", name="uq_reviews_product_author"),
        Index("ix_reviews_product_helpful", "product_id", "helpful_count", "id"),
        Index("ix_reviews_product_created", "product_id", "created_at", "id"),
        Index("ix_reviews_product_rating", "product_id", "rating", "id"),
    )

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_public(self) -> bool:
        return self.status == "visible" and not self.is_deleted and not self.is_hidden


class ReviewRevision(db.Model):
    """The review as it was before each edit."""

    __tablename__ = "review_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"))
    number: Mapped[int]
    rating: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    pros: Mapped[str] = mapped_column(Text, default="")
    cons: Mapped[str] = mapped_column(Text, default="")
    editor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    editor: Mapped[User] = relationship()

    __table_args__ = (UniqueConstraint("review_id", "number", name="uq_review_revisions_review_number"),)


class ReviewHelpful(db.Model):
    __tablename__ = "review_helpful"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("review_id", "user_id", name="uq_review_helpful_review_user"),)


class ReviewAlert(db.Model):
    """A suspected review-bombing burst, with the evidence staff need to judge it."""

    __tablename__ = "review_alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # "low" or "high"
    window_start: Mapped[datetime]
    window_end: Mapped[datetime]
    review_ids: Mapped[list] = mapped_column(JSON, default=list)
    evidence: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    product: Mapped[Product] = relationship()
