"""Train the key point model from SemEval-style data and/or staff corrections.

    python -m moderation.keypoints.train --data DIR [--corrections FILE.jsonl] --out PATH

The web app's `flask keypoints train` calls train() directly.
"""

from __future__ import annotations

import argparse
import json
import time

from .data import Sentence, load_corrections_file, read_corrections, read_dir
from .extract import build_termlist, spans_to_bio, train_crf
from .features import RULE_PREFIX, AteFeaturizer
from .model import MODEL_FORMAT, _Sent, save_model, sentence_features
from .polarity import train_logreg
from .text import normalize, tokenize

CLASS_LABELS = ("positive", "negative", "neutral")  # conflict is dropped, as in SemEval scoring

# Hyper-parameters chosen by 5-fold cross-validation on the SemEval training sets (evaluate.py).
ATE_PARAMS = {"c1": 0.05, "c2": 0.05, "max_iterations": 150}
POL_C2 = {"en": 1.0, "zh": 0.25}  # zh grid 1.0 / 0.5 / 0.25 / 0.1 (session 2): 0.25 ~ best


def ate_sequences(sents: list[Sentence], lang: str) -> list[tuple[list[str], list[str]]]:
    """(original-case tokens, BIO labels) for sentences of lang that annotate term spans."""
    out = []
    for s in sents:
        if s.lang != lang or not s.has_spans:
            continue
        norm = normalize(s.text)
        _, spans = tokenize(norm)
        gold = [(a, b) for a, b, _ in s.opinions if a is not None and b is not None and b > a]
        out.append(([s.text[a:b] for a, b in spans], spans_to_bio(spans, gold)))
    return out


def polarity_examples(sents: list[Sentence], lang: str) -> list[tuple[dict[str, float], str]]:
    out = []
    for s in sents:
        if s.lang != lang:
            continue
        st = _Sent(0, len(s.text), lang, normalize(s.text))
        for a, b, pol in s.opinions:
            if pol in CLASS_LABELS:
                feats = sentence_features(st, a, b)
                # rule-layer facts are for the tagger's overrides, not for the model
                out.append(({k: v for k, v in feats.items() if not k.startswith(RULE_PREFIX)}, pol))
    return out


def fit(sents: list[Sentence], log=print) -> tuple[dict[str, bytes | dict], dict]:
    """Train every model the data allows; returns (model parts, summary)."""
    parts: dict[str, bytes | dict] = {}
    summary: dict = {"format": MODEL_FORMAT, "sentences": len(sents), "langs": {}}
    meta: dict = {"format": MODEL_FORMAT}
    for lang in ("en", "zh"):
        info: dict = {}
        seqs = ate_sequences(sents, lang)
        if seqs and any(lab != "O" for _, labels in seqs for lab in labels):
            t = time.time()
            termlist = build_termlist(seqs, multiword=lang == "en")
            meta[f"termlist_{lang}"] = termlist
            parts[f"{lang}_ate.crfsuite"] = train_crf(seqs, AteFeaturizer(lang, termlist), **ATE_PARAMS)
            info["ate_sentences"] = len(seqs)
            log(f"[{lang}] aspect extractor: {len(seqs)} sentences, {time.time() - t:.1f}s")
        ex = polarity_examples(sents, lang)
        labels = sorted({lab for _, lab in ex})
        if len(labels) >= 2:
            t = time.time()
            parts[f"{lang}_pol.json"] = train_logreg(ex, c2=POL_C2[lang])
            info["polarity_examples"] = len(ex)
            info["polarity_labels"] = {lab: sum(1 for _, x in ex if x == lab) for lab in labels}
            log(f"[{lang}] polarity: {len(ex)} examples {labels}, {time.time() - t:.1f}s")
        if info:
            summary["langs"][lang] = info
    meta["summary"] = summary
    parts["meta.json"] = meta
    return parts, summary


def load_sentences(
    data_dir: str | None, corrections: list[dict] | None, exclude: tuple[str, ...] = ()
) -> list[Sentence]:
    sents: list[Sentence] = []
    if data_dir:
        for ss in read_dir(data_dir, exclude).values():
            sents.extend(ss)
    if corrections:
        sents.extend(read_corrections(corrections))
    return sents


def train(
    data_dir: str | None,
    corrections: list[dict] | None,
    out_path: str,
    exclude: tuple[str, ...] = (),
    log=print,
) -> dict:
    """Train from a data folder and/or correction rows and write the model file to out_path.

    Returns a JSON-able summary (counts per language and model part).
    """
    sents = load_sentences(data_dir, corrections, exclude)
    if not sents:
        raise ValueError("no training data: give a data folder and/or corrections")
    parts, summary = fit(sents, log=log)
    if len(parts) <= 1:
        raise ValueError("training data has neither aspect spans nor two polarity labels")
    save_model(out_path, parts)
    summary["out"] = out_path
    summary["sources"] = sorted({s.source for s in sents})
    return summary


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", help="folder with SemEval XML / Peng .apc.txt / .atepc.txt files")
    ap.add_argument("--corrections", help="JSONL of staff corrections")
    ap.add_argument("--out", required=True, help="model file to write (.zip)")
    ap.add_argument(
        "--exclude",
        action="append",
        default=[],
        help="file name or glob in --data to skip (repeatable)",
    )
    args = ap.parse_args(argv)
    rows = load_corrections_file(args.corrections) if args.corrections else None
    summary = train(args.data, rows, args.out, tuple(args.exclude))
    print(json.dumps(summary, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
