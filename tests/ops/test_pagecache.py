"""Whole-page cache for anonymous visitors: hits, invalidation, never for members or flashes."""

from __future__ import annotations

import os
import uuid

import pytest

from community.extensions import db
from tests.factories import login


@pytest.fixture(params=["memory"] + (["redis"] if os.environ.get("TEST_REDIS_URL") else []))
def cached_app(request, app):  # type: ignore[no-untyped-def]
    app.config["PAGE_CACHE"] = True
    prefix = None
    if request.param == "redis":
        prefix = f"test-pc-{uuid.uuid4().hex[:8]}:"
        app.config["REDIS_URL"] = os.environ["TEST_REDIS_URL"]
        app.config["REDIS_PREFIX"] = prefix
        app.config["OUTBOX_MODE"] = "inline"
    yield app
    if prefix:
        from community.ops.redis_client import redis_for

        redis = redis_for(app)
        for name in redis.scan_iter(prefix + "*"):
            redis.delete(name)


def test_anonymous_hit_on_second_request(cached_app, factory):
    client = cached_app.test_client()
    thread = factory.thread(title="Does the case charge wirelessly?")
    url = f"/t/{thread.id}/{thread.slug}"
    first = client.get(url)
    assert first.status_code == 200 and first.headers["X-Cache"] == "MISS"
    assert "Set-Cookie" not in first.headers
    second = client.get(url)
    assert second.headers["X-Cache"] == "HIT"
    assert second.get_data() == first.get_data()
    # Security headers and a request id still come with a cached page.
    assert "Content-Security-Policy" in second.headers and second.headers["X-Request-ID"]
    assert client.get("/").headers["X-Cache"] == "MISS"
    assert client.get("/").headers["X-Cache"] == "HIT"


def test_a_new_reply_invalidates_thread_home_and_category(cached_app, factory):
    client = cached_app.test_client()
    thread = factory.thread(title="Left earbud is quiet")
    url = f"/t/{thread.id}/{thread.slug}"
    cat_url = f"/c/{thread.category.slug}"
    for u in (url, "/", cat_url):
        client.get(u)
        assert client.get(u).headers["X-Cache"] == "HIT"
    factory.reply(thread, body="Clean the mesh with a dry brush, it fixed mine.")
    for u in (url, "/", cat_url):
        resp = client.get(u)
        assert resp.headers["X-Cache"] == "MISS", u
    assert "Clean the mesh" in client.get(url).get_data(as_text=True)


def test_a_reply_through_the_web_invalidates(cached_app, factory):
    anon = cached_app.test_client()
    member = cached_app.test_client()
    thread = factory.thread(title="Firmware 2.1 drains battery")
    factory.user("writer")
    url = f"/t/{thread.id}/{thread.slug}"
    anon.get(url)
    assert anon.get(url).headers["X-Cache"] == "HIT"
    login(member, "writer")
    assert member.post(f"/t/{thread.id}/reply", data={"body": "Same here since Tuesday."}).status_code == 302
    resp = anon.get(url)
    assert resp.headers["X-Cache"] == "MISS" and "Same here since Tuesday." in resp.get_data(as_text=True)


def test_other_threads_stay_cached(cached_app, factory):
    client = cached_app.test_client()
    a = factory.thread(title="Thread A about bass")
    b = factory.thread(title="Thread B about treble")
    url_b = f"/t/{b.id}/{b.slug}"
    client.get(url_b)
    factory.reply(a)
    assert client.get(url_b).headers["X-Cache"] == "HIT"


def test_signed_in_users_never_get_cached_pages(cached_app, factory):
    anon = cached_app.test_client()
    member = cached_app.test_client()
    thread = factory.thread(title="Noise cancelling hiss")
    factory.user("reader")
    url = f"/t/{thread.id}/{thread.slug}"
    anon.get(url)
    assert anon.get(url).headers["X-Cache"] == "HIT"
    login(member, "reader")
    for _ in range(2):
        resp = member.get(url)
        assert resp.status_code == 200 and "X-Cache" not in resp.headers
        assert "reader" in resp.get_data(as_text=True)


def test_page_with_flash_message_is_not_cached(cached_app, factory):
    client = cached_app.test_client()
    factory.thread()
    with client.session_transaction() as sess:
        sess["_flashes"] = [("success", "Welcome back, traveller.")]
    resp = client.get("/")
    assert "Welcome back, traveller." in resp.get_data(as_text=True)
    assert "X-Cache" not in resp.headers
    # The flash was not stored: the next visitor does not see it.
    other = cached_app.test_client()
    first = other.get("/")
    assert "Welcome back, traveller." not in first.get_data(as_text=True)
    assert other.get("/").headers["X-Cache"] == "HIT"


def test_anonymous_page_carries_no_csrf_token_and_language_is_a_link(cached_app, factory):
    client = cached_app.test_client()
    factory.thread()
    html = client.get("/").get_data(as_text=True)
    assert "csrf_token" not in html
    resp = client.get("/lang/zh?next=/")
    assert resp.status_code == 302 and "lang=zh" in resp.headers["Set-Cookie"]
    # The Chinese page is a different entry from the English one.
    zh = client.get("/")
    assert zh.headers["X-Cache"] == "MISS"
    assert client.get("/").headers["X-Cache"] == "HIT"
    assert client.get("/lang/xx").status_code == 404
    assert client.get("/lang/en?next=//evil.example").headers["Location"] in ("/", "http://localhost/")


def test_member_language_post_still_needs_csrf_and_saves_choice(cached_app, factory):
    user = factory.user("linguist")
    client = cached_app.test_client()
    login(client, "linguist")
    client.post("/lang/zh", data={"next": "/"})
    db.session.expire_all()
    assert db.session.get(type(user), user.id).locale == "zh"
    client.get("/lang/en")  # a GET link cannot change a member's saved choice (no CSRF on GET)
    db.session.expire_all()
    assert db.session.get(type(user), user.id).locale == "zh"


def test_errors_and_non_pages_are_not_cached(cached_app):
    client = cached_app.test_client()
    assert client.get("/t/999999/nothing").status_code == 404
    assert "X-Cache" not in client.get("/healthz").headers
    resp = client.get("/t/999999/nothing")
    assert resp.headers.get("X-Cache") != "HIT"


def test_disabled_cache(cached_app, factory):
    cached_app.config["PAGE_CACHE"] = False
    client = cached_app.test_client()
    factory.thread()
    client.get("/")
    assert "X-Cache" not in client.get("/").headers


def test_cacheable_with_csrf_protection_on(cached_app, factory):
    """The thread view builds a reply form even for visitors; its unused CSRF secret must not
    make the page uncacheable nor give the visitor a cookie."""
    cached_app.config["WTF_CSRF_ENABLED"] = True
    client = cached_app.test_client()
    thread = factory.thread()
    url = f"/t/{thread.id}/{thread.slug}"
    first = client.get(url)
    assert first.headers["X-Cache"] == "MISS" and "Set-Cookie" not in first.headers
    assert client.get(url).headers["X-Cache"] == "HIT"
    # A page that does show a token to a visitor (the sign-up form) is never stored.
    signup = client.get("/signup")
    assert "csrf_token" in signup.get_data(as_text=True) and "X-Cache" not in signup.headers


def test_moving_a_thread_invalidates_both_categories(cached_app, factory):
    from community.forum import threads

    client = cached_app.test_client()
    thread = factory.thread(title="Which case fits the Buds?")
    source, target = thread.category, factory.category("Accessories")
    pages = (f"/c/{source.slug}", f"/c/{target.slug}")
    for u in pages:
        client.get(u)
        assert client.get(u).headers["X-Cache"] == "HIT"
    mod = factory.user("cache_mover", role="moderator")
    threads.move_thread(mod, thread, target)
    db.session.commit()
    for u in pages:
        assert client.get(u).headers["X-Cache"] == "MISS", u
    assert "Which case fits" not in client.get(pages[0]).get_data(as_text=True)
    assert "Which case fits" in client.get(pages[1]).get_data(as_text=True)
