"""Highlighted snippets, computed in Python from the stored text for both backends.

Matching uses the same analysis as the index (so "batteries" highlights "battery" and "续航"
highlights inside "这款的续航很差"); the window is cut from the *original* text, escaped, and
only <mark> survives sanitize_snippet().
"""

from __future__ import annotations

import unicodedata

from markupsafe import escape

from community.sanitize import sanitize_snippet
from community.search import analysis

SNIPPET_CHARS = 220


def _normalized_with_map(text: str) -> tuple[str, list[int]]:
    """normalize() char by char, remembering which original char each normalized char came from."""
    parts: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        piece = unicodedata.normalize("NFKC", ch).casefold()
        parts.append(piece)
        origin.extend([i] * len(piece))
    return "".join(parts), origin


def highlight(text: str, terms: set[str], width: int = SNIPPET_CHARS) -> str:
    """A window of text around the densest cluster of matches, matches wrapped in <mark>."""
    text = text or ""
    spans: list[tuple[int, int]] = []
    if terms and text:
        norm, origin = _normalized_with_map(text)
        for tok in analysis.tokens_of_normalized(norm, index=False):
            if tok.text in terms and tok.end > tok.start:
                spans.append((origin[tok.start], origin[tok.end - 1] + 1))
        # sub-words of long Chinese words are matched too (query "续航" inside "续航力")
        for tok in analysis.tokens_of_normalized(norm, index=True):
            if tok.text in terms and tok.end > tok.start:
                span = (origin[tok.start], origin[tok.end - 1] + 1)
                if not any(s <= span[0] and span[1] <= e for s, e in spans):
                    spans.append(span)
    spans = _merge(sorted(spans))
    start = 0
    if spans:
        best, best_count = spans[0][0], 0
        for s, _e in spans:
            count = sum(1 for s2, _ in spans if s <= s2 < s + width)
            if count > best_count:
                best, best_count = s, count
        start = max(0, best - width // 4)
        # do not start in the middle of a word
        while 0 < start < best and not text[start - 1].isspace() and text[start - 1].isalnum():
            start -= 1
            if best - start > width // 2:
                break
    end = min(len(text), start + width)
    out: list[str] = ["…" if start > 0 else ""]
    cursor = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(str(escape(text[cursor:s])))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    out.append(str(escape(text[cursor:end])))
    if end < len(text):
        out.append("…")
    return sanitize_snippet("".join(out))


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged
