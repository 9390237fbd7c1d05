"""The .mo files are build output (git-ignored; `make translations` writes them). These tests
compile the core catalog first so they also run straight from a fresh checkout."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CORE_PO = ROOT / "community" / "translations" / "zh" / "LC_MESSAGES" / "messages.po"


@pytest.fixture(scope="session", autouse=True)
def compiled_core_catalog() -> Path:
    mo = CORE_PO.with_suffix(".mo")
    if not mo.exists() or mo.stat().st_mtime < CORE_PO.stat().st_mtime:
        with CORE_PO.open("rb") as fh:
            catalog = read_po(fh, locale="zh")
        with mo.open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=True)
    return mo


@pytest.fixture
def seed(app):  # type: ignore[no-untyped-def]
    """Builds data in a short app context. The shared `factory` fixture keeps one app context open
    for the whole test, so `g` (where Flask-Babel caches the locale) would leak between requests."""
    from contextlib import contextmanager

    from tests.factories import Factory

    @contextmanager
    def build():  # type: ignore[no-untyped-def]
        with app.app_context():
            yield Factory(app)

    return build
