"""Staff pages under /staff (queue, people, audit, spam settings) and the member-facing flag
and appeal forms. Thin: parse the form, call a service, render. Every action is a plain form
post; static/js/queue.js only adds keyboard shortcuts on top."""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from community.errors import NotAllowed, ServiceError
from community.extensions import db, limiter
from community.ids import parse_id
from community.navigation import add_link
from community.permissions import can
from community.security import safe_next
from community.ui_hooks import add_partial
from moderation import audit, flags, notices, people, queue, watched_words
from moderation.models import FLAG_REASONS, HIDE_REASONS
from moderation.ratelimits import FLAG_IP_LIMIT, account_key, flag_limit, ip_key
from moderation.service_messages import translated
from moderation.spam_labels import SPAM_REASON_LABELS, spam_reason  # noqa: F401 (templates, tests)

bp = Blueprint("moderation", __name__)

add_link("moderation.queue_page", _l("Review queue"), "moderation.queue", order=85)
add_partial("post_actions", "moderation/_post_flag.html")
add_partial("post_badges", "moderation/_post_badge.html")
add_partial("profile", "moderation/_profile.html")

REASON_LABELS = {
    "spam": _l("Spam"),
    "abuse": _l("Abuse or harassment"),
    "personal_data": _l("Personal data"),
    "illegal": _l("Illegal"),
    "off_topic": _l("Off-topic"),
    "other": _l("Something else"),
}

# Codes stored in the database, shown to staff in their language (unknown codes as they are).
LABELS = {
    "status": {
        "pending": _l("pending"),
        "approved": _l("approved"),
        "rejected": _l("rejected"),
        "hidden": _l("hidden"),
        "restored": _l("restored"),
        "deleted": _l("deleted"),
        "visible": _l("visible"),
        "held": _l("held"),
    },
    "source": {
        "flag": _l("flagged"),
        "spam": _l("spam filter"),
        "premoderate": _l("pre-moderation"),
        "appeal": _l("appeal"),
    },
    "target": {"post": _l("post"), "profile": _l("profile"), "review": _l("review"), "user": _l("member")},
    "verdict": {"allow": _l("would be posted"), "hold": _l("held for review"), "block": _l("blocked")},
    "word_action": {
        "block": _l("block"),
        "hold": _l("hold for review"),
        "replace": _l("replace"),
        "flag": _l("flag"),
    },
    "outcome": {"agreed": _l("agreed"), "disagreed": _l("disagreed")},
    "notice_action": {"hide": _l("hidden"), "reject": _l("rejected"), "delete": _l("deleted")},
    "role": {
        "member": _l("member"),
        "ambassador": _l("ambassador"),
        "moderator": _l("moderator"),
        "admin": _l("admin"),
    },
    "action": {
        "approve": _l("approve"),
        "reject": _l("reject"),
        "hide": _l("hide"),
        "restore": _l("restore"),
        "delete": _l("delete"),
    },
}


def label(kind: str, code: object) -> str:
    """A stored code (status, source, role...) in the reader's language."""
    found = LABELS.get(kind, {}).get(str(code))
    return str(found) if found is not None else str(code or "")


@bp.app_context_processor
def moderation_context() -> dict:
    return {
        "FLAG_REASONS": FLAG_REASONS,
        "HIDE_REASONS": HIDE_REASONS,
        "REASON_LABELS": REASON_LABELS,
        "open_notice": notices.open_notice,
        "moderation_notices_for": notices.notices_for,
        "mod_label": label,
        "spam_reason": spam_reason,
    }


def _staff(action: str = "moderation.queue") -> None:
    if not can(current_user, action):
        raise NotAllowed(_("Staff only."))


def _back(default: str) -> str:
    return safe_next(request.form.get("next"), default)


# -- the queue ---------------------------------------------------------------------------


@bp.route("/staff/queue")
@login_required
def queue_page():  # type: ignore[no-untyped-def]
    _staff()
    status = request.args.get("status") or "pending"
    if status not in ("pending", "approved", "rejected", "hidden", "restored", "deleted", "all"):
        status = "pending"
    items, next_cursor = queue.list_items(
        current_user,
        status=status,
        source=request.args.get("source") or None,
        cursor=request.args.get("cursor"),
        limit=50,
    )
    return render_template(
        "moderation/queue.html",
        items=[queue.item_json(i) for i in items],
        next_cursor=next_cursor,
        status=status,
        pending=queue.pending_count(),
    )


@bp.route("/staff/queue/<int:item_id>", methods=["POST"])
@login_required
def queue_act(item_id: int):  # type: ignore[no-untyped-def]
    _staff("moderation.act")
    action = request.form.get("action")
    reason = request.form.get("reason") if action in ("hide", "reject", "delete") else request.form.get("note")
    by_script = request.headers.get("X-Requested-With") == "fetch"
    try:
        item = queue.act(current_user, item_id, action, reason)
        db.session.commit()
    except ServiceError as exc:
        db.session.rollback()
        if isinstance(exc, NotAllowed):
            raise
        if by_script:
            return jsonify({"ok": False, "message": translated(exc)}), exc.status
        flash(translated(exc), "error")
        return redirect(_back(url_for("moderation.queue_page")))
    done = _("Done: %(action)s.", action=label("action", action))
    if by_script:
        return jsonify({"ok": True, "status": item.status, "message": done})
    flash(done, "success")
    return redirect(_back(url_for("moderation.queue_page")))


# -- people --------------------------------------------------------------------------------


@bp.route("/staff/users/<int:user_id>")
@login_required
def user_page(user_id: int):  # type: ignore[no-untyped-def]
    _staff("moderation.people")
    target = people.get_user(current_user, user_id)
    return render_template(
        "moderation/user.html",
        target=target,
        history=people.history(current_user, target),
        may_moderate=can(current_user, "user.moderate", target),
    )


def _people_action(user_id: int, fn, ok_message: str):  # type: ignore[no-untyped-def]
    _staff("moderation.people")
    target = people.get_user(current_user, user_id)
    try:
        fn(target)
        db.session.commit()
        flash(ok_message, "success")
    except ServiceError as exc:
        db.session.rollback()
        if isinstance(exc, NotAllowed):
            raise
        flash(translated(exc), "error")
    return redirect(url_for("moderation.user_page", user_id=user_id))


@bp.route("/staff/users/<int:user_id>/silence", methods=["POST"])
@login_required
def silence(user_id: int):  # type: ignore[no-untyped-def]
    return _people_action(
        user_id,
        lambda u: people.silence(current_user, u, request.form.get("until"), request.form.get("reason")),
        _("Silenced."),
    )


@bp.route("/staff/users/<int:user_id>/unsilence", methods=["POST"])
@login_required
def unsilence(user_id: int):  # type: ignore[no-untyped-def]
    return _people_action(
        user_id,
        lambda u: people.unsilence(current_user, u, request.form.get("reason", "")),
        _("Silence lifted."),
    )


@bp.route("/staff/users/<int:user_id>/suspend", methods=["POST"])
@login_required
def suspend(user_id: int):  # type: ignore[no-untyped-def]
    return _people_action(
        user_id,
        lambda u: people.suspend(current_user, u, request.form.get("until"), request.form.get("reason")),
        _("Suspended."),
    )


@bp.route("/staff/users/<int:user_id>/unsuspend", methods=["POST"])
@login_required
def unsuspend(user_id: int):  # type: ignore[no-untyped-def]
    return _people_action(
        user_id,
        lambda u: people.unsuspend(current_user, u, request.form.get("reason", "")),
        _("Suspension lifted."),
    )


@bp.route("/staff/users/<int:user_id>/notes", methods=["POST"])
@login_required
def add_note(user_id: int):  # type: ignore[no-untyped-def]
    return _people_action(
        user_id,
        lambda u: people.add_note(current_user, u, request.form.get("body")),
        _("Note saved."),
    )


# -- audit ---------------------------------------------------------------------------------


@bp.route("/staff/audit")
@login_required
def audit_page():  # type: ignore[no-untyped-def]
    _staff("moderation.audit")
    args = request.args
    target_id = args.get("target_id", "")
    rows, next_cursor = audit.list_entries(
        current_user,
        actor=args.get("actor") or None,
        action=args.get("action") or None,
        target_type=args.get("target_type") or None,
        target_id=parse_id(target_id),
        since=args.get("since") or None,
        until=args.get("until") or None,
        cursor=args.get("cursor"),
        limit=50,
    )
    filters = {k: v for k, v in args.items() if k != "cursor" and v}
    return render_template("moderation/audit.html", entries=rows, next_cursor=next_cursor, args=args, filters=filters)


@bp.route("/staff/audit/purge", methods=["POST"])
@login_required
def audit_purge():  # type: ignore[no-untyped-def]
    _staff("moderation.audit_purge")
    try:
        count = audit.purge(current_user, request.form.get("before"), request.form.get("reason"))
        db.session.commit()
        flash(_("%(n)s entries purged; the purge itself is logged.", n=count), "success")
    except ServiceError as exc:
        db.session.rollback()
        flash(translated(exc), "error")
    return redirect(url_for("moderation.audit_page"))


# -- spam settings -------------------------------------------------------------------------


@bp.route("/staff/spam", methods=["GET", "POST"])
@login_required
def spam_page():  # type: ignore[no-untyped-def]
    """GET shows the settings; POST checks a text (the verdict is shown, nothing is stored)."""
    _staff("moderation.spam_settings")
    verdict, text = None, ""
    if request.method == "POST":
        from moderation.learning import classifier
        from moderation.spam import check

        text = request.form.get("text", "")[:20000]
        trust = request.form.get("trust_level", "0")
        if text.strip():
            verdict = check(
                text,
                trust_level=int(trust) if trust in ("0", "1", "2", "3") else 0,
                policy=watched_words.policy(),
                classifier=classifier(),
            )
    return render_template(
        "moderation/spam.html",
        words=watched_words.watched_words(),
        blocked=watched_words.domains("blocked"),
        allowed=watched_words.domains("allowed"),
        verdict=verdict,
        text=text,
    )


def _spam_change(fn, ok_message: str):  # type: ignore[no-untyped-def]
    _staff("moderation.spam_settings")
    try:
        fn()
        db.session.commit()
        flash(ok_message, "success")
    except ServiceError as exc:
        db.session.rollback()
        flash(translated(exc), "error")
    return redirect(url_for("moderation.spam_page"))


@bp.route("/staff/spam/words", methods=["POST"])
@login_required
def add_word():  # type: ignore[no-untyped-def]
    f = request.form
    return _spam_change(
        lambda: watched_words.add_watched_word(
            current_user, f.get("pattern"), f.get("action"), f.get("replacement", "")
        ),
        _("Watched word added."),
    )


@bp.route("/staff/spam/words/<int:word_id>/delete", methods=["POST"])
@login_required
def remove_word(word_id: int):  # type: ignore[no-untyped-def]
    return _spam_change(lambda: watched_words.remove_watched_word(current_user, word_id), _("Watched word removed."))


@bp.route("/staff/spam/domains", methods=["POST"])
@login_required
def add_domain():  # type: ignore[no-untyped-def]
    f = request.form
    return _spam_change(
        lambda: watched_words.add_domain(current_user, f.get("domain"), f.get("kind")),
        _("Domain added."),
    )


@bp.route("/staff/spam/domains/<int:domain_id>/delete", methods=["POST"])
@login_required
def remove_domain(domain_id: int):  # type: ignore[no-untyped-def]
    return _spam_change(lambda: watched_words.remove_domain(current_user, domain_id), _("Domain removed."))


# -- members: flag and appeal --------------------------------------------------------------


@bp.route("/p/<int:post_id>/flag", methods=["POST"])
@login_required
@limiter.limit(flag_limit, key_func=account_key)
@limiter.limit(FLAG_IP_LIMIT, key_func=ip_key)
def flag_post(post_id: int):  # type: ignore[no-untyped-def]
    try:
        flags.flag(current_user, "post", post_id, request.form.get("reason"), request.form.get("note", ""))
        db.session.commit()
        flash(_("Thanks. A moderator will look at it."), "success")
    except ServiceError as exc:
        db.session.rollback()
        flash(translated(exc), "error")
    return redirect(_back(url_for("forum.post_link", post_id=post_id)))


@bp.route("/reviews/<int:review_id>/flag", methods=["POST"])
@login_required
@limiter.limit(flag_limit, key_func=account_key)
@limiter.limit(FLAG_IP_LIMIT, key_func=ip_key)
def flag_review(review_id: int):  # type: ignore[no-untyped-def]
    from community.reviews.models import Review

    review = db.session.get(Review, review_id)
    default = f"/products/{review.product.slug}#review-{review.id}" if review is not None else "/"
    try:
        flags.flag(current_user, "review", review_id, request.form.get("reason"), request.form.get("note", ""))
        db.session.commit()
        flash(_("Thanks. A moderator will look at it."), "success")
    except ServiceError as exc:
        db.session.rollback()
        flash(translated(exc), "error")
    return redirect(_back(default))


@bp.route("/notices/<int:notice_id>/appeal", methods=["POST"])
@login_required
def appeal(notice_id: int):  # type: ignore[no-untyped-def]
    try:
        notices.appeal(current_user, notice_id, request.form.get("text"))
        db.session.commit()
        flash(_("Your appeal was sent to the moderators."), "success")
    except ServiceError as exc:
        db.session.rollback()
        flash(translated(exc), "error")
    return redirect(_back(url_for("accounts.profile", username=current_user.username)))
