"""Database wiring. SQLite gets WAL, a busy timeout, foreign keys, and BEGIN IMMEDIATE for
write requests (a deferred read-then-write transaction fails at once instead of waiting)."""

from __future__ import annotations

from flask import Flask, current_app, has_app_context, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

from community.extensions import db, migrate

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def _sqlite_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin(conn) -> None:  # type: ignore[no-untyped-def]
    if has_request_context():
        writing = request.method in WRITE_METHODS
    else:
        # CLI commands and workers write; tests set SQLITE_BEGIN_OUTSIDE_REQUEST="DEFERRED" so a
        # test body's reads do not hold the write lock across the requests it makes.
        writing = (
            not has_app_context() or current_app.config.get("SQLITE_BEGIN_OUTSIDE_REQUEST", "IMMEDIATE") == "IMMEDIATE"
        )
    conn.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


def _configure_engine(engine: Engine) -> None:
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)


def init_database(app: Flask) -> None:
    import community.models  # noqa: F401  (register every table)

    db.init_app(app)

    @app.before_request
    def start_clean() -> None:
        """A request begins its own transaction (BEGIN IMMEDIATE for writes). In production the
        session is always fresh here; a test that shares its session with requests may have left
        a read transaction open, whose stale snapshot SQLite refuses to upgrade to a write."""
        if db.session().in_transaction():
            db.session.commit()

    migrate.init_app(app, db, directory=str(app.root_path + "/migrations"), render_as_batch=True, compare_type=True)
    with app.app_context():
        _configure_engine(db.engine)
