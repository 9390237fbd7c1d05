"""Edit distance for "did you mean" where the backend has no corrector of its own (PostgreSQL)."""

from __future__ import annotations


def distance(a: str, b: str, limit: int = 3) -> int:
    """Damerau-Levenshtein (adjacent swaps count 1: "baterry" → "battery"), capped at limit."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) >= limit:
            return limit
        prev2, prev = prev, cur
    return min(prev[-1], limit)


def max_edits(word: str) -> int:
    return 1 if len(word) <= 4 else 2


def best(word: str, vocabulary: dict[str, int]) -> str | None:
    """The closest known word (fewest edits, then most documents), or None."""
    if word in vocabulary:
        return None
    allowed = max_edits(word)
    found: tuple[int, int, str] | None = None
    for cand, freq in vocabulary.items():
        if abs(len(cand) - len(word)) > allowed:
            continue
        d = distance(word, cand, allowed + 1)
        if d <= allowed and (found is None or (d, -freq) < (found[0], -found[1])):
            found = (d, freq, cand)
    return found[2] if found else None
