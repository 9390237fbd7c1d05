"""Forum pages: home, categories, threads, posting, editing, deleting. Thin: services decide."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.errors import NotAllowed, NotFound, ServiceError
from community.extensions import db, limiter
from community.forms import apply_errors
from community.forum import categories as category_service
from community.forum import posts as post_service
from community.forum import threads as thread_service
from community.forum.forms import CategoryForm, EditForm, MoveThreadForm, ReasonForm, ReplyForm, ThreadForm
from community.forum.models import Category
from community.forum.thread_page import thread_page_facts
from community.ids import parse_id, parse_page
from community.markup import quote
from community.permissions import can
from moderation.ratelimits import POSTING_IP_LIMIT, ip_key

bp = Blueprint("forum", __name__)


def _posting_key() -> str:
    return f"post-user:{current_user.get_id() and current_user.id}" if current_user.is_authenticated else "post-anon"


def _posting_limit() -> str:
    """New accounts post more slowly (trust level 0), as Discourse does."""
    if current_user.is_authenticated and current_user.trust_level == 0:
        return "3 per minute;20 per day"
    return "10 per minute;300 per day"


def _flag(name: str) -> bool | None:
    value = request.args.get(name)
    return {"1": True, "true": True, "0": False, "false": False}.get(value or "")


@bp.route("/")
def home():  # type: ignore[no-untyped-def]
    cats = category_service.visible_categories(current_user)
    threads, next_cursor = thread_service.list_threads(current_user, limit=20)
    return render_template("forum/home.html", categories=cats, threads=threads, next_cursor=next_cursor)


@bp.route("/latest")
def latest():  # type: ignore[no-untyped-def]
    kind = request.args.get("kind") or None
    threads, next_cursor = thread_service.list_threads(
        current_user,
        kind=kind,
        solved=_flag("solved"),
        sort=request.args.get("sort", "latest"),
        cursor=request.args.get("cursor"),
        limit=current_app.config["THREADS_PER_PAGE"],
    )
    return render_template("forum/latest.html", threads=threads, next_cursor=next_cursor, kind=kind)


@bp.route("/c/<slug>")
def category(slug: str):  # type: ignore[no-untyped-def]
    cat = category_service.get_category(current_user, slug)
    kind = request.args.get("kind") or None
    threads, next_cursor = thread_service.list_threads(
        current_user,
        category=cat,
        kind=kind,
        solved=_flag("solved"),
        sort=request.args.get("sort", "latest"),
        cursor=request.args.get("cursor"),
        limit=current_app.config["THREADS_PER_PAGE"],
    )
    return render_template("forum/category.html", category=cat, threads=threads, next_cursor=next_cursor, kind=kind)


def _category_choices() -> list[tuple[str, str]]:
    return [
        (c.slug, c.name)
        for c in category_service.visible_categories(current_user)
        if can(current_user, "thread.create", c)
    ]


@bp.route("/new", methods=["GET", "POST"])
@login_required
@limiter.limit(_posting_limit, methods=["POST"], key_func=_posting_key)
@limiter.limit(POSTING_IP_LIMIT, methods=["POST"], key_func=ip_key)
def new_thread():  # type: ignore[no-untyped-def]
    form = ThreadForm()
    form.category.choices = _category_choices()
    # Products (issue 4): optional product selector, preset by /new?product=<slug>.
    from community.products.catalog import product_choices, resolve_product

    form.product.choices = [("", "—"), *product_choices()]
    if request.method == "GET":
        form.product.data = request.args.get("product") or ""
        form.category.data = request.args.get("category") or (
            form.category.choices[0][0] if form.category.choices else None
        )
        if request.args.get("kind") in ("question", "experience", "discussion"):
            form.kind.data = request.args["kind"]
        if request.args.get("title"):
            form.title.data = request.args["title"][:200]
    status = 200
    if form.validate_on_submit():
        try:
            cat = category_service.get_category(current_user, form.category.data)
            product_id = resolve_product(form.product.data) if form.product.data else None
            thread, _post = thread_service.create_thread(
                current_user, cat, form.kind.data, form.title.data, form.body.data, product_id
            )
            db.session.commit()
            return redirect(url_for("forum.thread", thread_id=thread.id, slug=thread.slug))
        except ServiceError as exc:
            db.session.rollback()
            flash(apply_errors(form, exc, "body"), "error")
            status = exc.status
    elif request.method == "POST":
        status = 422
    return render_template("forum/new_thread.html", form=form), status


@bp.route("/t/<int:thread_id>")
@bp.route("/t/<int:thread_id>/<slug>")
def thread(thread_id: int, slug: str | None = None, reply_form: ReplyForm | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    t = thread_service.get_thread(current_user, thread_id)
    page = str(parse_page(request.args.get("page", "1")))
    if slug != t.slug and request.method == "GET":
        args = {"page": page} if page != "1" else {}
        return redirect(url_for("forum.thread", thread_id=t.id, slug=t.slug, **args), 301)
    per_page = current_app.config["POSTS_PER_PAGE"]
    posts, pages = post_service.thread_page(current_user, t, int(page), per_page)
    if int(page) > pages:
        abort(404)
    facts = thread_page_facts(current_user._get_current_object(), t, posts)
    form = reply_form or (ReplyForm() if facts.can_reply else None)
    move_form = None
    if current_user.is_authenticated and can(current_user, "thread.move", t):
        move_form = MoveThreadForm(prefix="move", category=str(t.category_id))
        move_form.category.choices = [(str(c.id), c.name) for c in category_service.visible_categories(current_user)]
    return render_template(
        "forum/thread.html",
        thread=t,
        posts=posts,
        page=int(page),
        pages=pages,
        form=form,
        facts=facts,
        move_form=move_form,
    ), status


@bp.route("/t/<int:thread_id>/move", methods=["POST"])
@login_required
def move(thread_id: int):  # type: ignore[no-untyped-def]
    """Staff put a thread where it belongs; counters, search and the audit log follow."""
    t = thread_service.get_thread(current_user, thread_id)
    if not can(current_user, "thread.move", t):
        raise NotAllowed(_("Only staff move threads."))
    form = MoveThreadForm(prefix="move")
    form.category.choices = [(str(c.id), c.name) for c in category_service.visible_categories(current_user)]
    if not form.validate_on_submit():
        flash(_("Choose a category to move the thread to."), "error")
        return redirect(url_for("forum.thread", thread_id=t.id, slug=t.slug))
    target = category_service.get_category(current_user, form.category.data)
    thread_service.move_thread(current_user, t, target)
    db.session.commit()
    flash(_("Thread moved to %(name)s.", name=target.name), "success")
    return redirect(url_for("forum.thread", thread_id=t.id, slug=t.slug))


@bp.route("/t/<int:thread_id>/reply", methods=["GET", "POST"])
@login_required
@limiter.limit(_posting_limit, methods=["POST"], key_func=_posting_key)
@limiter.limit(POSTING_IP_LIMIT, methods=["POST"], key_func=ip_key)
def reply(thread_id: int):  # type: ignore[no-untyped-def]
    t = thread_service.get_thread(current_user, thread_id)
    form = ReplyForm()
    if request.method == "GET":
        quoted = request.args.get("quote", "")
        if (quoted_id := parse_id(quoted)) is not None:
            try:
                src = post_service.get_post(current_user, quoted_id)
                if src.thread_id == t.id:
                    form.body.data = quote(src.body, src.author.username, src.id)
                    form.reply_to.data = str(src.id)
            except NotFound:
                pass
        return render_template("forum/reply.html", thread=t, form=form)
    if form.validate_on_submit():
        try:
            post = post_service.reply(current_user, t, form.body.data, form.reply_to.data or None)
            db.session.commit()
            return redirect(_post_url(post))
        except ServiceError as exc:
            db.session.rollback()
            flash(apply_errors(form, exc, "body"), "error")
            return render_template("forum/reply.html", thread=t, form=form), exc.status
    return render_template("forum/reply.html", thread=t, form=form), 422


def _post_url(post) -> str:  # type: ignore[no-untyped-def]
    page = post_service.page_of(post, current_app.config["POSTS_PER_PAGE"])
    args = {"page": page} if page > 1 else {}
    return url_for("forum.thread", thread_id=post.thread_id, slug=post.thread.slug, **args, _anchor=f"post-{post.id}")


@bp.route("/p/<int:post_id>")
def post_link(post_id: int):  # type: ignore[no-untyped-def]
    return redirect(_post_url(post_service.get_post(current_user, post_id)))


@bp.route("/p/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
@limiter.limit(_posting_limit, methods=["POST"], key_func=_posting_key)
def edit(post_id: int):  # type: ignore[no-untyped-def]
    post = post_service.get_post(current_user, post_id)
    if not can(current_user, "post.edit", post):
        raise NotAllowed(_("You cannot edit this post."))
    form = EditForm()
    if request.method == "GET":
        form.body.data = post.body
        form.title.data = post.thread.title if post.number == 1 else ""
    status = 200
    if form.validate_on_submit():
        try:
            post_service.edit_post(current_user, post, form.body.data, form.title.data if post.number == 1 else None)
            db.session.commit()
            flash(_("Saved. The previous version is kept in the history."), "success")
            return redirect(_post_url(post))
        except ServiceError as exc:
            db.session.rollback()
            flash(apply_errors(form, exc, "body"), "error")
            status = exc.status
    elif request.method == "POST":
        status = 422
    return render_template("forum/edit.html", post=post, form=form), status


@bp.route("/p/<int:post_id>/revisions")
def revisions(post_id: int):  # type: ignore[no-untyped-def]
    post = post_service.get_post(current_user, post_id)
    revs = post_service.revisions(current_user, post)
    return render_template("forum/revisions.html", post=post, revisions=revs)


@bp.route("/p/<int:post_id>/delete", methods=["POST"])
@login_required
def delete(post_id: int):  # type: ignore[no-untyped-def]
    post = post_service.get_post(current_user, post_id)
    form = ReasonForm()
    form.validate()
    post_service.delete_post(current_user, post, (form.reason.data or "").strip())
    db.session.commit()
    flash(_("Deleted. Staff can restore it if this was a mistake."), "success")
    if post.number == 1 and not can(current_user, "post.view_deleted"):
        return redirect(url_for("forum.category", slug=post.thread.category.slug))
    return redirect(_post_url(post))


@bp.route("/p/<int:post_id>/restore", methods=["POST"])
@login_required
def restore(post_id: int):  # type: ignore[no-untyped-def]
    post = post_service.get_post(current_user, post_id)
    form = ReasonForm()
    form.validate()
    post_service.restore_post(current_user, post, (form.reason.data or "").strip())
    db.session.commit()
    flash(_("Restored."), "success")
    return redirect(_post_url(post))


# -- staff: categories ---------------------------------------------------------------------


@bp.route("/admin/categories", methods=["GET", "POST"])
@login_required
def admin_categories():  # type: ignore[no-untyped-def]
    if not can(current_user, "category.edit"):
        raise NotAllowed(_("Staff only."))
    form = CategoryForm()
    status = 200
    if form.validate_on_submit():
        try:
            category_service.create_category(
                current_user,
                form.name.data,
                form.slug.data,
                form.description.data,
                form.staff_only.data,
                form.premoderate.data,
            )
            db.session.commit()
            flash(_("Category created."), "success")
            return redirect(url_for("forum.admin_categories"))
        except ServiceError as exc:
            db.session.rollback()
            flash(apply_errors(form, exc), "error")
            status = exc.status
    elif request.method == "POST":
        status = 422
    cats = category_service.visible_categories(current_user)
    return render_template("forum/admin_categories.html", categories=cats, form=form), status


@bp.route("/admin/categories/<int:cat_id>", methods=["GET", "POST"])
@login_required
def admin_category(cat_id: int):  # type: ignore[no-untyped-def]
    cat = db.session.get(Category, cat_id)
    if cat is None:
        abort(404)
    if not can(current_user, "category.edit", cat):
        raise NotAllowed(_("Staff only."))
    form = CategoryForm(obj=cat)
    status = 200
    if form.validate_on_submit():
        try:
            category_service.update_category(
                current_user,
                cat,
                form.name.data,
                form.slug.data,
                form.description.data,
                form.staff_only.data,
                form.premoderate.data,
            )
            db.session.commit()
            flash(_("Category saved."), "success")
            return redirect(url_for("forum.admin_categories"))
        except ServiceError as exc:
            db.session.rollback()
            flash(apply_errors(form, exc), "error")
            status = exc.status
    return render_template("forum/admin_category.html", category=cat, form=form), status


@bp.route("/admin/categories/<int:cat_id>/move", methods=["POST"])
@login_required
def admin_category_move(cat_id: int):  # type: ignore[no-untyped-def]
    cat = db.session.get(Category, cat_id)
    if cat is None:
        abort(404)
    ReasonForm().validate()
    category_service.move_category(current_user, cat, -1 if request.form.get("direction") == "up" else 1)
    db.session.commit()
    return redirect(url_for("forum.admin_categories"))
