"""URL converters. `<int:id>` is bounded to the range of the INTEGER id columns (signed 32-bit on
PostgreSQL): a larger id cannot exist, and passing it to the database raised errors (SQLite:
OverflowError beyond 64 bits; PostgreSQL: "integer out of range"), a 500 found by the schemathesis
contract run. Now it is a plain 404 like any other unknown id."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


class BoundedIntConverter(IntegerConverter):
    def __init__(self, map, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def init_routing(app: Flask) -> None:
    """Must run before any blueprint is registered: rules pick their converters when added."""
    app.url_map.converters["int"] = BoundedIntConverter
