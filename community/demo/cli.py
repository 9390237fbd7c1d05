"""`flask demo load` (first start only) and `flask demo clear`."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from community.extensions import db

demo_cli = AppGroup("demo", help="The bilingual demo community.")


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Only when the community has no users yet (first start).")
def demo_load(if_empty: bool) -> None:
    from community.accounts.service import count_users
    from community.demo.loader import load_demo

    if if_empty and count_users() > 0:
        click.echo("Community already has data; demo not loaded.")
        return
    summary = load_demo()
    db.session.commit()
    from community.outbox import drain

    while drain(limit=1000):
        pass
    click.echo("Demo community loaded: " + ", ".join(f"{v} {k}" for k, v in summary.items()))


@demo_cli.command("clear")
def demo_clear() -> None:
    """Remove every demo row (users, categories, threads, posts and what hangs off them)."""
    from community.demo.loader import clear_demo

    summary = clear_demo()
    db.session.commit()
    # Bulk deletes bypass the per-row cache invalidation: drop every cached anonymous page.
    from flask import current_app

    from community.ops.pagecache import store_for

    store_for(current_app).clear()
    click.echo("Demo content removed: " + ", ".join(f"{v} {k}" for k, v in summary.items()))


@demo_cli.command("generate")
@click.option("--posts", type=click.IntRange(1, 5_000_000), required=True, help="How many posts to write.")
@click.option("--per-thread", type=click.IntRange(1, 1000), default=20, show_default=True)
def demo_generate(posts: int, per_thread: int) -> None:
    """A large synthetic community (bulk inserts, with a progress bar) for scale measurements."""
    from community.ops.generate import generate

    with click.progressbar(length=posts, label="Writing posts") as bar:
        summary = generate(posts, per_thread, progress=bar.update)
    click.echo("Generated: " + ", ".join(f"{v} {k}" for k, v in summary.items()))
