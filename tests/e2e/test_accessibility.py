"""Core pages pass axe-core without serious or critical violations, in English and Chinese, and
fit a 375 px phone without horizontal scrolling."""

from __future__ import annotations

import uuid

import pytest

from tests.e2e.conftest import page_problems, serious_axe_violations, sign_in

LONG_BODY = (
    "Pairing log below. https://support.example.com/aurora/pulse/firmware/"
    "very-long-path-without-any-break-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n\n"
    "| Mode | Battery | Latency | Codec | Notes | Firmware | Phone |\n"
    "|---|---|---|---|---|---|---|\n"
    "| ANC on | 28 h | 180 ms | AAC | commuting_on_the_metro_every_day | 2.4.1 | Pixel_8_Pro |\n"
    "| ANC off | 35 h | 170 ms | SBC | quiet_office_volume_at_40_percent | 2.4.1 | iPhone_15 |\n\n"
    "```\n" + "x" * 200 + "\n```\n\n"
    "超长的中文段落不应该撑破手机屏幕：" + "降噪效果很好" * 30
)


@pytest.fixture(scope="module")
def pages(live_server):  # type: ignore[no-untyped-def]
    suffix = uuid.uuid4().hex[:6]
    slug = f"a11y-{suffix}"
    cat = live_server.make_category("Speakers · 音箱", slug, "Aurora Boom at home and outdoors.")
    author, helper = f"author_{suffix}", f"helper_{suffix}"
    live_server.make_user(author)
    live_server.make_user(helper, role="ambassador")
    replies = [(helper if i % 2 else author, f"Reply {i}: try the *reset*.") for i in range(24)]
    title = "Aurora Boom keeps disconnecting from my laptop"
    thread = live_server.make_thread(author, cat, title, LONG_BODY, replies=replies)
    live_server.make_thread(author, cat, "Boom 音箱户外续航体验", "露营两天，电量还剩一半。", kind="experience")
    return {
        "author": author,
        "urls": {
            "home": "/",
            "category": f"/c/{slug}",
            "thread": f"/t/{thread}",
            "thread page 2": f"/t/{thread}?page=2",
            "sign-up": "/signup",
            "sign-in": "/login",
            "latest": "/latest",
            "revisions": "/p/1/revisions",
            "not found": "/t/999999",
        },
    }


@pytest.mark.parametrize("locale", ["en-US", "zh-CN"])
def test_core_pages_have_no_serious_axe_violations(live_server, pages, new_page, locale):  # type: ignore[no-untyped-def]
    page = new_page(locale=locale, extra_http_headers={"Accept-Language": locale})
    found = {}
    for name, path in pages["urls"].items():
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == ("en" if locale == "en-US" else "zh-CN")
        problems = serious_axe_violations(page)
        if problems:
            found[name] = problems
    assert found == {}
    assert page_problems(page, expected_statuses=(404,)) == []


def test_signed_in_pages_have_no_serious_axe_violations(live_server, pages, page):  # type: ignore[no-untyped-def]
    sign_in(page, live_server.url, pages["author"])
    found = {}
    for path in [
        "/new",
        pages["urls"]["thread"],
        "/account/settings",
        "/account/password",
        f"/u/{pages['author']}",
    ]:
        page.goto(live_server.url + path)
        problems = serious_axe_violations(page)
        if problems:
            found[path] = problems
    assert found == {}
    assert page_problems(page) == []


def test_form_errors_are_announced_and_pass_axe(live_server, pages, page):  # type: ignore[no-untyped-def]
    page.goto(live_server.url + "/signup")
    page.get_by_label("Username", exact=True).fill("x")
    page.get_by_label("Email").fill("not-an-email")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_load_state()
    username = page.get_by_label("Username", exact=True)
    assert username.get_attribute("aria-invalid") == "true"
    assert username.input_value() == "x"  # typed text kept
    described = username.get_attribute("aria-describedby")
    assert described and page.locator(f"#{described}").inner_text()
    assert page.get_by_role("alert").count() >= 1
    assert serious_axe_violations(page) == []
    assert page_problems(page, expected_statuses=(422,)) == []


@pytest.mark.parametrize("signed_in", [False, True])
def test_pages_fit_a_375px_phone(live_server, pages, new_page, signed_in):  # type: ignore[no-untyped-def]
    page = new_page(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    if signed_in:
        sign_in(page, live_server.url, pages["author"])
    paths = [*pages["urls"].values()]
    if signed_in:
        paths += ["/new", "/account/settings", f"/u/{pages['author']}"]
    too_wide = {}
    for path in paths:
        page.goto(live_server.url + path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > 375:
            too_wide[path] = width
    assert too_wide == {}
    assert page_problems(page, expected_statuses=(404,)) == []


def test_keyboard_focus_is_visible(live_server, pages, page):  # type: ignore[no-untyped-def]
    page.goto(live_server.url + pages["urls"]["thread"])
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.className")
    assert "skip-link" in focused
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")


def test_post_links_land_on_the_right_page_and_anchor(live_server, pages, page):  # type: ignore[no-untyped-def]
    page.goto(live_server.url + pages["urls"]["thread page 2"])
    last = page.locator("article.post").last
    post_id = last.get_attribute("id")
    number = last.locator(".permalink").inner_text()
    page.goto(live_server.url + pages["urls"]["home"])
    page.goto(f"{live_server.url}/p/{post_id.removeprefix('post-')}")
    assert "page=2" in page.url and page.url.endswith(f"#{post_id}")
    assert page.locator(f"#{post_id} .permalink").inner_text() == number
    assert page.evaluate(f"() => document.querySelector('#{post_id}').matches(':target')")
    nav = page.get_by_role("navigation", name="Pages")
    assert nav.get_by_role("link", name="Previous").get_attribute("rel") == "prev"
    assert page_problems(page) == []
