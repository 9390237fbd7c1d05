"""The word-of-mouth desk (staff only). Thin: parse the query, call the services, render."""

from __future__ import annotations

from datetime import timedelta

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from community.errors import ServiceError, ValidationFailed
from community.extensions import db
from community.ids import parse_int
from community.permissions import can
from community.timeutil import utcnow
from moderation.keypoint_desk import alerts as alert_service
from moderation.keypoint_desk import catalog, corrections, discovery
from moderation.keypoint_desk.advocates import accepted_answers, advocates
from moderation.keypoint_desk.export import csv_lines
from moderation.keypoint_desk.figures import Period, keypoint_figures, mentions_query, parse_period
from moderation.keypoint_desk.models import POLARITIES, KeyPointAlert, KeyPointMention
from moderation.keypoint_desk.sources import known_product_ids, product_names, source_url
from moderation.keypoint_desk.voices import voices

bp = Blueprint("keypoint_desk", __name__, url_prefix="/staff/keypoints")
PER_PAGE = 50


@bp.context_processor
def _helpers() -> dict:
    return {"timedelta_day": timedelta(days=1)}


@bp.before_request
def staff_only():  # type: ignore[no-untyped-def]
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login", next=request.full_path))
    if not can(current_user, "keypoints.view"):
        abort(403)
    return None


def _int(name: str) -> int | None:
    value = request.values.get(name, "")
    if value in ("", None):
        return None
    number = parse_int(value)
    if number is None:
        raise ValidationFailed(_("%(name)s must be a number.", name=name), {name: "integer"})
    return number


def _products() -> dict[int, str]:
    return product_names(known_product_ids())


def chart(trend: list[dict], height: int = 36) -> dict:
    """Bar geometry for the trend SVG: positive up, negative down, one column per week."""
    top = max([max(t["positive"], t["negative"]) for t in trend] + [1])
    bars = []
    for i, t in enumerate(trend):
        up = round(height * t["positive"] / top) if t["positive"] else 0
        down = round(height * t["negative"] / top) if t["negative"] else 0
        bars.append(
            {
                **t,
                "x": i * 14 + 2,
                "since": t["week"].date().isoformat(),
                "until": (t["week"] + timedelta(days=6)).date().isoformat(),
                "up": max(up, 2 if t["positive"] else 0),
                "down": max(down, 2 if t["negative"] else 0),
            }
        )
    return {
        "bars": bars,
        "width": len(trend) * 14 + 4,
        "height": height * 2 + 4,
        "mid": height + 2,
        "top": top,
    }


def _filters() -> dict:
    since, until = request.args.get("since"), request.args.get("until")
    period = parse_period(since, until) if since or until else None
    polarity = request.args.get("polarity") or None
    if polarity and polarity not in POLARITIES:
        raise ValidationFailed(_("Unknown polarity."), {"polarity": "|".join(POLARITIES)})
    return {
        "product_id": _int("product"),
        "keypoint_id": _int("keypoint"),
        "polarity": polarity,
        "lang": request.args.get("lang") or None,
        "aspect": request.args.get("aspect") or None,
        "since": period.since if period else None,
        "until": period.until if period else None,
        "author_id": _int("author"),
        "untagged": request.args.get("untagged") == "1",
    }


@bp.get("")
def desk():  # type: ignore[no-untyped-def]
    product_id = _int("product")
    period = parse_period(request.args.get("since"), request.args.get("until"), request.args.get("weeks"))
    figures = keypoint_figures(product_id, period)
    return render_template(
        "keypoint_desk/desk.html",
        product_id=product_id,
        products=_products(),
        period=period,
        figures=[(f, chart(f.trend)) for f in figures],
        alerts=alert_service.open_alerts(product_id),
        voices=voices(product_id, limit=10),
        advocates=advocates(product_id, since=period.since),
        suggestions=discovery.suggestions(product_id),
        untagged=_untagged(product_id, period),
    )


def _untagged(product_id: int | None, period: Period) -> int:
    """Mentions of aspects no key point covers, so the totals are not mistaken for all talk."""
    q = select(func.count(KeyPointMention.id)).where(
        KeyPointMention.keypoint_id.is_(None),
        KeyPointMention.created_at >= period.since,
        KeyPointMention.created_at < period.until,
    )
    if product_id is not None:
        q = q.where(KeyPointMention.product_id == product_id)
    return db.session.scalar(q) or 0


@bp.get("/mentions")
def mentions():  # type: ignore[no-untyped-def]
    filters = _filters()
    page = max(1, _int("page") or 1)
    q = mentions_query(**filters)
    total = db.session.scalar(select(func.count()).select_from(q.order_by(None).subquery())) or 0
    rows = list(db.session.scalars(q.limit(PER_PAGE).offset((page - 1) * PER_PAGE)))
    return render_template(
        "keypoint_desk/mentions.html",
        rows=rows,
        total=total,
        page=page,
        pages=max(1, -(-total // PER_PAGE)),
        filters=filters,
        products=_products(),
        keypoints=catalog.all_keypoints(),
        polarities=POLARITIES,
    )


@bp.post("/mentions/<int:mention_id>/correct")
def correct(mention_id: int):  # type: ignore[no-untyped-def]
    mention = corrections.get_mention(mention_id)
    try:
        corrections.correct(current_user, mention, request.form.get("aspect"), request.form.get("polarity"))
        db.session.commit()
        flash(_("Correction saved; it will teach the next training run."), "success")
    except ServiceError as exc:
        db.session.rollback()
        flash(" ".join([exc.message, *exc.fields.values()]), "error")
    return redirect(request.form.get("next") if _local(request.form.get("next")) else url_for(".mentions"))


def _local(url: str | None) -> bool:
    return bool(url) and url.startswith("/") and not url.startswith("//")


@bp.get("/export.csv")
def export():  # type: ignore[no-untyped-def]
    q = mentions_query(**_filters())
    name = f"mentions-{utcnow():%Y%m%d}.csv"
    return Response(
        stream_with_context(csv_lines(q)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/voices")
def voices_page():  # type: ignore[no-untyped-def]
    product_id = _int("product")
    return render_template(
        "keypoint_desk/voices.html",
        voices=voices(product_id, limit=100),
        product_id=product_id,
        products=_products(),
    )


@bp.get("/advocates/<int:user_id>/accepted")
def advocate_accepted(user_id: int):  # type: ignore[no-untyped-def]
    """The posts behind an advocate's "accepted answers" figure."""
    from community.accounts.models import User

    user = db.session.get(User, user_id) or abort(404)
    product_id = _int("product")
    since = request.args.get("since")
    period = parse_period(since, None) if since else None
    return render_template(
        "keypoint_desk/accepted.html",
        advocate=user,
        answers=accepted_answers(user.id, product_id, period.since if period else None),
        product_id=product_id,
    )


@bp.get("/alerts/<int:alert_id>")
def alert(alert_id: int):  # type: ignore[no-untyped-def]
    a = db.session.get(KeyPointAlert, alert_id) or abort(404)
    evidence = list(
        db.session.scalars(
            select(KeyPointMention)
            .where(KeyPointMention.id.in_(a.evidence or []))
            .order_by(KeyPointMention.created_at.desc())
        )
    )
    return render_template("keypoint_desk/alert.html", alert=a, evidence=evidence, products=_products())


@bp.post("/alerts/<int:alert_id>/ack")
def acknowledge(alert_id: int):  # type: ignore[no-untyped-def]
    if not can(current_user, "keypoints.manage"):
        abort(403)
    a = db.session.get(KeyPointAlert, alert_id) or abort(404)
    alert_service.acknowledge(current_user, a)
    db.session.commit()
    flash(_("Alert acknowledged."), "success")
    return redirect(url_for(".desk", product=a.product_id))


@bp.route("/catalog", methods=["GET", "POST"])
def keypoints():  # type: ignore[no-untyped-def]
    status = 200
    if request.method == "POST":
        if not can(current_user, "keypoints.manage"):
            abort(403)
        try:
            kp = catalog.create_keypoint(current_user, request.form.to_dict())
            db.session.commit()
            flash(
                _("Key point “%(name)s” created; posts are being re-tagged.", name=kp.label),
                "success",
            )
            return redirect(url_for(".keypoints"))
        except ServiceError as exc:
            db.session.rollback()
            flash(" ".join([exc.message, *exc.fields.values()]), "error")
            status = exc.status
    return render_template(
        "keypoint_desk/catalog.html",
        keypoints=catalog.all_keypoints(),
        products=_products(),
        form=request.form,
    ), status


@bp.post("/catalog/<int:keypoint_id>")
def edit_keypoint(keypoint_id: int):  # type: ignore[no-untyped-def]
    if not can(current_user, "keypoints.manage"):
        abort(403)
    kp = catalog.get_keypoint(keypoint_id)
    try:
        if request.form.get("action") == "delete":
            catalog.delete_keypoint(current_user, kp)
            flash(_("Key point removed."), "success")
        else:
            catalog.update_keypoint(current_user, kp, request.form.to_dict())
            flash(_("Key point saved; posts are being re-tagged."), "success")
        db.session.commit()
    except ServiceError as exc:
        db.session.rollback()
        flash(" ".join([exc.message, *exc.fields.values()]), "error")
    return redirect(url_for(".keypoints"))


@bp.post("/discover/adopt")
def adopt():  # type: ignore[no-untyped-def]
    if not can(current_user, "keypoints.manage"):
        abort(403)
    try:
        kp = discovery.adopt(current_user, request.form.get("term"), request.form.get("product") or None)
        db.session.commit()
        flash(
            _(
                "“%(name)s” is now a key point; add its other-language name and synonyms below.",
                name=kp.label,
            ),
            "success",
        )
        return redirect(url_for(".keypoints", _anchor=f"kp-{kp.id}"))
    except ServiceError as exc:
        db.session.rollback()
        flash(" ".join([exc.message, *exc.fields.values()]), "error")
        return redirect(url_for(".desk"))


@bp.record_once
def _wire(state) -> None:  # type: ignore[no-untyped-def]
    """Products place "What customers say" with
    {% include "keypoint_desk/what_customers_say.html" %} (product_id in the context)."""
    from moderation.keypoint_desk.public import what_customers_say

    state.app.jinja_env.globals["what_customers_say"] = what_customers_say
    state.app.jinja_env.globals["source_url"] = source_url


def _nav() -> None:
    from flask_babel import lazy_gettext as _l

    from community.navigation import add_link
    from moderation.keypoint_desk import demo  # noqa: F401  (registers the demo loader)

    add_link("keypoint_desk.desk", _l("Word of mouth"), "keypoints.view", order=85)


_nav()
