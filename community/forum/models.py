"""Categories, threads, posts and post revisions: the forum core."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.accounts.models import User
from community.extensions import db
from community.timeutil import utcnow

THREAD_KINDS = ("question", "experience", "discussion")
# A post's moderation status: "held" waits in the review queue, "rejected" stays in the
# database (nothing is lost) but is shown to nobody but staff.
POST_STATUSES = ("visible", "held", "rejected")


class Category(db.Model):
    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    staff_only: Mapped[bool] = mapped_column(default=False)
    # Hold first posts of trust-level-0 accounts for review (moderation issue).
    premoderate: Mapped[bool] = mapped_column(default=False)
    thread_count: Mapped[int] = mapped_column(default=0)
    post_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    is_demo: Mapped[bool] = mapped_column(default=False)


class Thread(db.Model):
    __tablename__ = "threads"

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(16), default="discussion")
    title: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(120), default="")
    # The product a question or experience is about (FK added by migration 0003_products).
    # indexed with its activity order below (ix_threads_product_activity)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Latest activity: category pages sort on it, with keyset pagination.
    last_posted_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_poster_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    post_count: Mapped[int] = mapped_column(default=1)
    reply_count: Mapped[int] = mapped_column(default=0)
    view_count: Mapped[int] = mapped_column(default=0)
    solution_post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", use_alter=True, ondelete="SET NULL"))
    locked: Mapped[bool] = mapped_column(default=False)
    deleted_at: Mapped[datetime | None]
    deleted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    is_demo: Mapped[bool] = mapped_column(default=False)

    category: Mapped[Category] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    last_poster: Mapped[User | None] = relationship(foreign_keys=[last_poster_id])

    __table_args__ = (
        Index("ix_threads_category_activity", "category_id", "last_posted_at", "id"),
        # a product page lists its newest questions and experiences: without the order in the
        # index, PostgreSQL sorted all of a product's threads (72 ms with 10,000 of them at 1M posts)
        Index("ix_threads_product_activity", "product_id", "last_posted_at", "id"),
        Index("ix_threads_activity", "last_posted_at", "id"),
    )

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_solved(self) -> bool:
        return self.solution_post_id is not None


HIDDEN_OPENER_SQL = "number = 1 AND (status <> 'visible' OR hidden_at IS NOT NULL)"


class Post(db.Model):
    __tablename__ = "posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # 1 is the opening post; numbers are dense, so thread page N is a range scan.
    number: Mapped[int]
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    cook_version: Mapped[int] = mapped_column(default=1)
    reply_to_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None]
    edit_count: Mapped[int] = mapped_column(default=0)
    vote_count: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(16), default="visible")
    deleted_at: Mapped[datetime | None]
    deleted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    hidden_at: Mapped[datetime | None]
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    hidden_reason: Mapped[str | None] = mapped_column(String(32))
    is_demo: Mapped[bool] = mapped_column(default=False)

    thread: Mapped[Thread] = relationship(foreign_keys=[thread_id])
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    reply_to: Mapped[Post | None] = relationship(remote_side=[id], foreign_keys=[reply_to_id])

    __table_args__ = (
        UniqueConstraint("thread_id", "number", name="uq_posts_thread_number"),
        Index("ix_posts_created", "created_at"),
        # Thread lists leave out threads whose opening post is not visible (NOT EXISTS on these
        # rows). The set is tiny, but without an index of its own PostgreSQL scanned every post
        # for it: 22 ms of a 38 ms home page at 100k posts. threads.list_threads writes the same
        # predicate with literal constants so the planner can always use this partial index.
        Index(
            "ix_posts_hidden_openers",
            "thread_id",
            postgresql_where=text(HIDDEN_OPENER_SQL),
            sqlite_where=text(HIDDEN_OPENER_SQL),
        ),
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


class PostRevision(db.Model):
    """The text before each edit, so the history is viewable and nothing is lost."""

    __tablename__ = "post_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    number: Mapped[int]
    body: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(String(200))
    editor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    editor: Mapped[User] = relationship()

    __table_args__ = (UniqueConstraint("post_id", "number", name="uq_post_revisions_post_number"),)
