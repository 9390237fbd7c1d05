"""Text normalisation shared by every spam rule and the classifier.

Spammers dodge word lists with full-width letters (ＶＩＡＧＲＡ), zero-width characters
(vi\u200bagra), spaced-out letters (v i a g r a) and separators inside Chinese words (博 彩).
Every rule therefore matches against one normalised form, and :class:`Normalized` keeps, for
each normalised character, the offset it came from in the original text so that "replace"
watched words can be applied to the text the author actually typed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Invisible characters: zero-width space/joiners, BOM, soft hyphen, bidi marks, word joiner,
# variation selectors, Hangul fillers, tag characters. They carry no meaning for moderation
# and are the classic way to split a watched word.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e0fff]"
)

# Single letters separated by spaces/dots/dashes, at least four of them: "v i a g r a".
_SPACED_LETTERS = re.compile(r"(?<![a-z0-9])(?:[a-z][ .\-_*·]{1,2}){3,}[a-z](?![a-z0-9])")
_SPACED_SEPARATORS = re.compile(r"[ .\-_*·]")

CJK_CLASS = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Obfuscating separators between two CJK characters: "博 彩", "博.彩", "博*彩". List
# punctuation (、，|) is deliberately kept: removing it would glue "赌博、彩票" into "博彩".
_CJK_GAP = re.compile(rf"(?<=[{CJK_CLASS}])[\s.\-_*·~^+=]+(?=[{CJK_CLASS}])")


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """NFKC + casefold one character; "" for invisible characters."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", ch).casefold())


@dataclass(frozen=True)
class Normalized:
    """A normalised text plus, for each of its characters, the offset in the original."""

    text: str
    offsets: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of :attr:`text` back to the original text."""
        return self.offsets[start], self.offsets[end - 1] + 1


def _drop(chars: list[str], offsets: list[int], spans: list[tuple[int, int]]) -> None:
    """Delete the character positions in ``spans`` (sorted, non-overlapping) in place."""
    for start, end in reversed(spans):
        del chars[start:end]
        del offsets[start:end]


def normalize_mapped(text: str, *, compact: bool = False) -> Normalized:
    """Normalise ``text`` and keep the offset map.

    Steps: NFKC (full-width to half-width), casefold, strip invisible characters, collapse
    runs of spaced-out single letters. With ``compact=True`` obfuscating separators between
    CJK characters are removed too (used for word lists, not for display).
    """
    chars: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        if ch < "\x80":
            chars.append(ch.lower())
            offsets.append(i)
            continue
        folded = _fold_char(ch)
        for out in folded:
            chars.append(out)
            offsets.append(i)
    joined = "".join(chars)
    spans = []
    for m in _SPACED_LETTERS.finditer(joined):
        base = m.start()
        spans.extend((base + s.start(), base + s.end()) for s in _SPACED_SEPARATORS.finditer(m.group()))
    if compact:
        spans.extend(m.span() for m in _CJK_GAP.finditer(joined))
    if spans:
        spans.sort()
        _drop(chars, offsets, spans)
        joined = "".join(chars)
    return Normalized(joined, tuple(offsets))


def _join_spaced(m: re.Match[str]) -> str:
    return _SPACED_SEPARATORS.sub("", m.group())


@lru_cache(maxsize=128)
def normalize(text: str, *, compact: bool = False) -> str:
    """The normalised text without the offset map (see :func:`normalize_mapped`).

    Whole-string operations instead of the per-character loop: about ten times faster,
    and ``check()`` normalises every text several times (hence also the cache).
    """
    if compact:
        return _CJK_GAP.sub("", normalize(text))
    s = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text).casefold())
    return _SPACED_LETTERS.sub(_join_spaced, s)


_PUNCT_OR_SPACE = re.compile(r"[\W_]+")


@lru_cache(maxsize=128)
def fingerprint_text(text: str) -> str:
    """Width/case-folded text with all punctuation, spaces and invisible characters removed,
    for duplicate detection: "Check out my site!!!" and "check  out MY site" are the same.
    (Cheaper than :func:`normalize`: removing every non-word character already removes
    the zero-width characters and the gaps in spaced-out letters.)
    """
    return _PUNCT_OR_SPACE.sub("", unicodedata.normalize("NFKC", text).casefold())


def visible_length(text: str) -> int:
    """Length without invisible characters (padding with them must not change a size)."""
    return len(text) - len(_INVISIBLE.findall(text))


_CJK = re.compile(f"[{CJK_CLASS}]")


def count_cjk(text: str) -> int:
    """Number of CJK unified ideographs in ``text``."""
    return len(_CJK.findall(text))
