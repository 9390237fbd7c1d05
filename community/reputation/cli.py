"""`flask reputation rebuild` and `flask reputation check`."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from community.extensions import db

reputation_cli = AppGroup("reputation", help="Reputation points, ranks and trust levels.")


@reputation_cli.command("rebuild")
def rebuild_cmd() -> None:
    """Recompute every member's reputation (from votes and accepted solutions) and trust level."""
    from community.accounts.models import User
    from community.reputation.rebuild import rebuild

    total = db.session.scalar(select(func.count(User.id))) or 0
    with click.progressbar(rebuild(), length=total, label="Rebuilding reputation") as bar:
        for _ in bar:
            pass
    click.echo(f"Rebuilt reputation and trust levels of {total} users.")


@reputation_cli.command("check")
def check_cmd() -> None:
    """Compare live figures with a rebuild, without writing; exit 1 when they differ."""
    from community.reputation.rebuild import differences

    diff = differences()
    for user_id, (live, computed) in sorted(diff.items()):
        click.echo(f"user {user_id}: live {live}, computed {computed}")
    if diff:
        raise SystemExit(1)
    click.echo("Live reputation equals the rebuild.")
