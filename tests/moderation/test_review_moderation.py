"""Reviews get the same moderation as posts: flags (API and web), the spam filter on title and
text (blocked, or held out of the list and the rating until approved), and queue actions."""

import pytest
from sqlalchemy import select

from community.extensions import db
from community.reviews.models import Review
from moderation import queue
from moderation.models import Flag, Notice, ReviewItem
from tests.factories import api_token, login
from tests.moderation.conftest import CRITICISM, SEO_ZH
from tests.products.conftest import Shop

SEO_TITLE = "博彩,百家乐,六合彩,澳门赌场,真人娱乐,成人视频,AV在线 www.88bet.com"


@pytest.fixture
def shop(factory):  # type: ignore[no-untyped-def]
    return Shop(factory)


def _item(review_id: int) -> ReviewItem | None:
    return db.session.scalar(
        select(ReviewItem).where(ReviewItem.target_type == "review", ReviewItem.target_id == review_id)
    )


def test_member_flags_a_review_via_api_not_twice_not_their_own(client, shop):
    product = shop.product()
    author = shop.member("rv_author", trust_level=1)
    review = shop.review(product, author, rating=1, title="Battery died", body=CRITICISM)
    shop.member("rv_flagger", trust_level=1)
    headers = api_token(client, "rv_flagger")
    resp = client.post(f"/api/v1/reviews/{review.id}/flags", json={"reason": "abuse"}, headers=headers)
    assert resp.status_code == 201 and resp.get_json()["flag"]["target_type"] == "review"
    item = _item(review.id)
    assert item is not None and item.status == "pending" and "flag" in item.sources
    again = client.post(f"/api/v1/reviews/{review.id}/flags", json={"reason": "spam"}, headers=headers)
    assert again.status_code == 409
    own = client.post(
        f"/api/v1/reviews/{review.id}/flags", json={"reason": "spam"}, headers=api_token(client, "rv_author")
    )
    assert own.status_code == 403 and own.get_json()["error"]["code"] == "own_content"
    missing = client.post("/api/v1/reviews/999999/flags", json={"reason": "spam"}, headers=headers)
    assert missing.status_code == 404


def test_flag_form_on_the_product_page(app, shop):
    product = shop.product()
    review = shop.review(product, shop.member("rv_author2", trust_level=1), title="Decent", body="Works fine.")
    shop.member("rv_webflag", trust_level=1)
    client = app.test_client()
    login(client, "rv_webflag")
    page = client.get(f"/products/{product.slug}").get_data(as_text=True)
    assert f"/reviews/{review.id}/flag" in page
    resp = client.post(f"/reviews/{review.id}/flag", data={"reason": "off_topic", "note": "about another product"})
    assert resp.status_code == 302 and f"#review-{review.id}" in resp.headers["Location"]
    flag = db.session.scalar(select(Flag).where(Flag.target_type == "review", Flag.target_id == review.id))
    assert flag.reason == "off_topic" and flag.note == "about another product"
    # The author sees no flag form on their own review.
    mine = app.test_client()
    login(mine, "rv_author2")
    assert f"/reviews/{review.id}/flag" not in mine.get(f"/products/{product.slug}").get_data(as_text=True)


def test_trusted_flags_hide_a_review_and_the_rating_follows(shop):
    from moderation.flags import flag

    product = shop.product()
    review = shop.review(product, shop.member("rv_spammy", trust_level=1), rating=5, title="Great", body="Nice.")
    db.session.refresh(product)
    assert product.rating_count == 1
    for name in ("rv_t1", "rv_t2"):
        flag(shop.member(name, trust_level=3), "review", review.id, "spam")
    db.session.commit()
    db.session.refresh(review)
    db.session.refresh(product)
    assert review.is_hidden and review.hidden_reason == "spam"
    assert product.rating_count == 0
    assert db.session.scalar(select(Notice).where(Notice.target_type == "review")) is not None


def test_spam_review_is_blocked_on_the_api_and_the_form_keeps_the_text(app, client, shop):
    product = shop.product()
    shop.member("rv_seo", trust_level=0)
    resp = client.post(
        f"/api/v1/products/{product.slug}/reviews",
        json={"rating": 5, "title": "Good", "body": SEO_ZH},
        headers=api_token(client, "rv_seo"),
    )
    assert resp.status_code == 422 and resp.get_json()["error"]["code"] == "spam_blocked"
    resp = client.post(
        f"/api/v1/products/{product.slug}/reviews",
        json={"rating": 5, "title": SEO_TITLE, "body": "挺好用的。"},
        headers=api_token(client, "rv_seo"),
    )
    assert resp.status_code == 422 and "title" in resp.get_json()["error"]["fields"]
    assert db.session.scalar(select(Review.id).where(Review.product_id == product.id)) is None

    web = app.test_client()
    login(web, "rv_seo")
    page = web.post(f"/products/{product.slug}/review", data={"rating": "5", "title": SEO_TITLE, "body": "挺好用的。"})
    assert page.status_code == 422
    assert "百家乐" in page.get_data(as_text=True)


def test_held_review_waits_outside_the_rating_until_approved(client, shop, mod):
    from moderation.watched_words import add_watched_word

    add_watched_word(mod, "casino", "hold")
    db.session.commit()
    product = shop.product()
    review = shop.review(
        product, shop.member("rv_held", trust_level=1), rating=1, title="Bought it near the casino", body="Meh."
    )
    db.session.refresh(product)
    assert review.status == "held" and product.rating_count == 0
    item = _item(review.id)
    assert item is not None and "spam" in item.sources
    others = client.get(f"/api/v1/products/{product.slug}/reviews").get_json()
    assert [r["id"] for r in others["items"]] == []
    queue.act(mod, item.id, "approve")
    db.session.commit()
    db.session.refresh(product)
    assert review.status == "visible" and product.rating_count == 1


def test_queue_hides_restores_and_deletes_a_review_with_reasons(shop, mod):
    from moderation.flags import flag

    product = shop.product()
    review = shop.review(product, shop.member("rv_q", trust_level=1), rating=2, title="Not great", body=CRITICISM)
    flag(shop.member("rv_qf", trust_level=1), "review", review.id, "abuse")
    db.session.commit()
    item = _item(review.id)
    from community.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        queue.act(mod, item.id, "hide", "negative")  # honest criticism stays
    queue.act(mod, item.id, "hide", "abuse")
    db.session.commit()
    assert review.is_hidden and review.hidden_reason == "abuse"
    queue.act(mod, item.id, "restore", "the customer is right")
    db.session.commit()
    assert review.is_public
    queue.act(mod, item.id, "restore")  # reopen nothing: restore is always allowed
    db.session.commit()
    flag(shop.member("rv_qf2", trust_level=1), "review", review.id, "spam")
    db.session.commit()
    queue.act(mod, _item(review.id).id, "delete", "spam")
    db.session.commit()
    assert review.is_deleted and db.session.get(Review, review.id) is not None  # nothing is lost


def test_spam_in_pros_or_cons_is_blocked_and_replacements_apply_there(client, shop, mod):
    from moderation.watched_words import add_watched_word

    product = shop.product()
    shop.member("rv_sides", trust_level=0)
    headers = api_token(client, "rv_sides")
    for side in ("pros", "cons"):
        resp = client.post(
            f"/api/v1/products/{product.slug}/reviews",
            json={"rating": 5, "title": "Good", "body": "挺好用的。", side: SEO_TITLE},
            headers=headers,
        )
        assert resp.status_code == 422, side
        error = resp.get_json()["error"]
        assert error["code"] == "spam_blocked" and side in error["fields"]
    assert db.session.scalar(select(Review.id).where(Review.product_id == product.id)) is None

    add_watched_word(mod, "darn", "replace", replacement="****")
    db.session.commit()
    resp = client.post(
        f"/api/v1/products/{product.slug}/reviews",
        json={"rating": 4, "title": "Solid", "body": "Works well.", "pros": "Battery", "cons": "darn cable"},
        headers=headers,
    )
    assert resp.status_code == 201, resp.get_json()
    review = db.session.scalar(select(Review).where(Review.product_id == product.id))
    assert review.cons == "**** cable" and review.pros == "Battery"

    # an edit that slips spam into a side field is judged too
    resp = client.patch(
        f"/api/v1/reviews/{review.id}",
        json={"pros": SEO_TITLE},
        headers=headers,
    )
    assert resp.status_code == 422 and "pros" in resp.get_json()["error"]["fields"]
    db.session.refresh(review)
    assert review.pros == "Battery"
