from __future__ import annotations

from flask import jsonify

from community.api import bp
from community.api.spec import add_paths, document, obj, ok, op


@bp.get("/openapi.json")
def openapi_json():  # type: ignore[no-untyped-def]
    return jsonify(document())


add_paths({"/openapi.json": {"get": op("This document", ok(obj()), errors=(), tag="meta")}})
