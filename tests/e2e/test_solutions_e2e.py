"""Browser: the asker marks a solution and the category list shows "Solved"; an ambassador
inserts a canned answer into the reply box. Uses the e2e harness's live_server and page
fixtures (tests/e2e/conftest.py); skipped where the harness or Chromium is missing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

if not (Path(__file__).parent / "conftest.py").exists() or not shutil.which("chromium"):
    pytest.skip("e2e harness (tests/e2e/conftest.py) or Chromium missing", allow_module_level=True)

pytestmark = pytest.mark.e2e


def _base(live_server) -> str:  # type: ignore[no-untyped-def]
    return str(getattr(live_server, "url", live_server)).rstrip("/")


def _seed(live_server):  # type: ignore[no-untyped-def]
    app = getattr(live_server, "app", None)
    if app is None:
        pytest.skip("live_server exposes no app to seed data")
    import uuid

    from community.desk import canned
    from community.extensions import db
    from tests.factories import Factory

    sfx = uuid.uuid4().hex[:6]  # the live server lives for the session: each test seeds its own rows
    with app.app_context():
        f = Factory(app)
        asker = f.user(f"e2e_asker{sfx}")
        amb = f.user(f"e2e_amb{sfx}", role="ambassador")
        cat = f.category("E2E Headphones", slug=f"e2e-headphones-{sfx}")
        thread = f.thread(author=asker, category=cat, title=f"E2E: pairing keeps failing {sfx}")
        reply = f.reply(thread, body="Reset the pairing by holding the button for ten seconds.")
        canned.create(amb, "Pairing reset", "Please hold the power button for 10 seconds.", "pairing", "en")
        db.session.commit()
        return {
            "thread": thread.id,
            "slug": thread.slug,
            "reply": reply.id,
            "cat": cat.slug,
            "asker": asker.username,
            "amb": amb.username,
            "title": thread.title,
        }


def _login(page, base: str, username: str) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import PASSWORD

    page.goto(f"{base}/login")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def test_mark_solution_then_solved_in_category_list(live_server, page):  # type: ignore[no-untyped-def]
    base, data = _base(live_server), _seed(live_server)
    _login(page, base, data["asker"])
    page.goto(f"{base}/t/{data['thread']}/{data['slug']}")
    page.click(f"#post-{data['reply']} .accept-button")
    assert page.locator(".solution-quote").is_visible()
    page.goto(f"{base}/c/{data['cat']}")
    row = page.locator(".thread-row", has_text=data["title"])
    assert row.locator(".badge.solved").inner_text().strip().endswith("Solved")


def test_ambassador_inserts_canned_answer(live_server, page):  # type: ignore[no-untyped-def]
    base, data = _base(live_server), _seed(live_server)
    _login(page, base, data["amb"])
    page.goto(f"{base}/t/{data['thread']}/{data['slug']}")
    page.click("[data-canned-form] button[type=submit]")
    assert "hold the power button for 10 seconds" in page.input_value("textarea[data-reply-box]")
