"""Alerts reach staff through the bell: a new alert (outbox topic keypoints.alert_raised) becomes
one in-app notification per moderator and admin, linking to the alert's evidence on the desk.
Each staff member can switch the kind off on the notification settings page; a withdrawn alert
takes its notifications with it, so the bell never links to a page that no longer exists."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from community.accounts.models import User
from community.extensions import db
from community.notifications.kinds import Kind, register_kind
from community.notifications.service import notify, withdraw
from community.outbox import handles
from moderation.keypoint_desk.alerts import ALERT_TOPIC
from moderation.keypoint_desk.models import KeyPointAlert

KIND = "keypoint_alert"
SUBJECT = "keypoint_alert"
STAFF_ROLES = ("moderator", "admin")


def _alert(notification: Any) -> KeyPointAlert | None:
    if notification.subject_type != SUBJECT or notification.subject_id is None:
        return None
    return db.session.get(KeyPointAlert, notification.subject_id)


def describe(notification: Any) -> str:
    alert = _alert(notification)
    if alert is None:
        return _("Key point alert (withdrawn)")
    where = _("whole brand")
    if alert.product_id is not None:
        from moderation.keypoint_desk.sources import product_names

        where = product_names([alert.product_id]).get(alert.product_id) or f"#{alert.product_id}"
    return _(
        "Alert: complaints about %(name)s rose (%(where)s, week of %(week)s): %(neg)s negative of %(total)s",
        name=alert.keypoint.label,
        where=where,
        week=alert.week_start.date().isoformat(),
        neg=alert.negative,
        total=alert.total,
    )


def link(notification: Any) -> str | None:
    if notification.subject_type != SUBJECT or notification.subject_id is None:
        return None
    # A plain path, not url_for: the API and the worker (email digests) build links outside a request.
    return f"/staff/keypoints/alerts/{notification.subject_id}#evidence"


register_kind(
    Kind(
        name=KIND,
        label=_l("Key point alerts (complaints rising on the word-of-mouth desk)"),
        permission="keypoints.view",
        describe=describe,
        link=link,
    )
)


def staff_ids() -> list[int]:
    return list(db.session.scalars(select(User.id).where(User.role.in_(STAFF_ROLES)).order_by(User.id)))


@handles(ALERT_TOPIC)
def on_alert_raised(payload: dict[str, Any]) -> None:
    """One notification per staff member; delivery dedupes on the alert, so a replayed event or
    an alert raised again adds nothing."""
    alert = db.session.get(KeyPointAlert, payload.get("alert_id") or 0)
    if alert is None or alert.acknowledged_at is not None:
        return
    for user_id in staff_ids():
        notify(user_id, KIND, post=None, actor_id=None, subject=(SUBJECT, alert.id))
    db.session.commit()


def withdraw_alert(alert_id: int) -> None:
    withdraw(SUBJECT, alert_id)
