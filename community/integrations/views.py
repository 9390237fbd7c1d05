"""Admin pages for webhooks: register, remove, and the delivery log."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from community.errors import ServiceError
from community.extensions import db
from community.forms import apply_errors
from community.integrations import webhooks
from community.integrations.forms import WebhookForm
from community.integrations.models import Webhook
from community.permissions import can

bp = Blueprint("integrations", __name__)


@bp.before_request
def admins_only() -> None:
    if not can(current_user, "webhooks.manage"):
        abort(403)


@bp.route("/staff/webhooks", methods=["GET", "POST"])
def webhook_list():  # type: ignore[no-untyped-def]
    form = WebhookForm()
    status = 200
    if form.is_submitted():
        if form.validate():
            try:
                hook = webhooks.create_webhook(
                    current_user, form.url.data, form.events.data, form.description.data or ""
                )
                db.session.commit()
                flash(_("Webhook added. Its signing secret is shown below."), "success")
                return redirect(url_for("integrations.webhook_log", webhook_id=hook.id))
            except ServiceError as exc:
                db.session.rollback()
                flash(apply_errors(form, exc, "url"), "error")
        status = 422
    return render_template(
        "integrations/webhooks.html", form=form, hooks=webhooks.list_webhooks(), topics=webhooks.KNOWN_TOPICS
    ), status


@bp.route("/staff/webhooks/<int:webhook_id>")
def webhook_log(webhook_id: int):  # type: ignore[no-untyped-def]
    hook = db.session.get(Webhook, webhook_id)
    if hook is None:
        abort(404)
    return render_template("integrations/deliveries.html", hook=hook, deliveries=webhooks.deliveries(hook.id))


@bp.route("/staff/webhooks/<int:webhook_id>/delete", methods=["POST"])
def webhook_delete(webhook_id: int):  # type: ignore[no-untyped-def]
    try:
        webhooks.delete_webhook(current_user, webhook_id)
        db.session.commit()
        flash(_("Webhook removed."), "success")
    except ServiceError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    return redirect(url_for("integrations.webhook_list"))
