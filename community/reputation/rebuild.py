"""Reputation from first principles: the votes and accepted solutions in the database. The live
figure is adjusted by the same rules as each vote or acceptance happens; `flask reputation
rebuild` recomputes it from scratch and must land on the same numbers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import aliased

from community.accounts.models import User
from community.extensions import db
from community.forum.models import Post, Thread
from community.reputation import trust
from community.reputation.points import accept_points, vote_points
from community.votes.models import PostVote


def computed() -> dict[int, int]:
    """user id → points, for every user that has any."""
    points: Counter[int] = Counter()
    for (author_id,) in db.session.execute(select(Post.author_id).join(PostVote, PostVote.post_id == Post.id)):
        points[author_id] += vote_points()
    answer = aliased(Post)
    q = (
        select(answer.author_id)
        .select_from(Thread)
        .join(answer, answer.id == Thread.solution_post_id)
        .where(answer.author_id != Thread.author_id)
    )
    for (author_id,) in db.session.execute(q):
        points[author_id] += accept_points()
    return dict(points)


def rebuild(batch: int = 500) -> Iterator[int]:
    """Write computed reputation and trust levels; yields once per user for a progress bar."""
    figures = computed()
    ids = list(db.session.scalars(select(User.id).order_by(User.id)))
    for i, user_id in enumerate(ids, 1):
        user = db.session.get(User, user_id)
        user.reputation = figures.get(user_id, 0)
        trust.refresh(user)
        if i % batch == 0:
            db.session.commit()
        yield user_id
    db.session.commit()


def differences() -> dict[int, tuple[int, int]]:
    """user id → (live, computed) where they differ; empty when the figures agree."""
    figures = computed()
    return {
        uid: (rep, figures.get(uid, 0))
        for uid, rep in db.session.execute(select(User.id, User.reputation))
        if rep != figures.get(uid, 0)
    }
