"""With products and reviews merged: reviews are tagged like posts, the desk names products and the
products' key point hook is filled. Skipped on a tree without those capabilities."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from community.extensions import db
from community.outbox import emit
from community.timeutil import utcnow
from moderation.keypoint_desk.models import KeyPointMention
from moderation.keypoint_desk.sources import product_names
from tests.keypoint_desk.helpers import drain, keypoint

products = pytest.importorskip("community.products.models")
reviews = pytest.importorskip("community.reviews.models")


def test_reviews_are_tagged_and_products_named(factory, ctx):
    from community.products import keypoints as product_hook

    kp = keypoint("battery life", "续航", ["battery"])
    cat = factory.category()
    p = products.Product(slug="pulse", name="Aurora Pulse", category_id=cat.id)
    db.session.add(p)
    db.session.flush()
    author = factory.user("alice")
    r = reviews.Review(
        product_id=p.id,
        author_id=author.id,
        rating=2,
        title="Disappointed",
        body="The battery life is terrible.",
        body_html="",
        pros="",
        cons="",
    )
    db.session.add(r)
    db.session.flush()
    emit("review.created", review_id=r.id, product_id=p.id)
    db.session.commit()
    drain()
    m = db.session.scalar(select(KeyPointMention).where(KeyPointMention.source_type == "review"))
    assert (m.source_id, m.product_id, m.keypoint_id, m.polarity) == (r.id, p.id, kp.id, "negative")
    assert product_names([p.id]) == {p.id: "Aurora Pulse"}
    assert product_hook.key_points(p) == [{"keypoint_id": kp.id, "label": kp.label, "polarity": "negative", "count": 1}]
    r.deleted_at = r.created_at
    emit("review.deleted", review_id=r.id, product_id=p.id)
    db.session.commit()
    drain()
    assert db.session.scalar(select(KeyPointMention.id)) is None


def test_unanswered_negative_review_is_a_voice_until_the_brand_responds(client, factory):
    from moderation.keypoint_desk.voices import voices

    keypoint("after-sales", "售后", ["客服", "support"])
    cat = factory.category()
    p = products.Product(slug="boom", name="Aurora Boom", category_id=cat.id)
    db.session.add(p)
    author = factory.user("carol")
    db.session.flush()
    r = reviews.Review(
        product_id=p.id,
        author_id=author.id,
        rating=1,
        title="Nobody answers",
        body="The support is terrible, 客服不回复。",
        body_html="",
        pros="",
        cons="",
    )
    db.session.add(r)
    db.session.flush()
    emit("review.created", review_id=r.id, product_id=p.id)
    db.session.commit()
    drain()
    [v] = voices()
    assert (v.source_type, v.source_id, v.thread_id) == ("review", r.id, None)
    factory.user("staffer", role="moderator")
    from tests.factories import login

    login(client, "staffer")
    page = client.get("/staff/keypoints/voices").get_data(as_text=True)
    assert f"/reviews/{r.id}/response" in page and f"#review-{r.id}" in page
    r = db.session.get(reviews.Review, r.id)
    r.response_at = r.created_at
    r.response_body = "We are sorry; we called you."
    db.session.commit()
    assert voices() == []


def test_product_page_shows_what_customers_say(client, factory):
    """Prospects see at most three public key points, each with honest counts and a quote for
    each side, from customers (an ambassador's explanation is neither praise nor complaint)."""
    import re

    from tests.keypoint_desk.helpers import thread_at

    cat = factory.category()
    p = products.Product(slug="pulse-say", name="Aurora Pulse", category_id=cat.id)
    db.session.add(p)
    db.session.commit()
    kps = [
        keypoint("battery life", "续航", ["battery"], product_id=p.id, public=True),
        keypoint("comfort", "舒适", ["fit"], product_id=p.id, public=True),
        keypoint("sound quality", "音质", ["sound"], public=True),
        keypoint("app", "应用", public=True),  # a fourth, brand-wide: past the limit of three
        keypoint("connection", "连接", product_id=p.id),  # not public
    ]
    alice, bob, amb = factory.user("alice"), factory.user("bob"), factory.user("amb", role="ambassador")
    now = utcnow()
    for author, body in [
        (alice, "The battery life is superb."),
        (bob, "The battery life is terrible."),
        (bob, "The comfort is great."),
        (alice, "The comfort is awful after two hours."),
        (alice, "The sound quality is wonderful."),
        (bob, "The app is great and the connection is bad."),
        (amb, "The battery life is terrible when the Battery care option is off."),
    ]:
        thread_at(author, cat, body, now, product_id=p.id, title="About my Aurora Pulse")
    drain()
    page = client.get("/products/pulse-say").get_data(as_text=True)
    section = page.split('id="kp-say-h"')[1].split("</section>")[0]
    names = re.findall(r"<h3>([^<]+)</h3>", section)
    assert names == ["battery life", "comfort", "sound quality"] and "app" not in names and len(kps) == 5
    assert section.count("kp-quote-positive") == 3 and section.count("kp-quote-negative") == 2
    battery = section.split("<h3>comfort</h3>")[0]
    assert "1 customer post praises it" in battery and "1 criticises it" in battery  # not the ambassador
    assert "<mark>battery life</mark> is superb" in battery and "<mark>battery life</mark> is terrible." in battery
    assert "Battery care" not in section
    zh = client.get("/products/pulse-say", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).get_data(as_text=True)
    assert "<h3>续航</h3>" in zh


def test_aspects_listed_under_pros_and_cons_take_that_side(factory, ctx):
    keypoint("battery life", "续航", ["battery"])
    keypoint("comfort", "舒适", ["佩戴"])
    keypoint("app", "应用")
    cat = factory.category()
    p = products.Product(slug="buds-pc", name="Aurora Buds", category_id=cat.id)
    db.session.add(p)
    db.session.flush()
    r = reviews.Review(
        product_id=p.id,
        author_id=factory.user("alice").id,
        rating=4,
        title="Good buds",
        body="I use them every day for running.",
        body_html="",
        pros="Battery, comfort",
        cons="App",
    )
    db.session.add(r)
    db.session.commit()
    emit("review.created", review_id=r.id, product_id=p.id)
    db.session.commit()
    drain()
    got = {
        m.aspect.casefold(): m.polarity
        for m in db.session.scalars(select(KeyPointMention).where(KeyPointMention.source_id == r.id))
    }
    assert got == {"battery": "positive", "comfort": "positive", "app": "negative"}
