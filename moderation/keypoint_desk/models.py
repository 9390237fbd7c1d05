"""Word-of-mouth desk tables: brand key points, stored mentions, staff corrections and alerts.

Mentions are derived data (rebuilt by `flask keypoints retag`); corrections and key points are
the brand's own work and are never rebuilt.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.accounts.models import User
from community.extensions import db
from community.timeutil import utcnow

POLARITIES = ("positive", "negative", "neutral", "conflict")
SOURCE_TYPES = ("post", "review")
MAX_PUBLIC_PER_PRODUCT = 3


class KeyPoint(db.Model):
    """A brand-defined aspect ("battery life" / 续航) for a product, a category or the brand."""

    __tablename__ = "keypoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    name_en: Mapped[str] = mapped_column(String(80), default="")
    name_zh: Mapped[str] = mapped_column(String(80), default="")
    synonyms: Mapped[list] = mapped_column(JSON, default=list)
    # Scope: a product, else a (forum) category, else the whole brand when both are NULL.
    product_id: Mapped[int | None] = mapped_column(index=True)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"))
    # Shown to prospects under "What customers say" (at most three per product).
    public: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    is_demo: Mapped[bool] = mapped_column(default=False)

    @property
    def label(self) -> str:
        if self.name_en and self.name_zh:
            return f"{self.name_en} · {self.name_zh}"
        return self.name_en or self.name_zh

    @property
    def scope(self) -> str:
        if self.product_id is not None:
            return "product"
        return "category" if self.category_id is not None else "brand"

    def forms(self) -> list[str]:
        return [f for f in [self.name_en, self.name_zh, *(self.synonyms or [])] if f and f.strip()]


class KeyPointMention(db.Model):
    """One aspect occurrence in one source (post or review), with the source's context copied in
    so the desk's figures are single-table aggregates."""

    __tablename__ = "keypoint_mentions"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_type: Mapped[str] = mapped_column(String(16))
    source_id: Mapped[int]
    product_id: Mapped[int | None]
    category_id: Mapped[int | None]
    # Where a reply answers this voice (a post's thread); NULL for sources without a thread.
    thread_id: Mapped[int | None] = mapped_column(index=True)
    keypoint_id: Mapped[int | None] = mapped_column(ForeignKey("keypoints.id", ondelete="SET NULL"))
    aspect: Mapped[str] = mapped_column(String(120))
    # Folded aspect (casefold, single spaces) for discovery grouping.
    aspect_key: Mapped[str] = mapped_column(String(120))
    polarity: Mapped[str] = mapped_column(String(10))
    sentence: Mapped[str] = mapped_column(Text)
    # Offsets into the source's plain text (Markdown stripped); the sentence begins at
    # sentence_start.
    sentence_start: Mapped[int] = mapped_column(default=0)
    start: Mapped[int]
    end: Mapped[int]
    score: Mapped[float] = mapped_column(Float, default=0.0)
    lang: Mapped[str] = mapped_column(String(8), default="en")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]  # the source's time, so trends follow when customers spoke
    tagged_at: Mapped[datetime] = mapped_column(default=utcnow)
    corrected: Mapped[bool] = mapped_column(default=False)

    keypoint: Mapped[KeyPoint | None] = relationship()
    author: Mapped[User | None] = relationship()

    __table_args__ = (
        Index("ix_keypoint_mentions_source", "source_type", "source_id"),
        Index("ix_keypoint_mentions_keypoint_created", "keypoint_id", "created_at"),
        Index("ix_keypoint_mentions_product_created", "product_id", "created_at"),
        Index("ix_keypoint_mentions_aspect_key", "aspect_key"),
    )

    @property
    def highlight(self) -> tuple[str, str, str]:
        """(before, aspect, after) within the sentence, for <mark>."""
        a = max(0, self.start - self.sentence_start)
        b = max(a, self.end - self.sentence_start)
        s = self.sentence
        if b > len(s) or s[a:b].casefold() != self.aspect.casefold():
            i = s.casefold().find(self.aspect.casefold())
            if i < 0:
                return s, "", ""
            a, b = i, i + len(self.aspect)
        return s[:a], s[a:b], s[b:]


class MentionCorrection(db.Model):
    """A staff correction kept as a labelled example for `flask keypoints train`, and re-applied
    when its source is re-tagged."""

    __tablename__ = "keypoint_corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    mention_id: Mapped[int | None] = mapped_column(ForeignKey("keypoint_mentions.id", ondelete="SET NULL"))
    source_type: Mapped[str] = mapped_column(String(16))
    source_id: Mapped[int]
    text: Mapped[str] = mapped_column(Text)  # the sentence (the training example)
    aspect: Mapped[str] = mapped_column(String(120))
    start: Mapped[int]  # offsets of the corrected aspect within text
    end: Mapped[int]
    polarity: Mapped[str] = mapped_column(String(10))
    lang: Mapped[str] = mapped_column(String(8), default="en")
    original_aspect: Mapped[str] = mapped_column(String(120))
    original_polarity: Mapped[str] = mapped_column(String(10))
    corrected_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_keypoint_corrections_source", "source_type", "source_id"),)

    def as_example(self) -> dict:
        return {
            "text": self.text,
            "aspect": self.aspect,
            "start": self.start,
            "end": self.end,
            "polarity": self.polarity,
            "lang": self.lang,
        }


class KeyPointAlert(db.Model):
    """A week where a key point's negative share left its normal range, with the evidence."""

    __tablename__ = "keypoint_alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    keypoint_id: Mapped[int] = mapped_column(ForeignKey("keypoints.id", ondelete="CASCADE"))
    product_id: Mapped[int | None]
    # product_id or 0 for the whole brand: a NOT NULL column makes the unique key portable.
    product_key: Mapped[int] = mapped_column(default=0)
    week_start: Mapped[datetime]
    negative: Mapped[int]
    total: Mapped[int]
    negative_share: Mapped[float] = mapped_column(Float)
    baseline_negative: Mapped[int]
    baseline_total: Mapped[int]
    baseline_share: Mapped[float] = mapped_column(Float)
    z: Mapped[float] = mapped_column(Float)
    p_value: Mapped[float] = mapped_column(Float)
    evidence: Mapped[list] = mapped_column(JSON, default=list)  # mention ids
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    acknowledged_at: Mapped[datetime | None]
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    keypoint: Mapped[KeyPoint] = relationship()

    __table_args__ = (UniqueConstraint("keypoint_id", "product_key", "week_start", name="uq_keypoint_alerts_week"),)
