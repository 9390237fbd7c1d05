"""The helpful button on each post (a plain form: works without JavaScript)."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.errors import ServiceError
from community.extensions import db
from community.forum import posts as post_service
from community.forum.models import Post
from community.ui_hooks import add_partial
from community.votes import votes

bp = Blueprint("votes", __name__)


def _back(post: Post) -> str:
    from community.forum.views import _post_url

    return _post_url(post)


@bp.route("/p/<int:post_id>/vote", methods=["POST"])
@login_required
def vote(post_id: int):  # type: ignore[no-untyped-def]
    post = post_service.get_post(current_user, post_id)
    try:
        if request.form.get("action") == "withdraw":
            votes.withdraw(current_user, post)
        else:
            votes.cast(current_user, post)
        db.session.commit()
    except ServiceError as exc:
        db.session.rollback()
        flash(_(exc.message), "error")
    return redirect(_back(post))


@bp.before_app_request
def forget_vote_cache() -> None:
    g.pop("voted_cache", None)


@bp.app_context_processor
def vote_helpers() -> dict[str, object]:
    def has_voted(post: Post) -> bool:
        """One query per thread page for a member (the posts of this thread they voted for),
        none for a visitor."""
        if not current_user.is_authenticated:
            return False
        cache = g.setdefault("voted_cache", {})
        if post.thread_id not in cache:
            cache[post.thread_id] = votes.voted_in_thread(current_user, post.thread_id)
        return post.id in cache[post.thread_id]

    return {"has_voted": has_voted}


add_partial("post_actions", "votes/_post_actions.html")
