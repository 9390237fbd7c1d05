"""Alerts: a key point's negative share this week against its own last eight weeks.

The test is a one-sided exact binomial test: given the baseline share p0 (Laplace-smoothed, so a
quiet baseline with no complaints is not read as "complaints are impossible"), how likely is it
to see at least this many negatives among this week's mentions? An alert fires when that chance
is below 1% and the week has enough mentions to mean something. The z score is stored too as an
easily read "how many standard deviations".
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import func, select

from community.extensions import db
from community.outbox import emit
from community.timeutil import utcnow
from moderation.keypoint_desk.models import KeyPointAlert, KeyPointMention

BASELINE_WEEKS = 8
P_THRESHOLD = 0.01
MIN_WEEK_MENTIONS = 5
MIN_WEEK_NEGATIVE = 3
MIN_BASELINE_MENTIONS = 8
EVIDENCE_LIMIT = 50
ALERT_TOPIC = "keypoints.alert_raised"


def week_start(value: datetime) -> datetime:
    """Monday 00:00 UTC of value's week."""
    day = value.replace(hour=0, minute=0, second=0, microsecond=0)
    return day - timedelta(days=day.weekday())


def binomial_tail(k: int, n: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p), summed in log space so large n does not overflow."""
    if k <= 0:
        return 1.0
    if p <= 0:
        return 0.0
    if p >= 1:
        return 1.0
    lp, lq = math.log(p), math.log1p(-p)
    total = 0.0
    for i in range(k, n + 1):
        total += math.exp(math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * lp + (n - i) * lq)
    return min(1.0, total)


def _counts(keypoint_id: int, product_id: int | None, since: datetime, until: datetime) -> tuple[int, int]:
    q = select(
        func.count(KeyPointMention.id),
        func.count(KeyPointMention.id).filter(KeyPointMention.polarity == "negative"),
    ).where(
        KeyPointMention.keypoint_id == keypoint_id,
        KeyPointMention.created_at >= since,
        KeyPointMention.created_at < until,
    )
    if product_id is not None:
        q = q.where(KeyPointMention.product_id == product_id)
    total, negative = db.session.execute(q).one()
    return int(negative or 0), int(total or 0)


def spike_test(negative: int, total: int, base_negative: int, base_total: int) -> tuple[bool, float, float, float]:
    """(fires, baseline share, z, p value) for one week against its baseline."""
    p0 = (base_negative + 1) / (base_total + 2)
    share = negative / total if total else 0.0
    z = (share - p0) / math.sqrt(p0 * (1 - p0) / total) if total else 0.0
    p_value = binomial_tail(negative, total, p0)
    fires = (
        total >= MIN_WEEK_MENTIONS
        and negative >= MIN_WEEK_NEGATIVE
        and base_total >= MIN_BASELINE_MENTIONS
        and share > p0
        and p_value < P_THRESHOLD
    )
    return fires, p0, z, p_value


def evaluate(keypoint_id: int, product_id: int | None, week: datetime) -> KeyPointAlert | None:
    """Create, refresh or withdraw the alert of one key point (for one product or the brand)
    in one week."""
    week = week_start(week)
    negative, total = _counts(keypoint_id, product_id, week, week + timedelta(weeks=1))
    base_negative, base_total = _counts(keypoint_id, product_id, week - timedelta(weeks=BASELINE_WEEKS), week)
    fires, p0, z, p_value = spike_test(negative, total, base_negative, base_total)
    product_key = product_id or 0
    alert = db.session.scalar(
        select(KeyPointAlert).where(
            KeyPointAlert.keypoint_id == keypoint_id,
            KeyPointAlert.product_key == product_key,
            KeyPointAlert.week_start == week,
        )
    )
    if not fires:
        if alert is not None and alert.acknowledged_at is None:
            from moderation.keypoint_desk.alert_notices import withdraw_alert

            withdraw_alert(alert.id)  # the bell must not link to a withdrawn alert
            db.session.delete(alert)  # the evidence is gone (posts deleted, mentions corrected)
        return None
    q = select(KeyPointMention.id).where(
        KeyPointMention.keypoint_id == keypoint_id,
        KeyPointMention.polarity == "negative",
        KeyPointMention.created_at >= week,
        KeyPointMention.created_at < week + timedelta(weeks=1),
    )
    if product_id is not None:
        q = q.where(KeyPointMention.product_id == product_id)
    evidence = list(db.session.scalars(q.order_by(KeyPointMention.created_at.desc()).limit(EVIDENCE_LIMIT)))
    new = alert is None
    if new:
        alert = KeyPointAlert(keypoint_id=keypoint_id, product_id=product_id, product_key=product_key, week_start=week)
        db.session.add(alert)
    alert.negative, alert.total, alert.negative_share = negative, total, negative / total
    alert.baseline_negative, alert.baseline_total, alert.baseline_share = (
        base_negative,
        base_total,
        p0,
    )
    alert.z, alert.p_value, alert.evidence = round(z, 3), p_value, evidence
    db.session.flush()
    if new:
        notify_staff(alert)
    return alert


def notify_staff(alert: KeyPointAlert) -> None:
    """alert_notices turns this event into one bell notification per moderator and admin;
    webhooks and other consumers may subscribe too (payload: alert_id, keypoint_id, product_id,
    week_start; the desk URL is /staff/keypoints/alerts/<alert_id>)."""
    emit(
        ALERT_TOPIC,
        alert_id=alert.id,
        keypoint_id=alert.keypoint_id,
        product_id=alert.product_id,
        week_start=alert.week_start.date().isoformat(),
    )


def check_weeks(touched: list[tuple[int, int | None, datetime]]) -> None:
    """After tagging: re-test each (key point, product and brand, week) whose mentions changed."""
    keys = {(k, p, week_start(c)) for k, pid, c in touched for p in {None, pid}}
    for key in sorted(keys, key=lambda t: (t[0], t[1] or 0, t[2])):
        evaluate(*key)


def check_all(weeks: int = 2, now: datetime | None = None) -> list[KeyPointAlert]:
    """Test the last `weeks` weeks of every key point, brand-wide and per product
    (`flask keypoints alerts`)."""
    now = now or utcnow()
    first = week_start(now) - timedelta(weeks=weeks - 1)
    pairs = db.session.execute(
        select(KeyPointMention.keypoint_id, KeyPointMention.product_id)
        .where(KeyPointMention.keypoint_id.is_not(None), KeyPointMention.created_at >= first)
        .distinct()
    ).all()
    targets = {(k, None) for k, _ in pairs} | {(k, p) for k, p in pairs if p is not None}
    fired = []
    for i in range(weeks):
        week = first + timedelta(weeks=i)
        for keypoint_id, product_id in sorted(targets, key=lambda t: (t[0], t[1] or 0)):
            alert = evaluate(keypoint_id, product_id, week)
            if alert is not None:
                fired.append(alert)
    return fired


def open_alerts(product_id: int | None = None, limit: int = 20) -> list[KeyPointAlert]:
    q = select(KeyPointAlert).where(KeyPointAlert.acknowledged_at.is_(None))
    if product_id is not None:
        q = q.where(KeyPointAlert.product_id == product_id)
    return list(db.session.scalars(q.order_by(KeyPointAlert.week_start.desc(), KeyPointAlert.p_value).limit(limit)))


def acknowledge(user, alert: KeyPointAlert) -> None:  # type: ignore[no-untyped-def]
    from moderation.audit import record

    alert.acknowledged_at = utcnow()
    alert.acknowledged_by_id = user.id
    record(
        user,
        "keypoints.alert_ack",
        "keypoint_alert",
        alert.id,
        after={"keypoint_id": alert.keypoint_id},
    )
