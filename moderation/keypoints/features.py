"""Feature extraction for the two models: aspect term tagging (CRF) and aspect polarity (linear).

Speed matters (thousands of posts a second on one core), so per-word feature strings are built once
and cached, and the polarity features are a single pass over the sentence.
"""

from __future__ import annotations

import re
from collections import defaultdict

from . import lexicon as lx

MW_MAX = 4  # longest multi-word term (in tokens) in the term list
EN_WINDOW = 30  # tokens each side of an aspect that can speak about it
ZH_WINDOW = 50  # characters each side
_PUNCT_RE = re.compile(r"^[^\w\u3400-\u9fff]+$")
_CJK_CHAR_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _shape(tok: str) -> str:
    if tok.isdigit():
        return "d"
    if _CJK_CHAR_RE.match(tok):
        return "h"
    if _PUNCT_RE.match(tok):
        return "p"
    if tok.isupper() and len(tok) > 1:
        return "U"
    if tok[:1].isupper():
        return "T" if tok[1:].islower() or len(tok) == 1 else "M"
    if any(c.isdigit() for c in tok):
        return "a1"
    return "x"


def is_negator_en(tok: str) -> bool:
    return tok in lx.EN_NEGATORS or tok.endswith("n't")


class AteFeaturizer:
    """Token features for the CRF aspect term tagger (BIO).

    termlist maps a lower-cased word to a bucket of how often it was part of an aspect term in the
    training data ("name list" feature of the SemEval-2014 top systems). It is learned by train.py
    and stored in the model file.
    """

    def __init__(self, lang: str, termlist: dict[str, str] | None = None, known: set[str] | None = None) -> None:
        self.lang = lang
        self.termlist = termlist or {}
        # multi-word terms of the term list (keys with spaces), by first word, longest first
        mw: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for key, bucket in self.termlist.items():
            if " " in key:
                words = tuple(key.split(" "))
                mw.setdefault(words[0], []).append((words, bucket))
        for cands in mw.values():
            cands.sort(key=lambda c: -len(c[0]))
        self.mw = mw
        self._cache: dict[str, tuple] = {}
        self._oplex = lx.en_lexicon() if lang == "en" else lx.ZH_LEXICON
        self.set_known(known)

    def set_known(self, known: set[str] | None) -> None:
        """Restrict output to attributes the trained model has weights for.

        Unknown attributes add nothing to a CRF score but cost crfsuite a lookup each; with the
        L1-regularised model most candidate features are inactive, so this roughly halves tagging
        time without changing any output.
        """
        self.known = known
        self._cache.clear()

    def _keep(self, feats: list[str]) -> list[str]:
        known = self.known
        return feats if known is None else [x for x in feats if x in known]

    def _info(self, tok: str) -> tuple:
        info = self._cache.get(tok)
        if info is not None:
            return info
        lw = tok.lower()
        sh = _shape(tok)
        base = ["w=" + lw, "sh=" + sh]
        if self.lang == "en" or sh not in ("h", "p"):
            base += ["s3=" + lw[-3:], "s2=" + lw[-2:], "p3=" + lw[:3], f"len={min(len(lw), 8)}"]
        if self.lang == "en":
            base += ["s4=" + lw[-4:], "p2=" + lw[:2]]
        tl = self.termlist.get(lw)
        if tl:
            base.append("tl=" + tl)
        is_op = lw in self._oplex and abs(self._oplex[lw]) >= 1.0
        if is_op:
            base.append("op")
        nb = {k: self._keep([f"{k}w={lw}", f"{k}sh={sh}"] + ([f"{k}tl={tl}"] if tl else [])) for k in (-2, -1, 1, 2)}
        info = (self._keep(base), nb, lw, is_op)
        if len(self._cache) < 200_000:
            self._cache[tok] = info
        return info

    def mw_marks(self, lws: list[str]) -> list[str | None] | None:
        """Per token, "mwB=<bucket>" / "mwI=<bucket>" where it starts / continues a known
        multi-word term (greedy, longest first, left to right); None when nothing matches."""
        mw = self.mw
        out = None
        n = len(lws)
        i = 0
        while i < n:
            cands = mw.get(lws[i])
            if cands is not None:
                for words, bucket in cands:
                    k = len(words)
                    if i + k <= n and tuple(lws[i : i + k]) == words:
                        if out is None:
                            out = [None] * n
                        out[i] = "mwB=" + bucket
                        for j in range(i + 1, i + k):
                            out[j] = "mwI=" + bucket
                        i += k - 1
                        break
            i += 1
        return out

    def sequence(self, toks: list[str]) -> list[list[str]]:
        infos = [self._info(t) for t in toks]
        n = len(infos)
        known = self.known
        marks = self.mw_marks([inf[2] for inf in infos]) if self.mw else None
        # opinion word within 3 tokens to the right / 4 to the left (one pass, not per token)
        op_r = [False] * n
        op_l = [False] * n
        for j, inf in enumerate(infos):
            if inf[3]:
                for i in range(max(0, j - 3), j):
                    op_r[i] = True
                for i in range(j + 1, min(n, j + 5)):
                    op_l[i] = True
        zh = self.lang == "zh"
        out = []
        for i in range(n):
            base, _, lw, _ = infos[i]
            f = base + infos[i - 1][1][-1] if i >= 1 else [*base, "BOS"]
            extra = []
            if i >= 1:
                extra.append("b-=" + infos[i - 1][2] + "|" + lw)
            if i >= 2:
                f += infos[i - 2][1][-2]
            if i + 1 < n:
                f += infos[i + 1][1][1]
                extra.append("b+=" + lw + "|" + infos[i + 1][2])
            else:
                f.append("EOS")
            if i + 2 < n:
                f += infos[i + 2][1][2]
            if zh and 1 <= i < n - 1:
                extra.append("t=" + infos[i - 1][2] + lw + infos[i + 1][2])
            if known is None:
                f += extra
            else:
                f += [x for x in extra if x in known]
            if marks is not None and marks[i] is not None and (known is None or marks[i] in known):
                f.append(marks[i])
            if op_r[i]:
                f.append("opR")
            if op_l[i]:
                f.append("opL")
            out.append(f)
        return out


# ---------------------------------------------------------------- polarity


_LEX_NAMES: dict[str, tuple[str, ...]] = {}


def _lex_features(f: dict[str, float], prefix: str, total: float, npos: int, nneg: int) -> None:
    names = _LEX_NAMES.get(prefix)
    if names is None:  # built once per prefix: this runs twice for every mention
        names = _LEX_NAMES[prefix] = tuple(prefix + x for x in ("pos", "neg", "npos", "nneg", "none"))
    if total > 0:
        f[names[0]] = min(total, 8.0) / 4.0
    elif total < 0:
        f[names[1]] = min(-total, 8.0) / 4.0
    if npos:
        f[names[2]] = min(npos, 3) / 3.0
    if nneg:
        f[names[3]] = min(nneg, 3) / 3.0
    if not npos and not nneg:
        f[names[4]] = 1.0


ACC_KEYS = ("\x00acc0", "\x00acc1", "\x00acc2")  # pre-summed weights (see LogReg)


def _vec(known: dict, name: str) -> tuple[float, float, float] | None:
    w = known.get(name)
    if w is None:
        return None
    return (w[0], w[1], w[2] if len(w) > 2 else 0.0)


# Kinds of opinion words in the aspect's clause, for the rule layer of the tagger (model.py):
# plain negative, plain positive, negated negative ("not bad", 不差), negated positive, and a
# "speed of something bad" phrase ("drains fast"). Features named RULE_PREFIX... are never given
# to the model (train.py drops them): they only let the tagger overrule it on these patterns.
RULE_PLAIN, RULE_PLAINPOS, RULE_NEGNEG, RULE_NEGPOS, RULE_DEP, RULE_WEAK = range(6)
RULE_PREFIX = "\x01"
RULE_KEYS = ("\x01neg", "\x01pos", "\x01negneg", "\x01negpos", "\x01dep", "\x01weak")


def _rule_features(f: dict[str, float], kinds: list[int]) -> None:
    for k, n in enumerate(kinds):
        if n:
            f[RULE_KEYS[k]] = n


class EnSentInfo:
    """Per-sentence facts shared by all aspects of the sentence (computed once, for speed).

    With the model's weights as `known` (run time), the per-word context features are kept as
    weight vectors (cvec/ovec) instead of names, and polarity_features_en sums them directly:
    the same linear score, without building and then looking up dozens of strings per aspect.
    `cache` (per model) remembers each word's names/vectors across sentences.
    """

    __slots__ = (
        "cbvec",
        "clause",
        "contrast_starts",
        "cstr",
        "cvec",
        "known",
        "lexk",
        "lexv",
        "n",
        "nclauses",
        "neg",
        "ostr",
        "ovec",
        "prevc",
        "punct",
        "seg",
        "thans",
        "toks",
    )  # fmt: skip

    def __init__(self, toks: list[str], known: dict | set | None = None, cache: dict | None = None) -> None:
        lex = lx.en_lexicon()
        n = self.n = len(toks)
        self.toks = toks
        clause = [0] * n
        cid = 0
        contrast_starts: set[int] = set()
        neg = [False] * n
        negating = False
        thans = []
        punct = []
        for i, t in enumerate(toks):
            if t in lx.EN_CLAUSE_PUNCT:
                if t in lx.EN_CLAUSE_BREAK:
                    cid += 1
                clause[i] = -1
                negating = False  # negation scope ends at any punctuation
                if t in "!?":
                    punct.append("punct" + t)
                continue
            if t in lx.EN_CONTRAST:
                cid += 1
                contrast_starts.add(cid)
                negating = False

            clause[i] = cid
            neg[i] = negating
            if t in lx.EN_NEGATORS or t.endswith("n't"):
                negating = True
            if t == "than":
                thans.append(i)
        vec = isinstance(known, dict)
        if cache is None:
            cache = {}
        cstr: list = [None] * n
        ostr: list = [None] * n
        lexv: list[float | None] = [None] * n
        lexk: list[int] = [0] * n
        prev = prev2 = ""
        last_neg = -100
        for i, t in enumerate(toks):
            if clause[i] >= 0:
                ng = neg[i]
                key = ("N_" + t) if ng else t
                e = cache.get(key)
                if e is None:
                    e = (None, None)
                    if not (t in lx.EN_NEGATORS or t.endswith("n't")):
                        # the negator itself acts through N_ and the flipped lexicon score
                        cs, os_ = "c:" + key, "o:" + key
                        if vec:
                            e = (_vec(known, cs), _vec(known, os_))
                        else:
                            e = (cs if known is None or cs in known else None,
                                 os_ if known is None or os_ in known else None)  # fmt: skip
                    if len(cache) < 100_000:
                        cache[key] = e
                cstr[i], ostr[i] = e
                v = lex.get(t)
                dep = False
                if t in lx.EN_SPEED and (prev in lx.EN_DEPLETE or prev2 in lx.EN_DEPLETE):
                    # "drains fast", "died quickly": speed of something bad is bad
                    v, dep = -abs(v or 1.5), True
                if v is not None:
                    raw = v
                    v *= lx.EN_INTENSIFIERS.get(prev, 1.0)
                    kind = RULE_DEP if dep else RULE_PLAIN
                    if ng:
                        if v >= 0:
                            kind = RULE_NEGPOS
                        elif raw <= -1.5 and i - last_neg <= 3 and prev not in lx.EN_INTENSIFIERS:
                            kind = RULE_NEGNEG  # "not bad (at all)", "no complaints"
                        else:
                            kind = RULE_WEAK  # "not loud enough", "not too expensive": unclear
                        v = -0.8 * v
                    lexv[i] = v
                    lexk[i] = kind
            if t in lx.EN_NEGATORS or t.endswith("n't"):
                last_neg = i
            prev2, prev = prev, t
        # finer segments: any clause punctuation (commas too) or "and"/"while" starts a new one
        seg = [0] * n
        sid = 0
        for i, t in enumerate(toks):
            if clause[i] < 0 or t in EN_SEG_WORDS or (i and clause[i - 1] != clause[i]):
                sid += 1
            seg[i] = sid
        self.seg = seg
        self.clause, self.contrast_starts, self.neg = clause, contrast_starts, neg
        self.thans, self.punct, self.nclauses = thans, punct, cid + 1
        self.lexv, self.lexk = lexv, lexk
        self.known = known
        self.prevc = self.cbvec = None
        if vec:
            # each token's bigram with the previous token of its clause (see _en_clause_bigrams)
            prevc: list[int] = [-2] * n
            cbvec: list = [None] * n
            j = -1
            for i in range(n):
                c = clause[i]
                if c < 0:
                    continue
                if j >= 0 and clause[j] == c:
                    prevc[i] = j
                    key = "\x03" + toks[j] + "_" + toks[i]
                    x = cache.get(key, False)
                    if x is False:
                        x = _vec(known, "cb:" + toks[j] + "_" + toks[i])
                        if len(cache) < 100_000:
                            cache[key] = x
                    cbvec[i] = x
                j = i
            self.prevc, self.cbvec = prevc, cbvec
            self.cstr = self.ostr = None
            self.cvec, self.ovec = cstr, ostr
        else:
            self.cstr, self.ostr = cstr, ostr
            self.cvec = self.ovec = None


EN_SEG_WORDS = frozenset(["and", "while", "whereas", "which", "because", "so", "or", "with", "if", "when"])


def _en_clause_bigrams(info: EnSentInfo, a0: int, a1: int, ac: int, lo: int, hi: int) -> tuple[float, float, float]:
    """Run-time twin of the clause-bigram loop in polarity_features_en: bigrams not touching the
    aspect come pre-looked-up per sentence (info.cbvec), only the two "<A>" ones are built."""
    clause, toks, known = info.clause, info.toks, info.known
    prevc, cbvec = info.prevc, info.cbvec
    s0 = s1 = s2 = 0.0
    prev = None  # index of the previous bigram item; -1 stands for the aspect
    for i in range(lo, hi):
        if a0 <= i < a1:
            if i > a0:
                continue
            x = _vec(known, "cb:" + toks[prev] + "_<A>") if prev is not None else None
            prev = -1
        elif clause[i] == ac:
            if prev is None:
                x = None
            elif prev == -1:
                x = _vec(known, "cb:<A>_" + toks[i])
            elif prev == prevc[i]:
                x = cbvec[i]
            else:
                x = _vec(known, "cb:" + toks[prev] + "_" + toks[i])
            prev = i
        else:
            continue
        if x is not None:
            s0 += x[0]
            s1 += x[1]
            s2 += x[2]
    return s0, s1, s2


def polarity_features_en(
    toks: list[str], a0: int | None, a1: int | None, info: EnSentInfo | None = None
) -> dict[str, float]:
    """Features of one aspect (tokens a0..a1-1, or None for the whole sentence) in context.

    toks must be normalised (lower-case). The clause containing the aspect (split on sentence
    punctuation and contrast words such as "but") carries most weight; words after a negator in the
    same clause get an N_ prefix and flip their lexicon score; in "A is better than B" the opinion
    words before "than" count reversed for B.
    """
    if info is None:
        info = EnSentInfo(toks)
    n = info.n
    clause, cstr, ostr, lexv = info.clause, info.cstr, info.ostr, info.lexv
    whole = a0 is None or a1 is None
    f: dict[str, float] = defaultdict(float)
    f["bias"] = 1.0
    for p in info.punct:
        f[p] = 1.0
    if whole:
        a0 = a1 = 0
        ac = -5
    else:
        ac = clause[a0]
    than_idx = -1
    for i in info.thans:
        if whole or clause[i] == ac:
            than_idx = i
    flip_before_than = (not whole) and than_idx >= 0 and a0 > than_idx
    if not whole and than_idx >= 0:
        f["cmp_right" if flip_before_than else "cmp_left"] = 1.0
        prev_t = toks[than_idx - 1] if than_idx >= 1 else ""
        if (
            flip_before_than
            and a0 - than_idx <= 4
            and (prev_t in lx.EN_COMPARATIVES or (prev_t.endswith("er") and len(prev_t) > 4))
        ):
            # a true comparison "A is better than B": the tagger swaps A's polarity for B
            f["cmp_swap"] = 1.0
    lex_c = lex_o = lex_s = 0.0
    np_c = nn_c = np_o = nn_o = np_s = nn_s = 0
    seg = info.seg
    aseg = -5 if whole else seg[a0]
    kinds = [0, 0, 0, 0, 0, 0]
    lexk = info.lexk
    near_d, near_v, near_i = 10**6, 0.0, -1
    # context window: long run-on sentences must not make each aspect cost O(sentence)
    lo, hi = (0, n) if whole else (max(0, a0 - EN_WINDOW), min(n, a1 + EN_WINDOW))
    cvec, ovec = info.cvec, info.ovec
    vec = cvec is not None
    s0 = s1 = s2 = 0.0
    for i in range(lo, hi):
        c = clause[i]
        if c == -1 or (a0 <= i < a1):
            continue
        if whole:
            same, d = True, 0
        else:
            same = c == ac
            d = a0 - i if i < a0 else i - a1 + 1
        w = 1.0 / (1.0 + 0.05 * d)
        if vec:
            x = cvec[i] if same else ovec[i]
            if x is not None:
                ww = w if same else 0.5 * w
                s0 += x[0] * ww
                s1 += x[1] * ww
                s2 += x[2] * ww
        elif same:
            cs = cstr[i]
            if cs is not None:
                f[cs] += w
        else:
            os_ = ostr[i]
            if os_ is not None:
                f[os_] += 0.5 * w
        v = lexv[i]
        if v is not None:
            if flip_before_than and same and i < than_idx:
                v = -v
            if same:
                k = lexk[i]
                kinds[k if v < 0 or k != RULE_PLAIN else RULE_PLAINPOS] += 1
                if d < near_d:
                    near_d, near_v, near_i = d, v, i
                lex_c += v * w
                if v > 0:
                    np_c += 1
                else:
                    nn_c += 1
                if seg[i] == aseg and not is_negator_en(toks[i]):
                    # a negator ("no" is negative in VADER) acts through the words it negates
                    lex_s += v * w
                    if v > 0:
                        np_s += 1
                    else:
                        nn_s += 1
            else:
                lex_o += v * w
                if v > 0:
                    np_o += 1
                else:
                    nn_o += 1
    _lex_features(f, "lc_", lex_c, np_c, nn_c)
    _lex_features(f, "lo_", lex_o, np_o, nn_o)
    if not whole:
        _lex_features(f, "ls_", lex_s, np_s, nn_s)
    _rule_features(f, kinds)
    if near_i >= 0:
        # the opinion word nearest to the aspect: a dependency-free stand-in for "its" adjective
        f["near:" + ("N_" if info.neg[near_i] else "") + toks[near_i]] = 1.0
        f["near_pos" if near_v > 0 else "near_neg"] = min(abs(near_v), 4.0) / 4.0
    if whole:
        f["whole"] = 1.0
        for i in range(n - 1):
            if clause[i] >= 0 and clause[i] == clause[i + 1]:
                f["cb:" + toks[i] + "_" + toks[i + 1]] += 1.0
        if vec:
            f[ACC_KEYS[0]], f[ACC_KEYS[1]], f[ACC_KEYS[2]] = s0, s1, s2
        return f
    # bigrams of the aspect clause with the aspect replaced by a placeholder
    if vec:
        b0, b1, b2 = _en_clause_bigrams(info, a0, a1, ac, lo, hi)
        s0 += b0
        s1 += b1
        s2 += b2
    else:
        prev = None
        for i in range(lo, hi):
            if a0 <= i < a1:
                if i > a0:
                    continue
                t = "<A>"
            elif clause[i] == ac:
                t = toks[i]
            else:
                continue
            if prev is not None:
                f["cb:" + prev + "_" + t] += 1.0
            prev = t
    f["L1:" + (toks[a0 - 1] if a0 >= 1 else "<s>")] = 1.0
    f["L2:" + (toks[a0 - 2] if a0 >= 2 else "<s>")] = 1.0
    f["R1:" + (toks[a1] if a1 < n else "</s>")] = 1.0
    f["R2:" + (toks[a1 + 1] if a1 + 1 < n else "</s>")] = 1.0
    for t in toks[a0:a1]:
        f["A:" + t] = 1.0
    cs = info.contrast_starts
    if ac in cs:
        f["after_contrast"] = 1.0
    if ac + 1 in cs or ac + 2 in cs:
        f["before_contrast"] = 1.0
    if info.nclauses > 1:
        f["multi_clause"] = 1.0
    if vec:
        f[ACC_KEYS[0]], f[ACC_KEYS[1]], f[ACC_KEYS[2]] = s0, s1, s2
    return f


_ZH_LEX_RE = re.compile("|".join(re.escape(w) for w in sorted(lx.ZH_LEXICON, key=len, reverse=True)))


def _zh_lex_matches(s: str) -> list[tuple[int, int, float]]:
    """Greedy leftmost-longest matches of the Chinese opinion lexicon: (start, end, score).

    A regex alternation sorted longest-first scans in C, which is what makes it fast.
    """
    lexd = lx.ZH_LEXICON
    return [(m.start(), m.end(), lexd[m.group()]) for m in _ZH_LEX_RE.finditer(s)]


# Where a contrast word or a negator may start: one C-level scan instead of a find() per word.
_ZH_CONTRAST_RE = re.compile("(?=" + "|".join(re.escape(w) for w in sorted(lx.ZH_CONTRAST)) + ")")
_ZH_NEG_FIRST: dict[str, tuple[str, ...]] = {}
for _neg in sorted(lx.ZH_NEGATORS):
    _ZH_NEG_FIRST[_neg[0]] = (*_ZH_NEG_FIRST.get(_neg[0], ()), _neg)
_ZH_NEG_RE = re.compile("[" + re.escape("".join(_ZH_NEG_FIRST)) + "]")


def zh_contrast_starts(s: str) -> list[int]:
    """Positions where some contrast word (但是, 不过, ...) starts."""
    return [m.start() for m in _ZH_CONTRAST_RE.finditer(s)]


def zh_clauses(s: str, starts: list[int] | None = None) -> list[int]:
    """Clause id per character (-1 for punctuation); contrast words open a new clause."""
    if starts is None:
        starts = zh_contrast_starts(s)
    starts_set = set(starts)
    clause = [0] * len(s)
    cid = 0
    punct = lx.ZH_CLAUSE_PUNCT
    for i, ch in enumerate(s):
        if ch in punct:
            cid += 1
            clause[i] = -1
            continue
        if starts_set and i in starts_set and (i == 0 or clause[i - 1] != cid or i - 1 in starts_set):
            cid += 1
        clause[i] = cid
    return clause


_ZH_PUNCT_ENTRY = (None, None, None, None)


class ZhSentInfo:
    """Per-sentence facts for the Chinese features, shared by all aspects of the sentence."""

    __slots__ = (
        "bis",
        "clause",
        "contexts",
        "contrast_clause",
        "known",
        "lex",
        "negated",
        "ostr",
        "osum",
        "s",
        "ustr",
        "usum",
        "vec",
    )  # fmt: skip

    def __init__(
        self, s: str, known: dict | set | None = None, cache: dict | None = None, contexts: dict | None = None
    ) -> None:
        n = len(s)
        self.s = s
        # summed aspect-context weights (see polarity_features_zh); apart from the per-character
        # cache so neither can crowd the other out of its size cap
        self.contexts = contexts if contexts is not None else {}
        starts = zh_contrast_starts(s)
        clause = self.clause = zh_clauses(s, starts)
        self.contrast_clause = {clause[j] for j in starts if clause[j] >= 0}
        bis = []
        j = s.find(lx.ZH_COMPARATIVE_MARKER)
        while j >= 0:
            bis.append(j)
            j = s.find(lx.ZH_COMPARATIVE_MARKER, j + 1)
        self.bis = bis
        negated = [False] * n
        not_neg = lx.ZH_NOT_NEGATION
        for m in _ZH_NEG_RE.finditer(s):
            j = m.start()
            for neg in _ZH_NEG_FIRST[m.group()]:
                if not s.startswith(neg, j):
                    continue
                if (s[j - 1 : j] if j else "") + neg + s[j + len(neg) : j + len(neg) + 1] in not_neg or (
                    neg + s[j + len(neg) : j + len(neg) + 1] in not_neg or (s[j - 1 : j] + neg) in not_neg
                ):
                    continue
                c = clause[j]
                for k in range(j + len(neg), min(n, j + len(neg) + 3)):
                    if clause[k] != c:
                        break
                    negated[k] = True
        self.negated = negated
        lex = []
        ints = lx.ZH_INTENSIFIERS
        for st, en, v in _zh_lex_matches(s):
            # intensifiers are one or two characters; no one-character one ends a two-character
            # one with a different weight (较/比较 are both 1.1), so checking two then one is exact
            mult = ints.get(s[st - 2 : st]) if st >= 2 else None
            if mult is None and st >= 1:
                mult = ints.get(s[st - 1])
            if mult is not None:
                v *= mult
            kind = RULE_PLAIN
            if negated[st] and not s.startswith(("不", "没", "无"), st):
                kind = RULE_NEGPOS if v >= 0 else (RULE_NEGNEG if v <= -1.5 else RULE_WEAK)
                v = -0.8 * v
            lex.append((st, en, v, kind))
        self.lex = lex
        # unigram (negation-marked) and bigram features, in-clause and out-of-clause: names, or
        # with the model's weights as `known`, weight vectors (see EnSentInfo)
        vec = self.vec = isinstance(known, dict)
        self.known = known
        if cache is None:
            cache = {}
        ents: list = [_ZH_PUNCT_ENTRY] * n
        prev = "<s>"
        for i, ch in enumerate(s):
            if clause[i] == -1:
                prev = "<p>"
                continue
            # one cache entry per (previous char, char, negated): names or weight vectors of
            # the unigram and bigram, in and out of the aspect's clause, and their sums
            key = prev + ch + ("\x02" if negated[i] else "")
            e = cache.get(key)
            if e is None:
                u = ("N_" + ch) if negated[i] else ch
                bk = prev + ch
                cu, ou = _zh_names(known, vec, "c:" + u, "o:" + u)
                cb, ob = _zh_names(known, vec, "c:" + bk, "o:" + bk)
                e = ((cu, cb), (ou, ob), _vsum((cu, cb)) if vec else None, _vsum((ou, ob)) if vec else None)
                if len(cache) < 100_000:
                    cache[key] = e
            ents[i] = e
            prev = ch
        if n:
            self.ustr, self.ostr, self.usum, self.osum = zip(*ents, strict=True)
        else:
            self.ustr = self.ostr = self.usum = self.osum = ()


def _vsum(pair: tuple) -> tuple[float, float, float] | None:
    u, b = pair
    if u is None:
        return b
    if b is None:
        return u
    return (u[0] + b[0], u[1] + b[1], u[2] + b[2])


def _zh_names(known, vec: bool, c: str, o: str) -> tuple:
    if vec:
        return _vec(known, c), _vec(known, o)
    if known is None:
        return c, o
    return (c if c in known else ""), (o if o in known else "")


def _zh_context_scores(
    info: ZhSentInfo, a0: int, a1: int, ac: int, lo: int, hi: int, whole: bool
) -> tuple[float, float, float]:
    """The character context part of the Chinese polarity score, from pre-summed weights
    (the run-time twin of the loop in polarity_features_zh)."""
    clause, usum, osum = info.clause, info.usum, info.osum
    s0 = s1 = s2 = 0.0
    if whole:
        for x in usum:
            if x is not None:
                s0 += x[0]
                s1 += x[1]
                s2 += x[2]
        return s0, s1, s2
    for i in range(lo, a0):
        c = clause[i]
        if c == -1:
            continue
        if c == ac:
            x = usum[i]
            w = 1.0 / (1.0 + 0.08 * (a0 - i))
        else:
            x = osum[i]
            w = 0.4 / (1.0 + 0.08 * (a0 - i))
        if x is not None:
            s0 += x[0] * w
            s1 += x[1] * w
            s2 += x[2] * w
    for i in range(a1, hi):
        c = clause[i]
        if c == -1:
            continue
        same = c == ac
        w = (1.0 if same else 0.4) / (1.0 + 0.08 * (i - a1 + 1))
        if i == a1:
            # the bigram that starts at the aspect reads "<A>x", not the aspect's last char + x
            u = (info.ustr if same else info.ostr)[i][0]
            x = _vsum((u, _vec(info.known, ("c:" if same else "o:") + "<A>" + info.s[i])))
        else:
            x = usum[i] if same else osum[i]
        if x is not None:
            s0 += x[0] * w
            s1 += x[1] * w
            s2 += x[2] * w
    return s0, s1, s2


def polarity_features_zh(s: str, a0: int | None, a1: int | None, info: ZhSentInfo | None = None) -> dict[str, float]:
    """Character-level counterpart of polarity_features_en; offsets are into the string s."""
    if info is None:
        info = ZhSentInfo(s)
    n = len(s)
    clause = info.clause
    whole = a0 is None or a1 is None
    if whole:
        a0 = a1 = 0
        ac = -5
    else:
        ac = clause[a0] if a0 < n else -1
    f: dict[str, float] = defaultdict(float)
    f["bias"] = 1.0
    # comparative: "A比B好" -> for B the opinion after B counts reversed
    bi_idx = -1
    if not whole:
        for j in info.bis:
            if clause[j] == ac:
                bi_idx = j
        if bi_idx >= 0:
            f["cmp_right" if a0 > bi_idx else "cmp_left"] = 1.0
            if 0 < a0 - bi_idx <= 2:  # "A比B好": B right after 比
                f["cmp_swap"] = 1.0
    lex_c = lex_o = 0.0
    np_c = nn_c = np_o = nn_o = 0
    kinds = [0, 0, 0, 0, 0, 0]
    for st, en, v, kind in info.lex:
        if not whole and ((st < a1 and en > a0) or st >= a1 + ZH_WINDOW or en <= a0 - ZH_WINDOW):
            continue
        c = clause[st]
        if bi_idx >= 0 and c == ac and a0 > bi_idx and st > a1:
            v = -v
        same = whole or c == ac
        d = 0 if whole else (a0 - en if en <= a0 else st - a1)
        w = 1.0 / (1.0 + 0.08 * max(d, 0))
        if same:
            kinds[kind if v < 0 or kind != RULE_PLAIN else RULE_PLAINPOS] += 1
            lex_c += v * w
            if v > 0:
                np_c += 1
            else:
                nn_c += 1
        else:
            lex_o += v * w
            if v > 0:
                np_o += 1
            else:
                nn_o += 1
        f[("lw:" if same else "lwo:") + ("+" if v > 0 else "-")] += 1.0
    _lex_features(f, "lc_", lex_c, np_c, nn_c)
    _lex_features(f, "lo_", lex_o, np_o, nn_o)
    _rule_features(f, kinds)
    if "!" in s or "！" in s:
        f["punct!"] = 1.0
    ustr, ostr = info.ustr, info.ostr
    vec = info.vec
    s0 = s1 = s2 = 0.0
    lo, hi = (0, n) if whole else (max(0, a0 - ZH_WINDOW), min(n, a1 + ZH_WINDOW))
    if vec:
        s0, s1, s2 = _zh_context_scores(info, a0, a1, ac, lo, hi, whole)
        lo = hi  # done
    for i in range(lo, hi):
        if a0 <= i < a1:
            continue
        c = clause[i]
        if c == -1:
            continue
        if whole:
            same, d = True, 0
        else:
            same = c == ac
            d = a0 - i if i < a0 else i - a1 + 1
        if same:
            w = 1.0 / (1.0 + 0.08 * d)
            u, b = ustr[i]
        else:
            w = 0.4 / (1.0 + 0.08 * d)
            u, b = ostr[i]
        if i == a1 and not whole:
            b = ("c:" if same else "o:") + "<A>" + s[i]
            if vec:
                b = _vec(info.known, b)
        if vec:
            if u is not None:
                s0 += u[0] * w
                s1 += u[1] * w
                s2 += u[2] * w
            if b is not None:
                s0 += b[0] * w
                s1 += b[1] * w
                s2 += b[2] * w
            continue
        if u:
            f[u] += w
        if b:
            f[b] += w
    if whole:
        if vec:
            f[ACC_KEYS[0]], f[ACC_KEYS[1]], f[ACC_KEYS[2]] = s0, s1, s2
        f["whole"] = 1.0
        return f
    asp = s[a0:a1]
    left = s[a0 - 1] if a0 >= 1 else "<s>"
    right1 = s[a1] if a1 < n else "</s>"
    right2 = s[a1 : a1 + 2]
    if vec:
        # the aspect's own and neighbouring-character features, summed once per distinct
        # (aspect, left char, next two chars; the next char is the first of those two) and added
        # to the pre-summed context score
        key = asp + "\x03" + left + "\x03" + right2
        cache = info.contexts
        e = cache.get(key)
        if e is None:
            # a set, as in the named path: a repeated character is one feature of value 1
            names = {"A:" + asp, *("Ac:" + ch for ch in asp), "L1:" + left, "R1:" + right1, "R2:" + right2}
            e = [0.0, 0.0, 0.0]
            for name in names:
                w = _vec(info.known, name)
                if w is not None:
                    e[0] += w[0]
                    e[1] += w[1]
                    e[2] += w[2]
            if len(cache) < 100_000:
                cache[key] = e
        f[ACC_KEYS[0]], f[ACC_KEYS[1]], f[ACC_KEYS[2]] = s0 + e[0], s1 + e[1], s2 + e[2]
    else:
        f["A:" + asp] = 1.0
        for ch in asp:
            f["Ac:" + ch] = 1.0
        f["L1:" + left] = 1.0
        f["R1:" + right1] = 1.0
        f["R2:" + right2] = 1.0
    cc = info.contrast_clause
    if ac in cc:
        f["after_contrast"] = 1.0
    if ac + 1 in cc or ac + 2 in cc:
        f["before_contrast"] = 1.0
    return f
