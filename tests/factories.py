"""Builders for test data, through the real services so rules are exercised too."""

from __future__ import annotations

import itertools
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from community.accounts import service as accounts
from community.accounts.models import User
from community.extensions import db
from community.forum import categories, posts, threads
from community.forum.models import Category, Post, Thread

PASSWORD = "Blue-Harbour-Lantern-42"
_seq = itertools.count(1)


class Factory:
    def __init__(self, app: Flask) -> None:
        self.app = app

    def user(
        self, username: str | None = None, role: str = "member", trust_level: int | None = None, **kw: Any
    ) -> User:
        n = next(_seq)
        username = username or f"user{n}"
        user = accounts.register(username, kw.get("email") or f"{username}-{n}@example.com", PASSWORD, role=role)
        if trust_level is not None:
            user.trust_level = trust_level
        db.session.commit()
        return user

    def admin(self, username: str = "boss") -> User:
        return self.user(username, role="admin")

    def category(self, name: str | None = None, staff_only: bool = False, **kw: Any) -> Category:
        admin = db.session.query(User).filter_by(role="admin").first() or self.admin(f"admin{next(_seq)}")
        n = next(_seq)
        cat = categories.create_category(
            admin,
            name or f"Category {n}",
            kw.get("slug") or f"cat-{n}",
            kw.get("description", "About things."),
            staff_only,
            kw.get("premoderate", False),
        )
        db.session.commit()
        return cat

    def thread(
        self,
        author: User | None = None,
        category: Category | None = None,
        kind: str = "question",
        title: str = "How do I pair my headphones?",
        body: str = "Pairing fails every time.",
    ) -> Thread:
        author = author or self.user()
        category = category or self.category()
        thread, _post = threads.create_thread(author, category, kind, title, body)
        db.session.commit()
        return thread

    def reply(
        self, thread: Thread, author: User | None = None, body: str = "Hold the button for five seconds."
    ) -> Post:
        author = author or self.user()
        post = posts.reply(author, thread, body)
        db.session.commit()
        return post


def login(client: FlaskClient, username: str, password: str = PASSWORD, remember: bool = False):  # type: ignore[no-untyped-def]
    return client.post("/login", data={"login": username, "password": password, "remember": "y" if remember else ""})


def api_token(client: FlaskClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    resp = client.post("/api/v1/auth/token", json={"username": username, "password": password})
    assert resp.status_code == 201, resp.get_json()
    return {"Authorization": f"Bearer {resp.get_json()['token']}"}
