"""The issue's "done when" walk, in a real browser: a visitor signs up, asks in Chinese, shares an
experience in English, replies, edits (the history shows), deletes; a moderator restores it. The
pages stay free of console errors and CSP violations throughout."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import page_problems, sign_in, sign_out, sign_up


@pytest.fixture(scope="module")
def forum(live_server):  # type: ignore[no-untyped-def]
    suffix = uuid.uuid4().hex[:6]
    slug = f"headphones-{suffix}"
    live_server.make_category("Headphones · 耳机", slug, "Aurora Pulse and Aurora Buds.")
    moderator = f"mod_{suffix}"
    live_server.make_user(moderator, role="moderator")
    return {"slug": slug, "moderator": moderator, "suffix": suffix}


def _new_thread(page, base: str, slug: str, kind_label: str, title: str, body: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/new?category={slug}")
    page.get_by_label("Category").select_option(slug)
    page.get_by_label(kind_label).check()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Text (Markdown)").fill(body)
    page.get_by_role("button", name="Post", exact=True).click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def test_visitor_posts_edits_deletes_and_moderator_restores(live_server, forum, page, new_page):  # type: ignore[no-untyped-def]
    base = live_server.url
    name = f"visitor_{forum['suffix']}"
    sign_up(page, base, name)
    expect(page.get_by_role("status")).to_contain_text(f"Welcome, {name}")

    zh_title = "降噪耳机连接蓝牙经常断开怎么办？"
    _new_thread(
        page,
        base,
        forum["slug"],
        "Question: ask the community",
        zh_title,
        "我的 Aurora Pulse 连接手机后，大概十分钟就会断开一次。**固件**已经是最新版本。",
    )
    expect(page.locator(".post-body").first).to_contain_text("十分钟")
    question_url = page.url

    en_title = "Three months with the Aurora Buds: battery still great"
    _new_thread(
        page,
        base,
        forum["slug"],
        "Experience: share a story",
        en_title,
        "Commute every day, ANC on. Still about **6 hours** per charge.",
    )
    expect(page.locator(".badge.kind-experience").first).to_be_visible()

    page.goto(question_url)
    page.get_by_label("Your reply (Markdown)").fill("Update: resetting the pairing helped a day.")
    page.get_by_role("button", name="Post reply").click()
    page.wait_for_load_state()
    reply = page.locator("article.post").nth(1)
    expect(reply).to_contain_text("resetting the pairing")
    post_id = reply.get_attribute("id")
    assert post_id and re.fullmatch(r"post-\d+", post_id)
    assert page.url.endswith(f"#{post_id}")

    reply.get_by_role("link", name="Edit").click()
    page.get_by_label("Text (Markdown)").fill("Update: a firmware update fixed it for good.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    reply = page.locator(f"#{post_id}")
    expect(reply).to_contain_text("firmware update fixed it")
    reply.get_by_role("link", name=re.compile("edited 1")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit history")
    expect(page.get_by_role("heading", name="Version 1")).to_be_visible()
    expect(page.locator("pre.source").nth(1)).to_contain_text("resetting the pairing")

    page.goto(question_url)
    page.locator(f"#{post_id}").get_by_role("button", name="Delete").click()
    page.wait_for_load_state()
    expect(page.get_by_role("status")).to_contain_text("Deleted.")
    expect(page.locator(f"#{post_id}")).to_have_count(0)  # members no longer see a deleted post
    assert page_problems(page) == []
    sign_out(page)

    staff = new_page()
    sign_in(staff, base, forum["moderator"])
    staff.goto(question_url)
    deleted = staff.locator(f"#{post_id}")
    expect(deleted).to_contain_text("Only staff see its text.")
    deleted.get_by_label("Reason").fill("Restored on request")
    deleted.get_by_role("button", name="Restore").click()
    staff.wait_for_load_state()
    expect(staff.locator(f"#{post_id}")).not_to_contain_text("This post was deleted.")
    expect(staff.locator(f"#{post_id} .post-body")).to_contain_text("firmware update fixed it")
    assert page_problems(staff) == []

    page.goto(question_url)
    expect(page.locator(f"#{post_id} .post-body")).to_contain_text("firmware update fixed it")
    assert page_problems(page) == []


def test_quote_link_prefills_reply(live_server, forum, page):  # type: ignore[no-untyped-def]
    base = live_server.url
    sign_up(page, base, f"quoter_{forum['suffix']}")
    _new_thread(
        page,
        base,
        forum["slug"],
        "Discussion",
        "Which ear tips fit best for running?",
        "Foam or silicone? I lose the medium tips every week.",
    )
    page.get_by_role("link", name="Quote", exact=True).first.click()
    box = page.get_by_label("Your reply (Markdown)")
    expect(box).to_have_value(re.compile(r"^> ", re.M))
    box.press("End")
    box.type("\n\nFoam, every time.")
    page.get_by_role("button", name="Post reply").click()
    page.wait_for_load_state()
    quoted = page.locator("article.post").nth(1).locator(".post-body blockquote")
    expect(quoted.filter(has_text="Foam or silicone")).to_have_count(1)
    expect(page.locator("article.post").nth(1)).to_contain_text("in reply")
    assert page_problems(page) == []


def test_language_switch_in_the_browser(live_server, forum, page):  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/c/{forum['slug']}")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("contentinfo").get_by_role("link", name="中文").click()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    assert page.url.endswith(f"/c/{forum['slug']}")
    expect(page.get_by_role("link", name="最新", exact=True)).to_be_visible()
    page.get_by_role("contentinfo").get_by_role("link", name="English").click()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page_problems(page) == []


def test_harness_notices_csp_violations(live_server, page):  # type: ignore[no-untyped-def]
    """The detector itself works: an inline script injected after load is refused and reported."""
    page.goto(live_server.url + "/")
    page.evaluate("""() => { const s = document.createElement('script');
                            s.textContent = 'window.__ran = 1'; document.body.appendChild(s); }""")
    page.wait_for_timeout(100)
    assert page.evaluate("() => window.__ran") is None
    assert any("script-src" in p for p in page_problems(page))
