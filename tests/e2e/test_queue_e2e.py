"""A moderator clears the review queue with the keyboard only (j/k, a, r, h).

Uses the e2e harness from tests/e2e/conftest.py (live_server, page, sign_in); skipped when the
harness or Chromium is missing."""

from __future__ import annotations

from pathlib import Path

import pytest

if not (Path(__file__).with_name("conftest.py")).exists():
    pytest.skip("tests/e2e/conftest.py (the e2e harness) is not in this tree", allow_module_level=True)
pytest.importorskip("playwright")

pytestmark = pytest.mark.e2e


def _fill_queue(live_server, n: int) -> list[int]:  # type: ignore[no-untyped-def]
    """n first posts by new accounts in a pre-moderated category: all held for review."""
    from community.accounts.models import User
    from community.extensions import db
    from community.forum import categories, threads

    live_server.make_user("queue_mod", role="moderator")
    live_server.make_user("queue_admin", role="admin")
    with live_server.app.app_context():
        admin = db.session.query(User).filter_by(role="admin").first()
        # The live server is shared by the session's browser tests: start from an empty queue.
        from moderation import queue
        from moderation.models import ReviewItem

        for item in db.session.query(ReviewItem).filter_by(status="pending").all():
            queue.act(admin, item.id, "approve")
        db.session.commit()
        cat = categories.create_category(admin, "Newcomers", "newcomers", "First posts are reviewed.", False, True)
        db.session.commit()
        ids = []
        for i in range(n):
            from community.accounts import service

            user = service.register(f"newbie{i}", f"newbie{i}@example.com", "Blue-Harbour-Lantern-42")
            _t, post = threads.create_thread(
                user,
                cat,
                "question",
                f"My first question {i}",
                f"The left earbud {i} does not charge. 左耳不充电。",
            )
            db.session.commit()
            assert post.status == "held"
            ids.append(post.id)
        return ids


def test_moderator_clears_queue_with_keyboard(live_server, page):  # type: ignore[no-untyped-def]
    from tests.e2e.conftest import sign_in

    post_ids = _fill_queue(live_server, 6)
    sign_in(page, live_server.url, "queue_mod")
    page.goto(f"{live_server.url}/staff/queue")
    items = page.locator("[data-queue-item]")
    assert items.count() == 6
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")  # back to the first item
    from playwright.sync_api import expect

    for key in ("a", "a", "r", "h", "a", "r"):  # as fast as a moderator types
        page.keyboard.press(key)
    expect(page.get_by_text("Nothing to review")).to_be_visible()

    from community.extensions import db
    from community.forum.models import Post

    with live_server.app.app_context():
        posts = [db.session.get(Post, pid) for pid in post_ids]
        states = [("hidden" if p.is_hidden else p.status) for p in posts]
    assert states == ["visible", "visible", "rejected", "hidden", "visible", "rejected"]
