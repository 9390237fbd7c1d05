"""The value types of the spam filter's public interface (no behaviour, no Flask)."""

from __future__ import annotations

from dataclasses import dataclass

ACTIONS = ("allow", "hold", "block")
WATCHED_WORD_ACTIONS = ("block", "hold", "replace", "flag")
KINDS = ("post", "review", "profile")


@dataclass(frozen=True)
class WatchedWord:
    """A moderator-maintained word or phrase.

    ``pattern`` is matched case- and width-insensitively after the same normalisation as the
    text (zero-width characters stripped, spaced-out letters joined). A ``*`` at the start or
    end lets the word continue on that side ("casino*" matches "casinos"); without it, Latin
    patterns only match whole words. Chinese patterns match anywhere, since Chinese has no
    spaces between words.
    """

    pattern: str
    action: str  # "block" | "hold" | "replace" | "flag"
    replacement: str = ""

    def __post_init__(self) -> None:
        if self.action not in WATCHED_WORD_ACTIONS:
            raise ValueError(f"unknown watched word action {self.action!r}")


@dataclass(frozen=True)
class SpamPolicy:
    """Site configuration, loaded from the database/config by the caller.

    ``hold_threshold``: classifier probability at or above which content is held for review
    (for trust levels 0 and 1; trusted authors are only held by the classifier at
    ``block_threshold``). ``block_threshold``: the classifier never rejects content on its
    own, because a false positive would silently eat a customer's post; at or above this
    probability, content that a rule already holds is rejected instead of held.
    """

    allowed_domains: tuple[str, ...] = ()
    blocked_domains: tuple[str, ...] = ()
    watched_words: tuple[WatchedWord, ...] = ()
    max_links_by_trust: tuple[int, int, int, int] = (0, 2, 10, 50)
    hold_threshold: float = 0.8
    block_threshold: float = 0.98


@dataclass(frozen=True)
class Reason:
    """Why a verdict was reached, for staff in the moderation queue."""

    code: str
    message: str
    detail: str = ""


@dataclass(frozen=True)
class Verdict:
    """The result of :func:`moderation.spam.check`. Store :attr:`text`, not the input."""

    spam: bool
    score: float
    action: str  # "allow" | "hold" | "block"
    reasons: tuple[Reason, ...]
    text: str
