"""`flask worker`: the outbox consumer of the beyond-one-machine mode."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty (cron, tests).")
@click.option("--sweep-seconds", type=float, default=None, help="How often to look for due retries (default 5).")
@with_appcontext
def worker_command(burst: bool, sweep_seconds: float | None) -> None:
    """Apply outbox events from the RQ queue on REDIS_URL, with retries and backoff."""
    from community.worker.run import run_worker

    try:
        run_worker(current_app._get_current_object(), burst=burst, sweep_interval=sweep_seconds)  # type: ignore[attr-defined]
    except RuntimeError as exc:
        raise click.ClickException(str(exc)) from exc
