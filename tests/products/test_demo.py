"""The demo community gets products with bilingual reviews spread over months, and clears cleanly."""

from __future__ import annotations

from community.extensions import db
from community.forum.models import Thread
from community.products import demo
from community.products.models import Product
from community.reviews.models import Review
from community.reviews.rating import recompute
from community.timeutil import utcnow


def _context(factory):  # type: ignore[no-untyped-def]
    """The demo loader's context, built here because the core's own demo users are loaded by
    community.demo.loader (this tests the products loader on its own)."""
    users = {}
    for name, role in (
        ("aurora_admin", "admin"),
        ("amb_sarah", "ambassador"),
        ("tom_runs", "member"),
        ("maria_k", "member"),
        ("newbie_dan", "member"),
    ):
        users[name] = factory.user(name, role=role)
        users[name].is_demo = True
    cats = {
        slug: factory.category(name, slug=slug)
        for slug, name in (("headphones", "Headphones"), ("speakers", "Speakers"))
    }
    thread = factory.thread(category=cats["headphones"], title="Aurora Buds keep disconnecting")
    return {
        "users": users,
        "categories": cats,
        "threads": [{"title": thread.title, "body": "", "_thread": thread}],
        "now": utcnow(),
    }


def test_demo_products_and_reviews_load_and_clear(factory):
    summary = demo.load(_context(factory))
    db.session.commit()
    products = db.session.query(Product).order_by(Product.slug).all()
    assert [p.slug for p in products] == ["aurora-boom", "aurora-buds", "aurora-pulse"]
    reviews = db.session.query(Review).all()
    assert len(reviews) >= 40 and summary["reviews"] == len(reviews)
    assert {r.rating for r in reviews} == {1, 2, 3, 4, 5}
    chinese = [r for r in reviews if any("\u4e00" <= ch <= "\u9fff" for ch in r.body)]
    assert 10 <= len(chinese) <= len(reviews) - 10
    ages = [(utcnow() - r.created_at).days for r in reviews]
    assert max(ages) >= 150 and min(ages) <= 10
    assert sum(1 for r in reviews if r.response_body) >= 3
    assert any(r.verified_owner for r in reviews) and any(r.helpful_count for r in reviews)
    assert summary["product threads"] == 1
    for p in products:
        stored = (p.rating_count, p.rating_sum)
        recompute(p)
        assert (p.rating_count, p.rating_sum) == stored and p.rating_count > 0
    demo.clear()
    db.session.commit()
    assert db.session.query(Product).count() == 0 and db.session.query(Review).count() == 0
    assert db.session.query(Thread).filter(Thread.product_id.is_not(None)).count() == 0
