"""Aspect term extraction: a linear-chain CRF (python-crfsuite) over BIO tags.

Chosen over a fixed term list so that new product vocabulary is discovered from context
("the <X> is great"), and because crfsuite tags ~100k tokens/s on one core.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections import Counter

import pycrfsuite

from .features import AteFeaturizer


def spans_to_bio(tok_spans: list[tuple[int, int]], spans: list[tuple[int, int]]) -> list[str]:
    """BIO labels for tokens given gold character spans (a token inside a span is I or B)."""
    labels = ["O"] * len(tok_spans)
    for s, e in spans:
        first = True
        for i, (ts, te) in enumerate(tok_spans):
            if (ts >= s and te <= e) or (ts < e and te > s):
                labels[i] = "B" if first else "I"
                first = False
    return labels


def bio_to_spans(labels: list[str]) -> list[tuple[int, int]]:
    """Token index ranges [i, j) of B(I*) runs; a stray I starts a term too."""
    out = []
    start = None
    for i, lab in enumerate(labels):
        if lab == "B" or (lab == "I" and start is None):
            if start is not None:
                out.append((start, i))
            start = i
        elif lab == "O" and start is not None:
            out.append((start, i))
            start = None
    if start is not None:
        out.append((start, len(labels)))
    return out


def build_termlist(seqs: list[tuple[list[str], list[str]]], min_count: int = 1) -> dict[str, str]:
    """Bucket, per lower-cased word, the share of its occurrences that were inside aspect terms."""
    total: Counter[str] = Counter()
    inside: Counter[str] = Counter()
    for toks, labels in seqs:
        for t, lab in zip(toks, labels, strict=True):
            lw = t.lower()
            total[lw] += 1
            if lab != "O":
                inside[lw] += 1
    out = {}
    for w, n in total.items():
        if n < min_count or not inside[w]:
            continue
        r = inside[w] / n
        out[w] = "h" if r >= 0.6 else ("m" if r >= 0.25 else "l")
    return out


def train_crf(
    seqs: list[tuple[list[str], list[str]]],
    featurizer: AteFeaturizer,
    c1: float = 0.05,
    c2: float = 0.05,
    max_iterations: int = 150,
    jackknife: bool = True,
) -> bytes:
    """Train a CRF on (tokens, BIO labels) and return the model bytes."""
    trainer = pycrfsuite.Trainer(verbose=False)
    if jackknife and featurizer.termlist and len(seqs) >= 50:
        # Term-list features of each training sentence come from the OTHER parts of the data,
        # as they will for unseen text; otherwise the CRF learns to trust them too much.
        parts = 5
        for k in range(parts):
            rest = [sq for i, sq in enumerate(seqs) if i % parts != k]
            feat_k = AteFeaturizer(featurizer.lang, build_termlist(rest))
            for toks, labels in seqs[k::parts]:
                trainer.append(feat_k.sequence(toks), labels)
    else:
        for toks, labels in seqs:
            trainer.append(featurizer.sequence(toks), labels)
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": max_iterations,
            "feature.possible_transitions": True,
            "feature.minfreq": 1,
        }
    )
    fd, path = tempfile.mkstemp(suffix=".crfsuite")
    os.close(fd)
    try:
        trainer.train(path)
        with open(path, "rb") as fh:
            return fh.read()
    finally:
        os.unlink(path)


class CrfExtractor:
    """Run-time wrapper: tokens in, aspect token ranges out.

    A crfsuite Tagger keeps per-call state, so each thread gets its own (opened from the same
    in-memory model bytes); the featurizer's cache is shared.
    """

    def __init__(self, model_bytes: bytes, featurizer: AteFeaturizer) -> None:
        self.featurizer = featurizer
        # crfsuite reads the model in place: the buffer must outlive every tagger
        self._model_bytes = model_bytes
        self._local = threading.local()
        active = {attr for attr, _ in self._tagger().info().state_features}
        featurizer.set_known(active)

    def _tagger(self) -> pycrfsuite.Tagger:
        tagger = getattr(self._local, "tagger", None)
        if tagger is None:
            tagger = pycrfsuite.Tagger()
            tagger.open_inmemory(self._model_bytes)
            self._local.tagger = tagger
        return tagger

    def extract(self, toks: list[str]) -> list[tuple[int, int]]:
        if not toks:
            return []
        labels = self._tagger().tag(self.featurizer.sequence(toks))
        return bio_to_spans(labels)
