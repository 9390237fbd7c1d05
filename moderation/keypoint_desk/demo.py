"""Demo: the brand's key points for the Aurora demo products, then a re-tag of the demo posts
so the desk shows real figures right after `flask demo load`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from community.demo.loader import add_clearer, add_loader
from community.extensions import db
from moderation.keypoint_desk.models import KeyPoint

DEMO_KEYPOINTS = [
    {
        "name_en": "battery life",
        "name_zh": "续航",
        "synonyms": ["battery", "电池", "charge", "充电"],
        "public": True,
    },
    {
        "name_en": "noise cancelling",
        "name_zh": "降噪",
        "synonyms": ["ANC", "noise cancellation", "noise canceling"],
    },
    {
        "name_en": "comfort",
        "name_zh": "舒适",
        "synonyms": ["佩戴", "fit", "舒适度", "ear tips", "头梁", "夹力", "headband", "clamping"],
    },
    {
        "name_en": "sound quality",
        "name_zh": "音质",
        "synonyms": ["sound", "bass", "audio", "声音", "低音"],
        "public": True,
    },
    {
        "name_en": "connection",
        "name_zh": "连接",
        "synonyms": ["蓝牙", "bluetooth", "pairing", "配对", "connectivity"],
        "public": True,
    },
    {
        "name_en": "after-sales",
        "name_zh": "售后",
        "synonyms": ["客服", "support", "customer service", "warranty", "保修"],
    },
    {"name_en": "app", "name_zh": "应用", "synonyms": ["APP", "firmware", "固件", "update"]},
]


def load(context: dict[str, Any]) -> dict[str, int]:
    from moderation.keypoint_desk.tagging import retag_all

    admin = next((u for u in context["users"].values() if u.role == "admin"), None)
    for data in DEMO_KEYPOINTS:
        db.session.add(
            KeyPoint(
                name_en=data["name_en"],
                name_zh=data["name_zh"],
                synonyms=list(data["synonyms"]),
                public=bool(data.get("public")),
                created_by_id=admin.id if admin else None,
                is_demo=True,
            )
        )
    db.session.flush()
    retag_all(commit=False)
    from moderation.keypoint_desk.models import KeyPointMention

    mentions = len(list(db.session.scalars(select(KeyPointMention.id))))
    return {"key points": len(DEMO_KEYPOINTS), "key point mentions": mentions}


def clear() -> dict[str, int]:
    from sqlalchemy import update

    from community.accounts.models import User
    from moderation.keypoint_desk.models import KeyPointAlert, KeyPointMention, MentionCorrection

    demo_ids = select(KeyPoint.id).where(KeyPoint.is_demo.is_(True))
    doomed = select(KeyPointMention.id).where(
        KeyPointMention.keypoint_id.in_(demo_ids)
        | KeyPointMention.author_id.in_(select(User.id).where(User.is_demo.is_(True)))
    )
    db.session.execute(
        update(MentionCorrection).where(MentionCorrection.mention_id.in_(doomed)).values(mention_id=None)
    )
    db.session.execute(delete(KeyPointMention).where(KeyPointMention.id.in_(doomed)))
    from community.notifications.models import Notification
    from moderation.keypoint_desk.alert_notices import SUBJECT

    doomed_alerts = select(KeyPointAlert.id).where(KeyPointAlert.keypoint_id.in_(demo_ids))
    db.session.execute(
        delete(Notification).where(Notification.subject_type == SUBJECT, Notification.subject_id.in_(doomed_alerts))
    )
    db.session.execute(delete(KeyPointAlert).where(KeyPointAlert.keypoint_id.in_(demo_ids)))
    n = db.session.execute(delete(KeyPoint).where(KeyPoint.is_demo.is_(True))).rowcount
    return {"key points": n}


add_loader(load)
add_clearer(clear)
