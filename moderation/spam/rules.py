"""Deterministic spam rules: links, watched words, spam vocabulary, keyword stuffing, duplicates.

Each rule returns :class:`Finding` objects carrying the action it asks for ("block", "hold"
or "flag"); ``check.py`` combines them with the classifier. Rules read the whole text, the
classifier only its beginning.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import EN_TERMS, ZH_CONTACT, ZH_TERMS
from .links import domain_matches, host_of
from .policy import Reason, WatchedWord
from .text import (
    CJK_CLASS,
    count_cjk,
    fingerprint_text,
    normalize,
    normalize_mapped,
    visible_length,
)


@dataclass(frozen=True)
class Finding:
    """A rule's opinion: the action it asks for and the reason shown to staff."""

    action: str  # "block" | "hold" | "flag"
    reason: Reason


# --- links ----------------------------------------------------------------------------------
def link_findings(
    links: Sequence[str],
    *,
    trust_level: int,
    allowed_domains: Sequence[str],
    blocked_domains: Sequence[str],
    max_links_by_trust: Sequence[int],
) -> tuple[list[Finding], int]:
    """Blocked domains block; more foreign links than the trust level allows holds.

    Returns the findings and the number of foreign links (links not to an allowed domain),
    which other rules use as "this post points somewhere else".
    """
    findings: list[Finding] = []
    foreign: list[str] = []
    blocked: list[str] = []
    for link in links:
        host = host_of(link)
        if allowed_domains and domain_matches(host, tuple(allowed_domains)):
            continue
        foreign.append(link)
        if blocked_domains and domain_matches(host, tuple(blocked_domains)):
            blocked.append(host)
    if blocked:
        findings.append(
            Finding(
                "block",
                Reason("blocked_domain", "Links to a blocked domain", ", ".join(sorted(set(blocked)))),
            )
        )
    limit = max_links_by_trust[max(0, min(trust_level, len(max_links_by_trust) - 1))]
    if len(foreign) > limit:
        findings.append(
            Finding(
                "hold",
                Reason(
                    "too_many_links",
                    f"{len(foreign)} links; trust level {trust_level} may post {limit}",
                    ", ".join(foreign[:5]),
                ),
            )
        )
    return findings, len(foreign)


# --- watched words --------------------------------------------------------------------------
@dataclass(frozen=True)
class _CompiledWord:
    word: WatchedWord
    core: str
    regex: re.Pattern[str]


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@lru_cache(maxsize=64)
def _compile_words(words: tuple[WatchedWord, ...]) -> tuple[_CompiledWord, ...]:
    """Compile watched words once per distinct policy (policies are frozen, so hashable)."""
    out = []
    for word in words:
        raw = word.pattern.strip()
        lead, trail = raw.startswith("*"), raw.endswith("*")
        core = normalize(raw.strip("*").strip(), compact=True)
        if not core:
            continue
        body = re.escape(core).replace(r"\ ", r"\s+")
        prefix = suffix = ""
        if _is_latin(core[0]):
            prefix = "[a-z0-9]*" if lead else "(?<![a-z0-9])"
        if _is_latin(core[-1]):
            suffix = "[a-z0-9]*" if trail else "(?![a-z0-9])"
        out.append(_CompiledWord(word, core.split()[0], re.compile(prefix + body + suffix)))
    return tuple(out)


def watched_word_findings(text: str, words: Sequence[WatchedWord]) -> tuple[list[Finding], str]:
    """Apply watched words; returns findings and the text with "replace" words substituted.

    Matching runs on the compact normalised text (full-width folded, zero-width characters
    and obfuscating separators removed); replacements are mapped back to the original text so
    the stored post keeps the author's formatting.
    """
    if not words:
        return [], text
    compiled = _compile_words(tuple(words))
    mapped = normalize_mapped(text, compact=True)
    norm = mapped.text
    findings: list[Finding] = []
    replacements: list[tuple[int, int, str]] = []
    for cw in compiled:
        if cw.core not in norm:
            continue
        matches = list(cw.regex.finditer(norm))
        if not matches:
            continue
        action = cw.word.action
        if action == "replace":
            replacements.extend((*mapped.original_span(m.start(), m.end()), cw.word.replacement) for m in matches)
            continue
        findings.append(
            Finding(
                action,
                Reason(
                    "watched_word",
                    f"Contains a watched word ({action})",
                    f"{cw.word.pattern} ×{len(matches)}",
                ),
            )
        )
    if replacements:
        replacements.sort()
        pieces: list[str] = []
        prev = 0
        for start, end, repl in replacements:
            if start < prev:  # overlapping matches: the first one wins
                continue
            pieces.append(text[prev:start])
            pieces.append(repl)
            prev = end
        pieces.append(text[prev:])
        text = "".join(pieces)
        findings.append(Finding("flag", Reason("watched_word_replaced", "Watched words were replaced", "")))
    return findings, text


# --- spam vocabulary and keyword stuffing ------------------------------------------------------
_ZH_CJK_TERMS = {k: v for k, v in ZH_TERMS.items() if not k.isascii()}
_LATIN_TERMS = {**{k: v for k, v in ZH_TERMS.items() if k.isascii()}, **EN_TERMS}
_WORDY = re.compile(rf"[a-z{CJK_CLASS}]")
_SEGMENT_SPLIT = re.compile(r"[,，、|｜/;；\s·•【】\[\]()（）]+")


@lru_cache(maxsize=2048)
def _latin_term_regex(term: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![a-z0-9]){re.escape(term)}(?![a-z0-9])")


def term_hits(compact: str) -> tuple[dict[str, float], dict[str, float]]:
    """Distinct spam terms found in compact normalised text: (Chinese-list, English-list).

    Plain substring tests first (fast, and overlapping terms all count: "澳门赌场" also
    contains "赌场"); Latin terms then need word boundaries so "av" is not found in "have".
    """
    zh = {t: w for t, w in _ZH_CJK_TERMS.items() if t in compact}
    en: dict[str, float] = {}
    for t, w in _LATIN_TERMS.items():
        if t in compact and _latin_term_regex(t).search(compact):
            if t in EN_TERMS:
                en[t] = w
            else:
                zh[t] = w
    return zh, en


def _fmt_terms(hits: dict[str, float]) -> str:
    return "、".join(sorted(hits, key=lambda t: (-hits[t], t))[:8])


def vocabulary_findings(norm: str, compact: str, foreign_links: int) -> list[Finding]:
    """Keyword-stuffed SEO spam and link spam, from the spam vocabularies.

    Keyword stuffing is recognised by shape (many short segments separated by 、 , | or
    spaces) plus at least two gambling/adult terms; a complaint that merely mentions "赌博"
    once has neither. Link spam needs spam vocabulary *and* somewhere to send the reader
    (a foreign link or a "加微信" contact), so a customer writing "crypto" or "cheap" passes.
    """
    zh, en = term_hits(compact)
    zh_score, en_score = sum(zh.values()), sum(en.values())
    # Weight-1 terms; the 0.5 ones ("日韩", "高清", "主播", "cheap", "free") are ordinary
    # shopping words and must not convict a post on their own.
    zh_strong = sum(w for w in zh.values() if w >= 1)
    en_strong = sum(w for w in en.values() if w >= 1)
    contact = any(c in compact for c in ZH_CONTACT)
    outlet = foreign_links > 0 or contact
    findings: list[Finding] = []

    segments = [s for s in _SEGMENT_SPLIT.split(norm) if s]
    short = sum(1 for s in segments if len(s) <= 12)
    stuffed_shape = len(segments) >= 6 and short / len(segments) >= 0.7
    if zh_strong >= 1 and zh_score >= 2 and (stuffed_shape or zh_score >= 4 or (outlet and zh_score >= 2.5)):
        findings.append(
            Finding(
                "block",
                Reason(
                    "seo_keyword_stuffing",
                    "Keyword-stuffed gambling/adult spam",
                    f"{_fmt_terms(zh)}; {len(segments)} segments, {foreign_links} links",
                ),
            )
        )
    elif (zh_strong >= 1 and (zh_score >= 2 or outlet)) or zh_score >= 3:
        findings.append(
            Finding(
                "hold",
                Reason("seo_keyword_stuffing", "Gambling/adult vocabulary", _fmt_terms(zh)),
            )
        )

    meaningful = [seg for seg in segments if _WORDY.search(seg)]
    if len(meaningful) >= 12:
        top, count = Counter(meaningful).most_common(1)[0]
        if count >= 8 and len(top) >= 3 and len(set(meaningful)) / len(meaningful) <= 0.25:
            findings.append(
                Finding(
                    "hold",
                    Reason(
                        "repetitive_content",
                        "The same phrase repeated many times",
                        f"{top[:30]} ×{count}",
                    ),
                )
            )

    if outlet and en_strong >= 1 and en_score >= 2.5:
        findings.append(Finding("block", Reason("link_spam", "Spam vocabulary with links", _fmt_terms(en))))
    elif outlet and (en_strong >= 1 or en_score >= 1.5):
        findings.append(Finding("hold", Reason("link_spam", "Spam vocabulary with links", _fmt_terms(en))))
    elif (en_strong >= 1 and en_score >= 2) or en_score >= 3:
        findings.append(Finding("hold", Reason("spam_vocabulary", "Spam vocabulary", _fmt_terms(en))))
    return findings


# --- duplicates -------------------------------------------------------------------------------
MIN_DUPLICATE_WEIGHT = 30  # Latin characters; a Chinese character counts as two
NEAR_DUPLICATE_JACCARD = 0.8
_SHINGLE = 5
# Only the beginning of long texts is compared (plus their lengths): enough to recognise a
# copy-pasted post, and it keeps the cost per recent post at about 0.15 ms.
_COMPARED_CHARS = 800
_MAX_SHINGLE_CHARS = 500


def _weight(fp: str) -> int:
    return len(fp) + count_cjk(fp)


@lru_cache(maxsize=128)
def _shingles(fp: str) -> frozenset[str]:
    """Character 5-grams of a fingerprint (cached: an author's recent posts recur)."""
    fp = fp[:_MAX_SHINGLE_CHARS]
    return frozenset(fp[i : i + _SHINGLE] for i in range(len(fp) - _SHINGLE + 1))


def duplicate_findings(text: str, recent_by_author: Sequence[str], recent_elsewhere: Sequence[str]) -> list[Finding]:
    """Hold content repeated (exactly or nearly) from the author's or others' recent posts.

    Texts are compared by fingerprint (normalised, punctuation and spaces removed), then by
    Jaccard similarity of 5-character shingles. Short texts ("Thanks, that fixed it!") are
    exempt: people legitimately say the same short things in many threads.
    """
    fp = fingerprint_text(text[:_COMPARED_CHARS])
    if _weight(fp) < MIN_DUPLICATE_WEIGHT:
        return []
    mine: frozenset[str] | None = None
    size = visible_length(text)
    for source, texts in (("author", recent_by_author), ("elsewhere", recent_elsewhere)):
        for other in texts:
            # Lengths must be close (a reply that quotes a post and adds a long answer is
            # not a copy), which also spares normalising most of the other texts.
            other_size = visible_length(other)
            if not NEAR_DUPLICATE_JACCARD * other_size <= size <= other_size / NEAR_DUPLICATE_JACCARD:
                continue
            ofp = fingerprint_text(other[:_COMPARED_CHARS])
            if ofp == fp:
                similarity = 1.0
            else:
                if mine is None:
                    mine = _shingles(fp)
                theirs = _shingles(ofp)
                union = len(mine | theirs)
                similarity = len(mine & theirs) / union if union else 0.0
                if similarity < NEAR_DUPLICATE_JACCARD:
                    continue
            who = "the author's" if source == "author" else "another author's"
            return [
                Finding(
                    "hold",
                    Reason(
                        "duplicate_content",
                        f"Repeats {who} recent post",
                        f"similarity {similarity:.2f}",
                    ),
                )
            ]
    return []
