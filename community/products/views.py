"""Product pages for prospects (list, product page, compare, sitemap, feed, images) and the
staff product editor. Thin: services decide."""

from __future__ import annotations

import os

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from community.accounts.models import User
from community.errors import ServiceError, ValidationFailed
from community.extensions import db
from community.forms import apply_errors
from community.forum import categories as category_service
from community.forum import threads as thread_service
from community.navigation import add_link
from community.permissions import can
from community.products import catalog, images, keypoints, owners, seo
from community.products import demo as _demo  # noqa: F401  (registers the demo loader)
from community.products.forms import CodesForm, OwnerForm, ProductForm, RedeemForm
from community.products.models import Product, PurchaseCode
from community.reviews import helpful, reading
from community.reviews import reviews as review_service
from community.reviews.rating import bars
from community.ui_hooks import add_partial

bp = Blueprint("products", __name__)
add_link("products.products", _l("Products"), None, order=20)
add_partial("thread_aside", "products/_thread_product.html")


@bp.app_context_processor
def product_helpers():  # type: ignore[no-untyped-def]
    """For the thread page's product box: the product a thread is about, if any."""

    def product_for_thread(thread):  # type: ignore[no-untyped-def]
        return db.session.get(Product, thread.product_id) if thread.product_id else None

    return {"product_for_thread": product_for_thread}


def _user():  # type: ignore[no-untyped-def]
    return current_user if current_user.is_authenticated else None


def _staff_only(action: str) -> None:
    if not can(_user(), action):
        abort(403)


def image_url(product, external: bool = False) -> str | None:  # type: ignore[no-untyped-def]
    if not product.image_path:
        return None
    return url_for("products.image", name=product.image_path, _external=external)


@bp.route("/products")
def products():  # type: ignore[no-untyped-def]
    return render_template("products/list.html", products=catalog.list_products(), bars=bars, image_url=image_url)


@bp.route("/products/<slug>")
def product(slug: str):  # type: ignore[no-untyped-def]
    p = catalog.get_product(slug)
    user = _user()
    sort = reading.parse_sort(request.args.get("sort"))
    stars = reading.parse_stars(request.args.get("stars"))
    verified = request.args.get("verified") in ("1", "true")
    cursor = request.args.get("cursor")
    rows, next_cursor = reading.list_reviews(
        user, p, sort=sort, stars=stars, verified=verified, cursor=cursor, limit=10
    )
    spot = reading.spotlight(p) if not (cursor or stars or verified) else {"positive": None, "critical": None}
    jsonld_reviews = reading.recent_reviews(p, limit=10)
    questions, _more = thread_service.list_threads(user, product_id=p.id, kind="question", limit=5)
    experiences, _more = thread_service.list_threads(user, product_id=p.id, kind="experience", limit=5)
    shown = [r.id for r in rows] + [r.id for r in spot.values() if r is not None]
    return render_template(
        "products/product.html",
        product=p,
        reviews=rows,
        next_cursor=next_cursor,
        sort=sort,
        stars=stars,
        verified=verified,
        spotlight=spot,
        bars=bars(p),
        questions=questions,
        experiences=experiences,
        voted=helpful.voted_ids(user, shown),
        own_review=review_service.own_review(user, p),
        is_owner=owners.is_owner(user, p),
        redeem_form=RedeemForm(),
        image_url=image_url(p),
        key_points=keypoints.key_points(p),
        jsonld=seo.json_for_script(seo.product_jsonld(p, jsonld_reviews, image_url(p, external=True))),
    )


@bp.route("/products/<slug>/threads")
def product_threads(slug: str):  # type: ignore[no-untyped-def]
    p = catalog.get_product(slug)
    kind = request.args.get("kind") or None
    threads, next_cursor = thread_service.list_threads(
        _user(),
        product_id=p.id,
        kind=kind,
        cursor=request.args.get("cursor"),
        limit=20,
    )
    return render_template("products/threads.html", product=p, threads=threads, next_cursor=next_cursor, kind=kind)


@bp.route("/products/<slug>/verify", methods=["POST"])
@login_required
def redeem(slug: str):  # type: ignore[no-untyped-def]
    p = catalog.get_product(slug)
    form = RedeemForm()
    form.validate()
    try:
        owners.redeem_code(current_user, p, form.code.data)
        db.session.commit()
        flash(_("Thanks! You are now a verified owner of %(name)s.", name=p.name), "success")
    except ServiceError as exc:
        db.session.rollback()
        flash(apply_errors(form, exc, "code") + " " + " ".join(form.code.errors), "error")
    return redirect(url_for("products.product", slug=p.slug) + "#verify")


@bp.route("/products/<slug>/reviews.atom")
def feed(slug: str):  # type: ignore[no-untyped-def]
    p = catalog.get_product(slug)
    rows = reading.recent_reviews(p, limit=50)
    xml = render_template("products/reviews.atom.xml", product=p, reviews=rows)
    return Response(xml, mimetype="application/atom+xml")


@bp.route("/compare")
def compare():  # type: ignore[no-untyped-def]
    """Two to four products side by side; the key points are filled in by the tagger (issue 7)."""
    raw = request.args.get("products") or ",".join(request.args.getlist("pick"))
    slugs = [s for s in dict.fromkeys(x.strip() for x in raw.split(",")) if s]
    everything = catalog.list_products()
    if not slugs:
        return render_template("products/compare.html", chosen=[], all_products=everything, error=None)
    if not 2 <= len(slugs) <= 4:
        error = _("Choose from 2 to 4 products to compare.")
        return render_template("products/compare.html", chosen=[], all_products=everything, error=error), 422
    chosen = catalog.products_by_slugs(slugs)
    return render_template(
        "products/compare.html",
        chosen=chosen,
        all_products=everything,
        error=None,
        bars=bars,
        key_points=keypoints.key_points,
        image_url=image_url,
    )


@bp.route("/sitemap.xml")
def sitemap():  # type: ignore[no-untyped-def]
    xml = render_template("products/sitemap.xml", urls=list(seo.sitemap_urls()))
    return Response(xml, mimetype="application/xml")


@bp.route("/products/images/<name>")
def image(name: str):  # type: ignore[no-untyped-def]
    match = images.NAME.match(name)
    if not match or not os.path.isfile(os.path.join(images.image_folder(), name)):
        abort(404)
    resp = send_from_directory(images.image_folder(), name, mimetype=images.TYPES[match.group(1)], max_age=86400)
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["Content-Disposition"] = "inline"
    return resp


# -- staff ----------------------------------------------------------------------------------


def _category_choices() -> list[tuple[str, str]]:
    return [("", "—")] + [
        (c.slug, c.name) for c in category_service.visible_categories(current_user) if not c.staff_only
    ]


def _save_product(form: ProductForm, product=None):  # type: ignore[no-untyped-def]
    upload = request.files.get("image")
    data = {
        "name": form.name.data,
        "slug": (form.slug.data or "").strip(),
        "short_description": form.short_description.data or "",
        "description": form.description.data or "",
        "category": form.category.data or None,
        "status": form.status.data,
    }
    if product is not None:
        catalog.update_product(current_user, product, data)  # validate before storing a file
    else:
        product = catalog.create_product(current_user, data)
    if upload is not None and upload.filename:
        product.image_path = images.save_image(upload.stream)
    return product


@bp.route("/staff/products/new", methods=["GET", "POST"])
@login_required
def new_product():  # type: ignore[no-untyped-def]
    _staff_only("product.create")
    form = ProductForm()
    form.category.choices = _category_choices()
    status = 200
    if request.method == "POST":
        form.validate()
        try:
            p = _save_product(form)
            db.session.commit()
            return redirect(url_for("products.product", slug=p.slug))
        except ServiceError as exc:
            db.session.rollback()
            flash(apply_errors(form, exc, "name"), "error")
            status = exc.status
    return render_template("products/form.html", form=form, product=None), status


@bp.route("/staff/products/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit_product(slug: str):  # type: ignore[no-untyped-def]
    _staff_only("product.edit")
    p = catalog.get_product(slug)
    form = ProductForm(obj=p) if request.method == "GET" else ProductForm()
    form.category.choices = _category_choices()
    if request.method == "GET":
        form.category.data = p.category.slug if p.category else ""
    status = 200
    if request.method == "POST":
        form.validate()
        try:
            _save_product(form, p)
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("products.edit_product", slug=p.slug))
        except ServiceError as exc:
            db.session.rollback()
            flash(apply_errors(form, exc, "name"), "error")
            status = exc.status
    codes = list(
        db.session.scalars(
            select(PurchaseCode).where(PurchaseCode.product_id == p.id).order_by(PurchaseCode.id.desc()).limit(200)
        )
    )
    return render_template(
        "products/form.html",
        form=form,
        product=p,
        codes=codes,
        codes_form=CodesForm(),
        owner_form=OwnerForm(),
    ), status


@bp.route("/staff/products/<slug>/codes", methods=["POST"])
@login_required
def generate_codes(slug: str):  # type: ignore[no-untyped-def]
    _staff_only("product.manage_owners")
    p = catalog.get_product(slug)
    form = CodesForm()
    form.validate()
    try:
        codes = owners.generate_codes(current_user, p, form.count.data)
        db.session.commit()
        flash(_("%(n)s purchase codes issued.", n=len(codes)), "success")
    except ServiceError as exc:
        db.session.rollback()
        flash(exc.message + " " + " ".join(exc.fields.values()), "error")
    return redirect(url_for("products.edit_product", slug=p.slug) + "#codes")


@bp.route("/staff/products/<slug>/owners", methods=["POST"])
@login_required
def grant_owner(slug: str):  # type: ignore[no-untyped-def]
    _staff_only("product.manage_owners")
    p = catalog.get_product(slug)
    form = OwnerForm()
    form.validate()
    member = db.session.scalar(select(User).where(User.username == (form.username.data or "").strip()))
    try:
        if member is None:
            raise ValidationFailed(_("No member with that username."), {"username": "unknown"})
        owners.grant_owner(current_user, p, member)
        db.session.commit()
        flash(_("%(user)s is now a verified owner.", user=member.username), "success")
    except ServiceError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    return redirect(url_for("products.edit_product", slug=p.slug) + "#owners")
