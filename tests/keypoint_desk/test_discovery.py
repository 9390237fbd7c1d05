"""Discovery suggests aspects customers actually talk about: not pronouns, generic nouns,
numbers, opinions, the brand's product names, terms a key point already covers, or one
customer's habit."""

from __future__ import annotations

from datetime import timedelta

from community.extensions import db
from community.timeutil import utcnow
from moderation.keypoint_desk import term_filter
from moderation.keypoint_desk.discovery import suggestions
from moderation.keypoint_desk.models import KeyPointMention
from tests.keypoint_desk.helpers import drain, ensure_product, keypoint, thread_at


def test_junk_terms():
    junk = ["it", "this", "they", "thing", "Things", "problem", "issues", "product", "stuff", "runs", "works"]
    junk += ["10 hours", "2", "v2", "东西", "问题", "产品", "我们", "这个", "整体不错", "整体不错。", "东西不错，做工"]
    junk += ["防水、音量", "ambassadors (ambsarah", "the", "a bit", "", "  "]
    for term in junk:
        assert term_filter.is_junk(term), term
    for term in ["wind noise", "Setup", "price", "做工", "延迟", "防水效果", "耳罩", "case hinge", "build quality"]:
        assert not term_filter.is_junk(term), term


def test_product_names_and_covered_terms():
    names = term_filter.name_tokens(["Aurora Audio Community", "Aurora Pulse", "Aurora Buds", "极光耳机"])
    for term in ["Aurora", "pulse", "the Buds", "Pulse case", "极光"]:
        assert term_filter.names_a_product(term, names), term
    for term in ["audio lag", "wind noise", "community"]:  # "audio" and "community" are not names
        assert not term_filter.names_a_product(term, names), term
    forms = ["battery life", "续航", "charge", "customer service", "update", "speaker"]
    for term in ["Battery Life", "charging", "charges", "service", "firmware update", "updates", "电池续航"]:
        assert term_filter.covered(term, forms), term
    for term in ["wind noise", "battery case", "做工", "price"]:
        assert not term_filter.covered(term, forms), term


def _mention(aspect: str, author_id: int, polarity: str = "negative", product_id: int | None = None) -> None:
    db.session.add(
        KeyPointMention(
            source_type="post",
            source_id=1,
            product_id=product_id,
            aspect=aspect,
            aspect_key=term_filter.fold(aspect),
            polarity=polarity,
            sentence=f"The {aspect} is bad.",
            start=4,
            end=4 + len(aspect),
            author_id=author_id,
            created_at=utcnow() - timedelta(days=1),
        )
    )


def test_suggestions_leave_junk_out(factory, ctx):
    ensure_product(7)  # "Product 7"
    keypoint("battery life", "续航", ["battery", "charge"])
    users = [factory.user(f"cust{i}").id for i in range(4)]
    db.session.commit()
    said_by_many = ["wind noise", "做工", "thing", "东西", "问题", "it", "10 hours", "Product", "charging", "电池续航"]
    said_by_many += ["整体不错", "runs"]
    for term in said_by_many:
        for uid in users[:3]:
            _mention(term, uid, product_id=7)
    for _ in range(5):  # one customer's habit, however often
        _mention("hinge", users[3], product_id=7)
    db.session.commit()
    terms = [s.term for s in suggestions()]
    assert terms == ["wind noise", "做工"], terms
    top = suggestions(product_id=7)[0]
    assert (top.count, top.negative, top.authors) == (3, 3, 3)
    assert [s.term for s in suggestions(min_authors=1)] == ["hinge", "wind noise", "做工"]


def test_suggestions_from_real_posts(factory, ctx):
    """Through the tagger: what customers write, not what a test inserts."""
    keypoint("battery life", "续航", ["battery"])
    cat = factory.category()
    posts = [
        "The thing is great, but the problem is the wind noise.",
        "This product is terrible. Wind noise ruins every call.",
        "It works fine. The wind noise is annoying though.",
        "问题是做工一般，产品整体不错。",
        "东西不错，做工很好。",
        "做工很精致，延迟也低。",
    ]
    for i, body in enumerate(posts * 2):
        thread_at(factory.user(f"writer{i}"), cat, body, utcnow() - timedelta(hours=i))
    drain()
    terms = {s.key for s in suggestions()}
    assert "wind noise" in terms
    assert terms.isdisjoint({"thing", "problem", "product", "works", "东西", "问题", "产品", "整体不错。"}), terms
    assert all(not term_filter.is_junk(t) for t in terms)
