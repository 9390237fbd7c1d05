"""Staff create and edit products; everyone reads them; members get 403 on every staff route."""

from __future__ import annotations

import io
import re

import pytest

from community.extensions import db
from community.products.models import Product
from moderation.audit import AuditEntry
from tests.factories import api_token, login

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
GIF = b"GIF89a" + b"\x00" * 64
WEBP = b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 64


def _form(**kw):  # type: ignore[no-untyped-def]
    data = {
        "name": "Aurora Pulse",
        "slug": "aurora-pulse",
        "short_description": "ANC headphones",
        "description": "# Big\n\n**bold** <script>x</script>",
        "category": "",
        "status": "active",
    }
    data.update(kw)
    return data


def test_staff_creates_product_on_the_web_with_markdown_and_audit(client, shop, ctx):
    cat = shop.factory.category("Headphones", slug="headphones")
    login(client, shop.staff.username)
    resp = client.post("/staff/products/new", data=_form(category=cat.slug))
    assert resp.status_code == 302, resp.get_data(as_text=True)[:2000]
    p = db.session.query(Product).one()
    assert p.category_id == cat.id
    assert "<strong>bold</strong>" in p.description_html and "<script>" not in p.description_html
    assert db.session.query(AuditEntry).filter_by(action="product.create", target_id=p.id).count() == 1
    page = client.get("/products/aurora-pulse")
    assert page.status_code == 200 and "Aurora Pulse" in page.get_data(as_text=True)


def test_staff_edits_product_and_discontinues_it(client, shop, ctx):
    p = shop.product()
    login(client, shop.staff.username)
    resp = client.post(
        "/staff/products/aurora-pulse/edit",
        data=_form(name="Aurora Pulse 2", status="discontinued"),
    )
    assert resp.status_code == 302
    db.session.refresh(p)
    assert p.name == "Aurora Pulse 2" and p.status == "discontinued"
    assert "Discontinued" in client.get("/products").get_data(as_text=True)


def test_product_validation_errors_keep_the_input(client, shop, ctx):
    shop.product()
    login(client, shop.staff.username)
    resp = client.post("/staff/products/new", data=_form(name="Other", slug="aurora-pulse", status="gone"))
    assert resp.status_code == 422
    text = resp.get_data(as_text=True)
    assert "Another product already uses this slug." in text and 'value="Other"' in text


def test_product_list_and_page_are_public(client, shop, ctx):
    shop.product()
    assert client.get("/products").status_code == 200
    assert client.get("/products/aurora-pulse").status_code == 200
    assert client.get("/products/nope").status_code == 404


@pytest.mark.parametrize(
    "content,kind",
    [(PNG, "image/png"), (JPEG, "image/jpeg"), (GIF, "image/gif"), (WEBP, "image/webp")],
)
def test_image_upload_checked_by_magic_bytes_and_served_with_type_and_nosniff(client, shop, ctx, content, kind):
    shop.product()
    login(client, shop.staff.username)
    resp = client.post(
        "/staff/products/aurora-pulse/edit",
        data={**_form(), "image": (io.BytesIO(content), "evil.html")},
        content_type="multipart/form-data",
    )
    assert resp.status_code == 302
    p = db.session.query(Product).one()
    db.session.refresh(p)
    assert p.image_path and not p.image_path.startswith("evil")
    img = client.get(f"/products/images/{p.image_path}")
    assert img.status_code == 200 and img.mimetype == kind
    assert img.headers["X-Content-Type-Options"] == "nosniff"
    assert img.data == content


def test_image_that_is_not_an_image_is_refused(client, shop, ctx):
    shop.product()
    login(client, shop.staff.username)
    resp = client.post(
        "/staff/products/aurora-pulse/edit",
        data={**_form(), "image": (io.BytesIO(b"<svg onload=alert(1)></svg>"), "x.png")},
        content_type="multipart/form-data",
    )
    assert resp.status_code == 422
    assert "Upload a PNG, JPEG, WebP or GIF image." in resp.get_data(as_text=True)
    assert db.session.query(Product).one().image_path is None


def test_image_above_5_mb_is_413(client, shop, ctx):
    shop.product()
    login(client, shop.staff.username)
    big = PNG + b"\x00" * (6 * 1024 * 1024)
    resp = client.post(
        "/staff/products/aurora-pulse/edit",
        data={**_form(), "image": (io.BytesIO(big), "big.png")},
        content_type="multipart/form-data",
    )
    assert resp.status_code == 413
    assert "5 MB" in resp.get_data(as_text=True)


def test_image_of_50_mb_gets_a_clear_413_page(client, shop, ctx):
    shop.product()
    login(client, shop.staff.username)
    huge = PNG + b"\x00" * (50 * 1024 * 1024)
    resp = client.post(
        "/staff/products/aurora-pulse/edit",
        data={**_form(), "image": (io.BytesIO(huge), "huge.png")},
        content_type="multipart/form-data",
    )
    assert resp.status_code == 413
    assert "too large" in resp.get_data(as_text=True)


def test_image_route_refuses_odd_names(client, ctx):
    assert client.get("/products/images/..%2Fsecret_key").status_code == 404
    assert client.get("/products/images/nothere1234567890abc.png").status_code == 404


STAFF_ROUTES = [
    ("get", "/staff/products/new"),
    ("post", "/staff/products/new"),
    ("get", "/staff/products/aurora-pulse/edit"),
    ("post", "/staff/products/aurora-pulse/edit"),
    ("post", "/staff/products/aurora-pulse/codes"),
    ("post", "/staff/products/aurora-pulse/owners"),
    ("get", "/staff/review-alerts"),
    ("post", "/staff/review-alerts/1/resolve"),
    ("post", "/staff/reviews/{rid}/hide"),
    ("post", "/staff/reviews/{rid}/restore"),
]


@pytest.mark.parametrize("method,url", STAFF_ROUTES)
def test_member_gets_403_on_every_staff_route(client, shop, ctx, method, url):
    p = shop.product()
    r = shop.review(p)
    shop.member("plainmember")
    login(client, "plainmember")
    resp = getattr(client, method)(url.format(rid=r.id), data=_form() if method == "post" else None)
    assert resp.status_code == 403


def test_ambassador_is_not_staff_for_products(client, shop, ctx):
    shop.product()
    shop.factory.user("amb", role="ambassador")
    login(client, "amb")
    assert client.get("/staff/products/new").status_code == 403


def test_api_create_product_staff_only_and_validated(client, shop, ctx):
    shop.member("apimember")
    member = api_token(client, "apimember")
    assert client.post("/api/v1/products", json={"name": "X"}, headers=member).status_code == 403
    assert client.post("/api/v1/products", json={"name": "X"}).status_code == 401
    staff = api_token(client, shop.staff.username)
    resp = client.post("/api/v1/products", json={"name": "Aurora Boom", "description": "Loud."}, headers=staff)
    assert resp.status_code == 201
    assert resp.get_json()["product"]["slug"] == "aurora-boom"
    bad = client.post("/api/v1/products", json={"name": "", "status": "x", "slug": "Bad Slug"}, headers=staff)
    assert bad.status_code == 422
    assert set(bad.get_json()["error"]["fields"]) >= {"name", "status", "slug"}
    assert client.post("/api/v1/products", data="nope", headers=staff).status_code == 400
    assert (
        client.patch("/api/v1/products/aurora-boom", json={"status": "discontinued"}, headers=member).status_code == 403
    )


def test_api_product_detail_shape(client, shop, ctx):
    p = shop.product()
    shop.review(p, rating=5)
    shop.review(p, rating=2)
    data = client.get("/api/v1/products/aurora-pulse").get_json()
    assert data["rating"] == {
        "average": 3.5,
        "count": 2,
        "histogram": {"1": 0, "2": 1, "3": 0, "4": 0, "5": 1},
    }
    assert data["key_points"] == []
    assert data["product"]["slug"] == "aurora-pulse"
    listing = client.get("/api/v1/products").get_json()
    assert listing["items"][0]["rating"]["count"] == 2 and listing["next_cursor"] is None
    assert client.get("/api/v1/products/nope").status_code == 404


def test_openapi_describes_every_product_route(client, ctx):
    doc = client.get("/api/v1/openapi.json").get_json()
    for path in [
        "/products",
        "/products/{slug}",
        "/products/{slug}/reviews",
        "/reviews/{review_id}",
        "/reviews/{review_id}/helpful",
        "/reviews/{review_id}/response",
    ]:
        assert path in doc["paths"], path
    assert {"get", "post"} <= set(doc["paths"]["/products/{slug}/reviews"])
    assert "409" in doc["paths"]["/products/{slug}/reviews"]["post"]["responses"]


def test_threads_link_to_products_by_slug(client, shop, ctx):
    p = shop.product()
    cat = shop.factory.category("Headphones", slug="headphones")
    shop.member("asker")
    login(client, "asker")
    resp = client.get("/new?product=aurora-pulse&kind=question")
    assert re.search(r'<option (selected )?value="aurora-pulse"( selected)?>', resp.get_data(as_text=True))
    assert "selected" in re.search(r'<option[^>]*value="aurora-pulse"[^>]*>', resp.get_data(as_text=True)).group(0)
    resp = client.post(
        "/new",
        data={
            "category": cat.slug,
            "kind": "question",
            "title": "How long is the battery?",
            "body": "Curious.",
            "product": "aurora-pulse",
        },
    )
    assert resp.status_code == 302
    page = client.get("/products/aurora-pulse").get_data(as_text=True)
    assert "How long is the battery?" in page
    token = api_token(client, "asker")
    api = client.get("/api/v1/threads?product=aurora-pulse", headers=token).get_json()
    assert [t["product_id"] for t in api["items"]] == [p.id]
    assert client.get("/api/v1/threads?product=nope").status_code == 404
    made = client.post(
        "/api/v1/threads",
        json={
            "category": cat.slug,
            "kind": "experience",
            "title": "Six months in",
            "body": "Still great.",
            "product": "aurora-pulse",
        },
        headers=token,
    )
    assert made.status_code == 201 and made.get_json()["thread"]["product_id"] == p.id
    listing = client.get("/products/aurora-pulse/threads?kind=experience").get_data(as_text=True)
    assert "Six months in" in listing


def test_thread_page_shows_its_product_box(client, shop, ctx):
    from community.forum import threads

    p = shop.product()
    shop.review(p, rating=4)
    cat = shop.factory.category("Headphones", slug="headphones")
    t, _post = threads.create_thread(shop.member("boxer"), cat, "question", "Which ear tips fit best?", "Hm.", p.id)
    db.session.commit()
    text = client.get(f"/t/{t.id}/{t.slug}").get_data(as_text=True)
    assert 'class="panel thread-product"' in text and "/products/aurora-pulse#reviews" in text
