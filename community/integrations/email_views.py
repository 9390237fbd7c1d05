"""Unsubscribe links from mail: no sign-in, the signed token is the proof."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from community.extensions import csrf, db
from community.integrations import email

bp = Blueprint("email", __name__)


@bp.route("/email/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058 one-click POSTs come from mail clients; the signed token is the credential
def unsubscribe(token: str):  # type: ignore[no-untyped-def]
    """GET shows a confirm button (link scanners must not unsubscribe anyone); POST unsubscribes."""
    found = email.read_unsubscribe_token(token)
    if found is None:
        abort(404)
    user, kind = found
    done = False
    if request.method == "POST":
        email.unsubscribe(user, kind)
        db.session.commit()
        done = True
    return render_template("integrations/unsubscribe.html", kind=kind, done=done, token=token)
