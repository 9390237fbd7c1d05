from sqlalchemy import select

from community.accounts.models import User
from community.extensions import db
from community.forum.models import Post, Thread
from community.solutions.models import AcceptedSolution
from community.votes import votes
from moderation.audit import AuditEntry
from tests.factories import api_token, login
from tests.qa.helpers import peek, question_with_replies, settle


def _accept(client, headers, thread_id, post_id):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/threads/{thread_id}/solution", json={"post_id": post_id}, headers=headers)


def test_asker_marks_changes_and_unmarks(client, factory):
    asker, thread, (first, second) = question_with_replies(factory)
    headers = api_token(client, asker.username)
    resp = _accept(client, headers, thread.id, first.id)
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["thread"]["solved"] is True and body["thread"]["solution_post_id"] == first.id
    assert peek(lambda: db.session.get(User, first.author_id).reputation) == 15
    # marking the same again is harmless
    assert _accept(client, headers, thread.id, first.id).status_code == 200
    assert peek(lambda: db.session.get(User, first.author_id).reputation) == 15
    # change: points move from the first answer's author to the second's
    assert _accept(client, headers, thread.id, second.id).status_code == 200
    assert peek(lambda: db.session.get(User, first.author_id).reputation) == 0
    assert peek(lambda: db.session.get(User, second.author_id).reputation) == 15
    resp = client.delete(f"/api/v1/threads/{thread.id}/solution", headers=headers)
    assert resp.status_code == 200 and resp.get_json()["thread"]["solved"] is False
    assert peek(lambda: db.session.get(User, second.author_id).reputation) == 0
    assert peek(lambda: db.session.get(AcceptedSolution, thread.id)) is None
    again = client.delete(f"/api/v1/threads/{thread.id}/solution", headers=headers)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "no_solution"
    # the asker's own actions are not staff actions: no audit entries
    assert peek(lambda: db.session.scalar(select(AuditEntry.id).where(AuditEntry.action.like("solution.%")))) is None


def test_non_asker_member_cannot_accept(client, factory):
    _asker, thread, (first, _) = question_with_replies(factory)
    factory.user("bystander")
    resp = _accept(client, api_token(client, "bystander"), thread.id, first.id)
    assert resp.status_code == 403
    assert resp.get_json()["error"]["code"] == "not_asker"
    # the answer's own author is not the asker either
    author = peek(lambda: db.session.get(User, first.author_id).username)
    assert _accept(client, api_token(client, author), thread.id, first.id).status_code == 403
    assert client.post(f"/api/v1/threads/{thread.id}/solution", json={"post_id": first.id}).status_code == 401


def test_ambassador_and_staff_accept_with_audit(client, factory):
    _asker, thread, (first, second) = question_with_replies(factory)
    factory.user("ambsam", role="ambassador")
    factory.user("modmia", role="moderator")
    assert _accept(client, api_token(client, "ambsam"), thread.id, first.id).status_code == 200
    assert _accept(client, api_token(client, "modmia"), thread.id, second.id).status_code == 200
    assert (
        client.delete(f"/api/v1/threads/{thread.id}/solution", headers=api_token(client, "modmia")).status_code == 200
    )
    actions = peek(
        lambda: [
            e.action
            for e in db.session.scalars(
                select(AuditEntry).where(AuditEntry.action.like("solution.%")).order_by(AuditEntry.id)
            )
        ]
    )
    assert actions == ["solution.accept", "solution.accept", "solution.unaccept"]


def test_accept_on_discussion_is_refused(client, factory):
    asker, thread, (first, _) = question_with_replies(factory, kind="discussion")
    resp = _accept(client, api_token(client, asker.username), thread.id, first.id)
    assert resp.status_code == 409
    assert resp.get_json()["error"]["code"] == "not_a_question"


def test_accept_reply_from_another_thread(client, factory):
    asker, thread, _ = question_with_replies(factory)
    _other_asker, _other, (foreign, _) = question_with_replies(factory)
    resp = _accept(client, api_token(client, asker.username), thread.id, foreign.id)
    assert resp.status_code == 422
    assert "post_id" in resp.get_json()["error"]["fields"]
    assert peek(lambda: db.session.get(Thread, thread.id).solution_post_id) is None


def test_accept_bad_input(client, factory):
    asker, thread, (first, _) = question_with_replies(factory)
    headers = api_token(client, asker.username)
    opening = peek(lambda: db.session.scalar(select(Post.id).where(Post.thread_id == thread.id, Post.number == 1)))
    assert _accept(client, headers, thread.id, opening).status_code == 422  # the question itself
    assert _accept(client, headers, thread.id, None).status_code == 422
    assert _accept(client, headers, thread.id, "abc").status_code == 422
    assert _accept(client, headers, thread.id, True).status_code == 422
    assert _accept(client, headers, thread.id, 10**9).status_code == 422
    assert _accept(client, headers, 10**9, first.id).status_code == 404
    resp = client.post(
        f"/api/v1/threads/{thread.id}/solution",
        data="{",
        headers={**headers, "Content-Type": "application/json"},
    )
    assert resp.status_code == 400
    resp = client.post(f"/api/v1/threads/{thread.id}/solution", json=[1], headers=headers)
    assert resp.status_code == 400


def test_deleted_reply_cannot_be_accepted_and_deleting_solution_takes_points_back(client, factory):
    asker, thread, (first, second) = question_with_replies(factory)
    headers = api_token(client, asker.username)
    assert _accept(client, headers, thread.id, first.id).status_code == 200
    mod = factory.user("modtwo", role="moderator")
    from community.forum import posts

    posts.delete_post(mod, db.session.get(Post, second.id))
    settle()
    assert _accept(client, headers, thread.id, second.id).status_code == 422
    posts.delete_post(mod, db.session.get(Post, first.id))
    settle()
    assert peek(lambda: db.session.get(Thread, thread.id).solution_post_id) is None
    assert peek(lambda: db.session.get(User, first.author_id).reputation) == 0
    assert peek(lambda: db.session.get(AcceptedSolution, thread.id)) is None


def test_questions_sorted_accepted_then_votes_then_time(client, factory):
    asker, thread, replies = question_with_replies(factory, n=4)
    voters = [factory.user() for _ in range(3)]
    for v in voters:
        votes.cast(v, replies[2])
    votes.cast(voters[0], replies[1])
    db.session.commit()
    assert _accept(client, api_token(client, asker.username), thread.id, replies[3].id).status_code == 200
    numbers = [p["id"] for p in client.get(f"/api/v1/threads/{thread.id}").get_json()["posts"]["items"]]
    expected = [replies[3].id, replies[2].id, replies[1].id, replies[0].id]
    assert numbers[1:] == expected
    # pages of the API follow the same order without gaps or repeats
    seen, cursor = [], None
    while True:
        url = f"/api/v1/threads/{thread.id}?limit=2" + (f"&cursor={cursor}" if cursor else "")
        data = client.get(url).get_json()["posts"]
        seen += [p["id"] for p in data["items"]]
        cursor = data["next_cursor"]
        if not cursor:
            break
    assert seen == numbers
    assert client.get(f"/api/v1/threads/{thread.id}?cursor=bogus").status_code == 400
    page = client.get(f"/t/{thread.id}/{thread.slug}").get_data(as_text=True)
    positions = [page.index(f'id="post-{pid}"') for pid in expected]
    assert positions == sorted(positions)


def test_discussions_keep_time_order(client, factory):
    _asker, thread, replies = question_with_replies(factory, n=3, kind="discussion")
    voter = factory.user()
    votes.cast(voter, replies[2])
    db.session.commit()
    ids = [p["id"] for p in client.get(f"/api/v1/threads/{thread.id}").get_json()["posts"]["items"]]
    assert ids[1:] == [r.id for r in replies]
    page = client.get(f"/t/{thread.id}/{thread.slug}").get_data(as_text=True)
    positions = [page.index(f'id="post-{r.id}"') for r in replies]
    assert positions == sorted(positions)


def test_solved_badge_lists_filter_and_quote(client, factory):
    asker, thread, (first, _) = question_with_replies(factory)
    other = factory.thread(category=thread.category, title="Still unsolved question")
    login(client, asker.username)
    resp = client.post(f"/t/{thread.id}/solution", data={"post_id": first.id})
    assert resp.status_code == 302
    cat = thread.category.slug
    listing = client.get(f"/c/{cat}").get_data(as_text=True)
    assert "Solved" in listing
    solved = client.get(f"/c/{cat}?kind=question&solved=1").get_data(as_text=True)
    assert thread.title in solved and other.title not in solved
    unsolved = client.get(f"/c/{cat}?kind=question&solved=0").get_data(as_text=True)
    assert other.title in unsolved and thread.title not in unsolved
    api = client.get(f"/api/v1/threads?solved=true&category={cat}").get_json()["items"]
    assert [t["id"] for t in api] == [thread.id]
    page = client.get(f"/t/{thread.id}/{thread.slug}").get_data(as_text=True)
    assert 'class="solution-quote"' in page and "Answer number 0." in page
    assert "Accepted solution" in page
    # unmark from the page
    client.post(f"/t/{thread.id}/solution", data={"action": "unmark"})
    assert peek(lambda: db.session.get(Thread, thread.id).solution_post_id) is None


def test_accept_buttons_only_for_who_may(client, factory):
    asker, thread, (first, _) = question_with_replies(factory)
    factory.user("member9")
    login(client, "member9")
    page = client.get(f"/t/{thread.id}/{thread.slug}").get_data(as_text=True)
    assert "Accept as solution" not in page
    resp = client.post(f"/t/{thread.id}/solution", data={"post_id": first.id}, follow_redirects=True)
    assert "Only the asker" in resp.get_data(as_text=True)
    client.post("/logout")
    login(client, asker.username)
    assert "Accept as solution" in client.get(f"/t/{thread.id}/{thread.slug}").get_data(as_text=True)


def test_nudge_when_a_reply_got_votes(client, factory):
    asker, thread, (first, _) = question_with_replies(factory)
    login(client, asker.username)
    nudge = "mark it as the solution"
    assert nudge not in client.get(f"/t/{thread.id}/{thread.slug}").get_data(as_text=True)
    votes.cast(factory.user(), db.session.get(Post, first.id))
    db.session.commit()
    assert nudge in client.get(f"/t/{thread.id}/{thread.slug}").get_data(as_text=True)
    client.post("/logout")
    factory.user("reader")
    login(client, "reader")
    assert nudge not in client.get(f"/t/{thread.id}/{thread.slug}").get_data(as_text=True)


def test_chinese_catalogs(app):
    """Each package ships its own zh catalog, compiled by `make translations`."""
    from flask_babel import gettext, refresh

    with app.test_request_context("/", headers={"Accept-Language": "zh"}):
        refresh()
        assert gettext("Accept as solution") == "采纳为解决方案"
        assert gettext("Helpful") == "有帮助"
        assert gettext("Notifications") == "通知"
        assert gettext("Ambassador desk") == "大使工作台"
        assert gettext("Gold") == "金牌会员"
        assert gettext("You cannot vote for your own post.") == "不能给自己的帖子投票。"
