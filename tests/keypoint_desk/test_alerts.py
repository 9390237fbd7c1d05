"""Alerts fire when a week's negative share leaves the last eight weeks' normal range,
not on noise."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from community.extensions import db
from community.outbox import OutboxEvent
from moderation.keypoint_desk.alerts import ALERT_TOPIC, binomial_tail, check_all, spike_test
from moderation.keypoint_desk.models import KeyPointAlert
from tests.factories import login
from tests.keypoint_desk.helpers import drain, keypoint, thread_at

GOOD = "The battery life is great."
BAD = "The battery life is terrible."


def _baseline(factory, when):  # type: ignore[no-untyped-def]
    """Eight quiet weeks: three praises and one complaint each (25% negative)."""
    kp = keypoint("battery life", "续航", ["battery"])
    cat = factory.category()
    author = factory.user("alice")
    for w in range(1, 9):
        for body in (GOOD, GOOD, GOOD, BAD):
            thread_at(author, cat, body, when - timedelta(weeks=w), product_id=7)
    drain()
    return kp, cat, author


def test_spike_fires_with_evidence_and_notifies(client, factory, this_week):
    kp, cat, author = _baseline(factory, this_week)
    assert db.session.scalar(select(KeyPointAlert.id)) is None
    for body in [BAD] * 8 + [GOOD] * 2:
        thread_at(author, cat, body, this_week, product_id=7)
    drain()  # tagging re-tests the week: the alert appears without any batch job
    alerts = list(db.session.scalars(select(KeyPointAlert)))
    assert {(a.keypoint_id, a.product_id) for a in alerts} == {(kp.id, 7), (kp.id, None)}
    a = next(a for a in alerts if a.product_id == 7)
    assert (a.negative, a.total, a.baseline_negative, a.baseline_total) == (8, 10, 8, 32)
    assert a.p_value < 0.01 and a.z > 2 and len(a.evidence) == 8
    topics = list(db.session.scalars(select(OutboxEvent.topic).where(OutboxEvent.topic == ALERT_TOPIC)))
    assert len(topics) == 2  # the notification hook: one event per new alert
    assert check_all() and len(list(db.session.scalars(select(KeyPointAlert)))) == 2  # idempotent
    factory.user("staffer", role="moderator")
    db.session.commit()
    login(client, "staffer")
    assert "Alerts" in client.get("/staff/keypoints?product=7").get_data(as_text=True)
    page = client.get(f"/staff/keypoints/alerts/{a.id}").get_data(as_text=True)
    assert page.count("<mark>battery life</mark>") == 8
    assert client.post(f"/staff/keypoints/alerts/{a.id}/ack").status_code == 302
    db.session.expire_all()
    assert db.session.get(KeyPointAlert, a.id).acknowledged_at is not None


def test_noise_does_not_fire(factory, ctx, this_week):
    _kp, cat, author = _baseline(factory, this_week)
    for body in (BAD, BAD, GOOD, GOOD, GOOD, GOOD):  # 2 of 6 negative: within the normal range
        thread_at(author, cat, body, this_week, product_id=7)
    drain()
    assert check_all() == []
    assert db.session.scalar(select(KeyPointAlert.id)) is None


def test_statistics():
    assert abs(binomial_tail(1, 1, 0.3) - 0.3) < 1e-12
    assert abs(binomial_tail(2, 2, 0.5) - 0.25) < 1e-12
    assert binomial_tail(0, 5, 0.2) == 1.0
    fires, p0, _z, p = spike_test(4, 4, 0, 0)  # no baseline: nothing to compare with
    assert not fires
    fires, p0, _z, p = spike_test(3, 5, 0, 40)  # a quiet baseline, sudden complaints
    assert fires and p0 == 1 / 42 and p < 0.001
    assert not spike_test(2, 10, 10, 40)[0]  # lower than usual
