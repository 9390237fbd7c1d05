"""Every error, HTML or JSON, gets a clear answer and never a bare 500 for client input."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from community.errors import ServiceError

TITLES = {
    400: "Bad request",
    401: "Please sign in",
    403: "Not allowed",
    404: "Not found",
    405: "Not allowed",
    409: "Conflict",
    413: "Too large",
    415: "Unsupported media type",
    422: "Please check the input",
    429: "Too many requests",
    500: "Something went wrong",
}
CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "validation_failed",
    429: "rate_limited",
    500: "internal_error",
}


_rerender_429: dict[str, Callable[[int | None], str]] = {}


def rerender_on_429(endpoint: str, render: Callable[[int | None], str]) -> None:
    """A form page that is rate limited re-renders itself (with the posted text) instead of
    showing the error page: render(retry_after) returns the page's HTML."""
    _rerender_429[endpoint] = render


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, code: str, message: str, fields: dict | None = None, headers: dict | None = None):  # type: ignore[no-untyped-def]
    if wants_json():
        body: dict = {"error": {"code": code, "message": message}}
        if fields:
            body["error"]["fields"] = fields
        resp = jsonify(body)
    else:
        resp = render_template("errors/error.html", status=status, title=TITLES.get(status, "Error"), message=message)
    return resp, status, headers or {}


def init_errors(app: Flask) -> None:
    @app.errorhandler(ServiceError)
    def service_error(exc: ServiceError):  # type: ignore[no-untyped-def]
        return error_response(exc.status, exc.code, exc.message, exc.fields)

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):  # type: ignore[no-untyped-def]
        return error_response(
            400, "csrf_failed", "The form expired or came from another site. Go back, reload and try again."
        )

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):  # type: ignore[no-untyped-def]
        status = exc.code or 500
        headers = {}
        if status == 429:
            retry = getattr(exc, "retry_after", None)
            if retry is None:
                import time

                from community.extensions import limiter

                current = limiter.current_limit
                retry = max(1, int(current.reset_at - time.time())) if current is not None else None
            headers["Retry-After"] = str(retry or 60)
            message = "Too many requests. Wait a moment and try again."
            render = _rerender_429.get(request.endpoint or "")
            if render is not None and request.method == "POST" and not wants_json():
                return render(retry), 429, headers
        elif status == 413:
            message = "The request is too large."
        else:
            message = exc.description or TITLES.get(status, "Error")
        if status == 405 and exc.get_response().headers.get("Allow"):
            headers["Allow"] = exc.get_response().headers["Allow"]
        return error_response(status, CODES.get(status, "error"), message, None, headers)

    @app.errorhandler(UnicodeDecodeError)
    def bad_encoding(exc: UnicodeDecodeError):  # type: ignore[no-untyped-def]
        return error_response(400, "bad_encoding", "The request is not valid UTF-8.")

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):  # type: ignore[no-untyped-def]
        if isinstance(exc, HTTPException):
            return http_error(exc)
        from community.extensions import db

        db.session.rollback()
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(500, "internal_error", "Something went wrong on our side. It has been logged.")
