"""Validation shared by every text a member writes: titles, bodies, names."""

from __future__ import annotations

import re
import unicodedata

from community.errors import ValidationFailed

MAX_BODY = 30_000
MAX_TITLE = 200
MIN_TITLE = 5
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def clean_body(body: object, field: str = "body", *, required: bool = True, limit: int = MAX_BODY) -> str:
    """Bodies are stored as typed (newlines normalised); control characters are refused, not
    silently dropped, so the author sees what was wrong."""
    if body is None:
        body = ""
    if not isinstance(body, str):
        raise ValidationFailed("Please correct the marked fields.", {field: "Must be text."})
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL.search(text):
        raise ValidationFailed("Please correct the marked fields.", {field: "Remove control characters from the text."})
    if required and not text.strip():
        raise ValidationFailed("Please correct the marked fields.", {field: "Write something first."})
    if len(text) > limit:
        raise ValidationFailed(
            "Please correct the marked fields.",
            {field: f"At most {limit:,} characters (this has {len(text):,})."},
        )
    return text


def clean_title(title: object, field: str = "title") -> str:
    if not isinstance(title, str):
        raise ValidationFailed("Please correct the marked fields.", {field: "Must be text."})
    text = " ".join(title.split())
    if _CONTROL.search(text):
        raise ValidationFailed("Please correct the marked fields.", {field: "Remove control characters."})
    # Chinese titles are short in characters; count CJK characters double toward the minimum.
    weight = sum(2 if "\u4e00" <= ch <= "\u9fff" else 1 for ch in text)
    if weight < MIN_TITLE:
        raise ValidationFailed("Please correct the marked fields.", {field: "Make the title a little longer."})
    if len(text) > MAX_TITLE:
        raise ValidationFailed("Please correct the marked fields.", {field: f"At most {MAX_TITLE} characters."})
    return text


def slugify(text: str, limit: int = 80) -> str:
    """Readable URL slug; keeps Chinese characters (browsers show them, search engines read them)."""
    norm = unicodedata.normalize("NFKC", text).lower()
    slug = re.sub(r"[^\w\u4e00-\u9fff]+", "-", norm).strip("-_")
    slug = slug[:limit].strip("-_")
    return slug or "topic"
