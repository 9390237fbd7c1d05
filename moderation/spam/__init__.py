"""Spam filter for user content: rules plus a small hashed-feature classifier.

Pure Python (plus jieba); no Flask. The forum calls :func:`check` before storing a post,
review or profile, stores ``Verdict.text``, and routes ``hold`` to the moderation queue.
Moderator decisions can be fed back with :meth:`Classifier.partial_fit`.
"""

from .check import check, warm_up
from .classifier import SEED_MODEL_PATH, Classifier
from .links import extract_links
from .policy import Reason, SpamPolicy, Verdict, WatchedWord
from .training import train

__all__ = [
    "SEED_MODEL_PATH",
    "Classifier",
    "Reason",
    "SpamPolicy",
    "Verdict",
    "WatchedWord",
    "check",
    "extract_links",
    "train",
    "warm_up",
]
