"""Accounts: sign-up rules, one message for every sign-in failure, sessions that really end."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from community.accounts.models import ApiToken, LoginSession, User
from community.extensions import db
from tests.factories import PASSWORD, login


def _signup(client, username="carol", email="carol@example.com", password=PASSWORD):
    return client.post("/signup", data={"username": username, "email": email, "password": password})


def test_signup_creates_member_with_scrypt_hash_and_signs_in(client, app):
    resp = _signup(client)
    assert resp.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "carol"))
        assert user.role == "member" and user.trust_level == 0
        assert user.password_hash.startswith("scrypt:")
        assert PASSWORD not in user.password_hash
    assert "carol" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("password", ["password123", "qwertyuiop", "1234567890", "Password1!", "carolcarol1"])
def test_common_or_guessable_passwords_are_refused_and_input_kept(client, password):
    resp = _signup(client, password=password)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert 'value="carol"' in html and 'value="carol@example.com"' in html
    assert 'aria-invalid="true"' in html


@pytest.mark.parametrize("name", ["Admin", "аdmin", "adm1n", "a_d_m_i_n", "ｍｏｄ_ｌｉｎ", "mod_1in", "MOD-LIN"])
def test_staff_lookalike_and_reserved_names_are_refused(client, factory, name):
    factory.user("mod_lin", role="moderator")
    resp = _signup(client, username=name, email="x@example.com")
    assert resp.status_code == 422
    with client.application.app_context():
        assert db.session.scalar(select(User).where(User.email == "x@example.com")) is None


def test_duplicate_username_or_email_gets_one_generic_message(client, factory):
    factory.user("dave", email="dave@example.com")
    by_name = _signup(client, username="DAVE", email="other@example.com").get_data(as_text=True)
    by_mail = _signup(client, username="dave2", email="Dave@Example.com").get_data(as_text=True)
    msg = "This username or email cannot be used"
    assert msg in by_name and msg in by_mail


def test_chinese_username_allowed(client):
    assert _signup(client, username="小雨同学", email="xy@example.com").status_code == 302


def test_two_chinese_characters_make_a_name_but_two_letters_do_not(client):
    assert _signup(client, username="李明", email="lm@example.com").status_code == 302
    visitor = client.application.test_client()
    for short in ("ab", "李", "李a", "a李"):
        resp = _signup(visitor, username=short, email=f"{len(short)}{ord(short[-1])}@example.com")
        assert resp.status_code == 422, short
        assert "3 to 32 characters" in resp.get_data(as_text=True)


def test_wrong_password_and_unknown_user_get_the_same_answer(client, factory):
    factory.user("erin")
    wrong = login(client, "erin", "Not-The-Password-77")
    unknown = login(client, "nobody-here", "Not-The-Password-77")
    assert wrong.status_code == unknown.status_code == 401

    def strip(resp):
        text = resp.get_data(as_text=True).replace('value="erin"', "").replace('value="nobody-here"', "")
        return re.sub(r'name="csrf_token"[^>]*>|value="[\w.\-]{40,}"', "", text)

    assert strip(wrong) == strip(unknown)


def test_sign_in_by_email_and_case_insensitive_username(client, factory):
    factory.user("Frank", email="frank@example.com")
    assert login(client, "frank@example.com").status_code == 302
    client.post("/logout")
    assert login(client, "FRANK").status_code == 302


def test_signout_ends_the_session_even_for_a_replayed_cookie(app, factory):
    factory.user("gina")
    a = app.test_client()
    assert login(a, "gina").status_code == 302
    stolen = a.get_cookie("session").value
    assert "gina" in a.get("/account/settings").get_data(as_text=True)
    a.post("/logout")
    b = app.test_client()
    b.set_cookie("session", stolen)
    resp = b.get("/account/settings")
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]


def test_remember_me_cookie_is_httponly_samesite_and_revoked_on_signout(app, factory):
    factory.user("hank")
    c = app.test_client()
    resp = login(c, "hank", remember=True)
    cookies = resp.headers.getlist("Set-Cookie")
    remember = [h for h in cookies if h.startswith("remember_token=")]
    session = [h for h in cookies if h.startswith("session=")]
    assert remember and "HttpOnly" in remember[0] and "SameSite=Lax" in remember[0]
    assert session and "HttpOnly" in session[0] and "SameSite=Lax" in session[0]
    token = c.get_cookie("remember_token").value
    c.post("/logout")
    other = app.test_client()
    other.set_cookie("remember_token", token)
    assert other.get("/account/settings").status_code == 302


def test_secure_cookies_behind_https(database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("HTTPS", "1")
    from app import create_app
    from tests.conftest import _config

    cfg = _config(database_url, tmp_path)
    app = create_app(cfg)
    assert app.config["SESSION_COOKIE_SECURE"] is True and app.config["REMEMBER_COOKIE_SECURE"] is True


def test_password_change_keeps_this_browser_and_signs_out_others(app, factory):
    user = factory.user("ivy")
    here, there = app.test_client(), app.test_client()
    login(here, "ivy")
    login(there, "ivy")
    new = "Quiet-Meadow-Copper-93"
    resp = here.post("/account/password", data={"current_password": PASSWORD, "new_password": new})
    assert resp.status_code == 302
    assert here.get("/account/settings").status_code == 200
    assert there.get("/account/settings").status_code == 302
    assert db.session.scalar(select(LoginSession).where(LoginSession.user_id == user.id)) is not None
    assert login(app.test_client(), "ivy", new).status_code == 302


def test_password_change_with_wrong_current_password_is_refused(client, factory):
    factory.user("jack")
    login(client, "jack")
    resp = client.post(
        "/account/password", data={"current_password": "wrong-one-here", "new_password": "Quiet-Meadow-Copper-93"}
    )
    assert resp.status_code == 422 and "current password is not right" in resp.get_data(as_text=True)


def test_suspended_user_cannot_sign_in_and_is_told_why(client, factory, app):
    from datetime import timedelta

    from community.timeutil import utcnow

    user = factory.user("kim")
    with app.app_context():
        u = db.session.get(User, user.id)
        u.suspended_until = utcnow() + timedelta(days=3)
        u.suspend_reason = "Repeated spam"
        db.session.commit()
    resp = login(client, "kim")
    assert resp.status_code == 403 and "Repeated spam" in resp.get_data(as_text=True)


@pytest.mark.parametrize(
    "target,expected",
    [
        ("/t/1", "/t/1"),
        ("//evil.example/x", "/"),
        ("https://evil.example", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("/%0d%0aSet-Cookie:x", "/%0d%0aSet-Cookie:x"),
    ],
)
def test_next_redirects_only_within_this_site(client, factory, target, expected):
    factory.user("leo")
    resp = client.post("/login", data={"login": "leo", "password": PASSWORD, "next": target})
    assert resp.status_code == 302
    assert resp.headers["Location"] == expected


def test_profile_page_shows_join_date_posts_and_reputation(client, factory):
    user = factory.user("mia")
    factory.thread(author=user, title="My Aurora Pulse after a month")
    html = client.get("/u/mia").get_data(as_text=True)
    assert "mia" in html and "My Aurora Pulse after a month" in html and "Reputation" in html
    assert client.get("/u/nobody-like-that").status_code == 404


def test_cli_creates_admin(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--username",
            "root_admin",
            "--email",
            "r@example.com",
            "--password",
            PASSWORD,
            "--role",
            "admin",
        ]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(User.role).where(User.username == "root_admin")) == "admin"
    bad = runner.invoke(
        args=["users", "create", "--username", "x2", "--email", "bad", "--password", "short", "--role", "admin"]
    )
    assert bad.exit_code != 0 and "password" in bad.output.lower()


def test_api_tokens_are_stored_hashed(client, factory, app):
    factory.user("nora")
    resp = client.post("/api/v1/auth/token", json={"username": "nora", "password": PASSWORD})
    token = resp.get_json()["token"]
    with app.app_context():
        stored = list(db.session.scalars(select(ApiToken.token_hash)))
    assert stored and token not in stored[0] and len(stored[0]) == 64
