"""Settings lists the signed-in browsers and can sign out every other one (a lost phone)."""

from __future__ import annotations

from tests.factories import Factory, login


def test_settings_lists_browsers_and_signs_out_the_others(app):  # type: ignore[no-untyped-def]
    # Built in a short app context: the shared `factory` fixture keeps one open for the whole test,
    # and Flask-Login would then remember the first client's user for the second client too.
    with app.app_context():
        Factory(app).user("nomad")
    laptop, phone = app.test_client(), app.test_client()
    login(laptop, "nomad")
    login(phone, "nomad")
    html = laptop.get("/account/settings").get_data(as_text=True)
    assert html.count('<span class="browser-agent">') == 2
    assert html.count("This browser") == 1
    assert "Sign out everywhere else" in html

    resp = laptop.post("/account/sessions/end-others", follow_redirects=True)
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert "Signed out on every other browser." in html
    assert html.count('<span class="browser-agent">') == 1
    assert "Sign out everywhere else" not in html
    gone = phone.get("/account/settings")
    assert gone.status_code == 302 and "/login" in gone.headers["Location"]


def test_ending_other_sessions_needs_sign_in(client):  # type: ignore[no-untyped-def]
    resp = client.post("/account/sessions/end-others")
    assert resp.status_code == 302
    assert "/login" in resp.headers["Location"]
