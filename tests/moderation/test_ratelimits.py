"""Rate limits: sign-up, login, posting, flagging; per account and per IP; 429 + Retry-After;
the form keeps the typed text; counters shared across app instances through Redis."""

import os
import uuid

import pytest

from app import create_app
from tests.conftest import _config
from tests.factories import api_token, login


def _limited_app(database_url, tmp_path, **extra):  # type: ignore[no-untyped-def]
    # OUTBOX_MODE=worker: no in-request drain (it waits on SQLite locks held by the test's own
    # outer session); these tests are about limits, not derived data.
    config = {
        **_config(database_url, tmp_path),
        "RATELIMIT_ENABLED": True,
        "OUTBOX_MODE": "worker",
        **extra,
    }
    return create_app(config)


@pytest.fixture
def app(database_url, tmp_path):  # type: ignore[no-untyped-def]
    """The suite's app with rate limiting switched on (memory storage, own key prefix)."""
    from community.extensions import db
    from tests.conftest import _wipe

    lapp = _limited_app(database_url, tmp_path, RATELIMIT_KEY_PREFIX=f"t-{uuid.uuid4().hex[:8]}")
    with lapp.app_context():
        _wipe()
    yield lapp
    with lapp.app_context():
        db.session.remove()
        _wipe()
        db.engine.dispose()


@pytest.fixture
def limited(app):  # type: ignore[no-untyped-def]
    return app


def test_signup_flood_from_one_ip_is_stopped_across_web_and_api(limited):
    client = limited.test_client()
    for i in range(10):
        resp = client.post(
            "/signup",
            data={
                "username": f"flood{i}",
                "email": f"flood{i}@example.com",
                "password": "Blue-Harbour-Lantern-42",
            },
        )
        assert resp.status_code in (302, 422), resp.status_code
        client.post("/logout")
    resp = client.post("/signup", data={"username": "flood10", "email": "flood10@example.com", "password": "x"})
    assert resp.status_code == 429 and int(resp.headers["Retry-After"]) > 0
    api = client.post(
        "/api/v1/auth/register",
        json={"username": "flood11", "email": "f11@example.com", "password": "x"},
    )
    assert api.status_code == 429 and api.get_json()["error"]["code"] == "rate_limited"
    other_ip = limited.test_client()
    other_ip.environ_base["REMOTE_ADDR"] = "10.9.8.7"
    assert (
        other_ip.post(
            "/signup",
            data={
                "username": "elsewhere",
                "email": "e@example.com",
                "password": "Blue-Harbour-Lantern-42",
            },
        ).status_code
        == 302
    )


def test_login_is_limited_per_ip(limited):
    client = limited.test_client()
    for _ in range(10):
        assert client.post("/login", data={"login": "nobody", "password": "wrong"}).status_code == 401
    resp = client.post("/login", data={"login": "nobody", "password": "wrong"})
    assert resp.status_code == 429 and resp.headers.get("Retry-After")


def test_new_account_posting_limit_keeps_the_typed_reply(limited, factory):
    thread = factory.thread()
    factory.user("eager", trust_level=0)
    client = limited.test_client()
    login(client, "eager")
    for i in range(3):
        assert (
            client.post(f"/t/{thread.id}/reply", data={"body": f"Reply number {i} about pairing."}).status_code == 302
        )
    resp = client.post(f"/t/{thread.id}/reply", data={"body": "My carefully typed fourth reply 第四条"})
    assert resp.status_code == 429 and int(resp.headers["Retry-After"]) > 0
    html = resp.get_data(as_text=True)
    assert "My carefully typed fourth reply 第四条" in html and "too fast" in html


def test_trusted_members_post_more(limited, factory):
    thread = factory.thread()
    factory.user("regular", trust_level=2)
    client = limited.test_client()
    login(client, "regular")
    for i in range(5):
        assert client.post(f"/t/{thread.id}/reply", data={"body": f"Answer {i}: hold the button."}).status_code == 302


def test_flagging_limit_for_new_accounts(limited, factory):
    thread = factory.thread()
    posts = [factory.reply(thread, author=factory.user(trust_level=1), body=f"Post {i} about noise.") for i in range(6)]
    factory.user("flaggy", trust_level=0)
    client = limited.test_client()
    headers = api_token(client, "flaggy")
    for post in posts[:5]:
        assert (
            client.post(f"/api/v1/posts/{post.id}/flags", json={"reason": "spam"}, headers=headers).status_code == 201
        )
    resp = client.post(f"/api/v1/posts/{posts[5].id}/flags", json={"reason": "spam"}, headers=headers)
    assert resp.status_code == 429 and resp.headers.get("Retry-After")


@pytest.mark.skipif(not os.environ.get("TEST_REDIS_URL"), reason="TEST_REDIS_URL not set")
def test_limits_are_shared_across_app_instances_with_redis(app, database_url, tmp_path):
    import redis

    url = os.environ["TEST_REDIS_URL"]
    prefix = f"test-moderation-{uuid.uuid4().hex[:8]}"
    one = _limited_app(database_url, tmp_path / "one", RATELIMIT_STORAGE_URI=url, RATELIMIT_KEY_PREFIX=prefix)
    two = _limited_app(database_url, tmp_path / "two", RATELIMIT_STORAGE_URI=url, RATELIMIT_KEY_PREFIX=prefix)
    from community.extensions import limiter

    # Flask-Limiter keeps the first key prefix it saw in this process (one app per process in
    # production); the test sets its own so it only ever touches its own Redis keys.
    old_prefix, limiter._key_prefix = limiter._key_prefix, prefix
    try:
        clients = [one.test_client(), two.test_client()]
        for i in range(10):  # 5 on each instance
            assert clients[i % 2].post("/login", data={"login": "x", "password": "y"}).status_code == 401
        for c in clients:
            assert c.post("/login", data={"login": "x", "password": "y"}).status_code == 429
        conn = redis.Redis.from_url(url)
        assert list(conn.scan_iter(f"*{prefix}*")), "the counters live in Redis"
    finally:
        limiter._key_prefix = old_prefix
        conn = redis.Redis.from_url(url)
        for key in conn.scan_iter(f"*{prefix}*"):
            conn.delete(key)
