from datetime import timedelta

import pytest
from sqlalchemy import select

from community.desk import response_times
from community.desk.models import CannedAnswer
from community.extensions import db
from community.forum.models import Post, Thread
from community.solutions import solutions
from community.solutions.models import AcceptedSolution
from community.timeutil import utcnow
from moderation.audit import AuditEntry
from tests.factories import api_token, login
from tests.qa.helpers import peek, question_with_replies

WEB_ROUTES = [
    ("get", "/desk/"),
    ("get", "/desk/?queue=unsolved"),
    ("get", "/desk/canned"),
    ("get", "/desk/canned/new"),
    ("post", "/desk/canned/new"),
    ("get", "/desk/canned/{id}/edit"),
    ("post", "/desk/canned/{id}/edit"),
    ("post", "/desk/canned/{id}/delete"),
    ("get", "/desk/canned/use?thread={tid}&canned={id}"),
    ("get", "/desk/response-times"),
]
API_ROUTES = [
    ("get", "/api/v1/desk/queue"),
    ("get", "/api/v1/desk/canned"),
    ("post", "/api/v1/desk/canned"),
    ("get", "/api/v1/desk/canned/{id}"),
    ("patch", "/api/v1/desk/canned/{id}"),
    ("delete", "/api/v1/desk/canned/{id}"),
    ("get", "/api/v1/desk/response-times"),
]


def _canned(factory, language="en"):  # type: ignore[no-untyped-def]
    from community.desk import canned

    amb = factory.user(role="ambassador")
    answer = canned.create(amb, "Pairing reset", "Hold the button **10 s**.", "pairing bluetooth", language)
    db.session.commit()
    return answer


def test_member_gets_403_on_every_desk_route(client, factory):
    answer = _canned(factory)
    _asker, thread, _ = question_with_replies(factory)
    factory.user("plain")
    headers = api_token(client, "plain")
    for method, url in API_ROUTES:
        resp = getattr(client, method)(url.format(id=answer.id), json={"title": "x", "body": "y"}, headers=headers)
        assert resp.status_code == 403, (method, url, resp.status_code)
    login(client, "plain")
    for method, url in WEB_ROUTES:
        resp = getattr(client, method)(url.format(id=answer.id, tid=thread.id), data={"title": "x", "body": "y"})
        assert resp.status_code == 403, (method, url, resp.status_code)
    assert peek(lambda: db.session.get(CannedAnswer, answer.id)) is not None
    assert 'href="/desk/"' not in client.get("/").get_data(as_text=True)


def test_anonymous_is_sent_to_sign_in(client, factory):
    for method, url in WEB_ROUTES[:3]:
        assert getattr(client, method)(url).status_code == 302
    assert client.get("/api/v1/desk/queue").status_code == 401


def test_ambassador_cannot_see_response_times_but_staff_can(client, factory):
    factory.user("ambone", role="ambassador")
    factory.user("modone", role="moderator")
    assert client.get("/api/v1/desk/response-times", headers=api_token(client, "ambone")).status_code == 403
    assert client.get("/api/v1/desk/response-times", headers=api_token(client, "modone")).status_code == 200
    login(client, "ambone")
    assert client.get("/desk/response-times").status_code == 403
    assert client.get("/desk/").status_code == 200


def _age(thread: Thread, hours: float, last_hours: float | None = None) -> None:
    t = db.session.get(Thread, thread.id)
    t.created_at = utcnow() - timedelta(hours=hours)
    t.last_posted_at = utcnow() - timedelta(hours=last_hours if last_hours is not None else hours)


def test_queues(client, factory):
    cat = factory.category()
    asker = factory.user("askerq")
    old_unanswered = factory.thread(author=asker, category=cat, title="Old and waiting")
    new_unanswered = factory.thread(author=asker, category=cat, kind="discussion", title="New and waiting")
    answered = factory.thread(author=asker, category=cat, title="Answered, no solution")
    factory.reply(answered)
    came_back = factory.thread(author=asker, category=cat, title="Asker came back")
    factory.reply(came_back)
    factory.reply(came_back, author=asker, body="That did not work, any other idea?")
    solved = factory.thread(author=asker, category=cat, title="Solved one")
    sol = factory.reply(solved)
    solutions.mark(asker, solved, sol.id)
    staff_cat = factory.category(staff_only=True)
    factory.thread(author=factory.user(role="moderator"), category=staff_cat, title="Staff only waiting")
    _age(old_unanswered, 50)
    _age(new_unanswered, 2)
    _age(answered, 30, 20)
    _age(came_back, 40, 5)
    db.session.commit()
    h = api_token(client, factory.user("ambq", role="ambassador").username)
    waiting = client.get("/api/v1/desk/queue?queue=waiting", headers=h).get_json()["items"]
    assert [i["thread"]["title"] for i in waiting] == ["Old and waiting", "New and waiting"]
    assert waiting[0]["waiting_seconds"] >= 50 * 3600 - 60
    unsolved = client.get("/api/v1/desk/queue?queue=unsolved", headers=h).get_json()["items"]
    assert [i["thread"]["title"] for i in unsolved] == [
        "Old and waiting",
        "Asker came back",
        "Answered, no solution",
    ]
    back = client.get("/api/v1/desk/queue?queue=asker_replied", headers=h).get_json()["items"]
    assert [i["thread"]["title"] for i in back] == ["Asker came back"]
    assert 4 * 3600 < back[0]["waiting_seconds"] < 6 * 3600
    paged = client.get("/api/v1/desk/queue?queue=unsolved&limit=2", headers=h).get_json()
    assert len(paged["items"]) == 2 and paged["next_cursor"]
    assert client.get("/api/v1/desk/queue?queue=nope", headers=h).status_code == 422
    assert client.get("/api/v1/desk/queue?limit=0", headers=h).status_code == 422
    assert client.get("/api/v1/desk/queue?offset=-1", headers=h).status_code == 422
    # staff also see staff-only threads
    hm = api_token(client, factory.user("modq", role="moderator").username)
    titles = [i["thread"]["title"] for i in client.get("/api/v1/desk/queue", headers=hm).get_json()["items"]]
    assert "Staff only waiting" in titles
    login(client, "ambq")
    page = client.get("/desk/?queue=asker_replied").get_data(as_text=True)
    assert "Asker came back" in page and "waiting" in page
    assert client.get("/desk/?queue=bogus").status_code == 404


def test_canned_crud_api(client, factory):
    factory.user("ambc", role="ambassador")
    h = api_token(client, "ambc")
    resp = client.post(
        "/api/v1/desk/canned",
        json={"title": "保修", "body": "两年保修。", "tags": ["保修", "售后"], "language": "zh"},
        headers=h,
    )
    assert resp.status_code == 201, resp.get_json()
    item = resp.get_json()["canned_answer"]
    assert item["tags"] == ["保修", "售后"] and item["language"] == "zh"
    client.post(
        "/api/v1/desk/canned",
        json={"title": "Warranty", "body": "Two **years**.", "tags": "warranty, after-sales"},
        headers=h,
    )
    assert len(client.get("/api/v1/desk/canned", headers=h).get_json()["items"]) == 2
    assert [a["title"] for a in client.get("/api/v1/desk/canned?language=zh", headers=h).get_json()["items"]] == [
        "保修"
    ]
    assert [a["title"] for a in client.get("/api/v1/desk/canned?tag=warranty", headers=h).get_json()["items"]] == [
        "Warranty"
    ]
    assert [a["title"] for a in client.get("/api/v1/desk/canned?q=years", headers=h).get_json()["items"]] == [
        "Warranty"
    ]
    patched = client.patch(f"/api/v1/desk/canned/{item['id']}", json={"title": "保修政策"}, headers=h)
    assert patched.get_json()["canned_answer"]["title"] == "保修政策"
    assert (
        "<strong>years</strong>"
        in client.get("/api/v1/desk/canned?tag=warranty", headers=h).get_json()["items"][0]["body_html"]
    )
    assert client.delete(f"/api/v1/desk/canned/{item['id']}", headers=h).status_code == 204
    assert client.get(f"/api/v1/desk/canned/{item['id']}", headers=h).status_code == 404
    actions = peek(
        lambda: [e.action for e in db.session.scalars(select(AuditEntry).where(AuditEntry.action.like("canned.%")))]
    )
    assert actions == ["canned.create", "canned.create", "canned.edit", "canned.delete"]


@pytest.mark.parametrize(
    "payload,field",
    [
        ({"title": "", "body": "x"}, "title"),
        ({"title": "x" * 121, "body": "x"}, "title"),
        ({"title": "t", "body": ""}, "body"),
        ({"title": "t", "body": "x" * 20001}, "body"),
        ({"title": "t", "body": "x", "language": "fr"}, "language"),
        ({"title": "t", "body": "x", "tags": 5}, "tags"),
        ({"title": "t", "body": "x", "tags": " ".join(f"t{i}" for i in range(11))}, "tags"),
        ({"title": 3, "body": ["x"]}, "title"),
    ],
)
def test_canned_bad_input(client, factory, payload, field):
    factory.user("ambbad", role="ambassador")
    resp = client.post("/api/v1/desk/canned", json=payload, headers=api_token(client, "ambbad"))
    assert resp.status_code == 422
    assert field in resp.get_json()["error"]["fields"]


def test_canned_web_crud_and_insert(client, factory):
    _asker, thread, _ = question_with_replies(factory)
    factory.user("ambweb", role="ambassador")
    login(client, "ambweb")
    assert client.get("/desk/canned/new").status_code == 200
    bad = client.post("/desk/canned/new", data={"title": "Reset", "body": "", "language": "en"})
    assert bad.status_code == 422 and "Reset" in bad.get_data(as_text=True)  # typed text kept
    resp = client.post(
        "/desk/canned/new",
        data={"title": "Reset steps", "body": "Hold **10 s**.", "tags": "reset", "language": "en"},
    )
    assert resp.status_code == 302
    answer_id = peek(lambda: db.session.scalar(select(CannedAnswer.id)))
    listing = client.get("/desk/canned").get_data(as_text=True)
    assert "Reset steps" in listing and "#reset" in listing
    client.post(
        f"/desk/canned/{answer_id}/edit",
        data={
            "title": "Reset steps v2",
            "body": "Hold **10 s**.",
            "tags": "reset",
            "language": "en",
        },
    )
    assert peek(lambda: db.session.get(CannedAnswer, answer_id).title) == "Reset steps v2"
    # the thread page offers the shelf beside the reply box; without JS it opens a filled reply page
    page = client.get(f"/t/{thread.id}/{thread.slug}").get_data(as_text=True)
    assert "data-canned-form" in page and "js/desk.js" in page and 'data-body="Hold **10 s**."' in page
    filled = client.get(f"/desk/canned/use?thread={thread.id}&canned={answer_id}").get_data(as_text=True)
    assert "Hold **10 s**.</textarea>" in filled and f'action="/t/{thread.id}/reply"' in filled
    assert peek(lambda: db.session.get(CannedAnswer, answer_id).use_count) == 1
    assert client.get(f"/desk/canned/use?thread=x&canned={answer_id}").status_code == 404
    assert client.get(f"/desk/canned/use?thread={thread.id}&canned=99999").status_code == 404
    assert client.post(f"/desk/canned/{answer_id}/delete").status_code == 302
    assert peek(lambda: db.session.get(CannedAnswer, answer_id)) is None


def test_members_see_no_canned_shelf(client, factory):
    _canned(factory)
    _asker, thread, _ = question_with_replies(factory)
    factory.user("member5")
    login(client, "member5")
    assert "data-canned-form" not in client.get(f"/t/{thread.id}/{thread.slug}").get_data(as_text=True)


def test_percentiles():
    assert response_times.median([]) is None and response_times.percentile([], 90) is None
    assert response_times.median([5, 1, 3]) == 3 and response_times.median([1, 2, 3, 4]) == 2.5
    values = list(range(1, 11))
    assert response_times.percentile(values, 90) == 9 and response_times.percentile(values, 100) == 10
    assert response_times.percentile([7], 90) == 7


def test_response_time_figures(client, factory):
    cat = factory.category("Speakers")
    asker = factory.user("askerrt")
    now = utcnow()
    week = response_times.week_start(now)
    minutes = [10, 20, 30, 40, 600]
    for i, m in enumerate(minutes):
        t = factory.thread(author=asker, category=cat, title=f"Question {i}")
        r = factory.reply(t)
        t = db.session.get(Thread, t.id)
        t.created_at = week + timedelta(minutes=1)
        db.session.get(Post, r.id).created_at = t.created_at + timedelta(minutes=m)
        if i < 2:
            solutions.mark(asker, t, r.id)
            db.session.get(AcceptedSolution, t.id).accepted_at = t.created_at + timedelta(hours=i + 1)
    own = factory.thread(author=asker, category=cat, title="Only the asker replied")
    factory.reply(own, author=asker)
    db.session.get(Thread, own.id).created_at = week + timedelta(minutes=1)
    db.session.commit()
    h = api_token(client, factory.user("modrt", role="moderator").username)
    rows = client.get("/api/v1/desk/response-times?weeks=2", headers=h).get_json()["items"]
    row = next(r for r in rows if r["category"]["name"] == "Speakers")
    assert row["threads"] == 6 and row["questions"] == 6 and row["replied"] == 5
    assert row["first_reply_median"] == 30 * 60 and row["first_reply_p90"] == 600 * 60
    assert row["solved"] == 2 and row["solution_median"] == 1.5 * 3600 and row["solution_p90"] == 2 * 3600
    for bad in ("0", "105", "x"):
        assert client.get(f"/api/v1/desk/response-times?weeks={bad}", headers=h).status_code == 422
    login(client, "modrt")
    page = client.get("/desk/response-times").get_data(as_text=True)
    assert "Speakers" in page and "30 min" in page and "10.0 h" in page
