"""What prospects and search engines read: JSON-LD, Open Graph, canonical URLs, the sitemap,
the Atom feed, the compare page."""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree

from community.extensions import db
from community.forum.models import Thread


def _jsonld(text: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_jsonld_is_valid_json_with_the_pages_average_and_count(client, shop, ctx):
    p = shop.product()
    shop.review(
        p,
        rating=5,
        title="</script><script>alert(1)</script>",
        body="Great & <b>loud</b> </script>",
    )
    shop.review(p, rating=4)
    shop.review(p, rating=2)
    text = client.get("/products/aurora-pulse").get_data(as_text=True)
    data = _jsonld(text)
    assert data["@type"] == "Product" and data["name"] == "Aurora Pulse"
    agg = data["aggregateRating"]
    page_avg = re.search(r'class="rating-average" data-average="([\d.]+)"', text).group(1)
    page_count = re.search(r'class="rating-count" data-count="(\d+)"', text).group(1)
    assert str(agg["ratingValue"]) == page_avg == "3.7"
    assert str(agg["reviewCount"]) == page_count == "3"
    assert {r["@type"] for r in data["review"]} == {"Review"}
    assert "</script><script>alert(1)</script>" in [r["name"] for r in data["review"]]
    block = text[text.index('<script type="application/ld+json">') :]
    block = block[: block.index("</script>")]
    assert "</" not in block[len('<script type="application/ld+json">') :]


def test_no_aggregate_rating_without_reviews(client, shop, ctx):
    shop.product()
    data = _jsonld(client.get("/products/aurora-pulse").get_data(as_text=True))
    assert "aggregateRating" not in data


def test_open_graph_and_canonical(client, shop, ctx):
    shop.product()
    text = client.get("/products/aurora-pulse?sort=recent&stars=5").get_data(as_text=True)
    assert '<link rel="canonical" href="http://localhost/products/aurora-pulse">' in text
    assert '<meta property="og:title" content="Aurora Pulse">' in text
    assert '<meta property="og:type" content="product">' in text
    assert "application/atom+xml" in text


def test_sitemap_lists_public_pages_only(client, shop, ctx):
    shop.product()
    public = shop.factory.category("Headphones", slug="headphones")
    secret = shop.factory.category("Staff room", staff_only=True, slug="staff-room")
    t1 = shop.factory.thread(category=public, title="Public question here")
    t2 = shop.factory.thread(author=shop.staff, category=secret, title="Secret staff note")
    t3 = shop.factory.thread(category=public, title="Deleted one here")
    from community.timeutil import utcnow

    db.session.get(Thread, t3.id).deleted_at = utcnow()
    db.session.commit()
    resp = client.get("/sitemap.xml")
    assert resp.status_code == 200 and resp.mimetype == "application/xml"
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in ElementTree.fromstring(resp.data).findall("s:url/s:loc", ns)]  # noqa: S314 (our own output)
    assert "http://localhost/products/aurora-pulse" in locs
    assert "http://localhost/c/headphones" in locs and "http://localhost/c/staff-room" not in locs
    assert any(f"/t/{t1.id}/" in u for u in locs)
    assert not any(f"/t/{t2.id}/" in u or f"/t/{t3.id}/" in u for u in locs)
    assert "Sitemap: http://localhost/sitemap.xml" in client.get("/robots.txt").get_data(as_text=True)


def test_atom_feed_of_new_reviews(client, shop, ctx):
    from community.reviews import reviews as review_service

    p = shop.product()
    shop.review(p, rating=5, title="Feed me <please>")
    hidden = shop.review(p, rating=1, title="Spammy review here")
    review_service.hide_review(shop.staff, hidden, "spam")
    db.session.commit()
    resp = client.get("/products/aurora-pulse/reviews.atom")
    assert resp.status_code == 200 and resp.mimetype == "application/atom+xml"
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.text for e in ElementTree.fromstring(resp.data).findall("a:entry/a:title", ns)]  # noqa: S314 (our own output)
    assert titles == ["★★★★★ Feed me <please>"]
    assert client.get("/products/nope/reviews.atom").status_code == 404


def test_compare_two_to_four_products(client, shop, ctx):
    a = shop.product()
    b = shop.product(slug="aurora-buds", name="Aurora Buds")
    shop.product(slug="aurora-boom", name="Aurora Boom")
    shop.review(a, rating=5)
    shop.review(b, rating=2)
    text = client.get("/compare?products=aurora-pulse,aurora-buds").get_data(as_text=True)
    assert 'id="cmp-aurora-pulse"' in text and 'id="cmp-aurora-buds"' in text
    assert text.count('class="histogram"') == 2
    assert text.count('data-hook="compare_key_points"') == 2
    assert client.get("/compare?pick=aurora-pulse&pick=aurora-boom").status_code == 200
    assert client.get("/compare?products=aurora-pulse").status_code == 422
    assert client.get("/compare?products=a,b,c,d,e").status_code == 422
    assert client.get("/compare?products=aurora-pulse,nope").status_code == 404
    assert client.get("/compare").status_code == 200


def test_compare_shows_key_points_from_the_tagger_hook(client, shop, ctx, monkeypatch):
    from community.products import keypoints

    shop.product()
    shop.product(slug="aurora-buds", name="Aurora Buds")
    # monkeypatch puts the tagger's real provider back afterwards: other tests in this worker rely on it
    monkeypatch.setattr(
        keypoints, "_provider", lambda p: [{"label": "battery life", "polarity": "positive", "count": 3}]
    )
    text = client.get("/compare?products=aurora-pulse,aurora-buds").get_data(as_text=True)
    assert text.count("battery life (3)") == 2
    api = client.get("/api/v1/products/aurora-pulse").get_json()
    assert api["key_points"][0]["label"] == "battery life"


def test_search_query_functions(shop, ctx):
    from community.reviews import queries
    from community.reviews import reviews as review_service

    p = shop.product()
    r = shop.review(p, rating=4, title="Searchable title", body="续航很好", pros="Battery")
    assert queries.product_document(p.id)["title"] == "Aurora Pulse"
    doc = queries.review_document(r.id)
    assert doc["title"] == "Searchable title" and "续航很好" in doc["text"] and doc["product_slug"] == "aurora-pulse"
    assert [x.id for x in queries.iter_public_reviews()] == [r.id]
    review_service.hide_review(shop.staff, r, "spam")
    db.session.commit()
    assert queries.review_document(r.id) is None
    assert list(queries.iter_public_reviews()) == []
    assert list(queries.iter_product_ids()) == [p.id]
