"""Structured JSON logs with a request id on every line.

The id comes from the X-Request-ID header when a proxy set a sane one (letters, digits, . _ -,
up to 128 characters), else it is generated; it is echoed in the response so a user's report can
be matched to the log lines. LOG_FORMAT=text keeps plain lines (development).
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid

from flask import Flask, Response, g, has_request_context, request

SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}$")
access_log = logging.getLogger("community.access")


def current_request_id() -> str:
    if has_request_context():
        return g.get("request_id") or "-"
    return "-"


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: what log shippers (Loki, ELK, journald) parse without rules."""

    EXTRA = ("request_id", "method", "path", "status", "duration_ms", "remote_addr")

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in self.EXTRA:
            value = getattr(record, name, None)
            if value is not None:
                data[name] = value
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False)


def _assign_id() -> None:
    sent = request.headers.get("X-Request-ID", "")
    g.request_id = sent if SAFE_ID.match(sent) else uuid.uuid4().hex
    g.request_log_started = time.perf_counter()


def _finish(response: Response) -> Response:
    response.headers["X-Request-ID"] = g.get("request_id") or uuid.uuid4().hex
    started = g.get("request_log_started")
    if started is not None and request.endpoint not in ("health.healthz", "metrics.metrics", "static"):
        access_log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                "remote_addr": request.remote_addr,
            },
        )
    return response


def configure_logging(fmt: str = "json", level: str = "INFO") -> None:
    """Root handler for every logger (app, worker, SQLAlchemy warnings); installed once."""
    root = logging.getLogger()
    if any(getattr(h, "_community", False) for h in root.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler._community = True  # type: ignore[attr-defined]
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(
        JsonFormatter()
        if fmt == "json"
        else logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
    )
    root.addHandler(handler)
    root.setLevel(level)


def init_logs(app: Flask) -> None:
    app.before_request_funcs.setdefault(None, []).insert(1, _assign_id)
    app.after_request(_finish)
    if not app.testing and app.config.get("LOG_FORMAT", "json") != "none":
        configure_logging(app.config.get("LOG_FORMAT", "json"), app.config.get("LOG_LEVEL", "INFO"))
