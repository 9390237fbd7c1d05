"""Shared API plumbing: parsing JSON bodies, who is calling, list envelopes."""

from __future__ import annotations

from typing import Any

from flask import current_app, g, jsonify, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError, validate_csrf

from community.errors import NotAllowed, NotSignedIn, ServiceError
from community.extensions import csrf
from community.permissions import can


class BadJSON(ServiceError):
    status = 400
    code = "malformed_json"


def json_body() -> dict[str, Any]:
    """The request's JSON object, or a 400 that says what is wrong."""
    if not request.is_json:
        raise BadJSON("Send a JSON object with Content-Type: application/json.")
    data = request.get_json(silent=True)
    if data is None:
        raise BadJSON("The body is not valid JSON.")
    if not isinstance(data, dict):
        raise BadJSON("The body must be a JSON object.")
    return data


def caller():  # type: ignore[no-untyped-def]
    """The signed-in user or None."""
    return current_user if current_user.is_authenticated else None


def require_user():  # type: ignore[no-untyped-def]
    user = caller()
    if user is None:
        raise NotSignedIn("Sign in or send a bearer token.")
    return user


def require(action: str, obj: Any = None):  # type: ignore[no-untyped-def]
    user = require_user()
    if not can(user, action, obj):
        raise NotAllowed("You are not allowed to do this.")
    return user


def created(payload: dict[str, Any]):  # type: ignore[no-untyped-def]
    return jsonify(payload), 201


def page(items: list[dict[str, Any]], next_cursor: str | None) -> dict[str, Any]:
    return {"items": items, "next_cursor": next_cursor}


def int_arg(name: str) -> int | None:
    value = request.args.get(name)
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        from community.errors import ValidationFailed

        raise ValidationFailed(f"{name} must be an integer.", {name: "integer"}) from None


def check_session_csrf() -> None:
    """Bearer-token calls need no CSRF token; cookie-session writes do (X-CSRFToken header)."""
    if request.method in ("GET", "HEAD", "OPTIONS") or g.get("api_token_auth"):
        return
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return
    if current_user.is_authenticated:
        try:
            validate_csrf(request.headers.get("X-CSRFToken") or request.headers.get("X-CSRF-Token"))
        except (CSRFError, Exception) as exc:
            raise ServiceError("Missing or wrong X-CSRFToken header.", code="csrf_failed") from exc


def init_api(bp) -> None:  # type: ignore[no-untyped-def]
    csrf.exempt(bp)
    bp.before_request(check_session_csrf)


def bool_arg(name: str) -> bool | None:
    """A true/false query parameter; anything else is a 422 naming the parameter."""
    from community.errors import ValidationFailed

    value = request.args.get(name)
    if value in (None, ""):
        return None
    if value.lower() in ("1", "true", "yes"):
        return True
    if value.lower() in ("0", "false", "no"):
        return False
    raise ValidationFailed(f"{name} must be true or false.", {name: "true or false"})
