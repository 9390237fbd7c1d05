"""JSON API v1 (see API.md): one blueprint, one error shape, bearer token or session auth.

Capabilities add their endpoints in their own module under community/api/ and import it below;
each module also contributes its OpenAPI paths (community/api/spec.py collects them).
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from community.api import (  # noqa: E402,F401
    accounts,
    desk,
    forum,
    keypoints,
    moderation,
    notifications,
    openapi,
    ops,
    products,
    search,
    solutions,
    webhooks,
)
