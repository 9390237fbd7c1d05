"""The Tagger: model file loading and the analyse pipeline (split -> extract -> classify).

The model file is a zip holding the CRF models (crfsuite binaries), the polarity weights (JSON) and
metadata. Any part may be missing (e.g. a model trained from English corrections only); the
tagger then falls back to key point matching and lexicon-only polarity for that language.
"""

from __future__ import annotations

import json
import os
import re
import threading
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .extract import CrfExtractor
from .features import (
    RULE_KEYS,
    AteFeaturizer,
    EnSentInfo,
    ZhSentInfo,
    polarity_features_en,
    polarity_features_zh,
)
from .polarity import LogReg
from .text import detect_lang, normalize, split_sentences, tokenize

DEFAULT_MODEL_PATH = str(Path(__file__).parent / "resources" / "keypoints_model.zip")
MODEL_FORMAT = 1


@dataclass(frozen=True)
class KeyPointDef:
    """A brand-defined key point ("battery life") with its surface forms in both languages."""

    id: int | None
    name_en: str
    name_zh: str
    synonyms: tuple[str, ...] = ()

    def surface_forms(self) -> list[str]:
        forms = [self.name_en, self.name_zh, *self.synonyms]
        return [f for f in forms if f and f.strip()]


@dataclass(frozen=True)
class Mention:
    """One aspect occurrence and its polarity; offsets index the text passed to analyze()."""

    aspect: str
    polarity: str
    sentence: str
    start: int
    end: int
    score: float
    keypoint_id: int | None = None
    lang: str = "en"


@dataclass
class _Sent:
    start: int
    end: int
    lang: str
    norm: str  # normalised sentence text (same length as the original slice)
    toks: list[str] | None = None  # normalised tokens
    spans: list[tuple[int, int]] | None = None  # absolute char spans of toks
    info: EnSentInfo | ZhSentInfo | None = None  # polarity facts shared by its aspects


_LETTER_RE = re.compile(r"[a-z\u3400-\u9fff]")
_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# An English stretch inside a Chinese sentence: at least three Latin words in a row.
_EN_RUN_RE = re.compile(r"[a-z0-9][a-z0-9'’\-]*(?:[\s,.!?;:()\"-]+[a-z0-9][a-z0-9'’\-]*){2,}[.!?,]*")


MAX_SENTENCE_CHARS = 400
_SOFT_BREAK_RE = re.compile(r"[,，、;；:：)\]）】 ]")


def _cap_length(norm: str, s: int, e: int) -> list[tuple[int, int]]:
    """Cut a run-on "sentence" (no full stops for pages) into pieces of at most
    MAX_SENTENCE_CHARS at a comma or space, so per-aspect work stays linear in the text length."""
    out = []
    while e - s > MAX_SENTENCE_CHARS:
        cut = -1
        for m in _SOFT_BREAK_RE.finditer(norm, s + MAX_SENTENCE_CHARS // 2, s + MAX_SENTENCE_CHARS):
            cut = m.end()
        if cut <= s:
            cut = s + MAX_SENTENCE_CHARS
        out.append((s, cut))
        s = cut
        while s < e and norm[s].isspace():
            s += 1
    if e > s:
        out.append((s, e))
    return out


def split_mixed(norm: str, s: int, e: int) -> list[tuple[int, int]]:
    """Split a sentence mixing languages ("I love the camera 但是电池太差") into one-language
    pieces, so each goes to its own model. Short Latin runs (product names) stay in place."""
    piece = norm[s:e]
    if not _CJK_RE.search(piece) or not _EN_RUN_RE.search(piece):
        return [(s, e)]
    out: list[tuple[int, int]] = []
    pos = s
    for m in _EN_RUN_RE.finditer(norm, s, e):
        a, b = m.span()
        if pos < a and norm[pos:a].strip():
            out.append((pos, a))
        out.append((a, b))
        pos = b
    if pos < e and norm[pos:e].strip():
        out.append((pos, e))
    trimmed = []
    for a, b in out:
        while a < b and norm[a].isspace():
            a += 1
        while b > a and norm[b - 1].isspace():
            b -= 1
        if b > a:
            trimmed.append((a, b))
    return trimmed


def sentence_features(st: _Sent, a: int | None, b: int | None, model: LogReg | None = None) -> dict[str, float]:
    """Polarity features for the aspect at absolute char span [a, b) of sentence st (None: whole).

    Shared by the tagger and by training so both see exactly the same features. With a model,
    context features arrive pre-weighted (see EnSentInfo); the score is the same.
    """
    known = model.weights if model is not None else None
    cache = model.token_cache if model is not None else None
    if st.lang == "zh":
        rel0 = None if a is None else a - st.start
        rel1 = None if b is None else b - st.start
        if st.info is None:
            st.info = ZhSentInfo(st.norm, known, cache, model.context_cache if model is not None else None)
        return polarity_features_zh(st.norm, rel0, rel1, st.info)
    if st.toks is None:
        st.toks, st.spans = tokenize(st.norm, st.start)
    if st.info is None:
        st.info = EnSentInfo(st.toks, known, cache)
    t0 = t1 = None
    if a is not None and st.spans:
        n = len(st.spans)
        t0 = next((i for i, (_, e) in enumerate(st.spans) if e > a), n)
        t1 = next((i for i, (s, _) in enumerate(st.spans) if s >= b), n)
        if t1 <= t0:
            t1 = t0 + 1
        if t0 >= n:
            t0 = t1 = None
    return polarity_features_en(st.toks, t0, t1, st.info)


def save_model(path: str, parts: dict[str, bytes | dict]) -> None:
    """Write the zip model file; dict parts are stored as JSON."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in sorted(parts.items()):
            if isinstance(data, dict):
                data = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
            zf.writestr(name, data)


def _boundary_ok(norm: str, s: int, e: int) -> bool:
    """An ASCII-word surface form must not match inside a longer word ("app" in "apple")."""
    if s > 0 and norm[s - 1].isascii() and norm[s - 1].isalnum() and norm[s].isalnum():
        return False
    return not (e < len(norm) and norm[e].isascii() and norm[e].isalnum() and norm[e - 1].isalnum())


def _keypoint_matcher(keypoints: tuple[KeyPointDef, ...]) -> tuple[re.Pattern | None, dict]:
    """Compiled matcher for the brand's surface forms, cached by the key point set."""
    try:
        return _keypoint_matcher_cached(keypoints)
    except TypeError:  # unhashable (e.g. synonyms given as a list): build without the cache
        return _keypoint_matcher_cached.__wrapped__(keypoints)


@lru_cache(maxsize=256)
def _keypoint_matcher_cached(
    keypoints: tuple[KeyPointDef, ...],
) -> tuple[re.Pattern | None, dict]:
    forms: dict[str, int | None] = {}  # folded surface form -> key point id (first one wins)
    for kp in keypoints:
        for f in kp.surface_forms():
            nf = normalize(f.strip())
            if nf not in forms:
                forms[nf] = kp.id
    if not forms:
        return None, {}
    alts = sorted(forms, key=len, reverse=True)  # longest first: "battery life" before "battery"
    pat = re.compile("|".join(re.escape(a) for a in alts))
    return pat, forms


def _fuzzy_pattern(aspect_norm: str) -> re.Pattern:
    """Aspect -> regex tolerant to spacing/hyphens and English singular/plural (case folded)."""
    parts = [p for p in re.split(r"[\s\-_]+", aspect_norm) if p]
    if not parts:
        return re.compile(r"(?!)")
    last = parts[-1]
    if last.isascii() and last.isalpha() and len(last) > 2:
        if last.endswith("ies"):
            tail = re.escape(last[:-3]) + "(?:ies|y)"
        elif last.endswith("y"):
            tail = re.escape(last[:-1]) + "(?:y|ies)"
        elif last.endswith("es"):
            tail = re.escape(last[:-2]) + "(?:es|e)?"
        elif last.endswith("s"):
            tail = re.escape(last[:-1]) + "s?"
        else:
            tail = re.escape(last) + "(?:s|es)?"
    else:
        tail = re.escape(last)
    return re.compile(r"[\s\-_]*".join([*(re.escape(p) for p in parts[:-1]), tail]))


class Tagger:
    """Bilingual aspect-based sentiment tagger. Thread-safe for analysis after load()."""

    _default: Tagger | None = None
    _by_path: dict[tuple[str, int, int], Tagger] = {}
    _lock = threading.Lock()

    def __init__(self, parts: dict[str, bytes], path: str | None = None) -> None:
        self.path = path
        self.meta: dict = json.loads(parts["meta.json"]) if "meta.json" in parts else {}
        termlist = self.meta.get("termlist_en", {})
        self.extractors: dict[str, CrfExtractor] = {}
        self.polarity: dict[str, LogReg] = {}
        for lang in ("en", "zh"):
            feat = AteFeaturizer(lang, termlist if lang == "en" else self.meta.get("termlist_zh"))
            if f"{lang}_ate.crfsuite" in parts:
                self.extractors[lang] = CrfExtractor(parts[f"{lang}_ate.crfsuite"], feat)
            if f"{lang}_pol.json" in parts:
                self.polarity[lang] = LogReg(json.loads(parts[f"{lang}_pol.json"]))

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, path: str | None = None) -> Tagger:
        """Load a model file, once per process: the default model is loaded on first use and
        shared; another path is cached by (path, mtime, size), so a retrained file is picked up
        on the next load() while repeated calls stay free."""
        if path is None or path == DEFAULT_MODEL_PATH:
            with cls._lock:
                if cls._default is None:
                    cls._default = cls._from_file(DEFAULT_MODEL_PATH)
                return cls._default
        st = os.stat(path)
        key = (os.path.abspath(path), st.st_mtime_ns, st.st_size)
        with cls._lock:
            tagger = cls._by_path.get(key)
            if tagger is None:
                tagger = cls._from_file(path)
                cls._by_path = {k: v for k, v in cls._by_path.items() if k[0] != key[0]}
                cls._by_path[key] = tagger
            return tagger

    @classmethod
    def _from_file(cls, path: str) -> Tagger:
        with zipfile.ZipFile(path) as zf:
            parts = {n: zf.read(n) for n in zf.namelist()}
        return cls(parts, path)

    def detect_lang(self, text: str) -> str:
        return detect_lang(text)

    # ------------------------------------------------------------------ pipeline pieces
    def _sentences(self, text: str, norm: str, lang: str | None) -> list[_Sent]:
        out = []
        for s0, e0 in split_sentences(norm):
            for s, e in _cap_length(norm, s0, e0):
                out.extend(self._lang_pieces(norm, s, e, lang))
        return out

    def _lang_pieces(self, norm: str, s: int, e: int, lang: str | None) -> list[_Sent]:
        out = []
        for a, b in split_mixed(norm, s, e):
            piece = norm[a:b]
            sl = detect_lang(piece)
            if lang in ("en", "zh") and not _LETTER_RE.search(piece):
                sl = lang  # no letters at all: trust the caller's hint
            out.append(_Sent(a, b, sl, piece))
        return out

    def _tokens(self, st: _Sent) -> None:
        if st.toks is None:
            st.toks, st.spans = tokenize(st.norm, st.start)

    def _extract(self, text: str, st: _Sent) -> list[tuple[int, int]]:
        """Aspect term char spans (absolute) found by the CRF in one sentence."""
        ex = self.extractors.get(st.lang)
        if ex is None:
            return []
        self._tokens(st)
        # the CRF wants the tokens as written (case is a feature); normalising often changes nothing
        orig = st.toks if text[st.start : st.end] == st.norm else [text[a:b] for a, b in st.spans]
        return [(st.spans[i][0], st.spans[j - 1][1]) for i, j in ex.extract(orig)]

    def _lexicon_only(self, feats: dict[str, float]) -> tuple[str, float, list[float]]:
        pos = feats.get("lc_pos", 0.0) + 0.3 * feats.get("lo_pos", 0.0)
        neg = feats.get("lc_neg", 0.0) + 0.3 * feats.get("lo_neg", 0.0)
        if abs(pos - neg) < 0.1:
            return "neutral", 0.5, [0.25, 0.25, 0.5]
        p = min(0.95, 0.5 + abs(pos - neg) / 2)
        return ("positive", p, [p, 1 - p, 0.0]) if pos > neg else ("negative", p, [1 - p, p, 0.0])

    def _has_opinion(self, st: _Sent) -> bool:
        """Whether the piece holds an opinion word of the lexicon (st.info is cached)."""
        return "lc_none" not in sentence_features(st, None, None, self.polarity.get(st.lang))

    def _classify(self, st: _Sent, a: int | None, b: int | None) -> tuple[str, float, list[float]]:
        """Polarity of the aspect at absolute span [a, b) (None: the sentence as a whole)."""
        model = self.polarity.get(st.lang)
        feats = sentence_features(st, a, b, model)
        if "cmp_swap" in feats:
            # "A is better than B" / "A比B好": B gets the opposite of what the clause says of A
            label, p, probs = self._classify(st, None, None)
            swap = {"positive": "negative", "negative": "positive"}
            return swap.get(label, label), p, probs
        if model is None:
            return self._lexicon_only(feats)
        label, p, probs = model.predict(feats)
        label, p = _negation_backoff(feats, model, label, p, probs)
        label, p = _rule_override(feats, model, label, p, probs)
        if "neutral" not in model.labels and p < 0.55 and "lc_none" in feats and "lo_none" in feats:
            # binary model (the Chinese training data has no neutral) and no opinion word at all
            return "neutral", 1.0 - p, probs
        return label, p, probs

    # ------------------------------------------------------------------ public API
    def analyze(
        self,
        text: str,
        lang: str | None = None,
        aspects: list[str] | None = None,
        keypoints: list[KeyPointDef] | tuple[KeyPointDef, ...] = (),
    ) -> list[Mention]:
        """Aspect mentions with polarity.

        aspects=None: discovery mode, one Mention per extracted term or key point occurrence.
        aspects given: exactly one Mention per aspect, in order.
        lang: hint used for sentences without letters; each sentence's language is detected so
        mixed English/Chinese posts use the right model per sentence.
        """
        text = text or ""
        norm = normalize(text)
        sents = self._sentences(text, norm, lang)
        if aspects is not None:
            return [self._one_aspect(text, norm, sents, asp, keypoints) for asp in aspects]
        return self._discover(text, norm, sents, keypoints)

    def analyze_many(
        self,
        texts: list[str],
        lang: str | None = None,
        aspects: list[str] | None = None,
        keypoints: list[KeyPointDef] | tuple[KeyPointDef, ...] = (),
    ) -> list[list[Mention]]:
        """Batch form of analyze() (same arguments applied to every text)."""
        kps = tuple(keypoints)
        return [self.analyze(t, lang=lang, aspects=aspects, keypoints=kps) for t in texts]

    def _discover(self, text: str, norm: str, sents: list[_Sent], keypoints) -> list[Mention]:
        pat, forms = _keypoint_matcher(tuple(keypoints)) if keypoints else (None, {})
        out: list[Mention] = []
        for st in sents:
            terms = self._extract(text, st)
            found: list[tuple[int, int, int | None]] = [(a, b, None) for a, b in terms]
            if pat is not None:
                for m in pat.finditer(norm, st.start, st.end):
                    a, b = m.span()
                    if not _boundary_ok(norm, a, b):
                        continue
                    kid = forms[m.group()]
                    hit = False
                    for k, (x, y, kk) in enumerate(found):
                        if x < b and a < y:
                            hit = True
                            if kk is None:
                                found[k] = (x, y, kid)
                    if not hit:
                        found.append((a, b, kid))
            found.sort()
            sentence = text[st.start : st.end]
            for a, b, kid in found:
                label, p, _ = self._classify(st, a, b)
                out.append(
                    Mention(
                        aspect=text[a:b],
                        polarity=label,
                        sentence=sentence,
                        start=a,
                        end=b,
                        score=round(p, 4),
                        keypoint_id=kid,
                        lang=st.lang,
                    )
                )
        return out

    def _locate(self, norm: str, aspect: str) -> list[tuple[int, int]]:
        na = normalize(aspect.strip())
        if not na:
            return []
        hits = []
        j = norm.find(na)
        while j >= 0:
            if _boundary_ok(norm, j, j + len(na)):
                hits.append((j, j + len(na)))
            j = norm.find(na, j + 1)
        if hits:
            return hits
        return [m.span() for m in _fuzzy_pattern(na).finditer(norm) if _boundary_ok(norm, *m.span())]

    def _one_aspect(self, text: str, norm: str, sents: list[_Sent], aspect: str, keypoints) -> Mention:
        kid = None
        na = normalize(aspect.strip())
        for kp in keypoints:
            if any(normalize(f.strip()) == na for f in kp.surface_forms()):
                kid = kp.id
                break
        if not sents:
            return Mention(aspect, "neutral", "", 0, 0, 0.0, kid, detect_lang(text))
        hits = self._locate(norm, aspect)
        if hits:
            per_sent: dict[int, tuple[int, int]] = {}
            for a, b in hits:
                for k, st in enumerate(sents):
                    if st.start <= a < st.end and k not in per_sent:
                        per_sent[k] = (a, b)
            if per_sent:
                results = []
                for k, (a, b) in per_sent.items():
                    results.append((k, a, b, self._classify(sents[k], a, b)))
                k0, a0, b0, _ = results[0]
                st0 = sents[k0]
                label, score = _combine([r[3] for r in results])
                return Mention(
                    aspect=aspect,
                    polarity=label,
                    sentence=text[st0.start : st0.end],
                    start=a0,
                    end=b0,
                    score=round(score, 4),
                    keypoint_id=kid,
                    lang=st0.lang,
                )
        # not in the text: judge the text as a whole (each sentence, then combine)
        worded = [st for st in sents if _LETTER_RE.search(st.norm)]
        if not worded:  # only punctuation / emoji / numbers: nothing the models can read
            s, e = sents[0].start, sents[-1].end
            return Mention(aspect, "neutral", text[s:e], s, e, 0.0, kid, detect_lang(text))
        results = [self._classify(st, None, None) for st in worded]
        if len(results) > 1:
            # pieces without any opinion word (a product name split off as an English piece of a
            # Chinese sentence, "索尼LT26i Xperia S外形时尚") say nothing about the aspect
            said = [r for st, r in zip(worded, results, strict=True) if self._has_opinion(st)]
            if said:
                results = said
        label, score = _combine(results, conflict=False)
        if len(sents) == 1:
            s, e = sents[0].start, sents[0].end
        else:
            s, e = sents[0].start, sents[-1].end
        return Mention(
            aspect=aspect,
            polarity=label,
            sentence=text[s:e],
            start=s,
            end=e,
            score=round(score, 4),
            keypoint_id=kid,
            lang=detect_lang(text[s:e]),
        )


def _negation_backoff(
    feats: dict[str, float], model: LogReg, label: str, p: float, probs: list[float]
) -> tuple[str, float]:
    """Trust the lexicon when the aspect's nearest opinion word is negated in a way the model
    never saw, or saw too rarely to have a firm weight for, in training ("not loud", "not
    sluggish"): the model then mostly knows that "not" is usually bad, while the flipped lexicon
    score knows what the phrase means."""
    if "near_pos" not in feats or p >= 0.6:
        # only a negated negative word ("not loud", "no problems") with an unsure model: the
        # other direction ("not easily") measurably hurt on SemEval laptops
        return label, p
    near = next((f for f in feats if f.startswith("near:N_")), None)
    if near is None:
        return label, p
    w = model.weights.get(near)
    if w is not None and max(abs(x) for x in w) >= 0.3:
        return label, p
    want = "positive"
    if label == want or want not in model.labels:
        return label, p
    return want, max(probs[model.labels.index(want)], 0.5)


RULE_MAX_CONFIDENCE = 0.85  # a model surer than this keeps its label


def _rule_override(
    feats: dict[str, float], model: LogReg, label: str, p: float, probs: list[float]
) -> tuple[str, float]:
    """Patterns whose meaning the word-level model cannot see, decided by rule.

    - Double negation: the aspect's clause holds a negated negative word ("not bad at all",
      "no complaints", 不差, 没什么问题) and no plain negative or negated positive word. The
      training data rarely shows these, and its "not"/不 features mostly mean "bad", so the model
      reads them as negative.
    - "Speed of something bad" ("the battery drains fast"): "fast" is praise in almost every
      training sentence, so the model calls it positive.
    """
    if p >= RULE_MAX_CONFIDENCE or label == "neutral":
        return label, p
    get = feats.get
    negneg, dep = get(RULE_KEYS[2], 0), get(RULE_KEYS[4], 0)
    if not negneg and not dep:
        return label, p
    neg, pos, negpos = get(RULE_KEYS[0], 0), get(RULE_KEYS[1], 0), get(RULE_KEYS[3], 0)
    want = None
    if label == "negative" and negneg and not neg and not negpos and not dep:
        want = "positive"
    elif label == "positive" and dep and not pos and not negneg:
        want = "negative"
    if want is None or want not in model.labels:
        return label, p
    return want, max(probs[model.labels.index(want)], 0.55)


def _combine(results: list[tuple[str, float, list[float]]], conflict: bool = True) -> tuple[str, float]:
    """Merge several judgements of one aspect: opposite confident opinions -> 'conflict'."""
    if len(results) == 1:
        return results[0][0], results[0][1]
    labels = {r[0] for r in results if r[1] >= 0.6}
    if conflict and {"positive", "negative"} <= labels:
        return "conflict", min(r[1] for r in results if r[0] in ("positive", "negative"))
    votes: dict[str, float] = {}
    for lab, p, _ in results:
        votes[lab] = votes.get(lab, 0.0) + p
    best = max(votes, key=votes.__getitem__)
    return best, votes[best] / len(results)


def get_tagger() -> Tagger:
    """The process-wide default tagger (model file shipped in the package)."""
    return Tagger.load()
