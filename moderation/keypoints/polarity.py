"""Aspect polarity: multinomial logistic regression over the context features of features.py.

Trained with crfsuite's L-BFGS on one-item sequences (a one-item CRF is exactly a multinomial
logistic regression), so no extra ML dependency is needed. At run time the weights live in a
plain dict and scoring is a sparse dot product plus softmax.
"""

from __future__ import annotations

import math
import os
import tempfile

import pycrfsuite

from .features import ACC_KEYS


def train_logreg(examples: list[tuple[dict[str, float], str]], c2: float = 1.0, max_iterations: int = 200) -> dict:
    """Return {"labels": [...], "weights": {feature: [w per label]}} (small weights pruned)."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for feats, label in examples:
        trainer.append(pycrfsuite.ItemSequence([feats]), [label])
    trainer.set_params({"c1": 0.0, "c2": c2, "max_iterations": max_iterations})
    fd, path = tempfile.mkstemp(suffix=".crfsuite")
    os.close(fd)
    try:
        trainer.train(path)
        tagger = pycrfsuite.Tagger()
        tagger.open(path)
        info = tagger.info()
        labels = sorted(tagger.labels())
        tagger.close()
    finally:
        os.unlink(path)
    idx = {lab: i for i, lab in enumerate(labels)}
    weights: dict[str, list[float]] = {}
    for (attr, lab), w in info.state_features.items():
        weights.setdefault(attr, [0.0] * len(labels))[idx[lab]] = w
    pruned = {a: [round(x, 4) for x in ws] for a, ws in weights.items() if max(abs(x) for x in ws) >= 2e-3}
    return {"labels": labels, "weights": pruned}


class LogReg:
    """Run-time scorer for the dict produced by train_logreg."""

    def __init__(self, params: dict) -> None:
        self.labels: list[str] = list(params["labels"])
        self.weights: dict[str, list[float]] = dict(params["weights"])
        # The feature code may hand over context weights it has already summed (features.py
        # ACC_KEYS): one pseudo-feature per label with a unit weight adds them back in.
        k = len(self.labels)
        for i, key in enumerate(ACC_KEYS[:k]):
            self.weights[key] = [1.0 if j == i else 0.0 for j in range(k)]
        self.token_cache: dict = {}  # per-word feature names/vectors, shared by sentences
        self.context_cache: dict = {}  # Chinese: summed weights per aspect and neighbours

    def predict_proba(self, feats: dict[str, float]) -> list[float]:
        k = len(self.labels)
        wts = self.weights
        if k == 3:  # the common case, unrolled: this is the hot loop of analyze()
            s0 = s1 = s2 = 0.0
            for f, v in feats.items():
                w = wts.get(f)
                if w is not None:
                    s0 += w[0] * v
                    s1 += w[1] * v
                    s2 += w[2] * v
            m = max(s0, s1, s2)
            e0, e1, e2 = math.exp(s0 - m), math.exp(s1 - m), math.exp(s2 - m)
            z = e0 + e1 + e2
            return [e0 / z, e1 / z, e2 / z]
        if k == 2:  # binary (the Chinese model)
            s0 = s1 = 0.0
            for f, v in feats.items():
                w = wts.get(f)
                if w is not None:
                    s0 += w[0] * v
                    s1 += w[1] * v
            m = max(s0, s1)
            e0, e1 = math.exp(s0 - m), math.exp(s1 - m)
            z = e0 + e1
            return [e0 / z, e1 / z]
        scores = [0.0] * k
        for f, v in feats.items():
            w = wts.get(f)
            if w is not None:
                for i in range(k):
                    scores[i] += w[i] * v
        m = max(scores)
        exps = [math.exp(s - m) for s in scores]
        z = sum(exps)
        return [e / z for e in exps]

    def predict(self, feats: dict[str, float]) -> tuple[str, float, list[float]]:
        p = self.predict_proba(feats)
        i = max(range(len(p)), key=p.__getitem__)
        return self.labels[i], p[i], p
