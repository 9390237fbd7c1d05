"""Reading reviews: sorts, star and verified filters, cursor pagination, the spotlight pair."""

from __future__ import annotations

from datetime import timedelta

from community.extensions import db
from community.products import owners
from community.reviews import helpful
from community.timeutil import utcnow


def _seed(shop):  # type: ignore[no-untyped-def]
    p = shop.product()
    voters = [shop.member(f"voter{i}") for i in range(3)]
    specs = [
        (5, 2, "Five stars, two votes"),
        (4, 3, "Four stars, three votes"),
        (1, 1, "One star, one vote"),
        (2, 3, "Two stars, three votes"),
        (3, 0, "Three stars, no votes"),
        (5, 0, "Five stars, newest"),
    ]
    made = []
    for i, (rating, votes, title) in enumerate(specs):
        r = shop.review(p, rating=rating, title=title)
        r.created_at = utcnow() - timedelta(days=len(specs) - i)
        for v in voters[:votes]:
            helpful.vote(v, r)
        made.append(r)
    db.session.commit()
    return p, made


def _titles(client, query):  # type: ignore[no-untyped-def]
    data = client.get(f"/api/v1/products/aurora-pulse/reviews?{query}").get_json()
    return [r["title"] for r in data["items"]]


def test_sorts(client, shop, ctx):
    _seed(shop)
    assert _titles(client, "sort=helpful")[:2] == [
        "Two stars, three votes",
        "Four stars, three votes",
    ]
    assert _titles(client, "sort=recent")[0] == "Five stars, newest"
    assert _titles(client, "sort=critical")[:2] == ["One star, one vote", "Two stars, three votes"]
    assert _titles(client, "sort=positive")[:2] == ["Five stars, two votes", "Five stars, newest"]
    assert _titles(client, "")[0] == "Two stars, three votes"  # default: most helpful


def test_star_and_verified_filters(client, shop, ctx):
    p, made = _seed(shop)
    assert sorted(_titles(client, "stars=5")) == ["Five stars, newest", "Five stars, two votes"]
    assert sorted(_titles(client, "stars=1,2")) == ["One star, one vote", "Two stars, three votes"]
    owners.grant_owner(shop.staff, p, made[2].author)
    db.session.commit()
    assert _titles(client, "verified=true") == ["One star, one vote"]
    assert _titles(client, "verified=true&stars=5") == []


def test_cursor_pagination_walks_every_review_once_in_each_sort(client, shop, ctx):
    _seed(shop)
    for sort in ("helpful", "recent", "critical", "positive"):
        seen, cursor = [], None
        full = _titles(client, f"sort={sort}&limit=100")
        while True:
            q = f"/api/v1/products/aurora-pulse/reviews?sort={sort}&limit=2" + (f"&cursor={cursor}" if cursor else "")
            data = client.get(q).get_json()
            seen += [r["title"] for r in data["items"]]
            cursor = data["next_cursor"]
            if not cursor:
                break
        assert seen == full and len(seen) == 6, sort


def test_spotlight_shows_most_helpful_positive_and_critical_side_by_side(client, shop, ctx):
    _seed(shop)
    text = client.get("/products/aurora-pulse").get_data(as_text=True)
    spot = text[text.index('class="spotlight"') : text.index('id="reviews"')]
    positive = spot[spot.index("spot-positive") : spot.index("spot-critical")]
    critical = spot[spot.index("spot-critical") :]
    assert "Four stars, three votes" in positive
    assert "Two stars, three votes" in critical


def test_page_sorts_and_filters_and_pages(client, shop, ctx):
    _seed(shop)
    text = client.get("/products/aurora-pulse?sort=critical&stars=1").get_data(as_text=True)
    reviews = text[text.index('id="reviews"') :]
    assert "One star, one vote" in reviews and "Five stars" not in reviews
    assert 'class="spotlight"' not in text  # the spotlight is for the unfiltered first page


def test_staff_see_hidden_reviews_in_the_list_the_public_does_not(client, shop, ctx):
    from community.reviews import reviews as review_service
    from tests.factories import api_token

    p, made = _seed(shop)
    review_service.hide_review(shop.staff, made[0], "spam")
    db.session.commit()
    assert len(_titles(client, "")) == 5
    staff = api_token(client, shop.staff.username)
    data = client.get("/api/v1/products/aurora-pulse/reviews", headers=staff).get_json()
    assert len(data["items"]) == 6
    assert p.rating_count == 5
