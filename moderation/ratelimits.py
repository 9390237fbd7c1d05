"""Rate limits owned by moderation (flagging, posting per IP) and the form-friendly 429.

Limits count per account and per IP; new accounts (trust level 0) get stricter limits. The
storage is Redis when REDIS_URL is set (shared by every worker and node), memory otherwise.
A rate-limited form post re-renders the form with the typed text and a message, not a bare
error page (registered with community.http_errors.rerender_on_429).
"""

from __future__ import annotations

from flask import flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from community.extensions import _limit_key
from community.http_errors import rerender_on_429


def ip_key() -> str:
    return "ip:" + _limit_key()


def account_key() -> str:
    return f"user:{current_user.id}" if current_user.is_authenticated else ip_key()


def flag_limit() -> str:
    if current_user.is_authenticated and current_user.trust_level == 0:
        return "5 per hour"
    return "30 per hour"


FLAG_IP_LIMIT = "60 per hour"
POSTING_IP_LIMIT = "30 per minute;600 per day"


def _too_fast(retry_after: int | None) -> None:
    flash(
        _(
            "You are posting too fast. Your text is kept below: wait %(seconds)s seconds and send it again.",
            seconds=retry_after or 60,
        ),
        "error",
    )


def _reply_form(retry_after: int | None) -> str:
    from community.forum import threads as thread_service
    from community.forum.forms import ReplyForm

    thread = thread_service.get_thread(current_user, int(request.view_args["thread_id"]))
    _too_fast(retry_after)
    return render_template("forum/reply.html", thread=thread, form=ReplyForm())


def _new_thread_form(retry_after: int | None) -> str:
    from community.forum.forms import ThreadForm
    from community.forum.views import _category_choices

    form = ThreadForm()
    form.category.choices = _category_choices()
    _too_fast(retry_after)
    return render_template("forum/new_thread.html", form=form)


def _edit_form(retry_after: int | None) -> str:
    from community.forum import posts as post_service
    from community.forum.forms import EditForm

    post = post_service.get_post(current_user, int(request.view_args["post_id"]))
    _too_fast(retry_after)
    return render_template("forum/edit.html", post=post, form=EditForm())


rerender_on_429("forum.reply", _reply_form)
rerender_on_429("forum.new_thread", _new_thread_form)
rerender_on_429("forum.edit", _edit_form)
