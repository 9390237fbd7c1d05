"""`flask keypoints retag | train | alerts`."""

from __future__ import annotations

import os

import click
from flask import current_app
from flask.cli import AppGroup

from community.extensions import db

keypoints_cli = AppGroup("keypoints", help="Key point tagging and the word-of-mouth desk.")


@keypoints_cli.command("retag")
def retag() -> None:
    """Rebuild every mention (after a model or key point change)."""
    from moderation.keypoint_desk.tagging import count_sources, retag_all

    total = count_sources()
    with click.progressbar(length=total, label="Tagging") as bar:
        done = retag_all(progress=bar.update)
    click.echo(f"Tagged {done} sources.")


@keypoints_cli.command("train")
@click.option(
    "--data",
    "data_dir",
    type=click.Path(exists=True, file_okay=False),
    default=None,
    help="Folder of labelled sentences (SemEval XML, Chinese sets) to train on as well.",
)
@click.option("--no-corrections", is_flag=True, help="Train on --data only.")
@click.option(
    "--out",
    default=None,
    help="Model file to write (default: the instance folder, where the app loads it).",
)
def train(data_dir: str | None, no_corrections: bool, out: str | None) -> None:
    """Retrain from the staff corrections (alone or with a data folder); then run
    `flask keypoints retag`."""
    from moderation.keypoint_desk.corrections import training_examples
    from moderation.keypoint_desk.tagging import MODEL_FILE
    from moderation.keypoints.train import train as train_model

    corrections = [] if no_corrections else training_examples()
    if not data_dir and not corrections:
        raise click.ClickException("No corrections stored yet; give --data DIR to train on a data folder.")
    out = out or current_app.config.get("KEYPOINTS_MODEL_PATH") or os.path.join(current_app.instance_path, MODEL_FILE)
    tmp = out + ".tmp"
    try:
        summary = train_model(
            data_dir,
            corrections or None,
            tmp,
            log=lambda *a: click.echo(" ".join(map(str, a)), err=True),
        )
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    os.replace(tmp, out)  # atomic: a running app never loads a half-written model
    click.echo(
        f"Trained on {len(corrections)} corrections{' and ' + data_dir if data_dir else ''}; model written to {out}."
    )
    click.echo(f"Summary: {summary}")
    click.echo("Run `flask keypoints retag` to apply it to stored posts.")


@keypoints_cli.command("alerts")
@click.option("--weeks", default=2, show_default=True, help="How many recent weeks to test.")
def alerts(weeks: int) -> None:
    """Test recent weeks of every key point for a negative-share spike and store the alerts."""
    from moderation.keypoint_desk.alerts import check_all

    fired = check_all(weeks=weeks)
    db.session.commit()
    for a in fired:
        click.echo(
            f"ALERT key point {a.keypoint_id} product {a.product_id or 'brand'} "
            f"week {a.week_start:%Y-%m-%d}: "
            f"{a.negative}/{a.total} negative vs baseline "
            f"{a.baseline_negative}/{a.baseline_total} (p={a.p_value:.2g})"
        )
    click.echo(f"{len(fired)} alert(s).")
