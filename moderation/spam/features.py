"""Turning text into hashed classifier features.

Features are hashed into ``2**N_BITS`` buckets with CRC-32 (stable across processes, unlike
Python's salted ``hash()``), so a saved model holds weights per bucket and never the
vocabulary or the training text.

Token families (prefixed so that families do not collide by construction):

* ``w:`` Latin words and ``b:`` word bigrams;
* ``z:`` jieba words of Chinese runs and ``c:`` Chinese character bigrams (robust where
  jieba's segmentation of slang or obfuscated words is poor);
* ``n:`` digit runs by length (phone numbers, prices), ``l:`` links and their hosts/TLDs,
  ``m:`` a few shape features (shouting, exclamation runs, length).

Only the first :data:`MAX_CHARS` characters are used and jieba only sees
the first :data:`MAX_JIEBA_CHARS` Chinese characters: jieba costs about 2.5 µs per character and
``check()`` has a budget of a few milliseconds. Spam shows its hand early; the rules in
``rules.py`` still read the whole text.
"""

from __future__ import annotations

import logging
import math
import re
import zlib
from collections.abc import Iterable
from functools import lru_cache

from .links import domain_matches, find_links, host_of
from .text import CJK_CLASS, normalize

N_BITS = 18
MASK = (1 << N_BITS) - 1
MAX_CHARS = 1500
MAX_JIEBA_CHARS = 160

_TOKEN = re.compile(rf"[a-z]+(?:'[a-z]+)?|[0-9]+|[{CJK_CLASS}]+|!{{2,}}|[$€£¥]")

# English function words are not features on their own (only inside bigrams such as
# "check out", "my channel"): in the YouTube comments "my", "out" and "on" are strong spam
# signals, which does not carry over to customer posts ("battery life on my X2").
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "here",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "just",
        "me",
        "my",
        "no",
        "not",
        "of",
        "on",
        "or",
        "our",
        "out",
        "over",
        "she",
        "so",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "to",
        "too",
        "up",
        "us",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "i'm",
        "it's",
        "don't",
        "can't",
        "im",
    ]
)
_LATIN = re.compile("[A-Za-z]")
_UPPER = re.compile("[A-Z]")

_jieba = None


def _cut(text: str) -> list[str]:
    """jieba word segmentation, imported lazily (loading its dictionary takes ~0.7 s)."""
    global _jieba
    if _jieba is None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        _jieba = jieba
    return _jieba.lcut(text, HMM=False)


def warm_up() -> None:
    """Load jieba's dictionary now (call at app start so the first post is not slow)."""
    _cut("预热")


def _num_token(digits: str) -> str:
    n = len(digits)
    return "n:s" if n <= 2 else "n:m" if n <= 5 else "n:l" if n <= 10 else "n:xl"


def tokens(text: str, *, allowed_domains: Iterable[str] = (), ignore_links: bool = False) -> list[str]:
    """The feature tokens of ``text``.

    Links to ``allowed_domains`` (or all links, with ``ignore_links``) produce no tokens.
    That matters: in the training comments nearly every link is spam, so an unadjusted
    model holds every customer who links to the brand's help centre, or to a Reddit thread.
    """
    raw = text[:MAX_CHARS]
    full = normalize(text)  # shared (cached) with check() and the rules
    norm = full[:MAX_CHARS]
    allowed = tuple(allowed_domains)
    out: list[str] = []

    links = [link for link in find_links(full) if link[1] <= MAX_CHARS]
    if links:
        pieces = []
        prev = 0
        n_foreign = 0
        for start, end, link in links:
            pieces.append(norm[prev:start])
            pieces.append(" ")
            prev = end
            host = host_of(link)
            if ignore_links or (allowed and domain_matches(host, allowed)):
                continue
            n_foreign += 1
            labels = host.split(".")
            out.append("l:link")
            out.append("l:host:" + ".".join(labels[-2:]))
            out.append("l:tld:" + labels[-1])
        pieces.append(norm[prev:])
        norm = "".join(pieces)
        if n_foreign >= 2:
            out.append("l:many")

    prev_word = ""
    jieba_budget = MAX_JIEBA_CHARS
    for m in _TOKEN.finditer(norm):
        tok = m.group()
        first = tok[0]
        if "a" <= first <= "z":
            if tok not in STOPWORDS:
                out.append("w:" + tok)
            if prev_word:
                out.append("b:" + prev_word + " " + tok)
            prev_word = tok
            continue
        prev_word = ""
        if "0" <= first <= "9":
            out.append(_num_token(tok))
        elif first == "!":
            out.append("m:!!")
        elif first in "$€£¥":
            out.append("m:money")
        else:  # a run of Chinese characters
            if len(tok) == 1:
                out.append("c:" + tok)
            else:
                out.extend("c:" + tok[i : i + 2] for i in range(len(tok) - 1))
            if jieba_budget > 0:
                piece = tok[:jieba_budget]
                jieba_budget -= len(piece)
                out.extend("z:" + w for w in _cut(piece) if len(w) > 1)

    letters = len(_LATIN.findall(raw))
    if letters >= 8 and len(_UPPER.findall(raw)) / letters > 0.6:
        out.append("m:shouting")
    out.append(f"m:len{min(len(norm).bit_length(), 11)}")
    return out


@lru_cache(maxsize=65536)
def bucket(token: str) -> int:
    """The stable hash bucket of a token (cached: a dict lookup beats encode + CRC)."""
    return zlib.crc32(token.encode("utf-8")) & MASK


def vectorize(toks: list[str]) -> dict[int, float]:
    """Binary bag of hashed tokens, scaled by ``n ** -0.25``.

    Some length normalisation keeps long posts from getting extreme scores; full L2
    normalisation (``n ** -0.5``) squashed the long Chinese adverts towards 0.5 in
    cross-validation, so a milder power is used.
    """
    idx = {bucket(t) for t in toks}
    if not idx:
        return {}
    value = 1.0 / math.sqrt(math.sqrt(len(idx)))
    return dict.fromkeys(idx, value)


_READABLE = {
    "l:link": "(a link)",
    "l:many": "(several links)",
    "m:!!": "!!",
    "m:money": "(currency sign)",
    "m:shouting": "(mostly capitals)",
    "n:s": "(short number)",
    "n:m": "(number)",
    "n:l": "(long number)",
    "n:xl": "(very long number)",
}


def readable(token: str) -> str:
    """A token as staff should see it in a reason: "check out", ".xyz", "(a link)"."""
    if token in _READABLE:
        return _READABLE[token]
    if token.startswith("m:len"):
        return "(length)"
    if token.startswith("l:tld:"):
        return "." + token[6:]
    if token.startswith("l:host:"):
        return token[7:]
    return token.split(":", 1)[1]
