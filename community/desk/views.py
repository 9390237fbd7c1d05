"""Ambassador desk pages: queues, the canned answer shelf, response-time figures (staff)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from community.desk import canned, queues, response_times
from community.desk.forms import CannedForm
from community.errors import NotAllowed, ServiceError
from community.extensions import db
from community.forms import apply_errors
from community.forum import threads as thread_service
from community.forum.forms import ReplyForm
from community.ids import parse_id, parse_int, parse_page
from community.navigation import add_link
from community.permissions import can
from community.ui_hooks import add_partial

bp = Blueprint("desk", __name__, url_prefix="/desk")

QUEUE_LABELS = {
    "waiting": _l("Waiting for a first reply"),
    "unsolved": _l("Questions without a solution"),
    "asker_replied": _l("Asker replied again"),
}


def _guard(action: str) -> None:
    if not can(current_user, action):
        raise NotAllowed(_("The desk is for ambassadors and staff."))


@bp.route("/")
@login_required
def index():  # type: ignore[no-untyped-def]
    _guard("desk.access")
    name = request.args.get("queue", "waiting")
    if name not in queues.QUEUES:
        abort(404)
    page = request.args.get("page", "1")
    page_no = parse_page(page)
    items, more = queues.queue(current_user, name, limit=50, offset=(page_no - 1) * 50)
    return render_template(
        "desk/index.html",
        queue=name,
        items=items,
        more=more,
        page=page_no,
        counts=queues.counts(current_user),
        labels=QUEUE_LABELS,
        duration=response_times.duration,
    )


@bp.route("/canned")
@login_required
def canned_list():  # type: ignore[no-untyped-def]
    _guard("desk.canned")
    language = request.args.get("language") if request.args.get("language") in ("en", "zh") else None
    rows = canned.shelf(current_user, language, request.args.get("tag") or None, request.args.get("q") or None)
    return render_template("desk/canned_list.html", answers=rows, language=language)


@bp.route("/canned/new", methods=["GET", "POST"])
@bp.route("/canned/<int:answer_id>/edit", methods=["GET", "POST"])
@login_required
def canned_form(answer_id: int | None = None):  # type: ignore[no-untyped-def]
    _guard("desk.canned")
    answer = canned.get(current_user, answer_id) if answer_id else None
    form = CannedForm(obj=answer)
    status = 200
    if form.validate_on_submit():
        try:
            args = (form.title.data, form.body.data, form.tags.data, form.language.data)
            if answer is None:
                canned.create(current_user, *args)
            else:
                canned.edit(current_user, answer, *args)
            db.session.commit()
            flash(_("Canned answer saved."), "success")
            return redirect(url_for("desk.canned_list"))
        except ServiceError as exc:
            db.session.rollback()
            flash(apply_errors(form, exc, "body"), "error")
            status = exc.status
    elif request.method == "POST":
        status = 422
    return render_template("desk/canned_form.html", form=form, answer=answer), status


@bp.route("/canned/<int:answer_id>/delete", methods=["POST"])
@login_required
def canned_delete(answer_id: int):  # type: ignore[no-untyped-def]
    _guard("desk.canned")
    canned.remove(current_user, canned.get(current_user, answer_id))
    db.session.commit()
    flash(_("Canned answer deleted."), "success")
    return redirect(url_for("desk.canned_list"))


@bp.route("/canned/use")
@login_required
def canned_use():  # type: ignore[no-untyped-def]
    """No-JavaScript path: the reply page of the thread, its box filled with the canned answer."""
    _guard("desk.canned")
    thread_id, answer_id = request.args.get("thread", ""), request.args.get("canned", "")
    thread_no, answer_no = parse_id(thread_id), parse_id(answer_id)
    if thread_no is None or answer_no is None:
        abort(404)
    thread = thread_service.get_thread(current_user, thread_no)
    answer = canned.get(current_user, answer_no)
    canned.used(answer)
    db.session.commit()
    form = ReplyForm()
    form.body.data = answer.body
    return render_template("forum/reply.html", thread=thread, form=form)


@bp.route("/response-times")
@login_required
def stats():  # type: ignore[no-untyped-def]
    _guard("desk.stats")
    weeks = request.args.get("weeks", "8")
    rows = response_times.figures(current_user, parse_int(weeks, maximum=104) or 8)
    return render_template("desk/stats.html", rows=rows, weeks=weeks, duration=response_times.duration)


@bp.app_context_processor
def canned_helpers() -> dict[str, object]:
    def canned_shelf() -> list:  # type: ignore[type-arg]
        return canned.shelf(current_user) if can(current_user, "desk.canned") else []

    return {"canned_shelf": canned_shelf}


add_link("desk.index", _l("Desk"), "desk.access", order=70)
add_partial("thread_aside", "desk/_thread_aside.html")
