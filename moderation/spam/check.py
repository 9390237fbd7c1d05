"""``check()``: the one call the forum makes before storing a post, review or profile.

How the verdict is reached (see :class:`~moderation.spam.policy.SpamPolicy`):

* any rule asking to **block** (blocked domain, "block" watched word, keyword-stuffed SEO
  spam, spam vocabulary with links) blocks;
* any rule asking to **hold** holds; if the classifier, judging the words alone, is also
  at or above ``block_threshold`` the content is blocked, since two independent signals
  agree;
* with no rule involved, the classifier alone holds at ``hold_threshold`` for trust levels
  0-1 and at ``block_threshold`` for trust levels 2-3, and never blocks: a classifier false
  positive must end up in front of a moderator, not silently discard a customer's post;
* "flag" findings (flag watched words, replaced words) are reported but allow the content.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from .classifier import Classifier
from .features import warm_up as _load_jieba
from .links import find_links
from .policy import KINDS, Reason, SpamPolicy, Verdict
from .rules import (
    Finding,
    duplicate_findings,
    link_findings,
    vocabulary_findings,
    watched_word_findings,
)
from .text import normalize

_RULE_SCORE = {"block": 0.97, "hold": 0.85, "flag": 0.2}
_SPACES = re.compile(r"\s+")
_DEFAULT_POLICY = SpamPolicy()


def check(
    text: str,
    *,
    trust_level: int = 0,
    policy: SpamPolicy = _DEFAULT_POLICY,
    recent_texts_by_author: Sequence[str] = (),
    recent_texts_elsewhere: Sequence[str] = (),
    kind: str = "post",
    classifier: Classifier | None = None,
) -> Verdict:
    """Judge one piece of user content. Pure function of its arguments plus the model.

    ``kind`` is "post", "review" or "profile"; profiles are not compared for duplicates
    (a bio is naturally repeated when edited). ``classifier`` defaults to the seed model
    (``Classifier.load()``); pass one to use a model trained on this site's decisions.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    trust_level = max(0, min(int(trust_level), 3))
    model = classifier if classifier is not None else Classifier.load()

    norm = normalize(text)
    compact = _SPACES.sub(" ", normalize(text, compact=True))
    links = [link for _, _, link in find_links(norm)]

    findings: list[Finding] = []
    link_found, foreign_links = link_findings(
        links,
        trust_level=trust_level,
        allowed_domains=policy.allowed_domains,
        blocked_domains=policy.blocked_domains,
        max_links_by_trust=policy.max_links_by_trust,
    )
    findings += link_found
    word_found, stored_text = watched_word_findings(text, policy.watched_words)
    findings += word_found
    findings += vocabulary_findings(norm, compact, foreign_links)
    if kind != "profile":
        findings += duplicate_findings(text, recent_texts_by_author, recent_texts_elsewhere)

    # The training comments link almost only when spamming, so link features make any
    # foreign link look like YouTube spam. Hence two probabilities: with the links and on
    # the words alone. Within the author's link allowance the links count half
    # (geometric mean); escalating a rule's hold to a block needs the words alone to be
    # spam, since "too many links" and "has a link" are not independent evidence.
    allowed = policy.allowed_domains
    p_links = model.predict_proba(text, allowed_domains=allowed)
    p_words = model.predict_proba(text, allowed_domains=allowed, ignore_links=True) if foreign_links else p_links
    limits = policy.max_links_by_trust
    within_allowance = foreign_links <= limits[min(trust_level, len(limits) - 1)]
    p = math.sqrt(p_links * p_words) if trust_level >= 1 and within_allowance else p_links

    actions = {f.action for f in findings}
    reasons: list[Reason] = [f.reason for f in findings]
    classifier_threshold = policy.hold_threshold if trust_level <= 1 else policy.block_threshold
    classifier_says = p >= classifier_threshold
    if "block" in actions:
        action = "block"
    elif "hold" in actions:
        action = "block" if p_words >= policy.block_threshold else "hold"
    else:
        action = "hold" if classifier_says else "allow"
    if classifier_says or (action != "allow" and p >= policy.hold_threshold):
        tokens = model.explain(text, 5, allowed_domains=allowed)
        reasons.append(
            Reason(
                "classifier",
                f"Spam classifier probability {p:.2f} (words alone {p_words:.2f})",
                ", ".join(tokens),
            )
        )

    keep = 1.0 - p
    for f in findings:
        keep *= 1.0 - _RULE_SCORE[f.action]
    score = round(min(1.0, max(0.0, 1.0 - keep)), 4)
    return Verdict(
        spam=action != "allow",
        score=score,
        action=action,
        reasons=tuple(reasons),
        text=stored_text,
    )


def warm_up() -> None:
    """Load jieba's dictionary (~0.7 s) and the seed model now, e.g. at app start-up, so
    that the first Chinese post is not the one that pays for it."""
    _load_jieba()
    Classifier.load()
