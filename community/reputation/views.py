"""Ranks next to names, trust level on profiles, and the activity that trust levels count."""

from __future__ import annotations

from flask import Blueprint, current_app, request
from flask_login import current_user

from community.extensions import db
from community.ids import parse_page
from community.reputation import trust
from community.reputation.points import rank_for
from community.ui_hooks import add_partial

bp = Blueprint("reputation", __name__)


@bp.before_app_request
def count_visit() -> None:
    """Days visited: the first signed-in page view of each UTC day."""
    if request.method != "GET" or not getattr(current_user, "is_authenticated", False):
        return
    if request.endpoint in (None, "static") or request.path.startswith("/api/"):
        return
    try:
        if trust.record_visit(current_user):
            trust.refresh(current_user)
        db.session.commit()
    except Exception:  # activity is best effort; a page view never fails for it
        db.session.rollback()


@bp.after_app_request
def count_read(response):  # type: ignore[no-untyped-def]
    """Posts read: a signed-in thread page shown counts its posts as seen."""
    if (
        request.endpoint == "forum.thread"
        and request.method == "GET"
        and response.status_code == 200
        and getattr(current_user, "is_authenticated", False)
    ):
        from community.forum.models import Thread

        thread = db.session.get(Thread, (request.view_args or {}).get("thread_id", 0))
        page = request.args.get("page", "1")
        page_no = parse_page(page)
        if thread is not None:
            try:
                up_to = min(thread.post_count, page_no * current_app.config["POSTS_PER_PAGE"])
                if trust.record_read(current_user, thread.id, up_to):
                    trust.refresh(current_user)
                db.session.commit()
            except Exception:  # best effort, as above
                db.session.rollback()
    return response


@bp.app_context_processor
def rank_helpers() -> dict[str, object]:
    return {"rank_for": rank_for}


add_partial("post_badges", "reputation/_post_badges.html")
add_partial("profile", "reputation/_profile.html")
