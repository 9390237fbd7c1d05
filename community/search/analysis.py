"""Text analysis shared by every backend, so Whoosh and PostgreSQL see the very same tokens.

- NFKC folds full-width forms (ＡＢＣ１２３ → ABC123, ，→ ,), then casefold.
- Latin-script words: English stop words dropped, Porter stemming ("batteries" → "batteri").
- Han runs are segmented with jieba. Indexing emits jieba's precise words *and* the dictionary
  sub-words of long words at the same position (what cut_for_search does), so "续航" finds
  "这款的续航很差" and "降噪耳机" is found by "降噪" and "耳机" while phrases stay adjacent.
  Queries use precise mode only, so a query word matches whatever it is a part of.
- Any other script (Arabic, Hebrew, Cyrillic, ...) is kept as casefolded words; emoji and
  punctuation are dropped. No minimum length: two-character Chinese words are the norm.

The PostgreSQL backend stores these tokens in a 'simple' tsvector, so it needs no server-side
Chinese parser; the Whoosh backend wraps them in a Tokenizer.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from whoosh.analysis import STOP_WORDS
from whoosh.lang.porter import stem as porter_stem

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_WORD_RE = re.compile(r"[^\W_]+")
_RUN_RE = re.compile(rf"[{_HAN}]+|[^{_HAN}]+")
_HAN_RE = re.compile(rf"^[{_HAN}]+$")
_ASCII_WORD = re.compile(r"^[a-z]+$")
# Particles that would otherwise match nearly every Chinese post.
ZH_STOP_WORDS = frozenset("的了着是在和与及也都就而吗呢吧啊呀哦嗯之")
EN_STOP_WORDS = frozenset(STOP_WORDS) | frozenset({"i", "my", "me", "it's", "its", "but", "so"})
MAX_TOKEN_CHARS = 64

_jieba_lock = threading.Lock()
_jieba = None


def _tokenizer():  # type: ignore[no-untyped-def]
    """jieba loads its bundled dictionary once per process (about a second); nothing is fetched."""
    global _jieba
    if _jieba is None:
        with _jieba_lock:
            if _jieba is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                tok = jieba.Tokenizer()
                tok.initialize()
                _jieba = tok
    return _jieba


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").casefold()


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    return porter_stem(word)


@dataclass(frozen=True, slots=True)
class Tok:
    text: str
    pos: int
    start: int
    end: int


def _latin(word: str) -> str | None:
    """A non-Han word as a token, or None for stop words and overlong junk."""
    if len(word) > MAX_TOKEN_CHARS:
        return None
    return _latin_word(word)


@lru_cache(maxsize=100_000)
def _latin_word(word: str) -> str | None:
    """Cached (keys at most MAX_TOKEN_CHARS long): words repeat, and a reindex analyzes every one."""
    if _ASCII_WORD.match(word):
        if word in EN_STOP_WORDS:
            return None
        return _stem(word)
    return word


def _han(run: str, offset: int, pos: int, index: bool) -> Iterator[Tok]:
    """Precise segmentation; for indexing, long words also yield their dictionary sub-words."""
    jb = _tokenizer()
    for word, start, end in jb.tokenize(run, HMM=True):
        if not word.strip():
            continue
        if word not in ZH_STOP_WORDS:
            yield Tok(word, pos, offset + start, offset + end)
            if index and len(word) > 2:
                for n in (2, 3):
                    if n >= len(word):
                        continue
                    for i in range(len(word) - n + 1):
                        gram = word[i : i + n]
                        if jb.FREQ.get(gram):
                            yield Tok(gram, pos, offset + start + i, offset + start + i + n)
            pos += 1


def tokens(text: str, *, index: bool = True) -> list[Tok]:
    """Analyzed tokens with positions (phrases) and character offsets (snippets).

    Offsets refer to normalize(text); NFKC may change lengths, so highlighters map through
    normalize() first (see snippets.py).
    """
    return tokens_of_normalized(normalize(text), index=index)


def tokens_of_normalized(norm: str, *, index: bool = True) -> list[Tok]:
    out: list[Tok] = []
    pos = 0
    for m in _WORD_RE.finditer(norm):
        word = m.group()
        if word.isascii():  # no Han in it, so one Latin run: the common case, without the split
            tok = _latin(word)
            if tok is not None:
                out.append(Tok(tok, pos, m.start(), m.end()))
                pos += 1
            continue
        for run in _RUN_RE.finditer(word):
            start = m.start() + run.start()
            chunk = run.group()
            if _HAN_RE.match(chunk):
                before = len(out)
                out.extend(_han(chunk, start, pos, index))
                if len(out) > before:  # positions never decrease: the last token has the highest
                    pos = out[-1].pos + 1
            else:
                tok = _latin(chunk)
                if tok is not None:
                    out.append(Tok(tok, pos, start, start + len(chunk)))
                    pos += 1
    return out


def terms(text: str) -> list[str]:
    """Query-side terms of one word or phrase, in order (precise segmentation, no sub-words)."""
    return [t.text for t in tokens(text, index=False)]


def spelling_words(text: str) -> list[str]:
    """Unstemmed English words: the vocabulary "did you mean" corrects against."""
    out = []
    for m in _WORD_RE.finditer(normalize(text)):
        for run in _RUN_RE.finditer(m.group()):
            w = run.group()
            if _ASCII_WORD.match(w) and 3 <= len(w) <= 24 and w not in EN_STOP_WORDS:
                out.append(w)
    return out


def token_string(text: str) -> str:
    """The pre-segmented form stored beside the PostgreSQL tsvector (inspectable, re-parsable)."""
    return " ".join(t.text for t in tokens(text))
