"""Products, who owns them (verified owners) and the purchase codes the brand hands to buyers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.accounts.models import User
from community.extensions import db
from community.forum.models import Category
from community.timeutil import utcnow

PRODUCT_STATUSES = ("active", "discontinued")


class Product(db.Model):
    """A product with its rating summary. The summary columns are derived from the reviews and
    rewritten in the same transaction as every review change (see community.reviews.rating), so
    product pages and lists read one row instead of aggregating reviews on every view."""

    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    short_description: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    description_html: Mapped[str] = mapped_column(Text, default="")
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id", ondelete="SET NULL"))
    image_path: Mapped[str | None] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(16), default="active")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    rating_count: Mapped[int] = mapped_column(default=0)
    rating_sum: Mapped[int] = mapped_column(default=0)
    rating_1: Mapped[int] = mapped_column(default=0)
    rating_2: Mapped[int] = mapped_column(default=0)
    rating_3: Mapped[int] = mapped_column(default=0)
    rating_4: Mapped[int] = mapped_column(default=0)
    rating_5: Mapped[int] = mapped_column(default=0)
    is_demo: Mapped[bool] = mapped_column(default=False)

    category: Mapped[Category | None] = relationship()

    @property
    def is_active(self) -> bool:
        return self.status == "active"

    @property
    def rating_average(self) -> float | None:
        if not self.rating_count:
            return None
        return round(self.rating_sum / self.rating_count + 1e-9, 1)

    @property
    def histogram(self) -> dict[str, int]:
        return {str(n): getattr(self, f"rating_{n}") for n in range(1, 6)}


class ProductOwner(db.Model):
    """A member who verifiably owns a product: granted by staff or by redeeming a purchase code."""

    __tablename__ = "product_owners"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(16))  # "staff" or "code"
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])

    __table_args__ = (UniqueConstraint("product_id", "user_id", name="uq_product_owners_product_user"),)


class PurchaseCode(db.Model):
    """A one-time code printed on the receipt or warranty card of one product. Redeeming it once
    makes the member a verified owner; a redeemed code cannot be used again by anyone."""

    __tablename__ = "purchase_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    redeemed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    redeemed_at: Mapped[datetime | None]

    product: Mapped[Product] = relationship()
