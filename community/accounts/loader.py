"""Who is asking: the browser session (per-session token) or an API bearer token."""

from __future__ import annotations

from flask import Flask, g, request
from flask_login import current_user

from community.extensions import db, login_manager
from community.timeutil import utcnow


def init_auth(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(token: str):  # type: ignore[no-untyped-def]
        from community.accounts.service import user_for_session

        return user_for_session(token)

    @login_manager.request_loader
    def load_from_bearer(req):  # type: ignore[no-untyped-def]
        header = req.headers.get("Authorization", "")
        if header.startswith("Bearer ") and req.path.startswith("/api/"):
            from community.accounts.service import user_for_api_token

            user = user_for_api_token(header[7:].strip())
            if user is not None:
                g.api_token_auth = True
            return user
        return None

    @app.before_request
    def touch_last_seen() -> None:
        user = current_user
        if getattr(user, "is_authenticated", False) and request.method == "GET":
            now = utcnow()
            if user.last_seen_at is None or (now - user.last_seen_at).total_seconds() > 300:
                user.last_seen_at = now
                g.touch_user = True

    @app.after_request
    def commit_touch(response):  # type: ignore[no-untyped-def]
        if g.get("touch_user"):
            try:
                db.session.commit()
            except Exception:  # last-seen is best effort; never fail a read for it
                db.session.rollback()
        return response
