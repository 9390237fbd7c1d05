"""Measure the filter: ``python -m moderation.spam.evaluate --data FILE.tsv``.

The hand-written forum posts (``seed_data/forum_ham.tsv``, ham only) are cross-validated
along with the data file, as the seed model is trained on both; their row shows the
false positives on held-out in-domain posts. Prints, from 5-fold stratified
cross-validation (stratified by source and label; each fold's
model is trained on the other four folds only), precision/recall/F1 per source and overall
of (a) the classifier alone at the policy's hold threshold and (b) the full ``check()``
(rules + that fold's classifier) at trust levels 0 and 1. Then, with the seed model, the
false-positive rate on the hand-written ham fixtures and the catch rate on the hand-written
spam fixtures (``tests/spam/fixtures``). The fixtures are never used for training.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

from .check import check
from .classifier import Classifier, fit
from .data import Example, read_tsv
from .policy import SpamPolicy
from .training import SEED_DATA

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "spam" / "fixtures"
FIXTURE_POLICY = SpamPolicy(allowed_domains=("acme.com", "acme.com.cn"))


def stratified_folds(examples: Sequence[Example], k: int = 5, seed: int = 0) -> list[list[int]]:
    """Indices split into ``k`` folds with the same source/label mix in each."""
    cells: dict[tuple[str, bool], list[int]] = defaultdict(list)
    for i, e in enumerate(examples):
        cells[(e.source, e.spam)].append(i)
    folds: list[list[int]] = [[] for _ in range(k)]
    rng = random.Random(seed)
    offset = 0
    for key in sorted(cells):
        idx = cells[key]
        rng.shuffle(idx)
        for j, i in enumerate(idx):
            folds[(j + offset) % k].append(i)
        offset += len(idx)
    return folds


def prf(pairs: Sequence[tuple[bool, bool]]) -> dict[str, float]:
    """Precision, recall and F1 of ``(predicted, actual)`` pairs."""
    tp = sum(1 for p, a in pairs if p and a)
    fp = sum(1 for p, a in pairs if p and not a)
    fn = sum(1 for p, a in pairs if not p and a)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def cross_validate(
    examples: Sequence[Example], policy: SpamPolicy, k: int = 5
) -> dict[str, dict[str, list[tuple[bool, bool]]]]:
    """Predictions of every system on every held-out example, grouped by system and source."""
    systems: dict[str, Callable[[Classifier, str], bool]] = {
        f"classifier (p >= {policy.hold_threshold})": lambda m, t: m.predict_proba(t) >= policy.hold_threshold,
        "check() trust 0": lambda m, t: check(t, trust_level=0, policy=policy, classifier=m).spam,
        "check() trust 1": lambda m, t: check(t, trust_level=1, policy=policy, classifier=m).spam,
        "rules only, trust 1": lambda m, t: check(t, trust_level=1, policy=policy, classifier=_NULL).spam,
    }
    results: dict[str, dict[str, list[tuple[bool, bool]]]] = {name: defaultdict(list) for name in systems}
    for fold in stratified_folds(examples, k):
        held = set(fold)
        model = fit((e.text, e.spam, e.source) for i, e in enumerate(examples) if i not in held)
        for i in fold:
            e = examples[i]
            for name, predict in systems.items():
                pred = predict(model, e.text)
                results[name][e.source].append((pred, e.spam))
                results[name]["overall"].append((pred, e.spam))
    return results


_NULL = Classifier()  # all-zero weights: probability 0.5 everywhere, never reaches 0.8


def fixture_report(policy: SpamPolicy = FIXTURE_POLICY) -> dict[str, object]:
    """False positives on the ham fixtures, catch rate on the spam fixtures (seed model)."""
    ham = json.loads((FIXTURES / "ham_posts.json").read_text("utf-8"))
    spam = json.loads((FIXTURES / "spam_posts.json").read_text("utf-8"))
    held = [r["text"][:60] for r in ham if check(r["text"], trust_level=r["trust_level"], policy=policy).spam]
    report: dict[str, object] = {
        "ham_posts": len(ham),
        "ham_held_or_blocked": len(held),
        "ham_false_positive_rate": len(held) / len(ham),
        "ham_held_examples": held,
    }
    for group, texts in spam.items():
        for trust in (0, 1):
            verdicts = [check(t, trust_level=trust, policy=policy) for t in texts]
            report[f"{group} trust {trust}: caught"] = (
                f"{sum(v.spam for v in verdicts)}/{len(texts)} (blocked {sum(v.action == 'block' for v in verdicts)})"
            )
    return report


def timing(n: int = 200, n_recent: int = 10) -> dict[str, float]:
    """Milliseconds per ``check()`` of a 2,000-character mixed EN/ZH post with ten recent
    posts by the author, after warm-up. Every call gets fresh strings so that the
    normalisation caches cannot flatter the result.
    """
    base = (
        "My X2 headphones stopped charging after the update, see https://help.acme.com/a/1 . "
        "电池太差了，售后也不回复，我已经等了两个星期，希望官方能给个说法。"
    ) * 20
    check(base[:2000], policy=FIXTURE_POLICY)
    wall, cpu = [], []
    for i in range(n):
        text = f"{i} {base}"[:2000]
        recent = [f"{i}-{j} {base[j * 50 : j * 50 + 1500]}" for j in range(n_recent)]
        t0, c0 = time.perf_counter(), time.process_time()
        check(text, policy=FIXTURE_POLICY, recent_texts_by_author=recent)
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    wall.sort()
    return {
        "median_ms": round(statistics.median(wall), 3),
        "p95_ms": round(wall[int(0.95 * len(wall))], 3),
        "median_cpu_ms": round(statistics.median(cpu), 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="labelled TSV file")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--no-seed-data", action="store_true", help="leave out seed_data/forum_ham.tsv")
    args = parser.parse_args(argv)
    examples = list(read_tsv(args.data))
    if not args.no_seed_data:
        examples += list(read_tsv(str(SEED_DATA)))
    policy = SpamPolicy()
    print(f"{len(examples)} examples, {args.folds}-fold stratified cross-validation\n")
    results = cross_validate(examples, policy, args.folds)
    print(f"{'system':28} {'source':8} {'prec':>6} {'recall':>6} {'F1':>6}   tp   fp   fn")
    for name, by_source in results.items():
        for source in sorted(by_source, key=lambda s: (s == "overall", s)):
            m = prf(by_source[source])
            print(
                f"{name:28} {source:8} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} "
                f"{m['tp']:4d} {m['fp']:4d} {m['fn']:4d}"
            )
    print("\nFixtures (seed model, allowed domains acme.com, acme.com.cn):")
    for key, value in fixture_report().items():
        print(f"  {key}: {value}")
    print("\ncheck() on a 2,000-char post, 10 recent posts:", timing())
    print("check() on a 2,000-char post, no recent posts:", timing(n_recent=0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
