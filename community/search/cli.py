"""`flask search reindex` (rebuild with a progress bar, resumable) and `flask search check`."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from community.search import indexer

search_cli = AppGroup("search", help="The search index (derived data: safe to rebuild).")


@search_cli.command("reindex")
@click.option("--resume", is_flag=True, help="Continue an interrupted rebuild instead of starting over.")
def reindex(resume: bool) -> None:
    """Rebuild the index from the database."""
    with click.progressbar(length=indexer.total_expected(), label="Indexing") as bar:
        written = indexer.reindex(resume=resume, progress=bar.update)
    click.echo(f"Indexed {written} documents.")


@search_cli.command("check")
def check() -> None:
    """Compare the index with the database; exit status 1 when they differ."""
    result = indexer.check()
    for label, ids in (
        ("missing", result.missing),
        ("extra", result.extra),
        ("duplicated", result.duplicates),
    ):
        if ids:
            click.echo(f"{label}: {len(ids)} ({', '.join(ids[:10])}{' …' if len(ids) > 10 else ''})")
    if not result.ok:
        raise SystemExit(1)
    click.echo("Index and database agree.")
