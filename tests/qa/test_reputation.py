from click.testing import CliRunner  # noqa: F401  (flask's runner wraps it)
from sqlalchemy import update

from community.accounts.models import User
from community.extensions import db
from community.forum.models import Post
from community.reputation import trust
from community.reputation.models import UserActivity
from community.reputation.points import rank_for
from community.reputation.rebuild import computed, differences
from community.solutions import solutions
from community.votes import votes
from tests.factories import api_token, login
from tests.qa.helpers import peek, question_with_replies, settle


def test_points_for_votes_and_accepted_answers_and_their_removal(factory):
    asker, thread, (first, second) = question_with_replies(factory)
    voters = [factory.user() for _ in range(3)]
    for v in voters:
        votes.cast(v, first)
    votes.cast(voters[0], second)
    solutions.mark(asker, thread, first.id)
    db.session.commit()
    assert peek(lambda: db.session.get(User, first.author_id).reputation) == 3 * 10 + 15
    votes.withdraw(voters[1], db.session.get(Post, first.id))
    solutions.unmark(asker, thread)
    db.session.commit()
    assert peek(lambda: db.session.get(User, first.author_id).reputation) == 20
    assert peek(lambda: db.session.get(User, second.author_id).reputation) == 10


def test_accepting_own_reply_earns_nothing(factory):
    asker, thread, _ = question_with_replies(factory)
    own = factory.reply(thread, author=asker, body="Found it myself: firmware update.")
    solutions.mark(asker, thread, own.id)
    db.session.commit()
    assert peek(lambda: db.session.get(User, asker.id).reputation) == 0
    assert computed().get(asker.id, 0) == 0


def test_rebuild_equals_live(app, factory):
    asker, thread, replies = question_with_replies(factory, n=3)
    other_asker, other, (o1, _) = question_with_replies(factory)
    voters = [factory.user() for _ in range(4)]
    for i, v in enumerate(voters):
        for r in replies[: i % 3 + 1]:
            votes.cast(v, r)
    votes.cast(voters[0], o1)
    solutions.mark(asker, thread, replies[1].id)
    solutions.mark(asker, thread, replies[2].id)  # changed
    solutions.mark(other_asker, other, o1.id)
    votes.withdraw(voters[3], replies[0])
    db.session.commit()
    mod = factory.user("modrep", role="moderator")
    from community.forum import posts

    posts.delete_post(mod, db.session.get(Post, o1.id))  # the accepted answer disappears
    settle()
    live = peek(lambda: {u.id: u.reputation for u in db.session.query(User)})
    assert differences() == {}
    # scramble the live figures, then rebuild from the votes and solutions
    db.session.execute(update(User).values(reputation=999))
    db.session.commit()
    runner = app.test_cli_runner()
    check = runner.invoke(args=["reputation", "check"])
    assert check.exit_code == 1
    result = runner.invoke(args=["reputation", "rebuild"])
    assert result.exit_code == 0, result.output
    assert peek(lambda: {u.id: u.reputation for u in db.session.query(User)}) == live
    assert runner.invoke(args=["reputation", "check"]).exit_code == 0


def test_ranks_default_and_configured(app, client, factory):
    with app.test_request_context("/"):
        assert rank_for(0) == "Member" and rank_for(50) == "Bronze" and rank_for(1000) == "Gold"
    app.config["REPUTATION_RANKS"] = [(0, "Fan"), (20, "Insider"), (100, "金牌会员")]
    assert rank_for(19) == "Fan" and rank_for(20) == "Insider" and rank_for(100) == "金牌会员"
    app.config["REPUTATION_RANKS"] = "0:Fan,30:Pro"
    assert rank_for(31) == "Pro"
    _asker, thread, (first, _) = question_with_replies(factory)
    for _ in range(3):
        votes.cast(factory.user(), first)
    db.session.commit()
    page = client.get(f"/t/{thread.id}/{thread.slug}").get_data(as_text=True)
    assert 'class="badge rank"' in page and "Pro" in page
    author = peek(lambda: db.session.get(User, first.author_id).username)
    me = client.get("/api/v1/me", headers=api_token(client, author)).get_json()["user"]
    assert me["rank"] == "Pro" and me["reputation"] == 30


def test_trust_levels_from_activity(app, factory):
    app.config["TRUST_LEVEL_REQUIREMENTS"] = {
        1: {"days_visited": 1, "posts_read": 2, "replies": 0, "max_flags": 1},
        2: {"days_visited": 2, "posts_read": 4, "replies": 1, "max_flags": 1},
        3: {"days_visited": 3, "posts_read": 6, "replies": 2, "max_flags": 0},
    }
    user = factory.user("reader1")
    assert trust.refresh(user) == 0
    db.session.add(UserActivity(user_id=user.id, days_visited=1, posts_read=2))
    db.session.commit()
    assert trust.refresh(user) == 1
    row = db.session.get(UserActivity, user.id)
    row.days_visited, row.posts_read = 3, 6
    _asker, thread, _ = question_with_replies(factory)
    factory.reply(thread, author=user)
    assert trust.refresh(user) == 2  # one reply: level 3 needs two
    factory.reply(thread, author=user)
    assert trust.refresh(user) == 3
    assert trust.flags_against(user.id) == 0  # the moderation flags table may not exist yet


def test_visits_and_reads_are_counted(client, factory):
    _asker, thread, _ = question_with_replies(factory, n=3)
    factory.user("visitor")
    login(client, "visitor")
    client.get("/")
    client.get("/latest")
    client.get(f"/t/{thread.id}/{thread.slug}")
    client.get(f"/t/{thread.id}/{thread.slug}")
    uid = peek(lambda: db.session.query(User).filter_by(username="visitor").one().id)
    act = peek(lambda: db.session.get(UserActivity, uid))
    assert act.days_visited == 1  # same day counts once
    assert act.posts_read == 4  # opening post and three replies, once


def test_trust_follows_replies_through_the_outbox(app, client, factory):
    app.config["TRUST_LEVEL_REQUIREMENTS"] = {
        1: {"days_visited": 0, "posts_read": 0, "replies": 1, "max_flags": 0},
        2: {"days_visited": 99, "posts_read": 0, "replies": 0, "max_flags": 0},
        3: {"days_visited": 99, "posts_read": 0, "replies": 0, "max_flags": 0},
    }
    _asker, thread, _ = question_with_replies(factory, n=0)
    factory.user("poster")
    resp = client.post(
        f"/api/v1/threads/{thread.id}/posts",
        json={"body": "My first reply here."},
        headers=api_token(client, "poster"),
    )
    assert resp.status_code == 201
    assert peek(lambda: db.session.query(User).filter_by(username="poster").one().trust_level) == 1


def test_profile_shows_rank_and_trust(client, factory):
    factory.user("profiled")
    page = client.get("/u/profiled").get_data(as_text=True)
    assert "Trust level" in page and 'class="badge rank"' in page
