"""Term discovery for the staff desk: frequent aspect terms the model extracts from posts."""

from __future__ import annotations

from collections import Counter

from .model import Tagger, get_tagger
from .text import normalize


def discover_terms(
    texts: list[str], lang: str | None = None, min_count: int = 3, tagger: Tagger | None = None
) -> list[tuple[str, int]]:
    """(term, count) for extracted aspect terms seen at least min_count times, most frequent
    first. Terms are folded (case/width) so "Battery" and "battery" count together; the form
    reported is the most common surface form."""
    tg = tagger or get_tagger()
    counts: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    for t in texts:
        for m in tg.analyze(t, lang=lang):
            key = " ".join(normalize(m.aspect).split())
            counts[key] += 1
            forms.setdefault(key, Counter())[m.aspect] += 1
    out = [(forms[k].most_common(1)[0][0], n) for k, n in counts.items() if n >= min_count]
    out.sort(key=lambda x: (-x[1], x[0]))
    return out
