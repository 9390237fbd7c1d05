"""The one permission function. Every view, API endpoint and template asks can(); none re-implements it.

Rules are grouped by capability below. An action is a dotted string; obj is the thing acted on.
Unknown actions are denied, so a typo fails closed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from community.accounts.models import User

Rule = Callable[[User | None, Any], bool]


def _signed_in(user: User | None) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and not user.is_anonymous


def _staff(user: User | None) -> bool:
    return _signed_in(user) and user.role in ("moderator", "admin")


def _admin(user: User | None) -> bool:
    return _signed_in(user) and user.role == "admin"


def _brand(user: User | None) -> bool:
    """Ambassadors and staff speak for the brand."""
    return _signed_in(user) and user.role in ("ambassador", "moderator", "admin")


def _may_write(user: User | None) -> bool:
    return _signed_in(user) and not user.is_suspended and not user.is_silenced


def _see_category(user: User | None, category: Any) -> bool:
    return category is None or not category.staff_only or _staff(user)


def _see_thread(user: User | None, thread: Any) -> bool:
    if thread is None:
        return False
    if not _see_category(user, thread.category):
        return False
    return not thread.is_deleted or _staff(user)


def _see_post(user: User | None, post: Any) -> bool:
    if not _see_thread(user, post.thread):
        return False
    if _staff(user):
        return True
    if post.is_deleted or post.is_hidden or post.status == "rejected":
        return False
    if post.status == "held":
        return _signed_in(user) and user.id == post.author_id
    return True


def _own(user: User | None, obj: Any) -> bool:
    return _signed_in(user) and getattr(obj, "author_id", None) == user.id


def _see_review(user: User | None, review: Any) -> bool:
    """Public unless deleted or hidden; the author still sees their own hidden review (and why)."""
    if review is None:
        return False
    if _staff(user) or review.is_public:
        return True
    return not review.is_deleted and _own(user, review)


RULES: dict[str, Rule] = {
    # -- staff areas -----------------------------------------------------------------------
    "staff.access": lambda u, _: _staff(u),
    "admin.access": lambda u, _: _admin(u),
    "desk.access": lambda u, _: _brand(u),
    # Webhooks send community data to any address staff type in: admins only.
    "webhooks.manage": lambda u, _: _admin(u),
    # -- word-of-mouth desk (key points) ---------------------------------------------------
    "keypoints.view": lambda u, _: _staff(u),
    "keypoints.manage": lambda u, _: _staff(u),
    "keypoints.analyze": lambda u, _: _staff(u),
    # -- categories ------------------------------------------------------------------------
    "category.view": _see_category,
    "category.create": lambda u, _: _admin(u),
    "category.edit": lambda u, _: _staff(u),
    # -- threads ---------------------------------------------------------------------------
    "thread.view": _see_thread,
    "thread.create": lambda u, cat: _may_write(u) and _see_category(u, cat),
    "thread.reply": lambda u, t: (
        _may_write(u) and _see_thread(u, t) and not t.is_deleted and (not t.locked or _staff(u))
    ),
    "thread.edit_title": lambda u, t: _may_write(u) and (_own(u, t) or _staff(u)),
    "thread.delete": lambda u, t: _signed_in(u) and (_own(u, t) or _staff(u)),
    "thread.restore": lambda u, _: _staff(u),
    "thread.lock": lambda u, _: _staff(u),
    "thread.move": lambda u, _: _staff(u),
    # -- posts -----------------------------------------------------------------------------
    "post.view": _see_post,
    "post.view_deleted": lambda u, _: _staff(u),
    "post.edit": lambda u, p: _see_post(u, p) and not p.is_deleted and ((_own(u, p) and _may_write(u)) or _staff(u)),
    "post.delete": lambda u, p: _see_post(u, p) and not p.is_deleted and (_own(u, p) or _staff(u)),
    "post.restore": lambda u, p: _staff(u),
    "post.revisions": _see_post,
    # -- products and reviews (issue 4) ------------------------------------------------------
    "product.view": lambda u, p: p is not None,
    "product.create": lambda u, _: _staff(u),
    "product.edit": lambda u, _: _staff(u),
    "product.manage_owners": lambda u, _: _staff(u),
    "product.redeem_code": lambda u, _: _may_write(u),
    "review.create": lambda u, p: _may_write(u) and p is not None and p.status == "active",
    "review.view": _see_review,
    "review.edit": lambda u, r: not r.is_deleted and ((_own(u, r) and _may_write(u)) or _staff(u)),
    "review.delete": lambda u, r: not r.is_deleted and (_own(u, r) or _staff(u)),
    "review.restore": lambda u, _: _staff(u),
    "review.hide": lambda u, _: _staff(u),
    "review.helpful": lambda u, r: _may_write(u) and r.is_public and not _own(u, r),
    "review.respond": lambda u, r: _brand(u) and r.is_public,
    "review.alerts": lambda u, _: _staff(u),
    # -- helpful votes and accepted solutions (community/votes, community/solutions) ----------
    "post.vote": lambda u, p: _may_write(u) and _see_post(u, p) and p.is_public and not _own(u, p),
    "thread.accept_solution": lambda u, t: (
        _signed_in(u) and _see_thread(u, t) and ((_own(u, t) and _may_write(u)) or _brand(u))
    ),
    # -- notifications and the ambassador desk ---------------------------------------------
    "notifications.view": lambda u, _: _signed_in(u),
    "desk.canned": lambda u, _: _brand(u),
    "desk.stats": lambda u, _: _staff(u),
    # -- people ----------------------------------------------------------------------------
    "user.set_role": lambda u, _: _admin(u),
    # -- moderation (issue 6) ---------------------------------------------------------------
    "moderation.queue": lambda u, _: _staff(u),
    "moderation.act": lambda u, _: _staff(u),
    "moderation.people": lambda u, _: _staff(u),
    "moderation.audit": lambda u, _: _staff(u),
    "moderation.audit_purge": lambda u, _: _admin(u),
    "moderation.spam_settings": lambda u, _: _staff(u),
    "content.flag": lambda u, _: _may_write(u),
    "user.moderate": lambda u, target: (
        _staff(u) and target is not None and target.id != u.id and (target.role != "admin" or _admin(u))
    ),
}


def can(user: User | None, action: str, obj: Any = None) -> bool:
    """May this user (None or anonymous for a visitor) do action to obj?"""
    rule = RULES.get(action)
    if rule is None:
        raise KeyError(f"unknown permission action {action!r}")
    if user is not None and getattr(user, "is_anonymous", False):
        user = None
    return bool(rule(user, obj))


def is_staff(user: User | None) -> bool:
    return _staff(user)
