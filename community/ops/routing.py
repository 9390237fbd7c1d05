"""URL converters. `<int:id>` is bounded to the range of the INTEGER id columns (signed 32-bit on
PostgreSQL): a larger id cannot exist, and passing it to the database raised errors (SQLite:
OverflowError beyond 64 bits; PostgreSQL: "integer out of range"), a 500 found by the schemathesis
contract run. Now it is a plain 404 like any other unknown id."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


class BoundedIntConverter(IntegerConverter):
    """An id beyond the column's range becomes 0, an id no row has, instead of failing the match:
    when a converter rejects a value Werkzeug goes on to the path's other rules, and if one of
    them only differs by method (GET and PATCH of /threads/<id>) it answers 405, not 404."""

    def to_python(self, value: str) -> int:
        number = int(value)
        return number if number <= MAX_ID else 0


def init_routing(app: Flask) -> None:
    """Must run before any blueprint is registered: rules pick their converters when added."""
    app.url_map.converters["int"] = BoundedIntConverter
