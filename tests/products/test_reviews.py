"""Writing reviews: one per member per product, revisions, bad input, permissions, helpful
votes, the brand's response, verified owners and purchase codes, the moderation hook."""

from __future__ import annotations

import pytest

from community.errors import Conflict, NotAllowed, ValidationFailed
from community.extensions import db
from community.products import owners
from community.reviews import helpful
from community.reviews import reviews as review_service
from community.reviews.models import Review, ReviewRevision
from moderation.audit import AuditEntry
from tests.factories import api_token, login

GOOD = {"rating": 4, "title": "Comfortable all day", "body": "Great **noise** cancelling."}


def test_api_create_then_409_on_second_review(client, shop, ctx):
    shop.product()
    shop.member("rita")
    token = api_token(client, "rita")
    resp = client.post("/api/v1/products/aurora-pulse/reviews", json=GOOD, headers=token)
    assert resp.status_code == 201, resp.get_json()
    review = resp.get_json()["review"]
    assert review["rating"] == 4 and "<strong>noise</strong>" in review["body_html"]
    again = client.post("/api/v1/products/aurora-pulse/reviews", json={**GOOD, "rating": 1}, headers=token)
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "already_reviewed"
    assert db.session.query(Review).count() == 1


def test_web_second_attempt_edits_the_first_and_keeps_a_revision(client, shop, ctx):
    p = shop.product()
    shop.member("sam")
    login(client, "sam")
    form = {
        "rating": "5",
        "title": "Love them",
        "body": "Best purchase.",
        "pros": "Battery",
        "cons": "",
    }
    assert client.post("/products/aurora-pulse/review", data=form).status_code == 302
    page = client.get("/products/aurora-pulse/review").get_data(as_text=True)
    assert "You already reviewed this product" in page and 'value="Love them"' in page
    form2 = {**form, "rating": "2", "title": "Broke after a month"}
    assert client.post("/products/aurora-pulse/review", data=form2).status_code == 302
    review = db.session.query(Review).one()
    assert (review.rating, review.title, review.edit_count) == (2, "Broke after a month", 1)
    rev = db.session.query(ReviewRevision).one()
    assert (rev.rating, rev.title) == (5, "Love them")
    db.session.refresh(p)
    assert p.rating_count == 1 and p.rating_average == 2.0
    hist = client.get(f"/reviews/{review.id}/revisions").get_data(as_text=True)
    assert "Love them" in hist


@pytest.mark.parametrize("rating", [0, 6, 3.5, "five", None, True, -1, "", [4]])
def test_bad_ratings_are_422_on_the_api(client, shop, ctx, rating):
    shop.product()
    shop.member("badrater")
    token = api_token(client, "badrater")
    body = {**GOOD, "rating": rating}
    resp = client.post("/api/v1/products/aurora-pulse/reviews", json=body, headers=token)
    assert resp.status_code == 422
    assert "rating" in resp.get_json()["error"]["fields"]


def test_missing_rating_is_422(client, shop, ctx):
    shop.product()
    shop.member("norating")
    token = api_token(client, "norating")
    resp = client.post(
        "/api/v1/products/aurora-pulse/reviews",
        json={"title": "Nice one", "body": "x"},
        headers=token,
    )
    assert resp.status_code == 422 and "rating" in resp.get_json()["error"]["fields"]


@pytest.mark.parametrize("rating", ["0", "6", "3.5", "five", ""])
def test_bad_ratings_on_the_web_form_keep_the_text(client, shop, ctx, rating):
    shop.product()
    shop.member("webrater")
    login(client, "webrater")
    resp = client.post(
        "/products/aurora-pulse/review",
        data={"rating": rating, "title": "My title here", "body": "Kept text"},
    )
    assert resp.status_code == 422
    text = resp.get_data(as_text=True)
    assert "A whole number of stars from 1 to 5." in text and "Kept text" in text


def test_review_of_discontinued_or_unknown_product(client, shop, ctx):
    shop.product(status="discontinued")
    shop.member("late")
    token = api_token(client, "late")
    resp = client.post("/api/v1/products/aurora-pulse/reviews", json=GOOD, headers=token)
    assert resp.status_code == 422 and resp.get_json()["error"]["code"] == "product_discontinued"
    assert client.post("/api/v1/products/nope/reviews", json=GOOD, headers=token).status_code == 404
    login(client, "late")
    assert (
        client.post("/products/aurora-pulse/review", data={"rating": "4", "title": "Title ok", "body": "x"}).status_code
        == 422
    )
    assert client.get("/products/nope/review").status_code == 404


def test_other_bad_input_is_422_never_500(client, shop, ctx):
    shop.product()
    shop.member("odd")
    token = api_token(client, "odd")
    for body in (
        {**GOOD, "title": ""},
        {**GOOD, "body": 5},
        {**GOOD, "title": "x" * 201},
        {**GOOD, "pros": ["a"]},
        {**GOOD, "body": "a\x00b"},
    ):
        assert client.post("/api/v1/products/aurora-pulse/reviews", json=body, headers=token).status_code == 422
    assert (
        client.post(
            "/api/v1/products/aurora-pulse/reviews",
            data="{",
            headers={**token, "Content-Type": "application/json"},
        ).status_code
        == 400
    )
    assert client.get("/api/v1/products/aurora-pulse/reviews?sort=best").status_code == 422
    assert client.get("/api/v1/products/aurora-pulse/reviews?stars=7").status_code == 422
    assert client.get("/api/v1/products/aurora-pulse/reviews?cursor=garbage").status_code == 400
    assert client.get("/api/v1/products/aurora-pulse/reviews?limit=0").status_code == 422
    assert client.get("/api/v1/products/aurora-pulse/reviews?verified=maybe").status_code == 422
    assert client.get("/products/aurora-pulse?stars=x").status_code == 422


def test_anonymous_cannot_write(client, shop, ctx):
    shop.product()
    assert client.post("/api/v1/products/aurora-pulse/reviews", json=GOOD).status_code == 401
    assert client.get("/products/aurora-pulse/review").status_code == 302


def test_patch_and_delete_by_author_or_staff_only(client, shop, ctx):
    p = shop.product()
    author = shop.member("author1")
    r = shop.review(p, author, rating=5)
    shop.member("stranger")
    other = api_token(client, "stranger")
    assert client.patch(f"/api/v1/reviews/{r.id}", json={"rating": 1}, headers=other).status_code == 403
    assert client.delete(f"/api/v1/reviews/{r.id}", headers=other).status_code == 403
    mine = api_token(client, "author1")
    resp = client.patch(f"/api/v1/reviews/{r.id}", json={"rating": 3}, headers=mine)
    assert resp.status_code == 200 and resp.get_json()["review"]["rating"] == 3
    assert client.patch(f"/api/v1/reviews/{r.id}", json={"rating": 9}, headers=mine).status_code == 422
    assert client.get("/api/v1/products/aurora-pulse").get_json()["rating"]["average"] == 3.0
    assert client.delete(f"/api/v1/reviews/{r.id}", headers=mine).status_code == 204
    assert client.get("/api/v1/products/aurora-pulse").get_json()["rating"]["count"] == 0
    assert client.get(f"/api/v1/reviews/{r.id}").status_code == 404
    # After deleting it, the author may review again (the same row is revived).
    again = client.post("/api/v1/products/aurora-pulse/reviews", json=GOOD, headers=mine)
    assert again.status_code == 201 and again.get_json()["review"]["id"] == r.id
    staff = api_token(client, shop.staff.username)
    assert client.delete(f"/api/v1/reviews/{r.id}", headers=staff).status_code == 204
    assert db.session.query(AuditEntry).filter_by(action="review.delete", target_id=r.id).count() == 1
    blocked = client.post("/api/v1/products/aurora-pulse/reviews", json=GOOD, headers=mine)
    assert blocked.status_code == 409


def test_helpful_votes_one_per_member_not_own(client, shop, ctx):
    p = shop.product()
    shop.member("writer")
    r = shop.review(p, db.session.query(type(shop.staff)).filter_by(username="writer").one())
    shop.member("reader")
    reader = api_token(client, "reader")
    writer = api_token(client, "writer")
    assert client.post(f"/api/v1/reviews/{r.id}/helpful", headers=writer).status_code == 403
    assert client.post(f"/api/v1/reviews/{r.id}/helpful").status_code == 401
    first = client.post(f"/api/v1/reviews/{r.id}/helpful", headers=reader)
    assert first.status_code == 200 and first.get_json()["review"]["helpful_count"] == 1
    second = client.post(f"/api/v1/reviews/{r.id}/helpful", headers=reader)
    assert second.get_json()["review"]["helpful_count"] == 1
    undo = client.delete(f"/api/v1/reviews/{r.id}/helpful", headers=reader)
    assert undo.get_json()["review"]["helpful_count"] == 0
    assert client.delete(f"/api/v1/reviews/{r.id}/helpful", headers=reader).get_json()["review"]["helpful_count"] == 0
    login(client, "reader")
    client.post(f"/reviews/{r.id}/helpful")
    db.session.refresh(r)
    assert r.helpful_count == 1
    assert helpful.has_voted(db.session.query(type(shop.staff)).filter_by(username="reader").one(), r)


def test_brand_response_by_ambassador_or_staff_only(client, shop, ctx):
    p = shop.product()
    r = shop.review(p, rating=1, title="Terrible support", body="Nobody answered.")
    shop.factory.user("amb_ann", role="ambassador")
    shop.member("justmember")
    assert (
        client.post(
            f"/api/v1/reviews/{r.id}/response",
            json={"body": "Hi"},
            headers=api_token(client, "justmember"),
        ).status_code
        == 403
    )
    amb = api_token(client, "amb_ann")
    assert client.post(f"/api/v1/reviews/{r.id}/response", json={"body": ""}, headers=amb).status_code == 422
    resp = client.post(f"/api/v1/reviews/{r.id}/response", json={"body": "Sorry! We **called** you."}, headers=amb)
    assert resp.status_code == 200
    data = resp.get_json()["review"]["response"]
    assert (
        data["brand"] is True
        and data["author"]["username"] == "amb_ann"
        and "<strong>called</strong>" in data["body_html"]
    )
    page = client.get("/products/aurora-pulse").get_data(as_text=True)
    assert "Response from Aurora Audio Community" in page and "We <strong>called</strong> you." in page


def test_hide_hook_refuses_negative_and_records_reason(shop, ctx):
    p = shop.product()
    r = shop.review(p, rating=1, title="Awful, avoid", body="Bad.")
    staff = shop.staff
    with pytest.raises(ValidationFailed) as exc:
        review_service.hide_review(staff, r, "negative")
    assert exc.value.code == "negative_not_a_reason"
    with pytest.raises(ValidationFailed):
        review_service.hide_review(staff, r, "i_dislike_it")
    with pytest.raises(NotAllowed):
        review_service.hide_review(shop.member("nobody"), r, "spam")
    review_service.hide_review(staff, r, "spam")
    db.session.commit()
    assert (r.hidden_reason, r.hidden_by_id) == ("spam", staff.id) and r.hidden_at is not None
    assert p.rating_count == 0
    entry = db.session.query(AuditEntry).filter_by(action="review.hide", target_id=r.id).one()
    assert entry.reason == "spam" and entry.actor_id == staff.id
    review_service.restore_review(staff, r, "was fine")
    db.session.commit()
    assert r.hidden_at is None and p.rating_count == 1
    assert db.session.query(AuditEntry).filter_by(action="review.restore", target_id=r.id).count() == 1
    with pytest.raises(Conflict):
        review_service.restore_review(staff, r)


def test_hidden_review_is_gone_for_the_public_but_author_sees_why(client, shop, ctx):
    p = shop.product()
    author = shop.member("hider")
    r = shop.review(p, author, title="Buy at spam.example", body="spam spam")
    login(client, shop.staff.username)
    client.post(f"/staff/reviews/{r.id}/hide", data={"reason": "negative"})
    db.session.refresh(r)
    assert r.hidden_at is None
    client.post(f"/staff/reviews/{r.id}/hide", data={"reason": "spam"})
    db.session.refresh(r)
    assert r.hidden_reason == "spam"
    client.post("/logout")
    anon = client.get("/api/v1/products/aurora-pulse/reviews").get_json()
    assert anon["items"] == []
    assert client.get(f"/api/v1/reviews/{r.id}").status_code == 404
    token = api_token(client, "hider")
    own = client.get(f"/api/v1/reviews/{r.id}", headers=token).get_json()["review"]
    assert own["hidden"] is True and own["hidden_reason"] == "spam"


def test_verified_owner_by_staff_grant_marks_existing_review(client, shop, ctx):
    p = shop.product()
    member = shop.member("owner1")
    r = shop.review(p, member)
    assert r.verified_owner is False
    login(client, shop.staff.username)
    assert client.post("/staff/products/aurora-pulse/owners", data={"username": "owner1"}).status_code == 302
    db.session.refresh(r)
    assert r.verified_owner is True
    assert db.session.query(AuditEntry).filter_by(action="product.grant_owner", target_id=member.id).count() == 1
    data = client.get("/api/v1/products/aurora-pulse/reviews?verified=true").get_json()
    assert [x["id"] for x in data["items"]] == [r.id] and data["items"][0]["verified_owner"] is True


def test_purchase_code_redeemed_once(client, shop, ctx):
    p = shop.product()
    other = shop.product(slug="aurora-boom", name="Aurora Boom")
    codes = owners.generate_codes(shop.staff, p, 2)
    db.session.commit()
    buyer = shop.member("buyer")
    shop.member("thief")
    login(client, "thief")
    client.post("/products/aurora-boom/verify", data={"code": codes[0].code})
    assert not owners.is_owner(db.session.query(type(buyer)).filter_by(username="thief").one(), other)
    client.post("/logout")
    login(client, "buyer")
    resp = client.post("/products/aurora-pulse/verify", data={"code": codes[0].code.lower().replace("-", " ")})
    assert resp.status_code == 302
    assert owners.is_owner(buyer, p)
    client.post(
        "/products/aurora-pulse/review",
        data={"rating": "5", "title": "Verified and happy", "body": "Yes"},
    )
    assert db.session.query(Review).filter_by(author_id=buyer.id).one().verified_owner is True
    client.post("/logout")
    login(client, "thief")
    client.post("/products/aurora-pulse/verify", data={"code": codes[0].code})
    thief = db.session.query(type(buyer)).filter_by(username="thief").one()
    assert not owners.is_owner(thief, p)
    with pytest.raises(Conflict):
        owners.redeem_code(thief, p, codes[0].code)
    with pytest.raises(ValidationFailed):
        owners.redeem_code(thief, p, "nonsense")
    with pytest.raises(ValidationFailed):
        owners.generate_codes(shop.staff, p, "lots")


def test_staff_issue_codes_on_the_web(client, shop, ctx):
    shop.product()
    login(client, shop.staff.username)
    assert client.post("/staff/products/aurora-pulse/codes", data={"count": "3"}).status_code == 302
    page = client.get("/staff/products/aurora-pulse/edit").get_data(as_text=True)
    assert page.count("<code>") == 3
