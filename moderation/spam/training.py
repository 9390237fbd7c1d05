"""Training a spam model file (``python -m moderation.spam.train`` runs :func:`main`).

``--data`` takes the labelled TSV (``label<TAB>source<TAB>text``) or a folder of such files
(``flask spam export`` writes the moderators' decisions in this format), ``--decisions`` JSONL
moderator decisions (``{"text": ..., "spam": bool}``); both may be repeated. The
hand-written forum posts in ``seed_data/`` are added unless ``--no-seed-data``. Without
``--out`` the seed model inside the package is rewritten. The model file stores hashed
weights only, so training text (some of it unlicensed) never enters the repository.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path

from .classifier import SEED_MODEL_PATH, fit
from .data import read_decisions, read_tsv

SEED_DATA = Path(__file__).with_name("seed_data") / "forum_ham.tsv"


def train(rows: Iterable[tuple[str, bool] | tuple[str, bool, str]], out_path: str) -> dict:
    """Train on ``(text, is_spam)`` rows (optionally ``(text, is_spam, source)``) and save.

    Returns statistics: row counts and training-set accuracy at probability 0.5.
    """
    items = [(r[0], bool(r[1]), r[2] if len(r) > 2 else "") for r in rows]
    model = fit(items)
    correct = sum((model.predict_proba(t) >= 0.5) == y for t, y, _ in items)
    model.save(out_path)
    return {
        "rows": len(items),
        "spam": sum(1 for _, y, _ in items if y),
        "ham": sum(1 for _, y, _ in items if not y),
        "train_accuracy": round(correct / len(items), 4) if items else 0.0,
        "out": str(out_path),
    }


def tsv_files(path: str) -> list[str]:
    """A TSV file as given, or every ``*.tsv`` in a folder (sorted, so training is repeatable)."""
    p = Path(path)
    return sorted(str(f) for f in p.glob("*.tsv")) if p.is_dir() else [str(p)]


def training_rows(
    data: Iterable[str] = (), decisions: Iterable[str] = (), *, seed_data: bool = True
) -> list[tuple[str, bool, str]]:
    """Rows from labelled TSV files or folders, JSONL decisions and (unless told not to) the
    hand-written forum posts in ``seed_data/``."""
    rows: list[tuple[str, bool, str]] = []
    paths = [f for path in data for f in tsv_files(path)] + ([str(SEED_DATA)] if seed_data else [])
    for path in paths:
        rows += [(e.text, e.spam, e.source) for e in read_tsv(path)]
    for path in decisions:
        rows += [(e.text, e.spam, e.source) for e in read_decisions(path)]
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", action="append", default=[], help="labelled TSV file or folder")
    parser.add_argument("--decisions", action="append", default=[], help="JSONL decisions")
    parser.add_argument("--out", default=str(SEED_MODEL_PATH), help="model file to write")
    parser.add_argument(
        "--no-seed-data",
        action="store_true",
        help=f"do not add the hand-written forum posts in {SEED_DATA.parent.name}/",
    )
    args = parser.parse_args(argv)
    rows = training_rows(args.data, args.decisions, seed_data=not args.no_seed_data)
    if not rows:
        parser.error("no training rows: give --data and/or --decisions")
    print(json.dumps(train(rows, args.out), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
