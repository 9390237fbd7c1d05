from sqlalchemy import select

from community.accounts.models import User
from community.extensions import db
from community.forum.models import Post
from community.votes.models import PostVote
from tests.factories import api_token, login
from tests.qa.helpers import peek, question_with_replies


def _rep(user_id: int) -> int:
    return peek(lambda: db.session.get(User, user_id).reputation)


def test_vote_counts_once_and_can_be_withdrawn(client, factory):
    _asker, _thread, (answer, _) = question_with_replies(factory)
    factory.user("voter")
    headers = api_token(client, "voter")
    resp = client.post(f"/api/v1/posts/{answer.id}/vote", headers=headers)
    assert resp.status_code == 200
    assert resp.get_json()["post"]["vote_count"] == 1
    assert _rep(answer.author_id) == 10

    twice = client.post(f"/api/v1/posts/{answer.id}/vote", headers=headers)
    assert twice.status_code == 409
    assert twice.get_json()["error"]["code"] == "already_voted"
    assert peek(lambda: db.session.scalar(select(Post.vote_count).where(Post.id == answer.id))) == 1

    back = client.delete(f"/api/v1/posts/{answer.id}/vote", headers=headers)
    assert back.status_code == 200
    assert back.get_json()["post"]["vote_count"] == 0
    assert _rep(answer.author_id) == 0
    again = client.delete(f"/api/v1/posts/{answer.id}/vote", headers=headers)
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "not_voted"


def test_cannot_vote_own_post(client, factory):
    _asker, _thread, (answer, _) = question_with_replies(factory)
    author = db.session.get(User, answer.author_id)
    resp = client.post(f"/api/v1/posts/{answer.id}/vote", headers=api_token(client, author.username))
    assert resp.status_code == 403
    assert resp.get_json()["error"]["code"] == "own_post"
    assert peek(lambda: db.session.scalar(select(PostVote.id))) is None


def test_vote_bad_input(client, factory):
    _asker, _thread, (answer, _) = question_with_replies(factory)
    assert client.post(f"/api/v1/posts/{answer.id}/vote").status_code == 401
    factory.user("voter")
    headers = api_token(client, "voter")
    assert client.post("/api/v1/posts/999999/vote", headers=headers).status_code == 404
    assert client.post("/api/v1/posts/abc/vote", headers=headers).status_code == 404
    # a deleted post can no longer be found to vote on
    staff = factory.user("modx", role="moderator")
    from community.forum import posts

    posts.delete_post(staff, answer)
    db.session.commit()
    assert client.post(f"/api/v1/posts/{answer.id}/vote", headers=headers).status_code == 404


def test_silenced_member_cannot_vote(client, factory):
    from datetime import timedelta

    from community.timeutil import utcnow

    _asker, _thread, (answer, _) = question_with_replies(factory)
    quiet = factory.user("quiet")
    quiet.silenced_until = utcnow() + timedelta(days=1)
    db.session.commit()
    assert client.post(f"/api/v1/posts/{answer.id}/vote", headers=api_token(client, "quiet")).status_code == 403


def test_vote_button_on_thread_page(client, factory):
    _asker, thread, (answer, _) = question_with_replies(factory)
    factory.user("webvoter")
    login(client, "webvoter")
    page = client.get(f"/t/{thread.id}/{thread.slug}").get_data(as_text=True)
    assert f"/p/{answer.id}/vote" in page
    resp = client.post(f"/p/{answer.id}/vote", data={"action": "vote"})
    assert resp.status_code == 302
    page = client.get(f"/t/{thread.id}/{thread.slug}").get_data(as_text=True)
    assert 'aria-pressed="true"' in page
    client.post(f"/p/{answer.id}/vote", data={"action": "vote"})  # twice: flashed error, still one
    assert peek(lambda: db.session.scalar(select(Post.vote_count).where(Post.id == answer.id))) == 1
    client.post(f"/p/{answer.id}/vote", data={"action": "withdraw"})
    assert peek(lambda: db.session.get(Post, answer.id).vote_count) == 0


def test_anonymous_sees_no_vote_button(client, factory):
    _asker, thread, (answer, _) = question_with_replies(factory)
    page = client.get(f"/t/{thread.id}/{thread.slug}").get_data(as_text=True)
    assert f"/p/{answer.id}/vote" not in page
