"""Opaque keyset cursors: page 500 costs what page 1 costs (no OFFSET scans)."""

from __future__ import annotations

import base64
import json
from typing import Any

from community.errors import ServiceError, ValidationFailed


class BadCursor(ServiceError):
    status = 400
    code = "bad_cursor"


def encode_cursor(*values: Any) -> str:
    raw = json.dumps([v.isoformat() if hasattr(v, "isoformat") else v for v in values])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None, arity: int) -> list[Any] | None:
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
        if not isinstance(values, list) or len(values) != arity:
            raise ValueError
        return values
    except (ValueError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadCursor("That page link is not valid; start again from the first page.") from exc


def clamp_limit(value: object, default: int = 20, maximum: int = 100) -> int:
    if value in (None, ""):
        return default
    try:
        n = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        n = 0
    if not 1 <= n <= maximum:
        raise ValidationFailed(f"limit must be a whole number from 1 to {maximum}.", {"limit": f"1..{maximum}"})
    return n
