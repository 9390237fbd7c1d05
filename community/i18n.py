"""Locale and time zone: the user's choice, else a cookie, else the browser's Accept-Language."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from babel import support
from flask import Flask, current_app, request
from flask_babel import get_locale
from flask_login import current_user
from wtforms.i18n import messages_path

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


@lru_cache(maxsize=16)
def _wtforms_catalog(locale: str) -> support.Translations:
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class _WTFormsTranslations:
    """WTForms' own messages ("This field is required.") in the request's language. Flask-WTF
    reads its catalogue from disk once per request that builds a form (a quarter of the time of
    a thread page's reply box); the files do not change while the process runs, so each
    language is read once."""

    def ugettext(self, string: str) -> str:
        return _wtforms_catalog(str(get_locale())).ugettext(string)

    def ungettext(self, singular: str, plural: str, n: int) -> str:
        return _wtforms_catalog(str(get_locale())).ungettext(singular, plural, n)


_wtforms_translations = _WTFormsTranslations()


def share_wtforms_catalog() -> None:
    request.wtforms_translations = _wtforms_translations  # type: ignore[attr-defined]


def init_i18n(app: Flask) -> None:
    from community.extensions import babel

    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", translation_directories())
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    app.before_request(share_wtforms_catalog)
