"""The word-of-mouth desk on a 375 px phone: no sideways scrolling, every figure still labelled and
linked (the key point table turns into one card per key point), in English and Chinese."""

from __future__ import annotations

import uuid

import pytest

from tests.e2e.conftest import page_problems, sign_in


@pytest.fixture(scope="module")
def desk(live_server):  # type: ignore[no-untyped-def]
    from community.extensions import db
    from community.outbox import drain
    from moderation.keypoint_desk.models import KeyPoint

    suffix = uuid.uuid4().hex[:6]
    staff = f"kpstaff_{suffix}"
    live_server.make_user(staff, role="moderator")
    cat = live_server.make_category("Headphones · 耳机", f"kp-{suffix}")
    for i, body in enumerate(
        [
            "The battery life is great, but the noise cancelling is weak on the train.",
            "续航很差，一天要充两次电。降噪不错。",
            "The wind noise on calls is terrible and the battery life is fine.",
        ]
    ):
        author = f"kpcust{i}_{suffix}"
        live_server.make_user(author)
        live_server.make_thread(author, cat, f"Battery life report number {i}", body, kind="experience")
    with live_server.app.app_context():
        db.session.add(KeyPoint(name_en="battery life", name_zh="续航", synonyms=["battery"], public=True))
        db.session.add(KeyPoint(name_en="noise cancelling", name_zh="降噪", synonyms=["ANC"]))
        db.session.commit()
        while drain(limit=1000):
            pass
    return staff


@pytest.mark.parametrize("locale", ["en-US", "zh-CN"])
def test_desk_pages_fit_a_375px_phone(live_server, desk, new_page, locale):  # type: ignore[no-untyped-def]
    page = new_page(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    sign_in(page, live_server.url, desk)  # the sign-in helper reads the English labels
    from sqlalchemy import update

    from community.accounts.models import User
    from community.extensions import db

    with live_server.app.app_context():  # the staff member's saved language (what the footer switch sets)
        db.session.execute(update(User).where(User.username == desk).values(locale=locale[:2]))
        db.session.commit()
    too_wide = {}
    for path in [
        "/staff/keypoints",
        "/staff/keypoints/mentions",
        "/staff/keypoints/voices",
        "/staff/keypoints/catalog",
        "/notifications/settings",
    ]:
        page.goto(live_server.url + path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > 375:
            too_wide[path] = width
    assert too_wide == {}
    page.goto(live_server.url + "/staff/keypoints")
    # The key point row is a card: the header row is hidden, each count shows its own label.
    assert page.locator(".kp-table > thead").evaluate("e => getComputedStyle(e).position") == "absolute"
    cell = page.locator(".kp-table > tbody > tr > td.num").first
    label = cell.evaluate("e => getComputedStyle(e, '::before').content")
    assert label.strip('"') == ("Positive" if locale == "en-US" else "正面")
    assert page.locator(".kp-table a.kp-count").count() >= 8
    assert page_problems(page) == []
