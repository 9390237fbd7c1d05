"""Numbers from user input (ids, pages, offsets).

`str.isdigit()` is true for "²" and "١٢", which int() then refuses or reads, and a 30-digit id
overflows the database driver: both were 500s. Everything a visitor types that becomes a number
goes through here: ASCII digits only, and within what the column can hold.
"""

from __future__ import annotations

from community.ops.routing import MAX_ID


def parse_int(value: object, *, maximum: int = MAX_ID) -> int | None:
    """A whole number 0..maximum written in ASCII digits (or given as an int), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value <= maximum else None
    if isinstance(value, str):
        text = value.strip()
        if text.isascii() and text.isdigit() and len(text) <= len(str(maximum)):
            number = int(text)
            return number if number <= maximum else None
    return None


def parse_id(value: object) -> int | None:
    """A row id (1..MAX_ID), else None: an id that cannot exist is simply not found."""
    number = parse_int(value)
    return number if number else None


def looks_like_id(value: object) -> bool:
    """Is this meant as an id rather than a slug? (Digits of any size: too large is not found.)"""
    return (isinstance(value, int) and not isinstance(value, bool)) or (
        isinstance(value, str) and value.strip().isascii() and value.strip().isdigit()
    )


def parse_page(value: object, *, maximum: int = 100_000) -> int:
    """A page number from ?page=, 1 when absent or odd; capped so an offset stays representable."""
    number = parse_int(value, maximum=maximum)
    return number if number else 1
