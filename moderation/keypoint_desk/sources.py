"""What gets tagged: a generic "source" (a post today, a review tomorrow) and its adapters.

The tagger only needs text plus the context the desk aggregates on (product, author, time).
Each source type registers an adapter; reviews plug in with `register_source("review", ...)`
and by emitting `keypoints.tag {source_type: "review", source_id}` when a review is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from community.extensions import db
from community.forum.models import Category, Post, Thread


@dataclass(frozen=True)
class Source:
    source_type: str
    source_id: int
    text: str  # Markdown source; the tagger strips it
    product_id: int | None
    category_id: int | None
    thread_id: int | None  # where staff reply to this voice
    author_id: int | None
    created_at: datetime
    lang: str | None = None  # a hint (the author's locale); sentences are detected anyway
    # A review's "Pros" and "Cons" fields: a bare aspect listed there ("Battery, comfort") is praise
    # or criticism even though the sentence carries no opinion word.
    pros: str = ""
    cons: str = ""


@dataclass(frozen=True)
class Adapter:
    # load(id) -> Source, or None when the source is gone or not public: its mentions are dropped.
    load: Callable[[int], Source | None]
    # ids(product_id, category_id) -> every source id in that scope (None: no restriction).
    ids: Callable[[int | None, int | None], Iterable[int]]
    # For "voices to answer first" on sources without a thread: which of these ids the brand
    # has answered, where staff answer one, and where it is read (URLs need a request).
    answered: Callable[[list[int]], set[int]] | None = None
    reply_url: Callable[[int], str] | None = None
    view_url: Callable[[int], str] | None = None


_adapters: dict[str, Adapter] = {}


def register_source(
    source_type: str,
    load: Callable[[int], Source | None],
    ids: Callable[[int | None, int | None], Iterable[int]],
    *,
    answered: Callable[[list[int]], set[int]] | None = None,
    reply_url: Callable[[int], str] | None = None,
    view_url: Callable[[int], str] | None = None,
) -> None:
    _adapters[source_type] = Adapter(load, ids, answered, reply_url, view_url)


def source_url(source_type: str, source_id: int) -> str | None:
    """Where staff read a source (a post's permalink, a review on its product page)."""
    if source_type == "post":
        from flask import url_for

        return url_for("forum.post_link", post_id=source_id)
    ad = _adapters.get(source_type)
    return ad.view_url(source_id) if ad and ad.view_url else None


def adapter(source_type: str) -> Adapter:
    try:
        return _adapters[source_type]
    except KeyError:
        raise KeyError(f"no key point source adapter for {source_type!r}") from None


def source_types() -> list[str]:
    return list(_adapters)


# -- posts ---------------------------------------------------------------------------------


def load_post(post_id: int) -> Source | None:
    """A public post in a public category; the opening post carries its thread's title too."""
    post = db.session.get(Post, post_id)
    if post is None or not post.is_public:
        return None
    thread = post.thread
    if thread is None or thread.is_deleted or thread.category.staff_only:
        return None
    text = post.body
    if post.number == 1 and thread.title:
        text = f"{thread.title.rstrip()}\n\n{post.body}"
    return Source(
        source_type="post",
        source_id=post.id,
        text=text,
        product_id=thread.product_id,
        category_id=thread.category_id,
        thread_id=thread.id,
        author_id=post.author_id,
        created_at=post.created_at,
        lang=post.author.locale if post.author else None,
    )


def post_ids(product_id: int | None = None, category_id: int | None = None) -> list[int]:
    q = select(Post.id).join(Thread, Thread.id == Post.thread_id).join(Category, Category.id == Thread.category_id)
    q = q.where(Post.deleted_at.is_(None), Thread.deleted_at.is_(None), Category.staff_only.is_(False))
    if product_id is not None:
        q = q.where(Thread.product_id == product_id)
    if category_id is not None:
        q = q.where(Thread.category_id == category_id)
    return list(db.session.scalars(q.order_by(Post.id)))


register_source("post", load_post, post_ids)


# -- product names ---------------------------------------------------------------------------

_product_namer: Callable[[list[int]], dict[int, str]] | None = None
_product_lister: Callable[[], list[int]] | None = None


def set_product_namer(fn: Callable[[list[int]], dict[int, str]], lister: Callable[[], list[int]] | None = None) -> None:
    """The products capability tells the desk its product names (ids -> name) and, optionally,
    every product id for the desk's product picker."""
    global _product_namer, _product_lister
    _product_namer, _product_lister = fn, lister


def product_names(ids: Iterable[int]) -> dict[int, str]:
    ids = sorted({i for i in ids if i is not None})
    names = _product_namer(ids) if _product_namer and ids else {}
    return {i: names.get(i) or f"#{i}" for i in ids}


def product_exists(product_id: int) -> bool:
    """True unless the products capability says there is no such product."""
    return _product_namer is None or product_id in _product_namer([product_id])


def known_product_ids() -> list[int]:
    """The desk's product picker: every product once products are wired, else those with threads."""
    if _product_lister is not None:
        return _product_lister()
    return list(
        db.session.scalars(
            select(Thread.product_id).where(Thread.product_id.is_not(None)).distinct().order_by(Thread.product_id)
        )
    )
