"""`flask backup PATH` and `flask restore PATH`.

SQLite: the online backup API copies a consistent snapshot while the site keeps serving (a plain
file copy of a WAL database can miss committed pages). PostgreSQL: pg_dump's custom format, and
pg_restore --clean in one transaction (a failed restore leaves the database as it was).
Connection details go to the tools through PG* environment variables, never the command line,
so the password does not show in `ps`.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import URL, make_url

from community.extensions import db


def _pg_env(url: URL) -> dict[str, str]:
    env = dict(os.environ)
    for var, value in (
        ("PGHOST", url.host),
        ("PGPORT", url.port),
        ("PGUSER", url.username),
        ("PGPASSWORD", url.password),
        ("PGDATABASE", url.database),
    ):
        if value is not None:
            env[var] = str(value)
    return env


def _tool(name: str) -> str:
    """The absolute path of pg_dump / pg_restore; a clear error when the client tools are missing."""
    path = shutil.which(name)
    if path is None:
        raise click.ClickException(f"{name} is not installed (apt-get install postgresql-client).")
    return path


def _url() -> URL:
    return make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])


def backup(path: str) -> Path:
    """Write a consistent copy of the database to path; returns the path."""
    url = _url()
    target = Path(path).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    db.session.remove()
    if url.get_backend_name() == "sqlite":
        src = sqlite3.connect(url.database)
        dst = sqlite3.connect(str(target) + ".part")
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        os.replace(str(target) + ".part", target)
    elif url.get_backend_name() == "postgresql":
        subprocess.run(  # noqa: S603 (fixed argument list, no shell)
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target) + ".part"],
            env=_pg_env(url),
            check=True,
            capture_output=True,
        )
        os.replace(str(target) + ".part", target)
    else:
        raise click.ClickException(f"No backup method for {url.get_backend_name()}.")
    return target


def restore(path: str) -> None:
    """Replace the database's content with the backup at path (stop the app nodes and workers first)."""
    url = _url()
    source = Path(path)
    if not source.is_file():
        raise click.ClickException(f"No backup at {source}.")
    db.session.remove()
    db.engine.dispose()
    if url.get_backend_name() == "sqlite":
        src = sqlite3.connect(str(source))
        dst = sqlite3.connect(url.database)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
    elif url.get_backend_name() == "postgresql":
        proc = subprocess.run(  # noqa: S603 (fixed argument list, no shell)
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                url.database or "",
                str(source),
            ],
            env=_pg_env(url),
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            raise click.ClickException(f"pg_restore failed: {proc.stderr.strip()[-2000:]}")
    else:
        raise click.ClickException(f"No restore method for {url.get_backend_name()}.")


@click.command("backup")
@click.argument("path")
@with_appcontext
def backup_command(path: str) -> None:
    """Write a consistent backup of the database to PATH (safe while the site runs)."""
    try:
        target = backup(path)
    except subprocess.CalledProcessError as exc:
        raise click.ClickException(f"pg_dump failed: {exc.stderr.decode(errors='replace')[-2000:]}") from exc
    click.echo(f"Backup written to {target} ({target.stat().st_size} bytes).")


@click.command("restore")
@click.argument("path")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(path: str, yes: bool) -> None:
    """Replace the database with the backup at PATH. Stop app nodes and workers first."""
    if not yes:
        click.confirm("This replaces every row of the database. Continue?", abort=True)
    restore(path)
    click.echo("Restored. Run `flask search reindex` if the search index lives outside the database.")
