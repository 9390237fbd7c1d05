"""search_documents: the PostgreSQL backend's index table (unused, but present, on SQLite).

tsv is built from text pre-segmented in Python (community/search/analysis.py) and written as a
tsvector literal with explicit positions and weights (A title, B body), so the 'simple' config
is enough and Chinese works without a server-side parser. tokens keeps the segmented text.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, Index, String, Text
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from community.extensions import db
from community.timeutil import utcnow

TSV = Text().with_variant(TSVECTOR(), "postgresql")


class SearchRow(db.Model):
    __tablename__ = "search_documents"

    doc_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    type: Mapped[str] = mapped_column(String(16))
    obj_id: Mapped[int]
    title: Mapped[str] = mapped_column(Text, default="")
    heading: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(String(500), default="")
    category_id: Mapped[int | None]
    product_id: Mapped[int | None]
    kind: Mapped[str | None] = mapped_column(String(16))
    solved: Mapped[bool | None]
    accepted: Mapped[bool] = mapped_column(default=False)
    rating: Mapped[int | None]
    author: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime | None]
    staff_only: Mapped[bool] = mapped_column(default=False)
    boost: Mapped[float] = mapped_column(Float, default=1.0)
    tokens: Mapped[str] = mapped_column(Text, default="")
    words: Mapped[str] = mapped_column(Text, default="")
    tsv = mapped_column(TSV, nullable=True)
    indexed_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        Index("ix_search_documents_created_at", "created_at"),
        Index("ix_search_documents_type", "type"),
        Index("ix_search_documents_tsv", "tsv", postgresql_using="gin"),
    )
