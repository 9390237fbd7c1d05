"""Spam reasons in the reader's language. The spam library speaks English (its messages carry
numbers and thresholds); the queue, the author's error message and the API show a translated
label per reason code instead, wherever the reader's language is not English."""

from __future__ import annotations

from flask import has_request_context
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

# The spam library speaks English with numbers in its messages; other languages get a label per
# reason code (the detail, e.g. the matched terms, is shown next to it either way).
SPAM_REASON_LABELS = {
    "blocked_domain": _l("Links to a blocked domain"),
    "too_many_links": _l("More links than the author's trust level allows"),
    "watched_word": _l("Contains a watched word"),
    "watched_word_replaced": _l("Watched words were replaced"),
    "seo_keyword_stuffing": _l("Gambling or adult keyword spam"),
    "repetitive_content": _l("The same phrase repeated many times"),
    "link_spam": _l("Spam vocabulary with links"),
    "spam_vocabulary": _l("Spam vocabulary"),
    "duplicate_content": _l("Repeats a recent post"),
    "classifier": _l("The spam classifier's score is high"),
}


def spam_reason(reason: object) -> str:
    """One spam reason (a dict from the queue or a Reason from a verdict) for the reader."""
    code = reason.get("code") if isinstance(reason, dict) else getattr(reason, "code", "")
    message = reason.get("message") if isinstance(reason, dict) else getattr(reason, "message", "")
    known = SPAM_REASON_LABELS.get(str(code))
    # Outside a request (CLI, worker) there is no reader: the library's English is kept.
    if known is None or not has_request_context() or str(get_locale() or "en").startswith("en"):
        return str(message or code)
    return str(known)
