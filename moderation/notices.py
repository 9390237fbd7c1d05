"""Telling authors what happened to their content, and their one appeal.

Notifications are another capability; this table is the author-visible record we own: shown
on the author's profile (to them only) and on the item itself.
"""

from __future__ import annotations

from sqlalchemy import select

from community.accounts.models import User
from community.errors import Conflict, NotFound, ValidationFailed
from community.extensions import db
from community.timeutil import utcnow
from moderation.models import Notice

MESSAGES = {
    "hide": "Your post was hidden pending review.",
    "reject": "Your post was not published.",
    "delete": "Your post was removed by a moderator.",
}
REASON_LABELS = {
    "spam": "spam",
    "abuse": "abuse or harassment",
    "personal_data": "it shares personal data",
    "illegal": "illegal content",
    "off_topic": "off-topic",
}


def notify(
    owner_id: int | None,
    actor: User | None,
    target_type: str,
    target_id: int,
    action: str,
    reason: str,
) -> Notice | None:
    if owner_id is None or (actor is not None and actor.id == owner_id):
        return None
    notice = Notice(
        user_id=owner_id,
        target_type=target_type,
        target_id=target_id,
        action=action,
        reason=reason,
        message=MESSAGES.get(action, "A moderator acted on your content."),
    )
    db.session.add(notice)
    return notice


def close_for(target_type: str, target_id: int) -> None:
    """The item is back: earlier notices about it are settled."""
    for notice in db.session.scalars(
        select(Notice).where(
            Notice.target_type == target_type,
            Notice.target_id == target_id,
            Notice.closed_at.is_(None),
        )
    ):
        notice.closed_at = utcnow()


def notices_for(user: User, *, open_only: bool = False) -> list[Notice]:
    q = select(Notice).where(Notice.user_id == user.id)
    if open_only:
        q = q.where(Notice.closed_at.is_(None))
    return list(db.session.scalars(q.order_by(Notice.id.desc()).limit(50)))


def open_notice(target_type: str, target_id: int) -> Notice | None:
    return db.session.scalar(
        select(Notice)
        .where(
            Notice.target_type == target_type,
            Notice.target_id == target_id,
            Notice.closed_at.is_(None),
        )
        .order_by(Notice.id.desc())
    )


def appeal(user: User, notice_id: int, text: object) -> Notice:
    """One appeal per notice; it sends the item back to the review queue."""
    notice = db.session.get(Notice, notice_id)
    if notice is None or notice.user_id != user.id:
        raise NotFound("No such notice.")
    if notice.appealed_at is not None:
        raise Conflict(
            "You already appealed this decision; a moderator will look at it.",
            code="already_appealed",
        )
    if notice.closed_at is not None:
        raise Conflict("This decision was already reversed.", code="closed")
    body = str(text or "").strip() if isinstance(text, str | type(None)) else ""
    if not body or len(body) > 2000:
        raise ValidationFailed("Please correct the marked fields.", {"text": "Say why in up to 2,000 characters."})
    notice.appeal_text = body
    notice.appealed_at = utcnow()
    from moderation.queue import enqueue

    enqueue(notice.target_type, notice.target_id, "appeal", author_id=user.id)
    return notice
