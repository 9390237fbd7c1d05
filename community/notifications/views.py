"""The bell, the notification list, mark-all-read, settings, and watch/mute buttons."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from community.errors import ServiceError
from community.extensions import db
from community.navigation import add_link
from community.notifications import service
from community.notifications.channels import channels
from community.notifications.kinds import kinds_for
from community.security import safe_next
from community.ui_hooks import add_partial

bp = Blueprint("notifications", __name__)


class BellLabel:
    """Header link text with the unread count, rendered per request (one COUNT query)."""

    def __html__(self) -> str:
        n = service.unread_count(current_user) if getattr(current_user, "is_authenticated", False) else 0
        label = _("Notifications")
        if n:
            return Markup(
                '<span class="nav-label">{}</span> '
                '<span class="count-badge" data-unread="{}">{}'
                '<span class="visually-hidden"> {}</span></span>'
            ).format(label, n, n if n < 100 else "99+", _("unread"))
        return Markup('<span class="nav-label">{}</span>').format(label)

    def __str__(self) -> str:
        return str(self.__html__())


@bp.route("/notifications")
@login_required
def index():  # type: ignore[no-untyped-def]
    rows, next_cursor = service.list_for(current_user, request.args.get("cursor"), 30)
    return render_template(
        "notifications/index.html",
        notifications=rows,
        next_cursor=next_cursor,
        unread=service.unread_count(current_user),
    )


@bp.route("/notifications/<int:notification_id>")
@login_required
def open_one(notification_id: int):  # type: ignore[no-untyped-def]
    row = service.get_own(current_user, notification_id)
    service.mark_read(current_user, row)
    db.session.commit()
    if row.post_id:
        return redirect(url_for("forum.post_link", post_id=row.post_id))
    return redirect(service.link(row) or url_for("notifications.index"))


@bp.route("/notifications/read-all", methods=["POST"])
@login_required
def read_all():  # type: ignore[no-untyped-def]
    service.mark_all_read(current_user)
    db.session.commit()
    flash(_("All notifications marked read."), "success")
    return redirect(url_for("notifications.index"))


@bp.route("/notifications/settings", methods=["GET", "POST"])
@login_required
def settings():  # type: ignore[no-untyped-def]
    if request.method == "POST":
        kinds = kinds_for(current_user)
        values = {c.name: {k: f"{c.name}.{k}" in request.form for k in kinds} for c in channels()}
        service.save_settings(current_user, values)
        db.session.commit()
        flash(_("Notification settings saved."), "success")
        return redirect(url_for("notifications.settings"))
    return render_template(
        "notifications/settings.html",
        prefs=service.settings(current_user),
        channels=channels(),
        kinds=kinds_for(current_user),
        labels={k: service.kind_label(k) for k in kinds_for(current_user)},
        watches=service.list_watches(current_user),
    )


@bp.route("/watch", methods=["POST"])
@login_required
def watch():  # type: ignore[no-untyped-def]
    try:
        service.set_watch(
            current_user,
            request.form.get("target_type"),
            request.form.get("target_id"),
            request.form.get("level"),
        )
        db.session.commit()
        flash(_("Saved."), "success")
    except ServiceError as exc:
        db.session.rollback()
        flash(_(exc.message), "error")
    return redirect(safe_next(request.form.get("next"), url_for("notifications.settings")))


@bp.app_context_processor
def watch_helpers() -> dict[str, object]:
    def watch_state(thread):  # type: ignore[no-untyped-def]
        if not getattr(current_user, "is_authenticated", False):
            return {}
        return service.watch_levels(current_user.id, thread)

    return {"watch_state": watch_state, "notification_text": service.describe}


add_link("notifications.index", BellLabel(), "notifications.view", order=80)
add_partial("thread_aside", "notifications/_thread_aside.html")
