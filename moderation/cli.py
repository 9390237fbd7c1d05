"""`flask spam export | train`: the moderators' spam decisions as training data, and retraining.

The export is the labelled TSV the spam library trains on (``label<TAB>source<TAB>text``, see
moderation/spam/data.py), so a site's decisions can be kept, reviewed, merged with other data
and fed back to ``flask spam train`` or ``python -m moderation.spam.train --data``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from community.extensions import db

spam_cli = AppGroup("spam", help="The spam filter's training data and model.")

DECISION_SOURCE = "decision"
_WHITESPACE = re.compile(r"\s+")


def export_decisions(out: str | os.PathLike[str]) -> int:
    """Write every stored decision (oldest first) as labelled TSV; returns how many rows.

    One row per line: tabs and line breaks inside a post become spaces, which the tokenizer
    treats the same way."""
    from moderation.models import SpamDecision

    count = 0
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("label\tsource\ttext\n")
        for decision in db.session.scalars(select(SpamDecision).order_by(SpamDecision.id)):
            text = _WHITESPACE.sub(" ", decision.text).strip()
            if not text:
                continue
            fh.write(f"{'spam' if decision.spam else 'ham'}\t{DECISION_SOURCE}\t{text}\n")
            count += 1
    return count


def model_path() -> str:
    """Where this app loads its spam model from (see moderation.learning.classifier)."""
    return current_app.config.get("SPAM_MODEL_PATH") or os.path.join(current_app.instance_path, "spam_model.json.gz")


@spam_cli.command("export")
@click.option("--out", required=True, type=click.Path(dir_okay=False, writable=True), help="TSV file to write.")
def export_command(out: str) -> None:
    """Write the moderators' spam decisions as labelled TSV (label, source, text)."""
    count = export_decisions(out)
    click.echo(f"Exported {count} decisions to {out}.")


@spam_cli.command("train")
@click.option(
    "--decisions",
    "decision_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Exported decisions (TSV from `flask spam export`, or JSONL); may be repeated.",
)
@click.option(
    "--data",
    "data_paths",
    multiple=True,
    type=click.Path(exists=True),
    help="Labelled TSV file, or a folder of them; may be repeated.",
)
@click.option("--from-db", is_flag=True, help="Also train on the decisions stored in the database now.")
@click.option("--no-seed-data", is_flag=True, help="Leave out the hand-written forum posts shipped with the filter.")
@click.option("--out", default=None, help="Model file to write (default: where this app loads its model).")
def train_command(
    decision_files: tuple[str, ...], data_paths: tuple[str, ...], from_db: bool, no_seed_data: bool, out: str | None
) -> None:
    """Retrain the spam model from scratch from decisions and data; the app uses it on restart."""
    import json
    import tempfile

    from moderation.spam.training import train as train_model
    from moderation.spam.training import training_rows

    tsv_files = [str(p) for p in data_paths]
    jsonl_files = []
    for path in decision_files:
        (jsonl_files if path.endswith((".jsonl", ".json")) else tsv_files).append(path)
    with tempfile.TemporaryDirectory() as tmp:
        if from_db:
            dumped = Path(tmp) / "decisions.tsv"
            export_decisions(dumped)
            tsv_files.append(str(dumped))
        rows = training_rows(tsv_files, jsonl_files, seed_data=not no_seed_data)
    if not rows:
        raise click.ClickException("No training rows: give --decisions, --data or --from-db.")
    target = out or model_path()
    os.makedirs(os.path.dirname(os.path.abspath(target)), exist_ok=True)
    stats = train_model(rows, target)
    current_app.extensions.pop("spam_classifier", None)  # this process reloads the new file
    click.echo(json.dumps(stats, ensure_ascii=False))
