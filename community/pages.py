"""Small public pages that belong to no capability: robots.txt."""

from __future__ import annotations

from flask import Blueprint, Response, url_for

bp = Blueprint("pages", __name__)


@bp.route("/robots.txt")
def robots() -> Response:
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /staff/", "Disallow: /api/", "Disallow: /account/"]
    lines.append("Sitemap: " + url_for("products.sitemap", _external=True))
    return Response("\n".join(lines) + "\n", mimetype="text/plain")
