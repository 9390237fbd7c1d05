"""Key point tagger: aspect-based sentiment analysis for English and Chinese posts.

Pure Python (no Flask). See MODEL.md for what the default model was trained on.
"""

from .discover import discover_terms
from .model import KeyPointDef, Mention, Tagger, get_tagger
from .text import strip_markdown

__all__ = ["KeyPointDef", "Mention", "Tagger", "discover_terms", "get_tagger", "strip_markdown"]
