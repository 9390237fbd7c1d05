"""The one hook posting calls before storing user text: spam check plus pre-moderation.

    result = screen(user, body, "post", category=category, title=title)   # may raise ValidationFailed
    post = new_post(..., body=result.text, status=result.status)          # title=result.title
    result.file("post", post.id)                              # queues it when held

"block" raises ValidationFailed (the form keeps the text and shows the reasons); "hold"
stores the content with status "held" and puts it in the review queue; watched words with
"replace" change the stored text. A thread's title is judged with its body (spammers stuff
keywords and links into titles, which are also what search engines and listings show).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from community.accounts.models import User
from community.errors import ValidationFailed
from community.extensions import db
from community.permissions import is_staff
from community.timeutil import utcnow
from moderation.spam import Verdict, check

RECENT_BY_AUTHOR = 10
RECENT_ELSEWHERE = 30


@dataclass
class Screening:
    status: str  # "visible" | "held"
    text: str
    verdict: Verdict | None = None
    sources: list[str] = field(default_factory=list)
    author: User | None = None
    title: str = ""
    extras: dict[str, str] = field(default_factory=dict)

    @property
    def held(self) -> bool:
        return self.status == "held"

    def file(self, target_type: str, target_id: int, *, held_text: str | None = None) -> None:
        """Put held content in the review queue (a no-op for visible content)."""
        if not self.held:
            return
        from moderation.queue import enqueue

        for source in self.sources:
            enqueue(
                target_type,
                target_id,
                source,
                author_id=self.author.id if self.author else None,
                verdict=self.verdict if source == "spam" else None,
                held_text=held_text,
            )


def _recent_texts(user: User, exclude_post_id: int | None) -> tuple[list[str], list[str]]:
    from community.forum.models import Post

    mine_q = select(Post.body).where(Post.author_id == user.id)
    if exclude_post_id is not None:
        mine_q = mine_q.where(Post.id != exclude_post_id)
    mine = list(db.session.scalars(mine_q.order_by(Post.id.desc()).limit(RECENT_BY_AUTHOR)))
    since = utcnow() - timedelta(days=1)
    others = list(
        db.session.scalars(
            select(Post.body)
            .where(Post.author_id != user.id, Post.created_at >= since)
            .order_by(Post.id.desc())
            .limit(RECENT_ELSEWHERE)
        )
    )
    return mine, others


def _needs_premoderation(user: User, category: Any) -> bool:
    """First posts of trust-level-0 accounts wait for a moderator in categories that ask for it,
    until one of their posts has been approved (is visible)."""
    if category is None or not getattr(category, "premoderate", False) or user.trust_level > 0:
        return False
    from community.forum.models import Post

    approved = db.session.scalar(
        select(func.count(Post.id)).where(
            Post.author_id == user.id, Post.status == "visible", Post.deleted_at.is_(None)
        )
    )
    return not approved


def _reasons_text(verdict: Verdict) -> str:
    """Shown next to the field the author must change, in the author's language."""
    from moderation.spam_labels import spam_reason

    return "; ".join(spam_reason(r) for r in verdict.reasons) or "spam"


_SEVERITY = {"allow": 0, "hold": 1, "block": 2}


def screen(
    user: User,
    text: str,
    kind: str,
    *,
    category: Any = None,
    exclude_post_id: int | None = None,
    title: str = "",
    extras: dict[str, str] | None = None,
) -> Screening:
    """Judge text before it is stored. Staff are not screened (they moderate the filter).

    With a ``title`` (a new thread, or an edit that changes the title) the title is judged
    together with the body, and the stricter of that and the body's own verdict applies.
    ``extras`` are further short fields shown with the body (a review's pros and cons): each is
    judged the same way as the title, so spam cannot hide in a side field.
    """
    extras = {k: v for k, v in (extras or {}).items() if v and v.strip()}
    if is_staff(user):
        return Screening("visible", text, author=user, title=title, extras=extras)
    from moderation.learning import classifier
    from moderation.spam.rules import watched_word_findings
    from moderation.watched_words import policy

    site_policy, model = policy(), classifier()
    mine, others = ([], []) if kind == "profile" else _recent_texts(user, exclude_post_id)
    verdict = check(
        text,
        trust_level=user.trust_level,
        policy=site_policy,
        recent_texts_by_author=mine,
        recent_texts_elsewhere=others,
        kind=kind,
        classifier=model,
    )
    stored_text, stored_title, field_name = verdict.text, title, "bio" if kind == "profile" else "body"
    side_fields = ({"title": title} if title.strip() else {}) | extras
    stored_extras: dict[str, str] = {}
    for name, value in side_fields.items():
        with_field = check(
            value + "\n\n" + text,
            trust_level=user.trust_level,
            policy=site_policy,
            kind=kind,
            classifier=model,
        )
        if _SEVERITY[with_field.action] > _SEVERITY[verdict.action]:
            verdict, field_name = with_field, name
        stored_extras[name] = watched_word_findings(value, site_policy.watched_words)[1]
    if title.strip():
        stored_title = stored_extras.pop("title")
    if verdict.action == "block":
        raise ValidationFailed(
            "This was not posted because it looks like spam.",
            {field_name: _reasons_text(verdict)},
            code="spam_blocked",
        )
    sources = []
    if verdict.action == "hold":
        sources.append("spam")
    if kind == "post" and _needs_premoderation(user, category):
        sources.append("premoderate")
    return Screening("held" if sources else "visible", stored_text, verdict, sources, user, stored_title, stored_extras)


def verdict_json(verdict: Verdict) -> dict[str, Any]:
    return {
        "spam": verdict.spam,
        "score": verdict.score,
        "action": verdict.action,
        "text": verdict.text,
        "reasons": [{"code": r.code, "message": r.message, "detail": r.detail} for r in verdict.reasons],
    }


def apply_bio(user: User, bio: str) -> str:
    """Screen a new profile bio and store it, or hold it for review (the old bio stays public
    until a moderator approves). Returns "visible", "held" or "unchanged"; raises on block."""
    if bio == (user.bio or ""):
        return "unchanged"
    result = screen(user, bio, "profile")
    if result.held:
        result.file("profile", user.id, held_text=result.text)
        return "held"
    user.bio = result.text
    return "visible"
