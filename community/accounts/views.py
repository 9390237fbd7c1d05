"""Sign up, sign in, sign out, password, profile and settings pages."""

from __future__ import annotations

from zoneinfo import available_timezones

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from community.accounts import service
from community.accounts.forms import PasswordForm, SettingsForm, SignInForm, SignUpForm
from community.accounts.models import LoginSession, User, hash_token
from community.accounts.names import username_key
from community.errors import ServiceError
from community.extensions import db, limiter
from community.forms import apply_errors
from community.forum.models import Post, Thread
from community.security import safe_next

bp = Blueprint("accounts", __name__)


SIGNUP_LIMIT = "10 per hour"


def signup_key() -> str:
    """Sign-ups from one IP share one budget across the web form and the API."""
    return "signup-ip:" + (request.remote_addr or "")


def _login_key() -> str:
    return "login:" + username_key(request.form.get("login", ""))[:64]


@bp.route("/signup", methods=["GET", "POST"])
@limiter.shared_limit(SIGNUP_LIMIT, scope="signup", methods=["POST"], key_func=signup_key)
def signup():  # type: ignore[no-untyped-def]
    if current_user.is_authenticated:
        return redirect(url_for("forum.home"))
    form = SignUpForm(next=request.args.get("next", ""))
    status = 200
    if form.validate_on_submit():
        try:
            user = service.register(form.username.data, form.email.data, form.password.data)
            token = service.start_session(user, request.user_agent.string, request.remote_addr or "")
            db.session.commit()
            login_user(user)
            del token
            flash(_("Welcome, %(name)s! Your account is ready.", name=user.username), "success")
            return redirect(safe_next(form.next.data, url_for("forum.home")))
        except ServiceError as exc:
            db.session.rollback()
            flash(apply_errors(form, exc), "error")
            status = 422
    elif request.method == "POST":
        status = 422
    return render_template("accounts/signup.html", form=form), status


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute;60 per hour", methods=["POST"])
@limiter.limit("10 per 15 minutes", methods=["POST"], key_func=_login_key)
def login():  # type: ignore[no-untyped-def]
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next"), url_for("forum.home")))
    form = SignInForm(next=request.args.get("next", ""))
    status = 200
    if form.validate_on_submit():
        user = service.authenticate(form.login.data, form.password.data)
        if user is None:
            flash(_("Wrong username/email or password."), "error")
            status = 401
        elif problem := service.sign_in_problem(user):
            flash(problem, "error")
            status = 403
        else:
            service.start_session(user, request.user_agent.string, request.remote_addr or "")
            db.session.commit()
            login_user(user, remember=bool(form.remember.data))
            return redirect(safe_next(form.next.data, url_for("forum.home")))
    elif request.method == "POST":
        status = 422
    return render_template("accounts/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
def logout():  # type: ignore[no-untyped-def]
    if current_user.is_authenticated:
        service.end_session(current_user.get_id())
        db.session.commit()
    logout_user()
    flash(_("You are signed out."), "success")
    return redirect(url_for("forum.home"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password():  # type: ignore[no-untyped-def]
    form = PasswordForm()
    status = 200
    if form.validate_on_submit():
        try:
            service.change_password(current_user, form.current_password.data, form.new_password.data)
            db.session.commit()
            flash(_("Password changed. Other browsers were signed out."), "success")
            return redirect(url_for("accounts.profile", username=current_user.username))
        except ServiceError as exc:
            db.session.rollback()
            flash(apply_errors(form, exc), "error")
            status = 422
    return render_template("accounts/password.html", form=form), status


@bp.route("/account/settings", methods=["GET", "POST"])
@login_required
def settings():  # type: ignore[no-untyped-def]
    form = SettingsForm(obj=current_user)
    status = 200
    if form.validate_on_submit():
        tz = (form.timezone.data or "").strip()
        if tz and tz not in available_timezones():
            form.timezone.errors = [_("Unknown time zone, e.g. Asia/Shanghai or Europe/Berlin.")]
            status = 422
        else:
            from moderation.screening import apply_bio

            current_user.locale = form.locale.data or None
            current_user.timezone = tz or None
            try:
                bio_status = apply_bio(current_user, form.bio.data or "")
            except ServiceError as exc:
                db.session.rollback()
                flash(apply_errors(form, exc, "bio"), "error")
                return render_template("accounts/settings.html", form=form), exc.status
            db.session.commit()
            flash(_("Settings saved."), "success")
            if bio_status == "held":
                flash(_("Your new bio will appear once a moderator has reviewed it."), "info")
            return redirect(url_for("accounts.settings"))
    return render_template("accounts/settings.html", form=form, sessions=_browsers()), status


def _browsers() -> list[tuple[LoginSession, bool]]:
    """The signed-in browsers of the current user, newest activity first, this one marked."""
    mine = hash_token(current_user.get_id() or "")
    rows = db.session.scalars(
        select(LoginSession)
        .where(LoginSession.user_id == current_user.id)
        .order_by(LoginSession.last_seen_at.desc(), LoginSession.id.desc())
        .limit(50)
    )
    return [(row, row.token_hash == mine) for row in rows]


@bp.route("/account/sessions/end-others", methods=["POST"])
@login_required
def end_other_sessions():  # type: ignore[no-untyped-def]
    """A lost phone or a shared computer: sign out every browser except this one."""
    service.end_all_sessions(current_user, keep_token=current_user.get_id())
    db.session.commit()
    flash(_("Signed out on every other browser."), "success")
    return redirect(url_for("accounts.settings"))


@bp.route("/lang/<code>", methods=["GET", "POST"])
def set_language(code: str):  # type: ignore[no-untyped-def]
    """POST (with CSRF) also saves a member's choice; GET, the anonymous footer link, only sets the
    cookie, so anonymous pages carry no CSRF token and can be cached whole (community/ops/pagecache)."""
    if code not in ("en", "zh"):
        abort(404)
    if current_user.is_authenticated and request.method == "POST":
        current_user.locale = code
        db.session.commit()
    sent_next = request.form.get("next") if request.method == "POST" else request.args.get("next")
    resp = make_response(redirect(safe_next(sent_next, url_for("forum.home"))))
    resp.set_cookie("lang", code, max_age=365 * 86400, samesite="Lax", httponly=True)
    return resp


@bp.route("/u/<username>")
def profile(username: str):  # type: ignore[no-untyped-def]
    user = db.session.scalar(select(User).where(User.username_key == username_key(username)))
    if user is None:
        abort(404)
    from community.permissions import can

    recent = [
        p
        for p in db.session.scalars(
            select(Post)
            .join(Thread, Thread.id == Post.thread_id)
            .where(Post.author_id == user.id, Post.deleted_at.is_(None), Thread.deleted_at.is_(None))
            .order_by(Post.created_at.desc())
            .limit(40)
        )
        if can(current_user, "post.view", p)
    ][:15]
    return render_template("accounts/profile.html", profile=user, recent=recent)
