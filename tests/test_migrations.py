"""The migrations produce exactly the models' schema (on each backend)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from community.extensions import db


def test_migrations_match_models(app):
    with app.app_context(), db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
        diff = compare_metadata(ctx, db.metadata)
    assert diff == [], diff
