"""Staff pages of operations: the outbox (pending and dead events, replay)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from community.errors import ServiceError
from community.ops import dead_letters
from community.permissions import can

bp = Blueprint("ops", __name__)


@bp.before_request
def staff_only() -> None:
    if not can(current_user, "staff.access"):
        abort(403)


@bp.route("/staff/outbox")
def outbox():  # type: ignore[no-untyped-def]
    from community.ops.health import outbox_counts

    state = request.args.get("state", "all")
    if state not in dead_letters.STATES:
        state = "all"
    events = dead_letters.list_events(current_user, state, limit=100)
    return render_template("ops/outbox.html", events=events, state=state, counts=outbox_counts())


@bp.route("/staff/outbox/<int:event_id>/replay", methods=["POST"])
def replay(event_id: int):  # type: ignore[no-untyped-def]
    try:
        dead_letters.replay_event(current_user, event_id)
        g.outbox_pending = True  # the drain hook (inline) or the worker queue (worker) picks it up
        flash(_("Event %(id)s queued again.", id=event_id), "success")
    except ServiceError as exc:
        flash(exc.message, "error")
    return redirect(url_for("ops.outbox", state=request.args.get("state", "all")))
