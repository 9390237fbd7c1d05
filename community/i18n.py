"""Locale and time zone: the user's choice, else a cookie, else the browser's Accept-Language."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, request
from flask_login import current_user

ROOT = Path(__file__).resolve().parent.parent


def translation_directories() -> str:
    """Each capability package may ship its own translations/ folder; Flask-Babel merges them."""
    dirs = sorted(str(p) for p in ROOT.glob("*/translations")) + sorted(str(p) for p in ROOT.glob("*/*/translations"))
    return ";".join(dirs) or str(ROOT / "community" / "translations")


def select_locale() -> str:
    languages = list(current_app.config["LANGUAGES"])
    user = current_user
    if getattr(user, "is_authenticated", False) and getattr(user, "locale", None) in languages:
        return user.locale
    cookie = request.cookies.get("lang")
    if cookie in languages:
        return cookie
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str | None:
    user = current_user
    if getattr(user, "is_authenticated", False) and getattr(user, "timezone", None):
        return user.timezone
    return request.cookies.get("tz") or None


def init_i18n(app: Flask) -> None:
    from community.extensions import babel

    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", translation_directories())
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
