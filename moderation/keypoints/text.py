"""Text utilities: width/case normalisation, language detection, sentence splitting, tokenising.

Everything here keeps character offsets into the ORIGINAL text: normalisation is length-preserving
so spans found on the normalised string can be reported against what the user wrote.
"""

from __future__ import annotations

import re

# Full-width ASCII (U+FF01..U+FF5E) -> ASCII, ideographic space -> space. One char to one char,
# so offsets survive. This is what "width-insensitive" means for key point matching.
_WIDTH_TABLE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH_TABLE[0x3000] = 0x20
_WIDE_RE = re.compile("[\uff01-\uff5e\u3000]")

_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD_RE = re.compile(r"[A-Za-z]+")

# Sentence ends: Western terminators followed by space/end, CJK terminators anywhere, newlines.
_BOUND_RE = re.compile(r"[.!?]+[\"')\]]*(?=\s|$)|[。！？；;…!?]+[”」』）)]*|\n")

# English tokens: words with inner apostrophes/digits, numbers, then any single other char.
# A CJK ideograph is always its own token (the Chinese models are character based).
_TOKEN_RE = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
    r"|[A-Za-z0-9\u00c0-\u024f]+(?:['’][A-Za-z]+)*"
    r"|[^\s]"
)
# what makes a token longer than one character, or a gap between tokens
_MULTI_CHAR_TOKEN_RE = re.compile(r"[A-Za-z0-9\u00c0-\u024f\s]")


def normalize(text: str) -> str:
    """Fold width and case without changing length (offsets stay valid)."""
    # translate() looks every character up in the table; most posts have nothing to fold
    folded = text.translate(_WIDTH_TABLE) if _WIDE_RE.search(text) else text
    low = folded.lower()
    if len(low) != len(folded):  # e.g. 'İ'.lower() has two chars: fold char by char instead
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)
    return low.replace("’", "'")


def detect_lang(text: str) -> str:
    """'zh' when CJK ideographs outweigh Latin words (one ideograph ~ half a word), else 'en'."""
    cjk = len(_CJK_RE.findall(text))
    if not cjk:
        return "en"
    words = len(_LATIN_WORD_RE.findall(text))
    return "zh" if cjk >= words * 1.5 else "en"


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) with surrounding whitespace trimmed; empty pieces dropped."""
    spans = []
    start = 0
    for m in _BOUND_RE.finditer(text):
        _add_trimmed(text, start, m.end(), spans)
        start = m.end()
    _add_trimmed(text, start, len(text), spans)
    return spans


def _add_trimmed(text: str, s: int, e: int, spans: list[tuple[int, int]]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        spans.append((s, e))


def _char_spans(offset: int, n: int) -> list[tuple[int, int]]:
    return list(zip(range(offset, offset + n), range(offset + 1, offset + n + 1), strict=True))


def tokenize(text: str, offset: int = 0) -> tuple[list[str], list[tuple[int, int]]]:
    """Tokens and their (start, end) spans (shifted by offset). Works for both languages.

    findall runs in C; each token's start is then found with str.find from the previous token's
    end, which is exact because only whitespace lies between tokens (every other character is
    part of some token).
    """
    n = len(text)
    if _MULTI_CHAR_TOKEN_RE.search(text) is None:
        # every character is a token of its own (Chinese without Latin letters, digits or spaces)
        return list(text), _char_spans(offset, n)
    toks = _TOKEN_RE.findall(text)
    if len(toks) == n:  # one character per token
        return toks, _char_spans(offset, n)
    spans = []
    pos = 0
    find = text.find
    for t in toks:
        pos = find(t, pos)
        end = pos + len(t)
        spans.append((pos + offset, end + offset))
        pos = end
    return toks, spans


_FENCE_RE = re.compile(r"^ {0,3}(```|~~~)[^\n]*\n.*?(?:^ {0,3}\1[^\n]*$|\Z)", re.M | re.S)
_INDENT_CODE_RE = re.compile(r"(?:^(?: {4}|\t)[^\n]*\n?)+", re.M)
_IMAGE_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]")
_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\[[^\]]*\]")
_REFDEF_RE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+.*$", re.M)
_AUTOLINK_RE = re.compile(r"<(?:https?|mailto|ftp):[^>\s]*>|https?://\S+")
_INLINE_CODE_RE = re.compile(r"`+[^`\n]*`+")
_HTML_RE = re.compile(r"</?[A-Za-z][^>]*>")
_HEADING_RE = re.compile(r"^ {0,3}(?:#{1,6}\s*|>\s?|[-*+]\s+|\d+[.)]\s+)", re.M)
_EMPH_RE = re.compile(r"(\*{1,3}|_{1,3}|~~)(?=\S)(.+?)(?<=\S)\1")
_RULE_RE = re.compile(r"^ {0,3}(?:[-*_] *){3,}$", re.M)


def strip_markdown(md: str) -> str:
    """Markdown source -> plain text for the tagger.

    Code (fenced, indented, inline) and images are dropped because they carry no opinion about a
    product and confuse the tokeniser; links keep their text and lose the URL. Regex based on
    purpose: it runs on every post and must be fast, not a full CommonMark parser.
    """
    if not md:
        return ""
    text = md.replace("\r\n", "\n")
    text = _FENCE_RE.sub("\n", text)
    text = _INDENT_CODE_RE.sub("\n", text)
    text = _IMAGE_RE.sub("", text)
    text = _LINK_RE.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), text)
    text = _REFDEF_RE.sub("", text)
    text = _AUTOLINK_RE.sub("", text)
    text = _INLINE_CODE_RE.sub("", text)
    text = _HTML_RE.sub("", text)
    text = _RULE_RE.sub("", text)
    text = _HEADING_RE.sub("", text)
    text = _EMPH_RE.sub(r"\2", text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()
