"""Products and reviews as the other capabilities see them: search finds them, the key point
tagger feeds "What customers say" on the product page."""

from __future__ import annotations

from sqlalchemy import select

from community.extensions import db
from community.reviews import reviews as review_service


def _search(client, q, type_):
    return client.get(f"/api/v1/search?q={q}&type={type_}").get_json()


def test_reviews_and_products_are_searchable_and_hidden_reviews_leave_the_index(client, shop):
    product = shop.product(slug="aurora-boom", name="Aurora Boom", description="Waterproof speaker for the beach")
    review = shop.review(product, rating=2, title="Battery dies too soon", body="续航太差了，半天就没电")
    from community.outbox import drain

    drain()  # writes made outside a request are applied by the next drain
    assert [i["id"] for i in _search(client, "battery", "review")["items"]] == [review.id]
    assert [i["id"] for i in _search(client, "续航", "review")["items"]] == [review.id]
    assert [i["id"] for i in _search(client, "waterproof", "product")["items"]] == [product.id]
    review_service.hide_review(shop.staff, review, "spam")
    db.session.commit()
    drain()
    assert _search(client, "battery", "review")["items"] == []


def test_product_page_shows_what_customers_say_with_both_sides(client, shop):
    from moderation.keypoint_desk.models import KeyPoint

    product = shop.product(slug="aurora-buds", name="Aurora Buds")
    db.session.add(
        KeyPoint(
            name_en="battery life",
            name_zh="续航",
            synonyms=["battery", "电池", "续航"],
            product_id=product.id,
            public=True,
        )
    )
    db.session.commit()
    shop.review(product, rating=5, title="Love them", body="The battery life is excellent.")
    shop.review(product, rating=1, title="Disappointed", body="The battery is terrible and dies fast.")
    from community.outbox import drain

    drain()
    html = client.get("/products/aurora-buds").get_data(as_text=True)
    assert "What customers say" in html and "battery life" in html
    assert db.session.scalar(select(KeyPoint.id)) is not None
