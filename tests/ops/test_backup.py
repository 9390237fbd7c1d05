"""`flask backup` / `flask restore` round trip (SQLite online backup; pg_dump/pg_restore)."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import func, select

from community.extensions import db
from community.forum.models import Post, Thread


def _titles() -> list[str]:
    db.session.rollback()
    return sorted(db.session.scalars(select(Thread.title)))


def test_backup_and_restore_round_trip(app, factory, tmp_path):
    if app.config["BACKEND"] == "postgres" and not shutil.which("pg_dump"):
        pytest.skip("pg_dump not installed")
    thread = factory.thread(title="Kept in the backup")
    factory.reply(thread, body="A reply with 中文 text: 续航很好")
    posts_before = db.session.scalar(select(func.count(Post.id)))
    db.session.remove()
    runner = app.test_cli_runner()
    target = tmp_path / "backups" / "community.bak"

    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert target.is_file() and target.stat().st_size > 0

    factory.thread(title="Written after the backup")
    assert _titles() == ["Kept in the backup", "Written after the backup"]
    db.session.remove()

    result = runner.invoke(args=["restore", "--yes", str(target)])
    assert result.exit_code == 0, result.output
    assert _titles() == ["Kept in the backup"]
    assert db.session.scalar(select(func.count(Post.id))) == posts_before
    assert "续航很好" in db.session.scalar(select(Post.body).where(Post.body.contains("续航")))
    # The restored database takes writes again (sequences / autoincrement restored too).
    factory.thread(title="After the restore")
    assert "After the restore" in _titles()


def test_restore_refuses_a_missing_file(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["restore", "--yes", str(tmp_path / "nope.bak")])
    assert result.exit_code != 0 and "No backup" in result.output


def test_restore_asks_before_overwriting(app, tmp_path):
    path = tmp_path / "x.bak"
    path.write_bytes(b"not a backup")
    result = app.test_cli_runner().invoke(args=["restore", str(path)], input="n\n")
    assert result.exit_code != 0 and "Aborted" in result.output
