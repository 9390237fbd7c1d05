"""Logistic regression over hashed features, trainable from moderator decisions.

Logistic regression rather than naive Bayes because its probabilities are usable as
thresholds (naive Bayes pushes almost everything to 0 or 1), and because stochastic
gradient steps make :meth:`Classifier.partial_fit` natural: each moderator decision nudges
the weights of the tokens in that post.

The model file is gzip-compressed JSON holding the non-zero bucket indices and float32
weights (base64), plus a bias and some metadata. It contains no tokens and no text.
"""

from __future__ import annotations

import base64
import gzip
import json
import math
import random
import threading
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from .features import N_BITS, bucket, readable, tokens, vectorize

SEED_MODEL_PATH = Path(__file__).with_name("seed_model.json.gz")
FORMAT_VERSION = 1
SPAM_PRIOR = 0.25
# Hand-written in-domain posts (seed_data/forum_ham.tsv) get half a source's weight: at full
# weight they cost recall on the public spam, at a quarter held-out forum posts were held.
GROUP_WEIGHTS = {"forum": 0.5}

_cache: dict[str, Classifier] = {}
_cache_lock = threading.Lock()


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


class Classifier:
    """Spam probability for a text. Thread-safe for prediction; fitting takes a lock."""

    def __init__(
        self,
        weights: array | None = None,
        bias: float = 0.0,
        meta: dict | None = None,
        calibration: tuple[float, float] = (1.0, 0.0),
    ):
        self.weights = weights if weights is not None else array("d", bytes(8 << N_BITS))
        self.bias = bias
        # Platt scaling of the raw logit, fitted on out-of-fold scores by :meth:`fit`.
        self.calibration = calibration
        self.meta: dict = dict(meta or {})
        self._lock = threading.Lock()

    # --- persistence -------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | None = None) -> Classifier:
        """Load a model; ``None`` means the seed model shipped in this package.

        Loaded models are cached per path, so every caller in a process shares one instance
        (and sees its :meth:`partial_fit` updates). Use :meth:`from_file` for a private copy.
        """
        key = str(Path(path).resolve()) if path else str(SEED_MODEL_PATH)
        with _cache_lock:
            model = _cache.get(key)
            if model is None:
                model = cls.from_file(key)
                _cache[key] = model
            return model

    @classmethod
    def from_file(cls, path: str | Path) -> Classifier:
        """Read a model file without the cache."""
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
        if data.get("format") != FORMAT_VERSION or data.get("n_bits") != N_BITS:
            raise ValueError(f"{path}: unsupported spam model format")
        idx = array("I")
        idx.frombytes(base64.b64decode(data["index"]))
        vals = array("f")
        vals.frombytes(base64.b64decode(data["weights"]))
        weights = array("d", bytes(8 << N_BITS))
        for i, w in zip(idx, vals, strict=True):
            weights[i] = w
        scale, shift = data.get("calibration", (1.0, 0.0))
        return cls(weights, float(data["bias"]), data.get("meta"), (float(scale), float(shift)))

    def save(self, path: str) -> None:
        """Write the model (deterministic bytes for identical weights, so diffs stay quiet)."""
        idx = array("I", (i for i, w in enumerate(self.weights) if abs(w) >= 1e-6))
        vals = array("f", (self.weights[i] for i in idx))
        data = {
            "format": FORMAT_VERSION,
            "n_bits": N_BITS,
            "bias": round(self.bias, 6),
            "calibration": [round(c, 6) for c in self.calibration],
            "index": base64.b64encode(idx.tobytes()).decode("ascii"),
            "weights": base64.b64encode(vals.tobytes()).decode("ascii"),
            "meta": self.meta,
        }
        raw = json.dumps(data, sort_keys=True).encode("utf-8")
        tmp = Path(str(path) + ".tmp")
        with (
            open(tmp, "wb") as fh,
            gzip.GzipFile(filename="", fileobj=fh, mode="wb", mtime=0) as gz,
        ):
            gz.write(raw)
        tmp.replace(path)

    # --- prediction --------------------------------------------------------------------
    def _vector(self, text: str, allowed_domains: Sequence[str] = (), ignore_links: bool = False) -> dict[int, float]:
        return vectorize(tokens(text, allowed_domains=allowed_domains, ignore_links=ignore_links))

    def _logit(self, x: dict[int, float]) -> float:
        w = self.weights
        return self.bias + sum(w[i] * v for i, v in x.items())

    def _proba(self, x: dict[int, float]) -> float:
        scale, shift = self.calibration
        return _sigmoid(scale * self._logit(x) + shift)

    def predict_proba(self, text: str, *, allowed_domains: Sequence[str] = (), ignore_links: bool = False) -> float:
        """Probability that ``text`` is spam.

        Links to ``allowed_domains`` are ignored; ``ignore_links`` ignores every link, so
        that only the words are judged (``check()`` does this when the author's trust level
        allows the links, which the link rules then police).
        """
        return self._proba(self._vector(text, allowed_domains, ignore_links))

    def explain(
        self,
        text: str,
        k: int = 5,
        *,
        allowed_domains: Sequence[str] = (),
        ignore_links: bool = False,
    ) -> list[str]:
        """The ``k`` tokens pushing hardest towards spam, readable for staff ("check out")."""
        toks = tokens(text, allowed_domains=allowed_domains, ignore_links=ignore_links)
        x = vectorize(toks)
        if not x:
            return []
        scored: dict[str, float] = {}
        for tok in toks:
            contribution = self.weights[bucket(tok)] * x[bucket(tok)]
            if contribution > 0:
                scored[readable(tok)] = contribution
        return [t for t, _ in sorted(scored.items(), key=lambda kv: -kv[1])[:k]]

    # --- learning ----------------------------------------------------------------------
    def _sgd(
        self,
        data: Sequence[tuple[dict[int, float], bool, float]],
        *,
        epochs: int,
        lr: float,
        l2: float,
        seed: int = 0,
    ) -> None:
        """Weighted stochastic gradient descent on log loss (raw, uncalibrated logit).

        Seeded shuffling keeps training reproducible (the seed model's bytes only change
        when the data or the code do). The bias moves at a tenth of the rate: with
        L2-free training on ~1,300 rows it otherwise swings with every example.
        """
        rng = random.Random(seed)
        order = list(range(len(data)))
        w = self.weights
        step = 0
        for _ in range(epochs):
            rng.shuffle(order)
            for j in order:
                x, y, sample_weight = data[j]
                rate = lr / (1.0 + 0.001 * step)
                step += 1
                g = (_sigmoid(self._logit(x)) - (1.0 if y else 0.0)) * sample_weight
                for i, v in x.items():
                    w[i] -= rate * (g * v + l2 * w[i])
                self.bias -= rate * g * 0.1

    def fit(
        self,
        texts: Sequence[str],
        labels: Sequence[bool],
        *,
        groups: Sequence[str] | None = None,
        epochs: int = 30,
        lr: float = 0.5,
        l2: float = 0.0,
        seed: int = 0,
        calibrate_folds: int = 5,
        spam_prior: float = SPAM_PRIOR,
        group_weights: dict[str, float] | None = None,
    ) -> None:
        """Train on a labelled set with balanced sample weights, then calibrate.

        Each ``(group, label)`` cell (group = data source, e.g. "youtube" or "zh_sms") gets
        the same total weight. Without that, the 47 Chinese adverts drown among 850 hams and
        the model learns "Chinese means ham".

        Calibration: the raw logistic regression is timid on unseen text (most held-out spam
        scored 0.5-0.8), which would make ``hold_threshold`` meaningless. Platt scaling is
        fitted on out-of-fold logits (``calibrate_folds``-fold, so it reflects unseen text)
        with the same balanced weights, then shifted from a 50/50 prior to ``spam_prior``:
        on a brand forum most posts are not spam, and a 50/50 prior held one in eight of the
        hand-written customer posts.
        """
        groups = list(groups) if groups is not None else [""] * len(labels)
        cells = Counter(zip(groups, (bool(y) for y in labels), strict=True))
        if not any(y for _, y in cells) or all(y for _, y in cells):
            raise ValueError("training needs both spam and ham examples")
        n = len(labels)
        factor = group_weights or {}
        data = [
            (self._vector(t), bool(y), factor.get(g, 1.0) * n / (len(cells) * cells[(g, bool(y))]))
            for t, y, g in zip(texts, labels, groups, strict=True)
        ]
        keys = [(g, bool(y)) for g, y in zip(groups, labels, strict=True)]
        n_spam = sum(1 for y in labels if y)
        calibration = (1.0, 0.0)
        if calibrate_folds > 1:
            scale, shift = _platt(
                self._out_of_fold_logits(data, keys, calibrate_folds, epochs, lr, l2, seed),
                [(y, sw) for _, y, sw in data],
            )
            calibration = (scale, shift + math.log(spam_prior / (1.0 - spam_prior)))
        with self._lock:
            self.bias = math.log(n_spam / (n - n_spam))
            self._sgd(data, epochs=epochs, lr=lr, l2=l2, seed=seed)
            self.calibration = calibration
            self.meta.update(
                {
                    "trained_on": n,
                    "spam": n_spam,
                    "ham": n - n_spam,
                    "calibration_folds": calibrate_folds,
                }
            )

    @staticmethod
    def _out_of_fold_logits(
        data: Sequence[tuple[dict[int, float], bool, float]],
        keys: Sequence[tuple[str, bool]],
        k: int,
        epochs: int,
        lr: float,
        l2: float,
        seed: int,
    ) -> list[float]:
        """Raw logits of every example from a model that did not see it (k-fold)."""
        fold_of = [0] * len(data)
        seen: Counter = Counter()
        for i, key in enumerate(keys):
            fold_of[i] = seen[key] % k
            seen[key] += 1
        logits = [0.0] * len(data)
        for f in range(k):
            part = Classifier()
            train_part = [d for i, d in enumerate(data) if fold_of[i] != f]
            n_spam = sum(1 for _, y, _ in train_part if y)
            part.bias = math.log(max(n_spam, 1) / max(len(train_part) - n_spam, 1))
            part._sgd(train_part, epochs=epochs, lr=lr, l2=l2, seed=seed)
            for i, (x, _, _) in enumerate(data):
                if fold_of[i] == f:
                    logits[i] = part._logit(x)
        return logits

    def partial_fit(self, texts: list[str], labels: list[bool], *, epochs: int = 3) -> None:
        """Learn from moderator decisions (approved = ham, rejected as spam = spam).

        A few gradient passes over just these examples: enough that the same post would now
        score on the moderator's side, small enough that one decision does not swamp the
        model. Call :meth:`save` afterwards to keep what was learnt.
        """
        if len(texts) != len(labels):
            raise ValueError("texts and labels differ in length")
        data = [(self._vector(t), bool(y), 1.0) for t, y in zip(texts, labels, strict=True)]
        with self._lock:
            self._sgd(data, epochs=epochs, lr=0.5, l2=0.0)
            self.meta["decisions"] = int(self.meta.get("decisions", 0)) + len(texts)


def _platt(logits: Sequence[float], targets: Sequence[tuple[bool, float]]) -> tuple[float, float]:
    """Fit ``p = sigmoid(a * logit + b)`` by Newton's method on weighted log loss."""
    a, b = 1.0, 0.0
    for _ in range(50):
        ga = gb = haa = hab = hbb = 0.0
        for z, (y, w) in zip(logits, targets, strict=True):
            p = _sigmoid(a * z + b)
            r = (p - (1.0 if y else 0.0)) * w
            h = max(p * (1.0 - p), 1e-9) * w
            ga += r * z
            gb += r
            haa += h * z * z
            hab += h * z
            hbb += h
        haa += 1e-6
        hbb += 1e-6
        det = haa * hbb - hab * hab
        if det <= 0:
            break
        da = (hbb * ga - hab * gb) / det
        db = (haa * gb - hab * ga) / det
        a, b = a - da, b - db
        if abs(da) < 1e-8 and abs(db) < 1e-8:
            break
    return a, b


def fit(rows: Iterable[tuple[str, bool] | tuple[str, bool, str]]) -> Classifier:
    """A new classifier trained on ``(text, is_spam[, source])`` rows."""
    items = [(r[0], bool(r[1]), r[2] if len(r) > 2 else "") for r in rows]
    model = Classifier()
    model.fit(
        [t for t, _, _ in items],
        [y for _, y, _ in items],
        groups=[g for _, _, g in items],
        group_weights=GROUP_WEIGHTS,
    )
    return model
