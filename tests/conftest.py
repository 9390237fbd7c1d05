"""Test fixtures. Every test runs on SQLite, and again on PostgreSQL when TEST_DATABASE_URL is set
(each run creates its own database and drops it). Schema comes from the Alembic migrations."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from app import create_app
from community.extensions import db

BACKENDS = ["sqlite"] + (["postgres"] if os.environ.get("TEST_DATABASE_URL") else [])
PASSWORD = "Blue-Harbour-Lantern-42"


def _pg_admin_url() -> str:
    url = make_url(os.environ["TEST_DATABASE_URL"].replace("postgresql+psycopg://", "postgresql://"))
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, tmp_path_factory):  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("sqlite") / "test.db"
        url = f"sqlite:///{path}"
        name = None
    else:
        name = f"test_community_{uuid.uuid4().hex[:10]}"
        admin = _pg_admin_url()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        url = make_url(admin).set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)
    app = create_app(_config(url, tmp_path_factory.mktemp("migrate")))
    with app.app_context():
        from flask_migrate import upgrade

        upgrade(directory=str(Path(app.root_path) / "migrations"), revision="heads")
        db.engine.dispose()
    yield url
    if name:
        with psycopg.connect(_pg_admin_url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _config(url: str, instance) -> dict:  # type: ignore[no-untyped-def]
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True} if url.startswith("postgresql") else {},
        "INSTANCE_PATH": str(instance),
        "SEARCH_INDEX_PATH": str(Path(instance) / "search-index"),
        "UPLOAD_PATH": str(Path(instance) / "uploads"),
        "SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://",
        "REDIS_URL": None,
        "OUTBOX_MODE": "inline",
        "OUTBOX_SYNC": True,
        "SEARCH_BACKEND": "postgres" if url.startswith("postgresql") else "whoosh",
        "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
        "DEMO": False,
        "SQLITE_BEGIN_OUTSIDE_REQUEST": "DEFERRED",
        "SERVER_NAME": None,
    }


def _wipe() -> None:
    tables = [t for t in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        db.session.execute(text("PRAGMA foreign_keys=OFF"))
        for t in tables:
            db.session.execute(t.delete())
        db.session.execute(text("PRAGMA foreign_keys=ON"))
    db.session.commit()


@pytest.fixture
def app(database_url, tmp_path):  # type: ignore[no-untyped-def]
    app = create_app(_config(database_url, tmp_path))
    app.config["BACKEND"] = "postgres" if database_url.startswith("postgresql") else "sqlite"
    with app.app_context():
        _wipe()
    yield app
    with app.app_context():
        db.session.remove()
        _wipe()
        db.engine.dispose()


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.fixture
def ctx(app):  # type: ignore[no-untyped-def]
    with app.app_context():
        yield


@pytest.fixture
def factory(app):  # type: ignore[no-untyped-def]
    from tests.factories import Factory

    with app.app_context():
        yield Factory(app)
