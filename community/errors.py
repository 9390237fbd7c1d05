"""Domain errors raised by services; the web views and the API each turn them into their answer."""

from __future__ import annotations


class ServiceError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str = "", fields: dict[str, str] | None = None, code: str | None = None):
        super().__init__(message or self.code)
        self.message = message or self.code.replace("_", " ")
        self.fields = fields or {}
        if code:
            self.code = code


class ValidationFailed(ServiceError):
    status = 422
    code = "validation_failed"


class NotAllowed(ServiceError):
    status = 403
    code = "forbidden"


class NotSignedIn(ServiceError):
    status = 401
    code = "unauthorized"


class NotFound(ServiceError):
    status = 404
    code = "not_found"


class Conflict(ServiceError):
    status = 409
    code = "conflict"
