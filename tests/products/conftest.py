"""Builders for products and reviews, through the real services."""

from __future__ import annotations

from datetime import timedelta

import pytest

from community.extensions import db
from community.products import catalog
from community.reviews import reviews as review_service
from community.timeutil import utcnow


class Shop:
    def __init__(self, factory) -> None:  # type: ignore[no-untyped-def]
        self.factory = factory
        self._staff = None

    @property
    def staff(self):  # type: ignore[no-untyped-def]
        if self._staff is None:
            self._staff = self.factory.user("shopstaff", role="moderator")
        return self._staff

    def product(self, slug: str = "aurora-pulse", name: str = "Aurora Pulse", status: str = "active", **kw):  # type: ignore[no-untyped-def]
        p = catalog.create_product(
            self.staff,
            {
                "name": name,
                "slug": slug,
                "status": status,
                "short_description": kw.get("short", "ANC headphones"),
                "description": kw.get("description", "**Great** sound."),
            },
        )
        db.session.commit()
        return p

    def member(self, name: str | None = None, days_old: int = 365, **kw):  # type: ignore[no-untyped-def]
        user = self.factory.user(name, **kw)
        user.created_at = utcnow() - timedelta(days=days_old)
        db.session.commit()
        return user

    def review(
        self,
        product,
        author=None,
        rating: int = 4,
        title: str = "Solid choice",
        body: str = "Works well.",
        **kw,
    ):  # type: ignore[no-untyped-def]
        author = author or self.member()
        r = review_service.create_review(author, product, {"rating": rating, "title": title, "body": body, **kw})
        db.session.commit()
        return r


@pytest.fixture
def shop(factory):  # type: ignore[no-untyped-def]
    return Shop(factory)


@pytest.fixture(autouse=True)
def fresh_request_globals(app):  # type: ignore[no-untyped-def]
    """The factory fixture keeps an app context pushed, so every test request reuses it and its
    `g`: Flask-Login would keep the first request's user. Start each request with a clean one."""
    from flask import g

    def _reset() -> None:
        for name in ("_login_user", "api_token_auth", "outbox_pending"):
            g.pop(name, None)

    app.before_request_funcs.setdefault(None, []).insert(0, _reset)
