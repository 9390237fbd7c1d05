"""Reviews and products in search, both backends: what is indexed, who finds it, their facets."""

from __future__ import annotations

import pytest

from community.extensions import db
from community.reviews import reviews as review_service
from tests.factories import login
from tests.products.conftest import Shop
from tests.search.helpers import api_search, ids, index_now

ROLES = ["anonymous", "member", "author", "moderator", "admin"]


@pytest.fixture
def shop(app, factory):  # type: ignore[no-untyped-def]
    from flask import g

    def _reset() -> None:  # each test request starts with a clean g (see tests/products/conftest.py)
        for name in ("_login_user", "api_token_auth", "outbox_pending"):
            g.pop(name, None)

    app.before_request_funcs.setdefault(None, []).insert(0, _reset)
    yield Shop(factory)
    app.before_request_funcs[None].remove(_reset)


@pytest.fixture
def catalog(shop):  # type: ignore[no-untyped-def]
    factory = shop.factory
    factory.user("catmember")
    factory.user("catadmin", role="admin")
    author = shop.member("reviewer")
    other = shop.member("reviewer2")
    third = shop.member("reviewer3")
    product = shop.product(slug="kw-buds", name="Kwprod Buds", description="Kwproddesc earbuds with ANC")
    speaker = shop.product(slug="kw-box", name="Kwbox Speaker", description="Loud kwproddesc speaker")
    public = shop.review(product, author=author, rating=5, title="Kwrevpublic great", body="Pros kwrevbody")
    pros = shop.review(
        speaker, author=author, rating=2, title="Kwrevpublic meh", body="Body", pros="kwrevpros", cons="kwrevcons"
    )
    deleted = shop.review(product, author=other, rating=1, title="Kwrevdeleted", body="Body")
    hidden = shop.review(speaker, author=third, rating=1, title="Kwrevhidden", body="Body")
    index_now()
    review_service.delete_review(other, deleted)
    review_service.hide_review(shop.staff, hidden, "spam")
    db.session.commit()
    index_now()
    return {"product": product, "speaker": speaker, "public": public, "pros": pros, "hidden": hidden}


@pytest.mark.parametrize("role", ROLES)
def test_only_public_reviews_and_products_are_found_by_every_role(client, catalog, role):
    username = {"member": "catmember", "author": "reviewer3", "moderator": "shopstaff", "admin": "catadmin"}.get(role)
    if username:
        assert login(client, username).status_code == 302
    assert ids(api_search(client, "kwrevpublic")) == {f"review:{catalog['public'].id}", f"review:{catalog['pros'].id}"}
    assert ids(api_search(client, "kwrevpros")) == {f"review:{catalog['pros'].id}"}
    assert ids(api_search(client, "kwrevcons")) == {f"review:{catalog['pros'].id}"}
    # a hidden review stays out of search even for its author and staff: search shows public content
    for word in ("kwrevdeleted", "kwrevhidden"):
        assert api_search(client, word)["total"] == 0, (role, word)
    assert ids(api_search(client, "kwproddesc", type="product")) == {
        f"product:{catalog['product'].id}",
        f"product:{catalog['speaker'].id}",
    }


def test_rating_and_product_facets_and_filters(client, catalog):
    data = api_search(client, "kwrevpublic")
    facets = {name: {r["value"]: r["count"] for r in rows} for name, rows in data["facets"].items()}
    assert facets["rating"] == {"5": 1, "2": 1}
    assert facets["product"] == {str(catalog["product"].id): 1, str(catalog["speaker"].id): 1}
    assert facets["type"] == {"review": 2}
    assert ids(api_search(client, "kwrevpublic", rating=5)) == {f"review:{catalog['public'].id}"}
    assert ids(api_search(client, "kwrevpublic", product=catalog["speaker"].id)) == {f"review:{catalog['pros'].id}"}


def test_restored_review_is_found_again(client, shop, catalog):
    hidden = catalog["hidden"]
    review_service.restore_review(shop.staff, hidden)
    db.session.commit()
    index_now()
    assert ids(api_search(client, "kwrevhidden")) == {f"review:{hidden.id}"}
