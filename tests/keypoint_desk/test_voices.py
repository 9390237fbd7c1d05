"""Voices to answer first: unanswered complaints ranked by reach and recency; answered ones
drop off.
Advocates: most positive mentions and accepted answers."""

from __future__ import annotations

from datetime import timedelta

from community.extensions import db
from community.timeutil import utcnow
from moderation.keypoint_desk.advocates import advocates
from moderation.keypoint_desk.voices import voices
from tests.factories import login
from tests.keypoint_desk.helpers import drain, keypoint, reply_at, thread_at


def test_ranked_and_dropped_when_answered(client, factory):
    keypoint("comfort", "舒适", ["佩戴"])
    cat = factory.category()
    quiet, loud = factory.user("quiet"), factory.user("loud")
    loud.reputation = 500
    amb = factory.user("helper", role="ambassador")
    other = factory.user("other")
    now = utcnow()
    t1 = thread_at(quiet, cat, "The comfort is awful after an hour.", now - timedelta(hours=5))
    t2 = thread_at(loud, cat, "佩戴很不舒服，耳朵疼。", now - timedelta(hours=6))
    thread_at(quiet, cat, "The comfort is great.", now - timedelta(hours=1))  # praise is not a voice
    drain()
    ranked = voices()
    assert [v.author.username for v in ranked] == ["loud", "quiet"]
    assert ranked[0].reach["reputation"] == 500
    reply_at(t1, other, "Same here, sadly.", now - timedelta(hours=4))  # a customer's reply is not an answer
    assert [v.author.username for v in voices()] == ["loud", "quiet"]
    reply_at(t2, amb, "Try the larger ear tips, we will send you a set.", now - timedelta(hours=1))
    assert [v.author.username for v in voices()] == ["quiet"]
    factory.user("staffer", role="moderator")
    db.session.commit()
    login(client, "staffer")
    page = client.get("/staff/keypoints/voices").get_data(as_text=True)
    assert f"/t/{t1.id}/reply?quote=" in page  # one click to reply, quoting the complaint
    assert "<mark>comfort</mark>" in page and "loud" not in page.split("Voices to answer first")[1]


def test_advocates_count_positive_mentions_and_accepted_answers(client, factory):
    keypoint("sound quality", "音质", ["sound"])
    cat = factory.category()
    fan, helper, staff = (
        factory.user("fan"),
        factory.user("helper"),
        factory.user("staffer", role="moderator"),
    )
    now = utcnow()
    for _ in range(2):
        thread_at(fan, cat, "The sound quality is amazing.", now)
    thread_at(staff, cat, "The sound quality is amazing.", now)
    q = thread_at(factory.user("asker"), cat, "How do I reset them?", now)
    answer = reply_at(q, helper, "Hold both buttons for ten seconds.", now)
    q.solution_post_id = answer.id
    db.session.commit()
    drain()
    ranked = advocates()
    assert [(a.user.username, a.positive, a.accepted) for a in ranked] == [
        ("fan", 2, 0),
        ("helper", 0, 1),
    ]
    # Both figures on the desk link to the posts behind them.
    login(client, "staffer")
    page = client.get("/staff/keypoints").get_data(as_text=True)
    assert f"/staff/keypoints/mentions?polarity=positive&amp;author={fan.id}" in page
    link = f"/staff/keypoints/advocates/{helper.id}/accepted"
    assert link in page
    behind = client.get(link).get_data(as_text=True)
    assert "Question about my headphones" in behind and f"/p/{answer.id}" in behind
    assert "No accepted answers" in client.get(f"/staff/keypoints/advocates/{fan.id}/accepted").get_data(as_text=True)
    assert client.get("/staff/keypoints/advocates/999999/accepted").status_code == 404
    assert client.get(f"{link}?since=garbage").status_code == 422


def test_recency_breaks_equal_reach_and_old_complaints_sink(factory, ctx):
    """Same reach: the newer complaint first. A far older complaint from a somewhat better-known
    author ranks below a fresh one (recency halves the weight as the complaint ages)."""
    keypoint("comfort", "舒适", ["佩戴"])
    cat = factory.category()
    a, b, c = factory.user("early"), factory.user("late"), factory.user("known")
    c.reputation = 20
    now = utcnow()
    thread_at(a, cat, "The comfort is awful after an hour.", now - timedelta(days=3))
    thread_at(b, cat, "The comfort is awful after an hour.", now - timedelta(hours=2))
    thread_at(c, cat, "The comfort is awful after an hour.", now - timedelta(days=30))
    drain()
    ranked = [v.author.username for v in voices()]
    assert ranked == ["late", "early", "known"]
