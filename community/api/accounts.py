"""Accounts API: register, personal tokens, me."""

from __future__ import annotations

from flask import jsonify

from community.accounts import service
from community.accounts.views import SIGNUP_LIMIT, signup_key
from community.api import bp
from community.api.helpers import created, init_api, json_body, require_user
from community.api.serializers import user_json
from community.api.spec import add_paths, add_schemas, body, obj, ok, op, ref
from community.errors import NotSignedIn, ValidationFailed
from community.extensions import db, limiter

init_api(bp)


def _text(data: dict, name: str) -> str:
    value = data.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationFailed("Please correct the marked fields.", {name: "Must be a string."})
    return value


@bp.post("/auth/register")
@limiter.shared_limit(SIGNUP_LIMIT, scope="signup", key_func=signup_key)
def register():  # type: ignore[no-untyped-def]
    data = json_body()
    user = service.register(_text(data, "username"), _text(data, "email"), _text(data, "password"))
    db.session.commit()
    return created({"user": user_json(user, private=True)})


@bp.post("/auth/token")
@limiter.limit("10 per minute;60 per hour")
def token():  # type: ignore[no-untyped-def]
    data = json_body()
    user = service.authenticate(_text(data, "username"), _text(data, "password"))
    if user is None or service.sign_in_problem(user):
        # One answer whether the user exists or not.
        raise NotSignedIn("Wrong username or password.", code="bad_credentials")
    raw = service.create_api_token(user, _text(data, "name") or "api")
    db.session.commit()
    return created({"token": raw, "user": user_json(user, private=True)})


@bp.get("/me")
def me():  # type: ignore[no-untyped-def]
    return jsonify({"user": user_json(require_user(), private=True)})


add_schemas(
    User=obj(
        ["id", "username", "role", "trust_level", "reputation"],
        id={"type": "integer"},
        username={"type": "string"},
        role={"type": "string", "enum": ["member", "ambassador", "moderator", "admin"]},
        trust_level={"type": "integer"},
        reputation={"type": "integer"},
        post_count={"type": "integer"},
        created_at={"type": "string"},
        email={"type": "string"},
    )
)
_creds = obj(
    ["username", "password"], username={"type": "string"}, password={"type": "string"}, email={"type": "string"}
)
add_paths(
    {
        "/auth/register": {
            "post": op(
                "Create an account",
                ok(obj(["user"], user=ref("User")), "201", "Created"),
                request=body(_creds),
                errors=(400, 409, 413, 422, 429),
                tag="accounts",
            )
        },
        "/auth/token": {
            "post": op(
                "Get a personal API token",
                ok(obj(["token", "user"], token={"type": "string"}, user=ref("User")), "201", "Created"),
                request=body(
                    obj(
                        ["username", "password"],
                        username={"type": "string"},
                        password={"type": "string"},
                        name={"type": "string"},
                    )
                ),
                errors=(400, 401, 413, 422, 429),
                tag="accounts",
            )
        },
        "/me": {
            "get": op(
                "The signed-in user", ok(obj(["user"], user=ref("User"))), errors=(401,), tag="accounts", auth=True
            )
        },
    }
)
