"""Which language a page speaks: the signed-in user's saved choice, else the footer switch's
cookie, else the browser's Accept-Language, else English."""

from __future__ import annotations

import re

from community.accounts.models import User
from community.extensions import db
from tests.factories import login


def _lang(resp) -> str:  # type: ignore[no-untyped-def]
    match = re.search(r'<html lang="([^"]+)"', resp.get_data(as_text=True))
    assert match, "page has no <html lang>"
    return match.group(1)


def test_english_by_default(client, seed):  # type: ignore[no-untyped-def]
    with seed() as f:
        f.category("Headphones")
    resp = client.get("/")
    assert resp.status_code == 200
    assert _lang(resp) == "en"
    assert "Latest threads" in resp.get_data(as_text=True)


def test_accept_language_zh_cn_shows_chinese(client, seed):  # type: ignore[no-untyped-def]
    with seed() as f:
        f.category("Headphones")
    resp = client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"})
    html = resp.get_data(as_text=True)
    assert _lang(resp) == "zh-CN"
    assert "最新主题" in html and "版块" in html
    assert "Latest threads" not in html


def test_accept_language_prefers_best_match(client, seed):  # type: ignore[no-untyped-def]
    resp = client.get("/", headers={"Accept-Language": "fr-FR,en;q=0.8,zh;q=0.5"})
    assert _lang(resp) == "en"


def test_footer_switch_flips_language_for_a_visitor(client, seed):  # type: ignore[no-untyped-def]
    """Visitors get a plain link (anonymous pages carry no CSRF token, so they can be cached);
    signed-in members get a form (covered below)."""
    with seed() as f:
        f.category("Headphones")
    resp = client.get("/latest", headers={"Accept-Language": "en"})
    assert 'href="/lang/zh?next=/latest"' in resp.get_data(as_text=True)
    switched = client.get("/lang/zh?next=/latest", headers={"Accept-Language": "en"})
    assert switched.status_code == 302
    assert switched.headers["Location"].endswith("/latest")
    page = client.get("/latest", headers={"Accept-Language": "en"})
    assert _lang(page) == "zh-CN"
    assert 'href="/lang/en?next=/latest"' in page.get_data(as_text=True)
    back = client.post("/lang/en", data={"next": "/"})
    assert back.status_code == 302
    assert _lang(client.get("/", headers={"Accept-Language": "zh-CN"})) == "en"


def test_switch_refuses_unknown_language_and_foreign_next(client):  # type: ignore[no-untyped-def]
    assert client.post("/lang/fr").status_code == 404
    resp = client.post("/lang/zh", data={"next": "https://evil.example/"})
    assert resp.status_code == 302
    assert "evil.example" not in resp.headers["Location"]


def test_switch_saves_signed_in_users_choice(app, client, seed):  # type: ignore[no-untyped-def]
    with seed() as f:
        user_id = f.user("lingling").id
    login(client, "lingling")
    client.post("/lang/zh", data={"next": "/"})
    with app.app_context():
        assert db.session.get(User, user_id).locale == "zh"


def test_saved_locale_wins_over_browser_and_cookie(app, client, seed):  # type: ignore[no-untyped-def]
    with seed() as f:
        f.user("xiaoming").locale = "zh"
        db.session.commit()
    login(client, "xiaoming")
    client.set_cookie("lang", "en")
    resp = client.get("/", headers={"Accept-Language": "en-US"})
    assert _lang(resp) == "zh-CN"
    assert "退出登录" in resp.get_data(as_text=True)


def test_settings_change_language(app, client, seed):  # type: ignore[no-untyped-def]
    with seed() as f:
        f.user("maria")
    login(client, "maria")
    resp = client.post("/account/settings", data={"locale": "zh", "timezone": "", "bio": ""})
    assert resp.status_code == 302
    page = client.get("/account/settings", headers={"Accept-Language": "en"})
    assert "设置已保存。" in page.get_data(as_text=True)


def test_form_labels_flash_and_service_messages_are_translated(client, seed):  # type: ignore[no-untyped-def]
    zh = {"Accept-Language": "zh-CN"}
    page = client.get("/signup", headers=zh).get_data(as_text=True)
    assert "用户名" in page and "创建账号" in page
    bad = client.post("/login", data={"login": "nobody", "password": "nope-nope-nope"}, headers=zh)
    assert "用户名/邮箱或密码错误。" in bad.get_data(as_text=True)
    with seed() as f:
        thread_id = f.thread(author=f.user("poster"), title="Pairing the Aurora Buds").id
    login(client, "poster")
    resp = client.post(f"/t/{thread_id}/reply", data={"body": "bell \x07 here"}, headers=zh)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "请修改标出的字段。" in html
    assert "请删除文本中的控制字符。" in html
    assert "bell" in html  # the typed text is kept on the form


def test_error_page_is_translated_and_escapes_message(client):  # type: ignore[no-untyped-def]
    resp = client.get("/t/999999", headers={"Accept-Language": "zh-CN"})
    assert resp.status_code == 404
    assert "返回社区" in resp.get_data(as_text=True)


def test_relative_times_are_translated(client, seed):  # type: ignore[no-untyped-def]
    with seed() as f:
        f.thread(title="Battery life of the Aurora Pulse")
    html = client.get("/latest", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert "刚刚" in html


def test_reply_counts_use_plural_forms(client, seed):  # type: ignore[no-untyped-def]
    with seed() as f:
        thread = f.thread(title="Aurora Buds case hinge")
        f.reply(thread)
        thread_id = thread.id
    latest = client.get("/latest", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<span class="label">reply</span>' in latest
    page = client.get(f"/t/{thread_id}", follow_redirects=True, headers={"Accept-Language": "en"})
    assert "1 reply" in page.get_data(as_text=True)
    zh = client.get(f"/t/{thread_id}", follow_redirects=True, headers={"Accept-Language": "zh-CN"})
    assert "1 条回复" in zh.get_data(as_text=True)
