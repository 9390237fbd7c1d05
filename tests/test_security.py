"""Site-wide security properties: headers, CSP, no inline script anywhere, CSRF, body limits."""

from __future__ import annotations

import re
from pathlib import Path

from tests.factories import PASSWORD, login
from tests.htmlcheck import active_content

ROOT = Path(__file__).resolve().parent.parent


def test_security_headers_and_csp(client):
    resp = client.get("/")
    csp = resp.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp and "object-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["X-Frame-Options"] == "DENY"
    assert client.get("/api/v1/categories").headers["Content-Security-Policy"] == csp


def test_no_template_has_inline_script_style_or_handlers():
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        for m in re.finditer(r"<script\b([^>]*)>", text):
            if "src=" not in m.group(1) and "application/ld+json" not in m.group(1):
                offenders.append(f"{path.name}: inline <script>")
        if re.search(r"\son[a-z]+\s*=", text):
            offenders.append(f"{path.name}: on*= handler")
        if re.search(r"\sstyle\s*=", text):
            offenders.append(f"{path.name}: style attribute")
    assert offenders == []


def test_rendered_pages_have_no_active_content(client, factory):
    user = factory.user("xss")
    factory.thread(author=user, title='"><script>alert(1)</script>', body="<svg onload=alert(1)>")
    login(client, "xss")
    for url in ("/", "/latest", "/u/xss", "/account/settings", "/signup"):
        assert active_content(client.get(url).get_data(as_text=True)) == [], url


def test_csrf_is_required_on_forms(app, factory):
    app.config["WTF_CSRF_ENABLED"] = True
    factory.user("csrf_user")
    c = app.test_client()
    r = c.post("/login", data={"login": "csrf_user", "password": PASSWORD})
    assert r.status_code == 400 and "expired" in r.get_data(as_text=True)
    r = c.post("/logout")
    assert r.status_code == 400


def test_request_body_limit_is_413(client):
    r = client.post("/signup", data={"username": "x" * (9 * 1024 * 1024)})
    assert r.status_code == 413


def test_invalid_utf8_form_is_not_a_500(client, factory):
    factory.user("utf")
    login(client, "utf")
    r = client.post(
        "/new", data=b"title=%ff%fe&body=%c3%28&kind=question", content_type="application/x-www-form-urlencoded"
    )
    assert r.status_code < 500


def test_rate_limit_on_login_returns_429_with_retry_after(database_url, tmp_path, factory):
    from app import create_app
    from community.extensions import limiter
    from tests.conftest import _config

    factory.user("limited")
    app = create_app({**_config(database_url, tmp_path), "RATELIMIT_ENABLED": True})
    limiter.reset()
    c = app.test_client()
    codes = [c.post("/login", data={"login": "limited", "password": "wrong-password-1"}).status_code for _ in range(12)]
    assert 429 in codes
    r = c.post("/login", data={"login": "limited", "password": "wrong-password-1"})
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    limiter.reset()
