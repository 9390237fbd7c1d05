"""The review queue (like Discourse's Reviewable): flagged items, spam-held content, first
posts of new accounts in pre-moderated categories, and appeals, in one list.

Every decision has a reason, is audited, tells the author, and is reversible (restore);
spam decisions are kept and taught to the classifier.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from community.accounts.models import User
from community.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from community.extensions import db
from community.pagination import decode_cursor, encode_cursor
from community.permissions import can
from community.timeutil import isoformat, utcnow
from moderation import notices
from moderation.audit import record
from moderation.models import HIDE_REASONS, QUEUE_ACTIONS, Flag, ReviewItem
from moderation.spam import Verdict
from moderation.targets import adapter_for

RESULT_STATUS = {
    "approve": "approved",
    "reject": "rejected",
    "hide": "hidden",
    "restore": "restored",
    "delete": "deleted",
}


def enqueue(
    target_type: str,
    target_id: int,
    source: str,
    *,
    author_id: int | None = None,
    verdict: Verdict | None = None,
    held_text: str | None = None,
) -> ReviewItem:
    """Add a reason to review an item; one queue row per item, reopened if it was resolved."""
    item = db.session.scalar(
        select(ReviewItem).where(ReviewItem.target_type == target_type, ReviewItem.target_id == target_id)
    )
    now = utcnow()
    if item is None:
        item = ReviewItem(
            target_type=target_type,
            target_id=target_id,
            author_id=author_id,
            sources=[],
            spam_reasons=[],
            flag_weight=0.0,
            created_at=now,
        )
        db.session.add(item)
    elif item.status != "pending":
        item.status = "pending"
        item.resolved_at = item.resolved_by_id = item.resolution_reason = None
    if source not in (item.sources or []):
        item.sources = [*(item.sources or []), source]
    if verdict is not None:
        item.spam_score = verdict.score
        item.spam_reasons = [{"code": r.code, "message": r.message, "detail": r.detail} for r in verdict.reasons]
    if held_text is not None:
        item.held_text = held_text
    if author_id is not None:
        item.author_id = author_id
    item.updated_at = now
    db.session.flush()
    return item


def pending_count() -> int:
    return db.session.scalar(select(func.count(ReviewItem.id)).where(ReviewItem.status == "pending")) or 0


def list_items(
    user: User,
    *,
    status: str = "pending",
    source: str | None = None,
    target_type: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> tuple[list[ReviewItem], str | None]:
    """Oldest first, so the queue is cleared in the order things arrived."""
    if not can(user, "moderation.queue"):
        raise NotAllowed("Staff only.")
    q = select(ReviewItem)
    if status != "all":
        q = q.where(ReviewItem.status == status)
    if target_type:
        q = q.where(ReviewItem.target_type == target_type)
    key = decode_cursor(cursor, 1)
    if key:
        q = q.where(ReviewItem.id > int(key[0]))
    rows = list(db.session.scalars(q.order_by(ReviewItem.id).limit(limit * 4 if source else limit + 1)))
    if source:
        rows = [r for r in rows if source in (r.sources or [])][: limit + 1]
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor(rows[-1].id)
    return rows, next_cursor


def get_item(user: User, item_id: int) -> ReviewItem:
    if not can(user, "moderation.queue"):
        raise NotAllowed("Staff only.")
    item = db.session.get(ReviewItem, item_id)
    if item is None:
        raise NotFound("No such queue item.")
    return item


def _check_reason(action: str, reason: object) -> str:
    text = reason.strip() if isinstance(reason, str) else ""
    if action in ("hide", "reject", "delete"):
        if text == "negative" or text.startswith("negative"):
            raise ValidationFailed(
                "A negative opinion is not a reason to hide content: answer it in public.",
                {"reason": "One of: " + ", ".join(HIDE_REASONS)},
                code="reason_not_allowed",
            )
        if text not in HIDE_REASONS:
            raise ValidationFailed("Choose a reason from the list.", {"reason": "One of: " + ", ".join(HIDE_REASONS)})
        return text
    if reason is not None and not isinstance(reason, str):
        raise ValidationFailed("Please correct the marked fields.", {"reason": "Must be text."})
    if len(text) > 500:
        raise ValidationFailed("Please correct the marked fields.", {"reason": "Up to 500 characters."})
    return text or ("approved" if action == "approve" else "restored")


def act(actor: User, item_id: int, action: object, reason: object = None) -> ReviewItem:
    if not can(actor, "moderation.act"):
        raise NotAllowed("Staff only.")
    item = db.session.get(ReviewItem, item_id)
    if item is None:
        raise NotFound("No such queue item.")
    if action not in QUEUE_ACTIONS:
        raise ValidationFailed("Unknown action.", {"action": "One of: " + ", ".join(QUEUE_ACTIONS)})
    reason_s = _check_reason(str(action), reason)
    adapter = adapter_for(item.target_type)
    obj = adapter.load(item.target_id)
    if obj is None:
        raise NotFound("The content of this item no longer exists.")
    if action == "approve" and item.status == "approved":
        raise Conflict("Already approved" + _by(item) + ".", code="already_approved")
    if item.status != "pending" and action != "restore":
        raise Conflict(
            f"Already {item.status}{_by(item)}; restore it to change the decision.",
            code="already_resolved",
        )
    if adapter.is_deleted(obj) and action != "restore":
        raise Conflict("This item was deleted; restore it first.", code="deleted")
    before = adapter.state(obj)
    text = item.held_text if item.held_text is not None else adapter.text(obj)
    owner_id = adapter.owner_id(obj)
    if action == "approve":
        adapter.approve(obj, actor, item)
        _settle_flags(item, "disagreed")
        notices.close_for(item.target_type, item.target_id)
        if "spam" in (item.sources or []) or item.spam_score:
            _learn(actor, text, False, item)
    elif action == "restore":
        adapter.restore(obj, actor)
        notices.close_for(item.target_type, item.target_id)
    else:
        getattr(adapter, str(action))(obj, actor, reason_s)
        _settle_flags(item, "agreed")
        notices.notify(owner_id, actor, item.target_type, item.target_id, str(action), reason_s)
        if reason_s == "spam":
            _learn(actor, text, True, item)
    item.status = RESULT_STATUS[str(action)]
    item.resolved_at = utcnow()
    item.resolved_by_id = actor.id
    item.resolution_reason = reason_s
    record(
        actor,
        f"queue.{action}",
        item.target_type,
        item.target_id,
        before=before,
        after=adapter.state(obj),
        reason=reason_s,
    )
    return item


def _by(item: ReviewItem) -> str:
    if item.resolved_by is None:
        return ""
    return f" by {item.resolved_by.username} at {item.resolved_at:%Y-%m-%d %H:%M} UTC"


def _settle_flags(item: ReviewItem, outcome: str) -> None:
    for flag in db.session.scalars(
        select(Flag).where(
            Flag.target_type == item.target_type,
            Flag.target_id == item.target_id,
            Flag.outcome.is_(None),
        )
    ):
        flag.outcome = outcome
    item.flag_weight = 0.0


def _learn(actor: User, text: str, spam: bool, item: ReviewItem) -> None:
    from moderation.learning import learn

    learn(actor, text, spam, item.target_type, item.target_id)


def author_history(user: User | None) -> dict[str, Any]:
    if user is None:
        return {}
    counts = dict(
        db.session.execute(
            select(ReviewItem.status, func.count(ReviewItem.id))
            .where(ReviewItem.author_id == user.id)
            .group_by(ReviewItem.status)
        ).all()
    )
    return {
        "posts": user.post_count,
        "approved": counts.get("approved", 0) + counts.get("restored", 0),
        "removed": counts.get("rejected", 0) + counts.get("hidden", 0) + counts.get("deleted", 0),
        "pending": counts.get("pending", 0),
    }


def item_json(item: ReviewItem) -> dict[str, Any]:
    """The item with the context a moderator decides on."""
    adapter = adapter_for(item.target_type)
    obj = adapter.load(item.target_id)
    author = item.author
    flags = list(
        db.session.scalars(
            select(Flag).where(Flag.target_type == item.target_type, Flag.target_id == item.target_id).order_by(Flag.id)
        )
    )
    notice = notices.open_notice(item.target_type, item.target_id)
    target = None
    if obj is not None:
        target = {
            "title": adapter.title(obj),
            "excerpt": adapter.excerpt(obj),
            "text": adapter.text(obj),
            "url": adapter.url(obj),
            "deleted": adapter.is_deleted(obj),
            "hidden": adapter.is_hidden(obj),
            "state": adapter.state(obj),
        }
    return {
        "id": item.id,
        "target_type": item.target_type,
        "target_id": item.target_id,
        "status": item.status,
        "sources": list(item.sources or []),
        "created_at": isoformat(item.created_at),
        "spam_score": item.spam_score,
        "spam_reasons": list(item.spam_reasons or []),
        "held_text": item.held_text,
        "flag_weight": item.flag_weight,
        "target": target,
        "author": None
        if author is None
        else {
            "id": author.id,
            "username": author.username,
            "trust_level": author.trust_level,
            "created_at": isoformat(author.created_at),
            "silenced": author.is_silenced,
            "suspended": author.is_suspended,
            "history": author_history(author),
        },
        "flags": [
            {
                "user": f.user.username,
                "reason": f.reason,
                "note": f.note,
                "weight": f.weight,
                "outcome": f.outcome,
                "created_at": isoformat(f.created_at),
            }
            for f in flags
        ],
        "appeal": notice.appeal_text if notice is not None and notice.appealed_at else None,
        "resolved_by": item.resolved_by.username if item.resolved_by else None,
        "resolution_reason": item.resolution_reason,
    }
