"""Browser tests: the real app served on loopback, driven by Debian's Chromium through Playwright.

Reusable by every capability's e2e tests:
- `live_server`: the app on 127.0.0.1:<free port> with its own migrated SQLite database, CSRF on,
  rate limits off. `.url`, `.app`, `.make_user(name, role=...)`, `.make_category(name, slug)`.
- `page`: a fresh browser context per test (no cookies carried over). Console errors, page errors
  and Content-Security-Policy violations are collected; `page_problems(page)` lists them.
- `sign_up(page, base, name)` / `sign_in(page, base, name)` / `sign_out(page)`: through the forms.

Chromium comes from CHROMIUM_PATH or /usr/bin/chromium (`apt-get install chromium`); without it the
tests are skipped with that reason, never failed.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tests.factories import PASSWORD

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Runs before any page script in every document: CSP violations land in window.__csp, and are
# reported to the test at once (window.__csp dies with its document on the next navigation).
CSP_RECORDER = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  var v = {directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile,
           line: e.lineNumber, sample: e.sample};
  window.__csp.push(v);
  if (window.__reportCsp) { window.__reportCsp(v); }
});
"""


def chromium_path() -> str | None:
    candidate = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
        return candidate
    return shutil.which(candidate)


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    """Every test in tests/e2e is an e2e test, and is skipped cleanly where Chromium is missing."""
    here = Path(__file__).parent
    missing = chromium_path() is None
    reason = "Chromium not found (set CHROMIUM_PATH or `apt-get install chromium`)"
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)
            if missing:
                item.add_marker(pytest.mark.skip(reason=reason))


@dataclass
class LiveServer:
    url: str
    app: Flask
    _seq: int = field(default=0)

    def make_user(self, username: str, role: str = "member", password: str = PASSWORD) -> int:
        from community.accounts import service as accounts
        from community.extensions import db

        with self.app.app_context():
            user = accounts.register(username, f"{username}@e2e.example.com", password, role=role)
            db.session.commit()
            return user.id

    def make_category(self, name: str, slug: str, description: str = "", staff_only: bool = False) -> int:
        from sqlalchemy import select

        from community.accounts.models import User
        from community.extensions import db
        from community.forum import categories

        with self.app.app_context():
            admin = db.session.scalar(select(User).where(User.role == "admin"))
            if admin is None:
                self._seq += 1
                from community.accounts import service as accounts

                name_ = f"e2e_admin{self._seq}"
                admin = accounts.register(name_, f"{name_}@e2e.example.com", PASSWORD, role="admin")
            cat = categories.create_category(admin, name, slug, description, staff_only)
            db.session.commit()
            return cat.id

    def make_thread(
        self,
        author: str,
        category_id: int,
        title: str,
        body: str,
        kind: str = "question",
        replies: list[tuple[str, str]] = (),  # type: ignore[assignment]
    ) -> int:
        """A thread through the real services; replies are (username, body) pairs."""
        from sqlalchemy import select

        from community.accounts.models import User
        from community.extensions import db
        from community.forum import posts, threads
        from community.forum.models import Category

        with self.app.app_context():

            def user(name: str) -> User:
                return db.session.scalar(select(User).where(User.username == name))

            cat = db.session.get(Category, category_id)
            thread, _first = threads.create_thread(user(author), cat, kind, title, body)
            for name, text in replies:
                posts.reply(user(name), thread, text)
            db.session.commit()
            return thread.id


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    from flask_migrate import upgrade

    from app import create_app
    from community.extensions import db

    folder = tmp_path_factory.mktemp("e2e-instance")
    app = create_app(
        {
            "TESTING": False,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'e2e.db'}",
            "INSTANCE_PATH": str(folder),
            "SEARCH_INDEX_PATH": str(folder / "search-index"),
            "UPLOAD_PATH": str(folder / "uploads"),
            "SECRET_KEY": "e2e-secret",
            "WTF_CSRF_ENABLED": True,
            "RATELIMIT_ENABLED": False,
            "RATELIMIT_STORAGE_URI": "memory://",
            "REDIS_URL": None,
            "OUTBOX_MODE": "inline",
            # As in `make run`: events are applied after the response is sent, outside the request's
            # session (OUTBOX_SYNC's nested drain can wait on the request's own SQLite write lock).
            "OUTBOX_SYNC": False,
            "SEARCH_BACKEND": "whoosh",
            "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
            "DEMO": False,
        }
    )
    with app.app_context():
        upgrade(directory=str(Path(app.root_path) / "migrations"), revision="heads")
        db.engine.dispose()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app)
    finally:
        server.shutdown()
        thread.join(timeout=5)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        pytest.skip("Chromium not found (set CHROMIUM_PATH or `apt-get install chromium`)")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def context_options() -> dict[str, Any]:
    """Override in a test module (e.g. a 375 px viewport, a locale) to change every new context."""
    return {"locale": "en-US"}


@pytest.fixture
def new_page(browser: Any, context_options: dict[str, Any]) -> Iterator[Any]:
    """A factory for extra pages, each in its own context (a second person in the same test)."""
    contexts: list[Any] = []

    def make(**options: Any) -> Any:
        ctx = browser.new_context(**{**context_options, **options})
        contexts.append(ctx)
        page = ctx.new_page()
        watch(page)
        return page

    yield make
    for ctx in contexts:
        ctx.close()


@pytest.fixture
def page(new_page: Any) -> Any:
    return new_page()


def watch(page: Any) -> None:
    """Collects what a clean page must not produce: console errors, uncaught errors, CSP reports."""
    page.console_errors = []
    page.csp_violations = []
    page.expose_function("__reportCsp", lambda violation: page.csp_violations.append(violation))
    page.add_init_script(CSP_RECORDER)
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: page.console_errors.append(f"uncaught: {exc}"))
    page.on("dialog", lambda dialog: dialog.accept())  # data-confirm buttons: answer "OK"


def page_problems(page: Any, expected_statuses: tuple[int, ...] = ()) -> list[str]:
    """Console errors and CSP violations seen by this page so far (empty means clean).
    Chromium logs every 4xx document as a console error; list the statuses a test visits on
    purpose (a 404 page, a 422 form) in expected_statuses."""
    recorded = page.evaluate("() => window.__csp || []")  # the current document's own record
    seen = list(page.csp_violations) + [v for v in recorded if v not in page.csp_violations]
    expected = tuple(f"status of {code} " for code in expected_statuses)
    errors = [e for e in page.console_errors if not (expected and any(x in e for x in expected))]
    return [*errors, *(f"CSP {v}" for v in seen)]


def sign_up(page: Any, base: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/signup")
    page.get_by_label("Username", exact=True).fill(username)
    page.get_by_label("Email").fill(f"{username}@e2e.example.com")
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_load_state()


def sign_in(page: Any, base: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Username or email").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def sign_out(page: Any) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def serious_axe_violations(page: Any) -> list[str]:
    """axe-core's serious and critical findings on the current page, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
