"""Configuration from environment variables, with safe defaults for the embedded mode.

Operators and scripts rely on these knobs (README.md lists them), so names are stable.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def instance_path() -> str:
    """INSTANCE_PATH moves the database, the search index and the secret key together."""
    return os.path.abspath(os.environ.get("INSTANCE_PATH") or os.path.join(os.getcwd(), "instance"))


def load_secret_key(folder: str) -> str:
    """A missing SECRET_KEY is generated once into the instance folder, never hard-coded."""
    env = os.environ.get("SECRET_KEY")
    if env:
        return env
    path = Path(folder) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # O_EXCL so two workers starting at once agree on one key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def default_config(folder: str) -> dict[str, Any]:
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{os.path.join(folder, 'community.db')}"
    if database_url.startswith("postgres://"):
        database_url = "postgresql://" + database_url[len("postgres://") :]
    if database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://") :]
    redis_url = os.environ.get("REDIS_URL") or None
    is_pg = database_url.startswith("postgresql")
    https = _bool(os.environ.get("HTTPS"), False)
    return {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True} if is_pg else {},
        "REDIS_URL": redis_url,
        "SEARCH_BACKEND": os.environ.get("SEARCH_BACKEND") or ("postgres" if is_pg else "whoosh"),
        "SEARCH_INDEX_PATH": os.path.join(folder, "search-index"),
        "UPLOAD_PATH": os.path.join(folder, "uploads"),
        "OUTBOX_MODE": os.environ.get("OUTBOX_MODE") or ("worker" if redis_url else "inline"),
        "DEMO": _bool(os.environ.get("DEMO"), True),
        # Request bodies: 10 MB posts are refused with 413 long before they reach a view.
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_CONTENT_LENGTH") or 8 * 1024 * 1024),
        "MAX_FORM_MEMORY_SIZE": 1024 * 1024,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": https,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": https,
        "REMEMBER_COOKIE_REFRESH_EACH_REQUEST": False,
        "PREFERRED_URL_SCHEME": "https" if https else "http",
        "TRUST_PROXY": int(os.environ.get("TRUST_PROXY") or 0),
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": "UTC",
        "LANGUAGES": {"en": "English", "zh": "中文"},
        "RATELIMIT_ENABLED": _bool(os.environ.get("RATELIMIT_ENABLED"), True),
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATELIMIT_KEY_PREFIX": os.environ.get("RATELIMIT_KEY_PREFIX") or "community",
        "BRAND_NAME": os.environ.get("BRAND_NAME") or "Aurora Audio Community",
        # Operations (community/ops, community/worker; README "Beyond one machine").
        "REDIS_PREFIX": os.environ.get("REDIS_PREFIX") or "community:",
        "OUTBOX_QUEUE": os.environ.get("OUTBOX_QUEUE") or "community-outbox",
        "OUTBOX_SWEEP_SECONDS": float(os.environ.get("OUTBOX_SWEEP_SECONDS") or 5),
        "METRICS_TOKEN": os.environ.get("METRICS_TOKEN") or None,
        "LOG_FORMAT": os.environ.get("LOG_FORMAT") or "json",
        "LOG_LEVEL": os.environ.get("LOG_LEVEL") or "INFO",
        "PAGE_CACHE": _bool(os.environ.get("PAGE_CACHE"), True),
        "PAGE_CACHE_TTL": int(os.environ.get("PAGE_CACHE_TTL") or 60),
        "PAGE_CACHE_SIZE": int(os.environ.get("PAGE_CACHE_SIZE") or 2000),
        "SMTP_HOST": os.environ.get("SMTP_HOST") or None,
        "SMTP_PORT": int(os.environ.get("SMTP_PORT") or 25),
        "SMTP_USERNAME": os.environ.get("SMTP_USERNAME") or None,
        "SMTP_PASSWORD": os.environ.get("SMTP_PASSWORD") or None,
        "SMTP_STARTTLS": _bool(os.environ.get("SMTP_STARTTLS"), False),
        "SMTP_SSL": _bool(os.environ.get("SMTP_SSL"), False),
        "MAIL_FROM": os.environ.get("MAIL_FROM") or None,
        "BASE_URL": os.environ.get("BASE_URL") or None,
        "WEBHOOK_TIMEOUT": float(os.environ.get("WEBHOOK_TIMEOUT") or 10),
        # Let webhooks call loopback/private addresses (a receiver on the LAN); off: SSRF guard.
        "WEBHOOK_ALLOW_PRIVATE": _bool(os.environ.get("WEBHOOK_ALLOW_PRIVATE"), False),
        "POSTS_PER_PAGE": 20,
        "THREADS_PER_PAGE": 20,
    }
