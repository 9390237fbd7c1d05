from sqlalchemy import func, select

from community.accounts.models import User
from community.extensions import db
from community.notifications import service
from community.notifications.channels import Delivery, add_channel, channels
from community.notifications.fanout import on_new_post
from community.notifications.models import Notification
from community.solutions import solutions
from community.votes import votes
from tests.factories import api_token, login
from tests.qa.helpers import peek, question_with_replies, settle


def _kinds(user_id: int) -> list[str]:
    return peek(
        lambda: sorted(n.kind for n in db.session.scalars(select(Notification).where(Notification.user_id == user_id)))
    )


def _reply(client, username, thread_id, body, reply_to=None):  # type: ignore[no-untyped-def]
    resp = client.post(
        f"/api/v1/threads/{thread_id}/posts",
        json={"body": body, "reply_to": reply_to},
        headers=api_token(client, username),
    )
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()["post"]


def test_reply_mention_quote_accept_vote(client, factory):
    asker, thread, _ = question_with_replies(factory, n=0)
    factory.user("helper")
    factory.user("friend")
    factory.user("quoted")
    quoted_post = _reply(client, "quoted", thread.id, "First idea.")
    post = _reply(
        client,
        "helper",
        thread.id,
        "@friend have a look. Also see above.",
        reply_to=quoted_post["id"],
    )
    friend = peek(lambda: db.session.query(User).filter_by(username="friend").one())
    quoted = peek(lambda: db.session.query(User).filter_by(username="quoted").one())
    helper = peek(lambda: db.session.query(User).filter_by(username="helper").one())
    assert _kinds(asker.id) == ["reply", "reply"]  # two replies to their thread
    assert _kinds(friend.id) == ["mention"]
    assert _kinds(quoted.id) == ["reply"]  # a reply to their post
    assert _kinds(helper.id) == []  # nobody hears of their own post
    # a quote carries "@name": the quoted member hears of it
    _reply(client, "friend", thread.id, "> **@helper** [wrote](#post-1):\n>\n> have a look\n\nThanks!")
    assert "mention" in _kinds(helper.id)
    solutions.mark(db.session.get(User, asker.id), db.session.get(type(thread), thread.id), post["id"])
    settle()
    assert "accepted" in _kinds(helper.id)
    votes.cast(
        db.session.get(User, friend.id),
        db.session.get(__import__("community.forum.models", fromlist=["Post"]).Post, post["id"]),
    )
    settle()
    assert _kinds(helper.id).count("vote") == 1


def test_handlers_are_idempotent(client, factory):
    asker, thread, (reply, _) = question_with_replies(factory)
    settle()
    before = peek(lambda: db.session.scalar(select(func.count(Notification.id))))
    on_new_post({"post_id": reply.id, "thread_id": thread.id})
    assert peek(lambda: db.session.scalar(select(func.count(Notification.id)))) == before
    assert _kinds(asker.id).count("reply") == 2


def test_watch_and_mute(client, factory):
    asker, thread, _ = question_with_replies(factory, n=0)
    settle()
    factory.user("watcher")
    factory.user("replier")
    w_headers = api_token(client, "watcher")
    resp = client.put(
        "/api/v1/watches",
        json={"target_type": "category", "target_id": thread.category_id, "level": "watch"},
        headers=w_headers,
    )
    assert resp.status_code == 200
    watcher = peek(lambda: db.session.query(User).filter_by(username="watcher").one())
    _reply(client, "replier", thread.id, "A reply in a watched category.")
    assert _kinds(watcher.id) == ["watching"]
    # the thread muted: the category watch no longer reaches them for this thread
    client.put(
        "/api/v1/watches",
        json={"target_type": "thread", "target_id": thread.id, "level": "mute"},
        headers=w_headers,
    )
    _reply(client, "replier", thread.id, "Another reply.")
    assert _kinds(watcher.id) == ["watching"]
    # a new thread in the category does reach them
    new = client.post(
        "/api/v1/threads",
        json={
            "category": thread.category_id,
            "kind": "discussion",
            "title": "New topic here",
            "body": "Hello all.",
        },
        headers=api_token(client, "replier"),
    )
    assert new.status_code == 201
    assert _kinds(watcher.id) == ["watching", "watching"]
    # the asker mutes their own thread: no more replies
    client.put(
        "/api/v1/watches",
        json={"target_type": "thread", "target_id": thread.id, "level": "mute"},
        headers=api_token(client, asker.username),
    )
    count = len(_kinds(asker.id))
    _reply(client, "replier", thread.id, "Third reply.")
    assert len(_kinds(asker.id)) == count
    listed = client.get("/api/v1/watches", headers=w_headers).get_json()["items"]
    assert {(w["target_type"], w["level"]) for w in listed} == {
        ("category", "watch"),
        ("thread", "mute"),
    }
    reset = client.put(
        "/api/v1/watches",
        json={"target_type": "thread", "target_id": thread.id, "level": "none"},
        headers=w_headers,
    )
    assert reset.get_json()["watch"]["level"] == "none"


def test_watch_product(client, factory):
    _asker, thread, _ = question_with_replies(factory, n=0)
    from community.products.models import Product

    product = Product(
        name="Aurora Pulse", slug="aurora-pulse", short_description="", description="", description_html=""
    )
    db.session.add(product)
    db.session.flush()
    pid = product.id
    thread.product_id = pid
    settle()
    factory.user("fan")
    factory.user("replier2")
    client.put(
        "/api/v1/watches",
        json={"target_type": "product", "target_id": pid, "level": "watch"},
        headers=api_token(client, "fan"),
    )
    _reply(client, "replier2", thread.id, "About this product.")
    fan = peek(lambda: db.session.query(User).filter_by(username="fan").one())
    assert _kinds(fan.id) == ["watching"]


def test_watch_bad_input(client, factory):
    factory.user("picky")
    h = api_token(client, "picky")
    assert (
        client.put(
            "/api/v1/watches",
            json={"target_type": "planet", "target_id": 1, "level": "watch"},
            headers=h,
        ).status_code
        == 422
    )
    assert (
        client.put(
            "/api/v1/watches",
            json={"target_type": "thread", "target_id": "x", "level": "watch"},
            headers=h,
        ).status_code
        == 422
    )
    assert (
        client.put(
            "/api/v1/watches",
            json={"target_type": "thread", "target_id": 5, "level": "loud"},
            headers=h,
        ).status_code
        == 422
    )
    assert (
        client.put(
            "/api/v1/watches",
            json={"target_type": "thread", "target_id": 999, "level": "watch"},
            headers=h,
        ).status_code
        == 404
    )
    assert client.put("/api/v1/watches", data="[", headers={**h, "Content-Type": "application/json"}).status_code == 400
    assert client.put("/api/v1/watches", json={}).status_code == 401


def test_staff_only_posts_never_notify_members(client, factory):
    staff_cat = factory.category("Staff room", staff_only=True)
    mod = factory.user("modnote", role="moderator")
    factory.user("outsider")
    thread = factory.thread(author=mod, category=staff_cat, kind="discussion")
    factory.reply(thread, author=mod, body="@outsider should not hear of this.")
    outsider = peek(lambda: db.session.query(User).filter_by(username="outsider").one())
    settle()
    assert _kinds(outsider.id) == []


def test_settings_switch_kinds_off(client, factory):
    asker, thread, _ = question_with_replies(factory, n=0)
    h = api_token(client, asker.username)
    got = client.get("/api/v1/notifications/settings", headers=h).get_json()["settings"]
    assert got["app"]["reply"] is True
    resp = client.put("/api/v1/notifications/settings", json={"settings": {"app": {"reply": False}}}, headers=h)
    assert resp.status_code == 200 and resp.get_json()["settings"]["app"]["reply"] is False
    factory.user("replier3")
    _reply(client, "replier3", thread.id, "Nobody will be told.")
    assert _kinds(asker.id) == []
    bad = client.put("/api/v1/notifications/settings", json={"settings": {"app": {"reply": "yes"}}}, headers=h)
    assert bad.status_code == 422
    assert client.put("/api/v1/notifications/settings", json={"settings": {"pigeon": {}}}, headers=h).status_code == 422
    assert client.put("/api/v1/notifications/settings", json={"settings": 3}, headers=h).status_code == 422


def test_list_bell_and_mark_all_read(client, factory):
    asker, thread, _ = question_with_replies(factory, n=0)
    factory.user("replier4")
    for i in range(3):
        _reply(client, "replier4", thread.id, f"Reply {i}.")
    h = api_token(client, asker.username)
    data = client.get("/api/v1/notifications?limit=2", headers=h).get_json()
    assert data["unread"] == 3 and len(data["items"]) == 2 and data["next_cursor"]
    rest = client.get(f"/api/v1/notifications?limit=2&cursor={data['next_cursor']}", headers=h).get_json()
    assert len(rest["items"]) == 1 and rest["next_cursor"] is None
    assert client.get("/api/v1/notifications?cursor=zzz", headers=h).status_code == 400
    assert client.get("/api/v1/notifications/unread", headers=h).get_json() == {"unread": 3}
    one = data["items"][0]["id"]
    assert client.post(f"/api/v1/notifications/{one}/read", headers=h).get_json()["notification"]["read"] is True
    assert client.post("/api/v1/notifications/999999/read", headers=h).status_code == 404
    # the web: bell with count in the header, the list, opening one, mark all read
    login(client, asker.username)
    home = client.get("/").get_data(as_text=True)
    assert 'data-unread="2"' in home
    page = client.get("/notifications").get_data(as_text=True)
    assert "replier4 replied" in page
    opened = client.get(f"/notifications/{one}")
    assert opened.status_code == 302 and "/p/" in opened.headers["Location"]
    assert client.post("/notifications/read-all").status_code == 302
    assert "data-unread" not in client.get("/").get_data(as_text=True)
    assert client.post("/api/v1/notifications/read-all", headers=h).get_json()["marked"] == 0
    # someone else's notification is not found
    client.post("/logout")
    factory.user("stranger")
    assert client.post(f"/api/v1/notifications/{one}/read", headers=api_token(client, "stranger")).status_code == 404


def test_anonymous_gets_401_or_login(client):
    assert client.get("/api/v1/notifications").status_code == 401
    assert client.get("/notifications").status_code == 302
    assert "Notifications" not in client.get("/").get_data(as_text=True)


def test_web_settings_and_watch_buttons(client, factory):
    asker, thread, _ = question_with_replies(factory, n=0)
    login(client, asker.username)
    assert client.get("/notifications/settings").status_code == 200
    client.post("/notifications/settings", data={"app.reply": "1", "app.mention": "1"})
    prefs = peek(lambda: service.settings(db.session.get(User, asker.id)))
    assert prefs["app"]["reply"] is True and prefs["app"]["vote"] is False
    page = client.get(f"/t/{thread.id}/{thread.slug}").get_data(as_text=True)
    assert 'name="target_type" value="thread"' in page
    resp = client.post(
        "/watch",
        data={
            "target_type": "thread",
            "target_id": thread.id,
            "level": "mute",
            "next": "https://evil.example/",
        },
    )
    assert resp.status_code == 302 and "evil" not in resp.headers["Location"]
    assert peek(lambda: service.watch_levels(asker.id, db.session.get(type(thread), thread.id))) == {"thread": "mute"}
    bad = client.post(
        "/watch",
        data={"target_type": "thread", "target_id": "nope", "level": "mute"},
        follow_redirects=True,
    )
    assert bad.status_code == 200


def test_email_channel_plugs_in(client, factory):
    sent: list[Delivery] = []

    class Recorder:
        name = "test-email"
        label = "Email"

        def deliver(self, delivery: Delivery) -> None:
            sent.append(delivery)

    add_channel(Recorder())
    try:
        asker, _thread, _ = question_with_replies(factory, n=1)
        settle()
        assert [d.kind for d in sent if d.user_id == asker.id] == ["reply"]
        assert "test-email" in service.settings(asker)
    finally:
        channels_list = channels()
        from community.notifications import channels as mod

        mod._channels[:] = [c for c in channels_list if c.name != "test-email"]
