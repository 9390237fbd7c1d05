"""What the queue and flags can act on. Each content type registers one adapter, so flags,
the queue and notices work over (target_type, target_id) without knowing the models.

A reviews adapter is ~30 lines: subclass TargetAdapter, fill in the methods with the
review's own fields and services, and call register(ReviewTarget()) on import.
"""

from __future__ import annotations

from typing import Any

from community.accounts.models import User
from community.errors import NotFound, ValidationFailed
from community.extensions import db
from community.timeutil import utcnow

_adapters: dict[str, TargetAdapter] = {}


class TargetAdapter:
    """The moderation view of one content type. Methods change the object in the session;
    the caller commits and writes the audit entry."""

    type: str = ""

    def load(self, target_id: int) -> Any | None:
        raise NotImplementedError

    def owner_id(self, obj: Any) -> int | None:
        raise NotImplementedError

    def text(self, obj: Any) -> str:
        """The author's text, for spam decisions and the queue excerpt."""
        raise NotImplementedError

    def url(self, obj: Any) -> str:
        raise NotImplementedError

    def title(self, obj: Any) -> str:
        return ""

    def is_deleted(self, obj: Any) -> bool:
        return False

    def is_hidden(self, obj: Any) -> bool:
        return False

    def state(self, obj: Any) -> dict[str, Any]:
        """A small snapshot for the audit log's before/after."""
        return {}

    def can_view(self, user: User | None, obj: Any) -> bool:
        return True

    def approve(self, obj: Any, actor: User, item: Any) -> None:
        raise NotImplementedError

    def reject(self, obj: Any, actor: User, reason: str) -> None:
        raise NotImplementedError

    def hide(self, obj: Any, actor: User | None, reason: str) -> None:
        raise NotImplementedError

    def restore(self, obj: Any, actor: User) -> None:
        raise NotImplementedError

    def delete(self, obj: Any, actor: User, reason: str) -> None:
        raise NotImplementedError

    def excerpt(self, obj: Any, length: int = 280) -> str:
        text = " ".join(self.text(obj).split())
        return text if len(text) <= length else text[: length - 1] + "…"


def register(adapter: TargetAdapter) -> None:
    _adapters[adapter.type] = adapter


def adapter_for(target_type: str) -> TargetAdapter:
    adapter = _adapters.get(target_type)
    if adapter is None:
        raise ValidationFailed("Unknown kind of content.", {"target_type": ", ".join(sorted(_adapters))})
    return adapter


def load_target(target_type: str, target_id: int) -> tuple[TargetAdapter, Any]:
    adapter = adapter_for(target_type)
    obj = adapter.load(target_id)
    if obj is None:
        raise NotFound("No such item.")
    return adapter, obj


def target_types() -> list[str]:
    return sorted(_adapters)


class HideableTarget(TargetAdapter):
    """Posts and reviews share the moderation fields (status, hidden_*); only what must happen
    after a change differs (`_changed`: outbox topics, a review's rating). The topics say what
    other capabilities hear: a rejected post is gone for search, a rejected review is hidden."""

    approved_topic = rejected_topic = hidden_topic = ""

    def is_hidden(self, obj: Any) -> bool:
        return obj.is_hidden

    def state(self, obj: Any) -> dict[str, Any]:
        return {
            "status": obj.status,
            "hidden": obj.is_hidden,
            "hidden_reason": obj.hidden_reason,
            "deleted": obj.is_deleted,
        }

    def approve(self, obj: Any, actor: User, item: Any) -> None:
        obj.status = "visible"
        obj.hidden_at = obj.hidden_by_id = obj.hidden_reason = None
        self._changed(obj, self.approved_topic)

    def reject(self, obj: Any, actor: User, reason: str) -> None:
        obj.status = "rejected"
        self._changed(obj, self.rejected_topic)

    def hide(self, obj: Any, actor: User | None, reason: str) -> None:
        obj.hidden_at = utcnow()
        obj.hidden_by_id = actor.id if actor is not None else None
        obj.hidden_reason = reason
        self._changed(obj, self.hidden_topic)

    def _changed(self, obj: Any, topic: str) -> None:
        raise NotImplementedError


# -- posts ---------------------------------------------------------------------------------


class PostTarget(HideableTarget):
    type = "post"
    approved_topic, rejected_topic, hidden_topic = "post.restored", "post.deleted", "post.deleted"

    def load(self, target_id: int) -> Any | None:
        from community.forum.models import Post

        return db.session.get(Post, target_id)

    def owner_id(self, obj: Any) -> int | None:
        return obj.author_id

    def text(self, obj: Any) -> str:
        return obj.body

    def title(self, obj: Any) -> str:
        return obj.thread.title

    def url(self, obj: Any) -> str:
        return f"/p/{obj.id}"

    def is_deleted(self, obj: Any) -> bool:
        return obj.is_deleted or obj.thread.is_deleted

    def can_view(self, user: User | None, obj: Any) -> bool:
        from community.permissions import can

        return can(user, "post.view", obj)

    def restore(self, obj: Any, actor: User) -> None:
        from community.forum.posts import restore_post

        if obj.is_deleted:
            restore_post(actor, obj, "restored from the review queue")
        obj.status = "visible"
        obj.hidden_at = obj.hidden_by_id = obj.hidden_reason = None
        self._changed(obj, "post.restored")

    def delete(self, obj: Any, actor: User, reason: str) -> None:
        from community.forum.posts import delete_post

        delete_post(actor, obj, reason)

    def _changed(self, obj: Any, topic: str) -> None:
        from community.outbox import emit

        emit(topic, post_id=obj.id, thread_id=obj.thread_id)


class ProfileTarget(TargetAdapter):
    """A member's bio. A held bio waits in the queue item (held_text) until approved; hiding
    blanks the public bio and keeps the text in the queue item so it can be restored."""

    type = "profile"

    def load(self, target_id: int) -> Any | None:
        return db.session.get(User, target_id)

    def owner_id(self, obj: Any) -> int | None:
        return obj.id

    def text(self, obj: Any) -> str:
        return obj.bio or ""

    def title(self, obj: Any) -> str:
        return obj.username

    def url(self, obj: Any) -> str:
        return f"/u/{obj.username}"

    def state(self, obj: Any) -> dict[str, Any]:
        return {"bio": obj.bio}

    def approve(self, obj: Any, actor: User, item: Any) -> None:
        if item.held_text is not None:
            obj.bio = item.held_text
            item.held_text = None

    def reject(self, obj: Any, actor: User, reason: str) -> None:
        return None  # the held text stays in the queue item; the public bio is unchanged

    def hide(self, obj: Any, actor: User | None, reason: str) -> None:
        from moderation.models import ReviewItem

        item = db.session.query(ReviewItem).filter_by(target_type="profile", target_id=obj.id).one_or_none()
        if item is not None and item.held_text is None:
            item.held_text = obj.bio
        obj.bio = ""

    def restore(self, obj: Any, actor: User) -> None:
        from moderation.models import ReviewItem

        item = db.session.query(ReviewItem).filter_by(target_type="profile", target_id=obj.id).one_or_none()
        if item is not None and item.held_text is not None:
            obj.bio = item.held_text
            item.held_text = None

    def delete(self, obj: Any, actor: User, reason: str) -> None:
        self.hide(obj, actor, reason)


class ReviewTarget(HideableTarget):
    """A product review (community/reviews). A held review has status "held" and is neither
    listed nor counted in the rating until approved; hiding and restoring follow the reviews
    capability's own fields, and the rating is recomputed after every change."""

    type = "review"
    approved_topic, rejected_topic, hidden_topic = "review.restored", "review.hidden", "review.hidden"

    def load(self, target_id: int) -> Any | None:
        from community.reviews.models import Review

        return db.session.get(Review, target_id)

    def owner_id(self, obj: Any) -> int | None:
        return obj.author_id

    def text(self, obj: Any) -> str:
        return "\n\n".join(t for t in (obj.title, obj.body, obj.pros, obj.cons) if t)

    def title(self, obj: Any) -> str:
        return f"{obj.product.name}: {obj.title}"

    def url(self, obj: Any) -> str:
        return f"/products/{obj.product.slug}#review-{obj.id}"

    def is_deleted(self, obj: Any) -> bool:
        return obj.is_deleted

    def can_view(self, user: User | None, obj: Any) -> bool:
        from community.permissions import can

        return can(user, "review.view", obj)

    def restore(self, obj: Any, actor: User) -> None:
        obj.status = "visible"
        obj.deleted_at = obj.deleted_by_id = None
        obj.hidden_at = obj.hidden_by_id = obj.hidden_reason = None
        self._changed(obj, "review.restored")

    def delete(self, obj: Any, actor: User, reason: str) -> None:
        obj.deleted_at = utcnow()
        obj.deleted_by_id = actor.id
        self._changed(obj, "review.deleted")

    def _changed(self, obj: Any, topic: str) -> None:
        from community.outbox import emit
        from community.reviews.rating import lock_product, recompute

        db.session.flush()
        recompute(lock_product(obj.product_id))
        emit(topic, review_id=obj.id, product_id=obj.product_id)


register(PostTarget())
register(ProfileTarget())
register(ReviewTarget())
