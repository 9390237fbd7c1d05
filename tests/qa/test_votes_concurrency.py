"""Many clients voting on one post at once end with the exact count (PostgreSQL only: SQLite
serialises writers, so there is no race to test)."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from community.accounts.models import User
from community.errors import Conflict
from community.extensions import db
from community.forum.models import Post
from community.votes import votes
from community.votes.models import PostVote
from tests.qa.helpers import question_with_replies


def _vote(app, user_id: int, post_id: int) -> str:
    with app.app_context():
        try:
            votes.cast(db.session.get(User, user_id), db.session.get(Post, post_id))
            db.session.commit()
            return "ok"
        except Conflict:
            db.session.rollback()
            return "conflict"
        finally:
            db.session.remove()


def test_concurrent_votes_exact_count(app, factory):
    if app.config["BACKEND"] != "postgres":
        pytest.skip("concurrency is tested on PostgreSQL")
    _asker, _thread, (answer, _) = question_with_replies(factory)
    voters = [factory.user().id for _ in range(24)]
    post_id, author_id = answer.id, answer.author_id
    db.session.remove()
    # every voter twice, all at once: 24 succeed, 24 are refused
    jobs = voters + voters
    with ThreadPoolExecutor(max_workers=12) as pool:
        results = list(pool.map(lambda uid: _vote(app, uid, post_id), jobs))
    assert results.count("ok") == 24
    assert results.count("conflict") == 24
    db.session.expire_all()
    assert db.session.get(Post, post_id).vote_count == 24
    assert db.session.scalar(select(func.count(PostVote.id)).where(PostVote.post_id == post_id)) == 24
    assert db.session.get(User, author_id).reputation == 240


def _withdraw(app, user_id: int, post_id: int) -> str:
    with app.app_context():
        try:
            votes.withdraw(db.session.get(User, user_id), db.session.get(Post, post_id))
            db.session.commit()
            return "ok"
        except Conflict:
            db.session.rollback()
            return "conflict"
        finally:
            db.session.remove()


def test_concurrent_withdrawals_exact_count(app, factory):
    if app.config["BACKEND"] != "postgres":
        pytest.skip("concurrency is tested on PostgreSQL")
    _asker, _thread, (answer, _) = question_with_replies(factory)
    voters = [factory.user() for _ in range(10)]
    for v in voters:
        votes.cast(v, answer)
    db.session.commit()
    ids, post_id = [v.id for v in voters], answer.id
    db.session.remove()
    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(lambda uid: _withdraw(app, uid, post_id), ids[:6] + ids[:6]))
    assert results.count("ok") == 6
    db.session.expire_all()
    assert db.session.get(Post, post_id).vote_count == 4
