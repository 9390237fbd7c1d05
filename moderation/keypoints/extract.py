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

from .features import MW_MAX, AteFeaturizer


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


def _bucket(r: float) -> str:
    return "h" if r >= 0.6 else ("m" if r >= 0.25 else "l")


def build_termlist(
    seqs: list[tuple[list[str], list[str]]], min_count: int = 1, multiword: bool = False
) -> dict[str, str]:
    """Bucket, per lower-cased word, the share of its occurrences that were inside aspect terms.

    multiword: also bucket, per multi-word term of the training data (2 to MW_MAX tokens, keyed
    by its lower-cased tokens joined by spaces, which no single token contains), the share of the
    occurrences of that token sequence that were exactly a term.
    """
    total: Counter[str] = Counter()
    inside: Counter[str] = Counter()
    terms: Counter[str] = Counter()
    for toks, labels in seqs:
        for t, lab in zip(toks, labels, strict=True):
            lw = t.lower()
            total[lw] += 1
            if lab != "O":
                inside[lw] += 1
        if multiword:
            lws = [t.lower() for t in toks]
            for i, j in bio_to_spans(labels):
                if 2 <= j - i <= MW_MAX:
                    terms[" ".join(lws[i:j])] += 1
    out = {}
    for w, n in total.items():
        if n < min_count or not inside[w]:
            continue
        out[w] = _bucket(inside[w] / n)
    if terms:
        seen: Counter[str] = Counter()
        for toks, _ in seqs:
            lws = [t.lower() for t in toks]
            for i in range(len(lws) - 1):
                for k in range(2, MW_MAX + 1):
                    if i + k > len(lws):
                        break
                    key = " ".join(lws[i : i + k])
                    if key in terms:
                        seen[key] += 1
        for key, n in terms.items():
            out[key] = _bucket(n / max(seen[key], n))
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
            feat_k = AteFeaturizer(featurizer.lang, build_termlist(rest, multiword=featurizer.lang == "en"))
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


CLAUSE_PUNCT = frozenset("，。！？；：、,.!?;:")
_FORCE_O = complex(-1e6, -1e6)  # B and I a million below O: never chosen, and pruned as O


class CrfExtractor:
    """Run-time wrapper: tokens in, aspect token ranges out.

    Tagging does not go through crfsuite's tagger: building ~16 attribute strings per token and
    having crfsuite look each one up cost more than everything else in analyze(). Instead the
    model's weights are folded, once per distinct token, into a few numbers per feature template
    (own word, word at -2/-1/+1/+2), and Viterbi runs in Python on those. A linear-chain CRF's
    score is a plain sum of weights, so the result is the same as crfsuite's (tests check it).

    Label scores are kept relative to "O" and packed into one complex number (real: B, imag: I),
    so summing a feature template is a single addition.
    """

    def __init__(self, model_bytes: bytes, featurizer: AteFeaturizer) -> None:
        self.featurizer = featurizer
        # crfsuite reads the model in place: the buffer must outlive every tagger
        self._model_bytes = model_bytes
        self._local = threading.local()
        info = self._tagger().info()
        active = {attr for attr, _ in info.state_features}
        featurizer.set_known(active)
        self.labels = list(self._tagger().labels())
        self._fast = set(self.labels) <= {"O", "B", "I"} and "O" in self.labels
        if self._fast:
            self._prepare(info)

    def _prepare(self, info) -> None:
        w: dict[str, list[float]] = {}
        for (attr, lab), v in info.state_features.items():
            w.setdefault(attr, [0.0, 0.0, 0.0])[("O", "B", "I").index(lab)] += v
        # relative to O: real part = B - O, imaginary part = I - O
        self._w = {a: complex(v[1] - v[0], v[2] - v[0]) for a, v in w.items()}
        tr = info.transitions
        self._t = [[tr.get((a, b), 0.0) for b in ("O", "B", "I")] for a in ("O", "B", "I")]
        get = self._w.get
        self._bos, self._eos = get("BOS", 0j), get("EOS", 0j)
        self._opr, self._opl = get("opR", 0j), get("opL", 0j)
        self._mwdict = (
            {a: v for a, v in self._w.items() if a.startswith(("mwB=", "mwI="))} if self.featurizer.mw else {}
        )
        self._bm = {a[3:]: v for a, v in self._w.items() if a.startswith("b-=")}
        self._bp = {a[3:]: v for a, v in self._w.items() if a.startswith("b+=")}
        self._tri = {a[2:]: v for a, v in self._w.items() if a.startswith("t=")}
        # "a|b" -> (weight at b, weight at a, {c: trigram "abc" weight at b}); trigrams whose
        # words are single characters are filed under their first pair, longer ones stay apart
        pairs: dict[str, tuple] = {k: (self._bm.get(k, 0j), self._bp.get(k, 0j), None) for k in (*self._bm, *self._bp)}
        self._tri_long = {}
        for k, v in self._tri.items():
            if len(k) == 3:
                pk = k[0] + "|" + k[1]
                m, p, sub = pairs.get(pk, (0j, 0j, None))
                sub = sub or {}
                sub[k[2]] = v
                pairs[pk] = (m, p, sub)
            else:
                self._tri_long[k] = v
        self._pairs = pairs
        # first word -> {second word -> (weight at second, weight at first, trigram weights)}:
        # nested, so the hot loop looks pairs up without building "a|b" strings
        by_first: dict[str, dict[str, tuple]] = {}
        for k, v in pairs.items():
            # tokens hold no "|" except the one-character token "|" itself
            a, b = ("|", k[2:]) if k.startswith("||") else k.split("|", 1)
            by_first.setdefault(a, {})[b] = v
        self._by_first = by_first
        self._cache: dict[str, tuple] = {}
        self._pad = (0j, 0j, 0j, 0j, 0j, "", False)
        # A position whose O score beats B (I) by more than what transitions can give back is
        # O in every best path; such positions split the sentence into independent short runs.
        t = self._t
        margins = []
        for y in (1, 2):
            left = min(0.0, min(t[a][0] - t[a][y] for a in range(3)))
            right = min(0.0, min(t[0][c] - t[y][c] for c in range(3)))
            margins.append(-(left + right))
        self._mb, self._mi = margins

    def _tagger(self) -> pycrfsuite.Tagger:
        tagger = getattr(self._local, "tagger", None)
        if tagger is None:
            tagger = pycrfsuite.Tagger()
            tagger.open_inmemory(self._model_bytes)
            self._local.tagger = tagger
        return tagger

    def _entry(self, tok: str) -> tuple:
        """(own, at-1, at-2, at+1, at+2 score, lower-cased word, is opinion word) of a token."""
        e = self._cache.get(tok)
        if e is not None:
            return e
        base, nb, lw, is_op = self.featurizer._info(tok)
        get = self._w.get
        vals = [sum(get(a, 0j) for a in base)]
        # nb[k] holds the attributes this token gives to the token k positions away from it
        for k in (-1, -2, 1, 2):
            vals.append(sum(get(a, 0j) for a in nb[k]))
        e = (*vals, lw, is_op)
        if len(self._cache) < 200_000:
            self._cache[tok] = e
        return e

    def extract(self, toks: list[str], constrained: bool = True) -> list[tuple[int, int]]:
        """Aspect term token ranges. constrained: clause punctuation (，。, ; ...) is never part
        of a term: no gold term in the Chinese training data holds one and 5 of 7,794 English
        ones do, while unconstrained decoding produced "快递很快，包装" for "快递很快，包装也完整"."""
        if not toks:
            return []
        if not self._fast:
            return self.extract_crfsuite(toks)
        s = self._scores(toks)
        if constrained:
            for i, tok in enumerate(toks):
                if tok in CLAUSE_PUNCT:
                    s[i] = _FORCE_O
        return bio_to_spans(self._viterbi(s))

    def extract_crfsuite(self, toks: list[str]) -> list[tuple[int, int]]:
        """Reference path through crfsuite's own tagger (used by tests and odd label sets)."""
        if not toks:
            return []
        return bio_to_spans(self._tagger().tag(self.featurizer.sequence(toks)))

    def _scores(self, toks: list[str]) -> list[complex]:
        get = self._cache.get
        ents = [get(t) or self._entry(t) for t in toks]
        n = len(ents)
        # token i gets its own attributes plus what its neighbours say about their position
        # relative to it (the "-1w=..." of token i-1, and so on); the pads give nothing.
        pad = self._pad
        seq = [pad, pad, *ents, pad, pad]
        s = [
            e[0] + m1[1] + m2[2] + p1[3] + p2[4]
            for m2, m1, e, p1, p2 in zip(seq, seq[1:], seq[2:], seq[3:], seq[4:])  # noqa: B905
        ]
        s[0] += self._bos
        s[-1] += self._eos
        lws = [e[5] for e in ents]
        first, tri_long = self._by_first.get, self._tri_long
        after = first(lws[0])
        for i in range(1, n):
            b = lws[i]
            if after is not None:
                v = after.get(b)
                if v is not None:
                    s[i] += v[0]
                    s[i - 1] += v[1]
                    sub = v[2]
                    if sub is not None and i < n - 1:
                        w = sub.get(lws[i + 1])
                        if w is not None:
                            s[i] += w
            after = first(b)
        if tri_long:  # trigrams with a multi-character word (Latin words in Chinese text)
            for i in range(1, n - 1):
                if len(lws[i - 1]) + len(lws[i]) + len(lws[i + 1]) > 3:
                    w = tri_long.get(lws[i - 1] + lws[i] + lws[i + 1])
                    if w is not None:
                        s[i] += w
        if self._mwdict:
            marks = self.featurizer.mw_marks(lws)
            if marks is not None:
                mwget = self._mwdict.get
                for i, m in enumerate(marks):
                    if m is not None:
                        s[i] += mwget(m, 0j)
        opr, opl = self._opr, self._opl
        if opr or opl:
            op_r = [False] * n
            op_l = [False] * n
            for j, e in enumerate(ents):
                if e[6]:
                    for i in range(max(0, j - 3), j):
                        op_r[i] = True
                    for i in range(j + 1, min(n, j + 5)):
                        op_l[i] = True
            for i in range(n):
                if op_r[i]:
                    s[i] += opr
                if op_l[i]:
                    s[i] += opl
        return s

    def _viterbi(self, s: list[complex]) -> list[str]:
        n = len(s)
        labels = ["O"] * n
        mb, mi = -self._mb, -self._mi
        i = 0
        while i < n:
            v = s[i]
            if v.real < mb and v.imag < mi:
                i += 1
                continue
            j = i + 1
            while j < n:
                v = s[j]
                if v.real < mb and v.imag < mi:
                    break
                j += 1
            labels[i:j] = self._viterbi_run(s, i, j, i > 0, j < n)
            i = j + 1
        return labels

    def _viterbi_run(self, s: list[complex], i: int, j: int, o_left: bool, o_right: bool) -> list[str]:
        """Best labels for positions i..j-1 (O fixed just outside, where the sentence goes on)."""
        t = self._t
        t00, t01, t02 = t[0]
        t10, t11, t12 = t[1]
        t20, t21, t22 = t[2]
        v = s[i]
        if o_left:
            d0, d1, d2 = t00, t01 + v.real, t02 + v.imag
        else:
            d0, d1, d2 = 0.0, v.real, v.imag
        back = []
        for k in range(i + 1, j):
            v = s[k]
            # best predecessor for each label (ties: lowest label index, like a plain argmax)
            a, b, c = d0 + t00, d1 + t10, d2 + t20
            if a >= b and a >= c:
                n0, p0 = a, 0
            elif b >= c:
                n0, p0 = b, 1
            else:
                n0, p0 = c, 2
            a, b, c = d0 + t01, d1 + t11, d2 + t21
            if a >= b and a >= c:
                n1, p1 = a, 0
            elif b >= c:
                n1, p1 = b, 1
            else:
                n1, p1 = c, 2
            a, b, c = d0 + t02, d1 + t12, d2 + t22
            if a >= b and a >= c:
                n2, p2 = a, 0
            elif b >= c:
                n2, p2 = b, 1
            else:
                n2, p2 = c, 2
            back.append((p0, p1, p2))
            d0, d1, d2 = n0, n1 + v.real, n2 + v.imag
        if o_right:
            d0, d1, d2 = d0 + t00, d1 + t10, d2 + t20
        y = 0 if d0 >= d1 and d0 >= d2 else (1 if d1 >= d2 else 2)
        path = [y]
        for bp in reversed(back):
            y = bp[y]
            path.append(y)
        names = ("O", "B", "I")
        return [names[y] for y in reversed(path)]
