"""Evaluation helpers and packaging guarantees."""

from __future__ import annotations

from pathlib import Path

import moderation.spam as spam
from moderation.spam.data import Example, read_tsv, unmask_digits
from moderation.spam.evaluate import cross_validate, prf, stratified_folds
from moderation.spam.policy import SpamPolicy

PACKAGE = Path(spam.__file__).parent


def test_the_package_never_refers_to_the_shared_data_directory() -> None:
    for path in PACKAGE.rglob("*.py"):
        assert "/work/shared" not in path.read_text("utf-8"), path


def test_seed_data_is_our_own_ham_only() -> None:
    rows = list(read_tsv(str(PACKAGE / "seed_data" / "forum_ham.tsv")))
    assert len(rows) >= 40
    assert all(not r.spam and r.source == "forum" for r in rows)


def test_unmask_digits_restores_masked_numbers_only() -> None:
    assert unmask_digits("热线：xxx-xxxx，xbox 和 max") == "热线：000-0000，xbox 和 max"


def test_stratified_folds_keep_every_source_and_label_in_every_fold() -> None:
    examples = [Example(f"t{i}", i % 3 == 0, "a" if i % 2 else "b") for i in range(60)]
    folds = stratified_folds(examples, 5)
    assert sorted(i for f in folds for i in f) == list(range(60))
    for fold in folds:
        cells = {(examples[i].source, examples[i].spam) for i in fold}
        assert len(cells) == 4


def test_prf() -> None:
    m = prf([(True, True), (True, False), (False, True), (False, False)])
    assert (m["precision"], m["recall"], m["tp"], m["fp"], m["fn"]) == (0.5, 0.5, 1, 1, 1)


def test_cross_validate_runs_every_system_on_held_out_rows() -> None:
    examples = [Example(f"cheap pills here {i} http://p{i}.xyz buy now", True, "s") for i in range(10)] + [
        Example(f"my case broke after {i} days, warranty?", False, "s") for i in range(10)
    ]
    results = cross_validate(examples, SpamPolicy(), k=2)
    for by_source in results.values():
        assert len(by_source["overall"]) == 20
    classifier = next(iter(results.values()))["overall"]
    assert prf(classifier)["f1"] > 0.8
