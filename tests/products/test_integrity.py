"""Review bombing: a burst of low (or high) ratings from new accounts raises an alert."""

from __future__ import annotations

from community.extensions import db
from community.reviews import integrity
from community.reviews.models import ReviewAlert
from moderation.audit import AuditEntry
from tests.factories import login


def test_burst_of_one_star_reviews_from_new_accounts_raises_an_alert(client, shop, ctx):
    p = shop.product()
    made = [
        shop.review(p, shop.member(f"smear{i}", days_old=1), rating=1, title="Worst ever, do not buy")
        for i in range(integrity.THRESHOLD)
    ]
    alert = db.session.query(ReviewAlert).one()
    assert alert.kind == "low" and alert.product_id == p.id
    assert alert.review_ids == [r.id for r in made]
    assert all(e["account_age_days"] <= 2 for e in alert.evidence)
    assert {e["username"] for e in alert.evidence} == {f"smear{i}" for i in range(integrity.THRESHOLD)}
    # The reviews stay visible: the detector warns staff, it does not silence anyone.
    assert p.rating_count == integrity.THRESHOLD
    # One more joins the same open alert instead of opening another.
    extra = shop.review(p, shop.member("smear9", days_old=0), rating=2, title="Also bad, avoid")
    alert = db.session.query(ReviewAlert).one()
    assert extra.id in alert.review_ids
    login(client, shop.staff.username)
    page = client.get("/staff/review-alerts").get_data(as_text=True)
    assert "Burst of low ratings" in page and "smear0" in page and f"#{extra.id}" in page
    assert client.post(f"/staff/review-alerts/{alert.id}/resolve", data={"note": "checked"}).status_code == 302
    db.session.refresh(alert)
    assert alert.resolved_at is not None
    assert db.session.query(AuditEntry).filter_by(action="review_alert.resolve").count() == 1
    assert "smear0" not in client.get("/staff/review-alerts").get_data(as_text=True)
    assert "smear0" in client.get("/staff/review-alerts?all=1").get_data(as_text=True)


def test_burst_of_five_star_reviews_is_flagged_as_high(shop, ctx):
    p = shop.product()
    for i in range(integrity.THRESHOLD):
        shop.review(p, shop.member(f"shill{i}", days_old=3), rating=5, title="Perfect perfect perfect")
    assert db.session.query(ReviewAlert).one().kind == "high"


def test_old_accounts_and_mixed_ratings_do_not_raise_alerts(shop, ctx):
    p = shop.product()
    for i in range(integrity.THRESHOLD + 2):
        shop.review(p, shop.member(f"veteran{i}", days_old=400), rating=1, title="Firmware broke it")
    for i, rating in enumerate((3, 4, 3, 4, 3)):
        shop.review(p, shop.member(f"newmixed{i}", days_old=1), rating=rating, title="It is fine really")
    assert db.session.query(ReviewAlert).count() == 0


def test_slow_trickle_outside_the_window_does_not_alert(shop, ctx):
    from datetime import timedelta

    from community.timeutil import utcnow

    p = shop.product()
    for i in range(integrity.THRESHOLD):
        when = utcnow() - timedelta(days=3 * (integrity.THRESHOLD - i))
        user = shop.member(f"trickle{i}")
        user.created_at = when - timedelta(days=1)
        db.session.commit()
        from community.reviews import reviews as review_service

        review_service.create_review(user, p, {"rating": 1, "title": "Not good at all", "body": "x"}, created_at=when)
        db.session.commit()
    assert db.session.query(ReviewAlert).count() == 0
