"""Where an answer is accepted: the asker, an ambassador or staff marks one reply of a question
as its solution, and can change or unmark it. Reputation follows in the same transaction."""

from __future__ import annotations

from sqlalchemy import select

from community.accounts.models import User
from community.errors import Conflict, NotAllowed, NotFound, NotSignedIn, ValidationFailed
from community.extensions import db
from community.forum.models import Post, Thread
from community.outbox import emit
from community.permissions import can
from community.reputation.points import accept_points, adjust
from community.solutions.models import AcceptedSolution
from community.timeutil import utcnow
from moderation.audit import record


def _points_for(thread: Thread, post: Post) -> int:
    """Accepting your own reply to your own question earns nothing."""
    return 0 if post.author_id == thread.author_id else accept_points()


def _locked(thread: Thread) -> Thread:
    """Row lock on PostgreSQL so two people accepting at once cannot double the points."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(select(Thread.id).where(Thread.id == thread.id).with_for_update())
        db.session.refresh(thread)
    return thread


def _check(user: User | None, thread: Thread) -> User:
    if user is None or not getattr(user, "is_authenticated", False):
        raise NotSignedIn("Sign in to accept a solution.")
    if thread.is_deleted:
        raise NotFound("No such thread.")
    if not can(user, "thread.accept_solution", thread):
        raise NotAllowed("Only the asker, an ambassador or staff can accept a solution.", code="not_asker")
    if thread.kind != "question":
        raise Conflict("Only questions have an accepted solution.", code="not_a_question")
    return user


def _parse_post_id(value: object) -> int:
    if isinstance(value, bool) or value in (None, ""):
        raise ValidationFailed("Choose the reply that solved the question.", {"post_id": "Required: a post id."})
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValidationFailed("Please correct the marked fields.", {"post_id": "Not a post id."}) from None


def mark(user: User | None, thread: Thread, post_id: object) -> Post:
    user = _check(user, thread)
    pid = _parse_post_id(post_id)
    post = db.session.get(Post, pid)
    if post is None or post.thread_id != thread.id:
        raise ValidationFailed(
            "That reply is not in this thread.",
            {"post_id": "That reply is not in this thread."},
            code="wrong_thread",
        )
    if post.number == 1:
        raise ValidationFailed(
            "The question cannot be its own solution.",
            {"post_id": "Choose a reply, not the question."},
            code="opening_post",
        )
    if not post.is_public:
        raise ValidationFailed(
            "That reply is not visible.",
            {"post_id": "That reply is deleted or hidden."},
            code="not_visible",
        )
    thread = _locked(thread)
    if thread.solution_post_id == post.id:
        return post
    before = thread.solution_post_id
    if before is not None:
        old = db.session.get(Post, before)
        if old is not None:
            adjust(old.author_id, -_points_for(thread, old))
    thread.solution_post_id = post.id
    row = db.session.get(AcceptedSolution, thread.id)
    if row is None:
        db.session.add(
            AcceptedSolution(thread_id=thread.id, post_id=post.id, accepted_by_id=user.id, accepted_at=utcnow())
        )
    else:
        row.post_id, row.accepted_by_id, row.accepted_at = post.id, user.id, utcnow()
    adjust(post.author_id, _points_for(thread, post))
    if user.id != thread.author_id:
        record(
            user,
            "solution.accept",
            "thread",
            thread.id,
            before={"solution_post_id": before},
            after={"solution_post_id": post.id},
        )
    emit("solution.accepted", thread_id=thread.id, post_id=post.id, actor_id=user.id)
    return post


def unmark(user: User | None, thread: Thread) -> Thread:
    user = _check(user, thread)
    thread = _locked(thread)
    if thread.solution_post_id is None:
        raise Conflict("This question has no accepted solution.", code="no_solution")
    old = db.session.get(Post, thread.solution_post_id)
    if old is not None:
        adjust(old.author_id, -_points_for(thread, old))
    before = thread.solution_post_id
    thread.solution_post_id = None
    row = db.session.get(AcceptedSolution, thread.id)
    if row is not None:
        db.session.delete(row)
    if user.id != thread.author_id:
        record(
            user,
            "solution.unaccept",
            "thread",
            thread.id,
            before={"solution_post_id": before},
            after={"solution_post_id": None},
        )
    emit("solution.unaccepted", thread_id=thread.id, post_id=before, actor_id=user.id)
    return thread


def reconcile(thread_id: int) -> None:
    """The core clears threads.solution_post_id when the accepted reply is deleted; take the
    points back and drop the acceptance record. Idempotent: run from the post.deleted event."""
    thread = db.session.get(Thread, thread_id)
    row = db.session.get(AcceptedSolution, thread_id)
    if thread is None or row is None or thread.solution_post_id == row.post_id:
        return
    old = db.session.get(Post, row.post_id)
    if old is not None:
        adjust(old.author_id, -_points_for(thread, old))
    db.session.delete(row)
    if thread.solution_post_id is not None:
        new = db.session.get(Post, thread.solution_post_id)
        db.session.add(AcceptedSolution(thread_id=thread.id, post_id=new.id, accepted_at=utcnow()))
        adjust(new.author_id, _points_for(thread, new))


def solution_post(thread: Thread) -> Post | None:
    if thread.solution_post_id is None:
        return None
    return db.session.get(Post, thread.solution_post_id)


def nudge(user: User | None, thread: Thread) -> bool:
    """Should the asker be reminded to mark a solution? When a reply got helpful votes."""
    if (
        user is None
        or not getattr(user, "is_authenticated", False)
        or thread.kind != "question"
        or thread.solution_post_id is not None
        or user.id != thread.author_id
    ):
        return False
    return (
        db.session.scalar(
            select(Post.id)
            .where(
                Post.thread_id == thread.id,
                Post.number > 1,
                Post.vote_count > 0,
                Post.deleted_at.is_(None),
            )
            .limit(1)
        )
        is not None
    )
