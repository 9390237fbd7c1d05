"""Members flag content: one flag per member per item, never their own. Flags are weighted by
the flagger's trust level; enough weight hides the item at once, pending a moderator's review.
"""

from __future__ import annotations

from flask import current_app, has_app_context
from sqlalchemy import select

from community.accounts.models import User
from community.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from community.extensions import db
from community.permissions import can, is_staff
from moderation import notices
from moderation.audit import record
from moderation.models import FLAG_REASONS, HIDE_REASONS, Flag
from moderation.queue import enqueue
from moderation.targets import load_target

# A new account's flag counts for half; staff flags count for a hide on their own.
TRUST_WEIGHTS = (0.5, 1.0, 1.5, 2.0)
STAFF_WEIGHT = 3.0
DEFAULT_HIDE_WEIGHT = 3.0


def flag_weight(user: User) -> float:
    return STAFF_WEIGHT if is_staff(user) else TRUST_WEIGHTS[max(0, min(user.trust_level, 3))]


def hide_weight() -> float:
    return (
        float(current_app.config.get("MODERATION_FLAG_HIDE_WEIGHT", DEFAULT_HIDE_WEIGHT))
        if has_app_context()
        else DEFAULT_HIDE_WEIGHT
    )


def flag(user: User, target_type: str, target_id: int, reason: object, note: object = "") -> Flag:
    adapter, obj = load_target(target_type, target_id)
    if not adapter.can_view(user, obj):
        raise NotFound("No such item.")
    if not can(user, "content.flag", obj):
        raise NotAllowed("You cannot flag content.")
    if adapter.owner_id(obj) == user.id:
        raise NotAllowed("You cannot flag your own post.", code="own_content")
    if adapter.is_deleted(obj):
        raise Conflict("This item was deleted.", code="deleted")
    note_s = note.strip() if isinstance(note, str) else ""
    fields: dict[str, str] = {}
    if reason not in FLAG_REASONS:
        fields["reason"] = "One of: " + ", ".join(FLAG_REASONS)
    if len(note_s) > 1000:
        fields["note"] = "Up to 1,000 characters."
    if reason == "other" and not note_s:
        fields["note"] = "Tell the moderators what is wrong."
    if fields:
        raise ValidationFailed("Please correct the marked fields.", fields)
    exists = db.session.scalar(
        select(Flag.id).where(Flag.target_type == target_type, Flag.target_id == target_id, Flag.user_id == user.id)
    )
    if exists:
        raise Conflict("You already flagged this.", code="already_flagged")
    row = Flag(
        target_type=target_type,
        target_id=target_id,
        user_id=user.id,
        reason=str(reason),
        note=note_s,
        weight=flag_weight(user),
    )
    db.session.add(row)
    item = enqueue(target_type, target_id, "flag", author_id=adapter.owner_id(obj))
    open_flags = list(
        db.session.scalars(
            select(Flag).where(Flag.target_type == target_type, Flag.target_id == target_id, Flag.outcome.is_(None))
        )
    )
    item.flag_weight = sum(f.weight for f in open_flags)
    hide_reason = _leading_reason(open_flags)
    if item.flag_weight >= hide_weight() and hide_reason and not adapter.is_hidden(obj):
        before = adapter.state(obj)
        adapter.hide(obj, None, hide_reason)
        notices.notify(adapter.owner_id(obj), None, target_type, target_id, "hide", hide_reason)
        record(
            None,
            "flag.auto_hide",
            target_type,
            target_id,
            before=before,
            after=adapter.state(obj),
            reason=f"flag weight {item.flag_weight:g} reached {hide_weight():g}: {hide_reason}",
        )
    return row


def _leading_reason(flags: list[Flag]) -> str | None:
    """The hide reason most flag weight agrees on; "other" flags alone never hide anything."""
    totals: dict[str, float] = {}
    for f in flags:
        if f.reason in HIDE_REASONS:
            totals[f.reason] = totals.get(f.reason, 0.0) + f.weight
    return max(totals, key=lambda r: totals[r]) if totals else None
