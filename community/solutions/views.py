"""Accept / unaccept buttons on a question's replies; the solution quoted under the question."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.errors import ServiceError
from community.extensions import db
from community.forum import threads as thread_service
from community.solutions import (
    demo,  # noqa: F401  (registers the demo loader)
    solutions,
)
from community.ui_hooks import add_partial

bp = Blueprint("solutions", __name__)


@bp.route("/t/<int:thread_id>/solution", methods=["POST"])
@login_required
def accept(thread_id: int):  # type: ignore[no-untyped-def]
    thread = thread_service.get_thread(current_user, thread_id)
    try:
        if request.form.get("action") == "unmark":
            solutions.unmark(current_user, thread)
            flash(_("The solution was unmarked."), "success")
        else:
            solutions.mark(current_user, thread, request.form.get("post_id"))
            flash(_("Marked as the solution. Thank you!"), "success")
        db.session.commit()
    except ServiceError as exc:
        db.session.rollback()
        flash(_(exc.message), "error")
    return redirect(url_for("forum.thread", thread_id=thread.id, slug=thread.slug))


@bp.app_context_processor
def solution_helpers() -> dict[str, object]:
    return {
        "solution_post": solutions.solution_post,
        "solution_nudge": lambda t: solutions.nudge(current_user, t),
    }


add_partial("post_actions", "solutions/_post_actions.html")
add_partial("post_badges", "solutions/_post_badges.html")
add_partial("thread_header", "solutions/_thread_header.html")
