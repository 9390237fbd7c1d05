from sqlalchemy import func, select

from community.api.spec import document
from community.desk.models import CannedAnswer
from community.extensions import db
from community.forum.models import Thread
from community.solutions.demo import clear, load
from community.timeutil import utcnow
from community.votes.models import PostVote
from tests.qa.helpers import question_with_replies


def test_demo_loader_adds_votes_solutions_and_bilingual_canned_answers(factory):
    users = {u.username: u for u in [factory.user("demoamb", role="ambassador"), *(factory.user() for _ in range(4))]}
    threads = []
    for _ in range(3):
        _asker, thread, replies = question_with_replies(factory)
        threads.append({"_thread": thread, "_replies": replies})
    for u in users.values():
        u.is_demo = True
    counts = load({"users": users, "categories": {}, "threads": threads, "now": utcnow()})
    db.session.commit()
    assert counts["votes"] > 0 and counts["solutions"] == 2 and counts["canned answers"] == 5
    assert {a.language for a in db.session.scalars(select(CannedAnswer))} == {"en", "zh"}
    assert db.session.scalar(select(func.count(Thread.id)).where(Thread.solution_post_id.is_not(None))) == 2
    cleared = clear()
    db.session.commit()
    assert cleared["canned answers"] == 5
    assert db.session.scalar(select(func.count(CannedAnswer.id))) == 0
    # votes by demo users are gone; the test's own (non-demo) voters had none
    assert db.session.scalar(select(func.count(PostVote.id))) == 0


def test_every_new_route_is_in_openapi(app):
    paths = document()["paths"]
    for path, method in [
        ("/posts/{post_id}/vote", "post"),
        ("/posts/{post_id}/vote", "delete"),
        ("/threads/{thread_id}/solution", "post"),
        ("/threads/{thread_id}/solution", "delete"),
        ("/notifications", "get"),
        ("/notifications/read-all", "post"),
        ("/notifications/unread", "get"),
        ("/notifications/{notification_id}/read", "post"),
        ("/notifications/settings", "put"),
        ("/watches", "put"),
        ("/desk/queue", "get"),
        ("/desk/canned", "post"),
        ("/desk/canned/{answer_id}", "patch"),
        ("/desk/response-times", "get"),
    ]:
        assert method in paths[path], (path, method)
    rules = {r.rule for r in app.url_map.iter_rules() if r.rule.startswith("/api/v1/")}
    for rule in rules:
        converted = rule.replace("/api/v1", "").replace("<int:", "{").replace(">", "}")
        if any(k in converted for k in ("vote", "solution", "notification", "watches", "desk")):
            assert converted in paths, converted
