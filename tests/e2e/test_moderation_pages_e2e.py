"""The staff moderation pages (queue, member history, audit log, spam settings) fit a 375 px phone
without horizontal scrolling, pass axe-core without serious or critical violations in English
and Chinese, and break no Content-Security-Policy rule (no inline script or style)."""

from __future__ import annotations

import uuid

import pytest

from tests.e2e.conftest import page_problems, serious_axe_violations, sign_in

PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}
LONG_WORD = "https://support.example.com/aurora/pulse/firmware/" + "a" * 120


@pytest.fixture(scope="module")
def staff_pages(live_server):  # type: ignore[no-untyped-def]
    """Queue items of every kind (flag, spam hold, hidden), long unbroken text, a silenced
    member and staff notes, so the pages are as full as real ones."""
    from community.accounts.models import User
    from community.extensions import db
    from community.forum import posts, threads
    from community.forum.models import Category
    from moderation import people, queue
    from moderation.flags import flag
    from moderation.watched_words import add_watched_word

    suffix = uuid.uuid4().hex[:6]
    mod_name, author_name = f"mpmod_{suffix}", f"mpauthor_{suffix}"
    live_server.make_user(mod_name, role="moderator")
    for name in (author_name, f"mpflag1_{suffix}", f"mpflag2_{suffix}", f"mpspam_{suffix}"):
        live_server.make_user(name)
    cat_id = live_server.make_category("Moderation pages · 审核", f"mod-pages-{suffix}")
    with live_server.app.app_context():

        def user(name: str) -> User:
            return db.session.query(User).filter_by(username=name).one()

        mod, author = user(mod_name), user(author_name)
        author.trust_level = 1
        for name in (f"mpflag1_{suffix}", f"mpflag2_{suffix}", f"mpspam_{suffix}"):
            user(name).trust_level = 1
        add_watched_word(mod, f"casino{suffix}", "hold")
        db.session.commit()
        cat = db.session.get(Category, cat_id)
        thread, _first = threads.create_thread(
            author, cat, "question", "Aurora Pulse 降噪时断时续，固件更新后更严重了，怎么办？", "耳机右耳有杂音。"
        )
        flagged = posts.reply(author, thread, "超长的中文段落不应该撑破手机屏幕：" + "降噪效果很好" * 30)
        flag(user(f"mpflag1_{suffix}"), "post", flagged.id, "off_topic", LONG_WORD)
        held = posts.reply(user(f"mpspam_{suffix}"), thread, f"casino{suffix} bonus {LONG_WORD}")
        hidden = posts.reply(author, thread, "我的电话 138 0000 0000 " + LONG_WORD)
        item = queue.enqueue("post", hidden.id, "flag", author_id=author.id)
        queue.act(mod, item.id, "hide", "personal_data")
        people.silence(mod, user(f"mpflag2_{suffix}"), "2099-12-31", "连续刷屏，" + LONG_WORD)
        people.add_note(mod, author, "Repeated complaints about support. " + LONG_WORD)
        db.session.commit()
        assert held.status == "held"
        author_id = author.id
    return {
        "mod": mod_name,
        "urls": {
            "queue": "/staff/queue",
            "queue (all)": "/staff/queue?status=all",
            "member history": f"/staff/users/{author_id}",
            "audit log": "/staff/audit",
            "spam settings": "/staff/spam",
        },
    }


def _staff_page(live_server, new_page, staff_pages, locale: str, **options):  # type: ignore[no-untyped-def]
    page = new_page(**options)
    sign_in(page, live_server.url, staff_pages["mod"])
    if locale == "zh":  # the footer switch's cookie (the sign-in form is filled in English)
        page.context.add_cookies([{"name": "lang", "value": "zh", "url": live_server.url}])
    return page


@pytest.mark.parametrize("locale", ["en", "zh"])
def test_moderation_pages_fit_a_375px_phone(live_server, staff_pages, new_page, locale):  # type: ignore[no-untyped-def]
    page = _staff_page(live_server, new_page, staff_pages, locale, **PHONE)
    too_wide = {}
    for name, path in staff_pages["urls"].items():
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == ("en" if locale == "en" else "zh-CN")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > 375:
            too_wide[name] = width
    assert too_wide == {}
    assert page_problems(page) == []


@pytest.mark.parametrize("locale", ["en", "zh"])
def test_moderation_pages_have_no_serious_axe_violations(live_server, staff_pages, new_page, locale):  # type: ignore[no-untyped-def]
    page = _staff_page(live_server, new_page, staff_pages, locale)
    found = {}
    for name, path in staff_pages["urls"].items():
        page.goto(live_server.url + path)
        problems = serious_axe_violations(page)
        if problems:
            found[name] = problems
    assert found == {}
    assert page_problems(page) == []


def test_audit_log_is_a_table_on_desktop_and_cards_on_a_phone(live_server, staff_pages, new_page):  # type: ignore[no-untyped-def]
    wide = _staff_page(live_server, new_page, staff_pages, "en", viewport={"width": 1280, "height": 900})
    wide.goto(live_server.url + "/staff/audit")
    head = "() => getComputedStyle(document.querySelector('table.audit thead')).display"
    assert wide.evaluate(head) == "table-header-group"
    assert wide.evaluate("() => document.documentElement.scrollWidth") <= 1280
    # The queue's decision controls sit beside their labels on a wide screen.
    wide.goto(live_server.url + "/staff/queue")
    columns = "() => getComputedStyle(document.querySelector('.queue-actions')).gridTemplateColumns"
    assert len(wide.evaluate(columns).split()) == 2

    phone = _staff_page(live_server, new_page, staff_pages, "zh", **PHONE)
    phone.goto(live_server.url + "/staff/audit")
    assert phone.evaluate("() => getComputedStyle(document.querySelector('table.audit tr')).display") == "block"
    label = phone.evaluate(
        "() => getComputedStyle(document.querySelector('table.audit tbody td[data-label]'), '::before').content"
    )
    assert "时间" in label  # each value says what it is, in the reader's language
    assert page_problems(wide) == [] and page_problems(phone) == []
