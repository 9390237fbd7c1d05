"""The OpenAPI 3.1 document, assembled from the fragments each API module registers.

Helpers keep fragments short; a test checks every /api/v1 route is described and vice versa.
"""

from __future__ import annotations

from typing import Any

_paths: dict[str, dict[str, Any]] = {}
_schemas: dict[str, Any] = {}

ERROR = {"$ref": "#/components/responses/Error"}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(required: list[str] | None = None, nullable: tuple[str, ...] = (), **props: Any) -> dict[str, Any]:
    """An object schema; extra properties are allowed so capabilities can add fields."""
    for name in nullable:
        props[name] = {"anyOf": [props[name], {"type": "null"}]}
    schema: dict[str, Any] = {"type": "object", "properties": props}
    if required:
        schema["required"] = required
    return schema


def list_of(item: dict[str, Any]) -> dict[str, Any]:
    return obj(
        ["items", "next_cursor"], items={"type": "array", "items": item}, next_cursor={"type": ["string", "null"]}
    )


def body(schema: dict[str, Any], required: bool = True) -> dict[str, Any]:
    return {"required": required, "content": {"application/json": {"schema": schema}}}


def ok(schema: dict[str, Any] | None, status: str = "200", description: str = "OK") -> dict[str, Any]:
    if schema is None:
        return {status: {"description": description}}
    return {status: {"description": description, "content": {"application/json": {"schema": schema}}}}


def op(
    summary: str,
    responses: dict[str, Any],
    *,
    params: list[dict[str, Any]] | None = None,
    request: dict[str, Any] | None = None,
    errors: tuple[int, ...] = (400, 401, 403, 404, 422, 429),
    tag: str = "forum",
    auth: bool = False,
) -> dict[str, Any]:
    operation: dict[str, Any] = {"summary": summary, "tags": [tag], "responses": dict(responses)}
    for code in errors:
        operation["responses"].setdefault(str(code), ERROR)
    if params:
        operation["parameters"] = params
    if request:
        operation["requestBody"] = request
    if auth:
        operation["security"] = [{"bearer": []}, {"session": []}]
    return operation


def qparam(name: str, schema: dict[str, Any] | None = None, description: str = "") -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema or {"type": "string"},
        "description": description,
    }


def pparam(name: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": schema or {"type": "integer"}}


LIST_PARAMS = [qparam("limit", {"type": "integer", "minimum": 1, "maximum": 100}), qparam("cursor")]


def add_paths(paths: dict[str, dict[str, Any]]) -> None:
    for path, ops in paths.items():
        _paths.setdefault(path, {}).update(ops)


def add_schemas(**schemas: Any) -> None:
    _schemas.update(schemas)


def document() -> dict[str, Any]:
    error_schema = obj(
        ["error"],
        error=obj(
            ["code", "message"],
            code={"type": "string"},
            message={"type": "string"},
            fields={"type": "object", "additionalProperties": {"type": "string"}},
        ),
    )
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Brand community API",
            "version": "1.0.0",
            "description": "JSON API of the brand community forum server. Errors share one shape.",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": {p: _paths[p] for p in sorted(_paths)},
        "components": {
            "schemas": {"Error": error_schema, **_schemas},
            "responses": {
                "Error": {
                    "description": "Error",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                }
            },
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "description": "Personal token from POST /auth/token"},
                "session": {"type": "apiKey", "in": "cookie", "name": "session"},
            },
        },
    }
