"""Silence, suspend, staff notes and the history page."""

from datetime import timedelta

from community.extensions import db
from community.timeutil import utcnow
from tests.factories import api_token, login


def _until(days=3):  # type: ignore[no-untyped-def]
    return (utcnow() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_silenced_member_reads_but_cannot_post_and_sees_why(client, factory, mod):
    member = factory.user("loud", trust_level=1)
    thread = factory.thread()
    mod_headers = api_token(client, "mia_mod")
    resp = client.post(
        f"/api/v1/staff/users/{member.id}/silence",
        json={"until": _until(), "reason": "Repeated insults"},
        headers=mod_headers,
    )
    assert resp.status_code == 200 and resp.get_json()["user"]["silence_reason"] == "Repeated insults"
    headers = api_token(client, "loud")
    assert client.get(f"/api/v1/threads/{thread.id}", headers=headers).status_code == 200
    resp = client.post(f"/api/v1/threads/{thread.id}/posts", json={"body": "hello"}, headers=headers)
    assert resp.status_code == 403 and "Repeated insults" in resp.get_json()["error"]["message"]
    web = app_client = client.application.test_client()
    login(web, "loud")
    assert "Repeated insults" in web.get("/u/loud").get_data(as_text=True)
    del app_client
    assert client.delete(f"/api/v1/staff/users/{member.id}/silence", headers=mod_headers).status_code == 200
    assert (
        client.post(
            f"/api/v1/threads/{thread.id}/posts",
            json={"body": "hello again, sorry"},
            headers=headers,
        ).status_code
        == 201
    )


def test_suspended_member_cannot_sign_in_and_is_told_until_when(app, client, factory, mod):
    member = factory.user("gone", trust_level=1)
    headers = api_token(client, "gone")
    resp = client.post(
        f"/api/v1/staff/users/{member.id}/suspend",
        json={"until": "2099-01-01", "reason": "Spam wave"},
        headers=api_token(client, "mia_mod"),
    )
    assert resp.status_code == 200
    assert client.get("/api/v1/me", headers=headers).status_code == 401  # tokens end at once
    web = app.test_client()
    page = login(web, "gone")
    assert page.status_code == 403
    text = page.get_data(as_text=True)
    assert "2099-01-01" in text and "Spam wave" in text


def test_bad_silence_input(client, factory, mod):
    member = factory.user("target1")
    headers = api_token(client, "mia_mod")
    url = f"/api/v1/staff/users/{member.id}/silence"
    assert client.post(url, json={"until": "yesterday", "reason": "x"}, headers=headers).status_code == 422
    assert client.post(url, json={"until": "2001-01-01", "reason": "x"}, headers=headers).status_code == 422
    assert client.post(url, json={"until": _until(), "reason": ""}, headers=headers).status_code == 422
    assert (
        client.post(
            "/api/v1/staff/users/99999/silence",
            json={"until": _until(), "reason": "x"},
            headers=headers,
        ).status_code
        == 404
    )


def test_moderator_cannot_silence_admin_or_self(client, factory, mod):
    admin = factory.admin("chief")
    headers = api_token(client, "mia_mod")
    assert (
        client.post(
            f"/api/v1/staff/users/{admin.id}/silence",
            json={"until": _until(), "reason": "x"},
            headers=headers,
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/api/v1/staff/users/{mod.id}/suspend",
            json={"until": _until(), "reason": "x"},
            headers=headers,
        ).status_code
        == 403
    )


def test_staff_notes_are_staff_only(app, client, factory, mod, mod_client):
    member = factory.user("noted", trust_level=1)
    resp = mod_client.post(f"/staff/users/{member.id}/notes", data={"body": "Warned about self-promotion on 23 Nov."})
    assert resp.status_code == 302
    page = mod_client.get(f"/staff/users/{member.id}").get_data(as_text=True)
    assert "Warned about self-promotion" in page
    assert "Warned about self-promotion" not in app.test_client().get("/u/noted").get_data(as_text=True)
    other = app.test_client()
    factory.user("nosy", trust_level=3)
    login(other, "nosy")
    assert "Warned about self-promotion" not in other.get("/u/noted").get_data(as_text=True)
    assert other.get(f"/staff/users/{member.id}").status_code == 403
    data = client.get(f"/api/v1/staff/users/{member.id}", headers=api_token(client, "mia_mod")).get_json()
    assert data["notes"][0]["body"].startswith("Warned")


def test_history_page_shows_held_and_hidden_posts(mod_client, factory, mod):
    from moderation.flags import flag

    author = factory.user("histo", trust_level=1)
    thread = factory.thread()
    post = factory.reply(thread, author=author, body="Some reply that gets flagged.")
    for i in range(2):
        flag(factory.user(f"hflag{i}", trust_level=3), "post", post.id, "abuse")
    db.session.commit()
    page = mod_client.get(f"/staff/users/{author.id}").get_data(as_text=True)
    assert "Some reply that gets flagged." in page and "hidden" in page
