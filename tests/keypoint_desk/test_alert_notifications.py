"""A key point alert reaches every moderator and admin through the bell, once, linking to the
alert's evidence; members hear nothing; the switch on the settings page is respected."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from community.accounts.models import User
from community.extensions import db
from community.notifications import service
from community.notifications.models import Notification
from moderation.keypoint_desk.alert_notices import KIND, on_alert_raised
from moderation.keypoint_desk.alerts import check_all, evaluate
from moderation.keypoint_desk.models import KeyPointAlert
from tests.factories import api_token, login
from tests.keypoint_desk.helpers import drain, keypoint, thread_at

GOOD = "The battery life is great."
BAD = "The battery life is terrible."


def _spike(factory, when):  # type: ignore[no-untyped-def]
    """Eight quiet weeks (25% negative), then a week of complaints on product 7."""
    keypoint("battery life", "续航", ["battery"])
    cat = factory.category()
    author = factory.user("alice")
    for w in range(1, 9):
        for body in (GOOD, GOOD, GOOD, BAD):
            thread_at(author, cat, body, when - timedelta(weeks=w), product_id=7)
    drain()
    assert db.session.scalar(select(KeyPointAlert.id)) is None
    for body in [BAD] * 8 + [GOOD] * 2:
        thread_at(author, cat, body, when, product_id=7)
    drain()
    db.session.expire_all()
    return author


def _notices(user_id: int) -> list[Notification]:
    db.session.expire_all()
    q = select(Notification).where(Notification.user_id == user_id, Notification.kind == KIND)
    return list(db.session.scalars(q.order_by(Notification.id)))


def test_each_staff_member_gets_one_unread_notification(client, factory, this_week):
    mod = factory.user("mod_one", role="moderator")
    admin = factory.admin("admin_one")
    member = factory.user("member_one")
    db.session.commit()
    author = _spike(factory, this_week)
    alert = db.session.scalar(select(KeyPointAlert).where(KeyPointAlert.product_id == 7))
    staff = list(db.session.scalars(select(User).where(User.role.in_(("moderator", "admin")))))
    assert {mod.id, admin.id} <= {u.id for u in staff}
    for user in staff:
        mine = [n for n in _notices(user.id) if n.subject_id == alert.id]
        assert len(mine) == 1 and mine[0].read_at is None and mine[0].subject_type == "keypoint_alert"
        assert service.link(mine[0]) == f"/staff/keypoints/alerts/{alert.id}#evidence"
    assert _notices(member.id) == [] and _notices(author.id) == []

    # Raised again (event replayed, the nightly job re-tests the week, more complaints the
    # same week): no duplicate.
    before = {u.id: len(_notices(u.id)) for u in staff}
    on_alert_raised({"alert_id": alert.id})
    check_all()
    thread_at(author, factory.category(), BAD, this_week, product_id=7)
    drain()
    evaluate(alert.keypoint_id, 7, this_week)
    db.session.commit()
    assert {u.id: len(_notices(u.id)) for u in staff} == before

    # The bell shows it; opening it lands on the evidence.
    login(client, "mod_one")
    page = client.get("/notifications").get_data(as_text=True)
    assert "Alert: complaints about battery life · 续航 rose (Product 7, week of" in page
    notice = next(n for n in _notices(mod.id) if n.subject_id == alert.id)
    resp = client.get(f"/notifications/{notice.id}")
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"/staff/keypoints/alerts/{alert.id}#evidence")
    evidence = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert 'id="evidence"' in evidence and evidence.count("<mark>battery life</mark>") >= 8
    assert db.session.get(Notification, notice.id).read_at is not None
    api = client.get("/api/v1/notifications", headers=api_token(client, "mod_one")).get_json()
    urls = {item["url"] for item in api["items"] if item["kind"] == KIND}
    assert f"/staff/keypoints/alerts/{alert.id}#evidence" in urls


def test_staff_switch_is_respected_and_members_do_not_see_it(client, factory, this_week):
    factory.user("quiet_mod", role="moderator")
    factory.user("member_two")
    db.session.commit()
    login(client, "quiet_mod")
    page = client.get("/notifications/settings").get_data(as_text=True)
    assert 'name="app.keypoint_alert"' in page and "Key point alerts" in page
    # Everything on except key point alerts.
    form = {f"app.{k}": "1" for k in ("reply", "mention", "accepted", "vote", "watching")}
    client.post("/notifications/settings", data=form)
    quiet = db.session.scalar(select(User).where(User.username == "quiet_mod"))
    assert service.settings(quiet)["app"] == {
        "reply": True,
        "mention": True,
        "accepted": True,
        "vote": True,
        "watching": True,
        KIND: False,
    }
    client.post("/logout")
    login(client, "member_two")
    page = client.get("/notifications/settings").get_data(as_text=True)
    assert "keypoint_alert" not in page and 'name="app.reply"' in page
    bad = client.put(
        "/api/v1/notifications/settings",
        json={"app": {KIND: True}},
        headers=api_token(client, "member_two"),
    )
    assert bad.status_code == 422

    _spike(factory, this_week)
    assert db.session.scalar(select(KeyPointAlert.id)) is not None
    assert _notices(quiet.id) == []
    others = list(db.session.scalars(select(User.id).where(User.role == "admin")))
    assert others and all(_notices(uid) for uid in others)


def test_withdrawn_alert_takes_its_notifications(factory, ctx, this_week):
    author = _spike(factory, this_week)
    alert = db.session.scalar(select(KeyPointAlert).where(KeyPointAlert.product_id == 7))
    assert db.session.scalar(select(Notification.id).where(Notification.subject_id == alert.id))
    from moderation.keypoint_desk.models import KeyPointMention

    # The complaints were mis-tagged: staff correct them away, the week is re-tested.
    for m in db.session.scalars(
        select(KeyPointMention).where(KeyPointMention.polarity == "negative", KeyPointMention.created_at >= this_week)
    ):
        m.polarity = "positive"
    db.session.commit()
    assert evaluate(alert.keypoint_id, 7, this_week) is None
    db.session.commit()
    assert db.session.get(KeyPointAlert, alert.id) is None
    assert db.session.scalar(select(Notification.id).where(Notification.subject_id == alert.id)) is None
    assert author is not None


def test_chinese_staff_read_the_alert_in_chinese(client, factory, this_week):
    factory.user("mod_zh", role="moderator")
    db.session.commit()
    _spike(factory, this_week)
    login(client, "mod_zh")
    page = client.get("/notifications", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert "口碑点预警" in page
    settings = client.get("/notifications/settings", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert "口碑点预警" in settings
