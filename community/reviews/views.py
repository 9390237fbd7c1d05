"""Review pages and actions: write or edit one's review, helpful votes, the brand's answer,
delete, revisions, and the staff pages (review-bombing alerts, hide/restore hook)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.errors import ServiceError
from community.extensions import db
from community.forms import apply_errors
from community.permissions import can
from community.products import catalog
from community.reviews import helpful, integrity
from community.reviews import reviews as review_service
from community.reviews.forms import HideForm, ResponseForm, ReviewForm

bp = Blueprint("reviews", __name__)


def _back(review) -> str:  # type: ignore[no-untyped-def]
    return url_for("products.product", slug=review.product.slug) + f"#review-{review.id}"


@bp.route("/products/<slug>/review", methods=["GET", "POST"])
@login_required
def write(slug: str):  # type: ignore[no-untyped-def]
    """One review per member per product: this form creates it the first time and edits it after."""
    product = catalog.get_product(slug)
    existing = review_service.own_review(current_user, product)
    if existing is not None and existing.is_deleted:
        existing = None
    form = ReviewForm(obj=existing) if request.method == "GET" and existing else ReviewForm()
    if request.method == "GET" and existing:
        form.rating.data = str(existing.rating)
    status = 200
    if request.method == "POST" and form.validate():
        data = {
            "rating": form.rating.data,
            "title": form.title.data,
            "body": form.body.data,
            "pros": form.pros.data or "",
            "cons": form.cons.data or "",
        }
        try:
            review, created = review_service.save_review(current_user, product, data)
            db.session.commit()
            flash(
                _("Thanks for your review!") if created else _("Your review was updated."),
                "success",
            )
            return redirect(_back(review))
        except ServiceError as exc:
            db.session.rollback()
            flash(apply_errors(form, exc, "body"), "error")
            status = exc.status
    elif request.method == "POST":
        status = 422
    return render_template("reviews/form.html", form=form, product=product, existing=existing), status


@bp.route("/reviews/<int:review_id>/helpful", methods=["POST"])
@login_required
def toggle_helpful(review_id: int):  # type: ignore[no-untyped-def]
    review = review_service.get_review(current_user, review_id)
    if helpful.has_voted(current_user, review):
        helpful.unvote(current_user, review)
    else:
        helpful.vote(current_user, review)
    db.session.commit()
    return redirect(_back(review))


@bp.route("/reviews/<int:review_id>/response", methods=["GET", "POST"])
@login_required
def respond(review_id: int):  # type: ignore[no-untyped-def]
    review = review_service.get_review(current_user, review_id)
    if not can(current_user, "review.respond", review):
        abort(403)
    form = ResponseForm(data={"body": review.response_body or ""}) if request.method == "GET" else ResponseForm()
    status = 200
    if request.method == "POST" and form.validate():
        try:
            review_service.respond(current_user, review, form.body.data)
            db.session.commit()
            return redirect(_back(review))
        except ServiceError as exc:
            db.session.rollback()
            flash(apply_errors(form, exc, "body"), "error")
            status = exc.status
    return render_template("reviews/respond.html", form=form, review=review), status


@bp.route("/reviews/<int:review_id>/delete", methods=["POST"])
@login_required
def delete(review_id: int):  # type: ignore[no-untyped-def]
    review = review_service.get_review(current_user, review_id)
    review_service.delete_review(current_user, review, (request.form.get("reason") or "").strip()[:500])
    db.session.commit()
    flash(_("The review was deleted."), "success")
    return redirect(url_for("products.product", slug=review.product.slug))


@bp.route("/reviews/<int:review_id>/revisions")
def revisions(review_id: int):  # type: ignore[no-untyped-def]
    user = current_user if current_user.is_authenticated else None
    review = review_service.get_review(user, review_id)
    return render_template("reviews/revisions.html", review=review, revisions=review_service.revisions(user, review))


# -- staff ----------------------------------------------------------------------------------


@bp.route("/staff/reviews/<int:review_id>/hide", methods=["POST"])
@login_required
def hide(review_id: int):  # type: ignore[no-untyped-def]
    if not can(current_user, "review.hide"):
        abort(403)
    review = review_service.get_review(current_user, review_id)
    form = HideForm()
    form.validate()
    try:
        review_service.hide_review(current_user, review, form.reason.data)
        db.session.commit()
        flash(_("The review is hidden."), "success")
    except ServiceError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    return redirect(_back(review))


@bp.route("/staff/reviews/<int:review_id>/restore", methods=["POST"])
@login_required
def restore(review_id: int):  # type: ignore[no-untyped-def]
    if not can(current_user, "review.hide"):
        abort(403)
    review = review_service.get_review(current_user, review_id)
    try:
        if review.is_deleted:
            review_service.undelete_review(current_user, review, (request.form.get("reason") or "")[:500])
        else:
            review_service.restore_review(current_user, review, (request.form.get("reason") or "")[:500])
        db.session.commit()
        flash(_("The review is visible again."), "success")
    except ServiceError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    return redirect(_back(review))


@bp.route("/staff/review-alerts")
@login_required
def alerts():  # type: ignore[no-untyped-def]
    if not can(current_user, "review.alerts"):
        abort(403)
    show_all = request.args.get("all") == "1"
    return render_template(
        "reviews/alerts.html",
        alerts=integrity.list_alerts(current_user, include_resolved=show_all),
        show_all=show_all,
    )


@bp.route("/staff/review-alerts/<int:alert_id>/resolve", methods=["POST"])
@login_required
def resolve(alert_id: int):  # type: ignore[no-untyped-def]
    if not can(current_user, "review.alerts"):
        abort(403)
    integrity.resolve_alert(current_user, alert_id, (request.form.get("note") or "")[:500])
    db.session.commit()
    return redirect(url_for("reviews.alerts"))
