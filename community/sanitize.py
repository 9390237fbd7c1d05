"""The one place that decides which HTML may reach a reader's browser (nh3 / ammonia allow-list).

Bump SANITIZE_VERSION whenever the allow-list changes, then run `flask posts recook`.
"""

from __future__ import annotations

import nh3

SANITIZE_VERSION = 1

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "kbd", "li", "mark", "ol", "p", "pre", "s", "span", "strong", "sub",
    "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"align", "style"},
    "th": {"align", "style"},
    "code": {"class"},
    "span": {"class"},
    "mark": set(),
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Search highlighting and quoting use these classes; nothing else may style a post.
ALLOWED_CLASSES = {"code": {"language-*"}, "span": {"mention", "hl"}}


def sanitize(html: str) -> str:
    """Allow-list sanitize; links get rel="nofollow ugc noopener" so user links earn no rank."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={k: set(v) - {"style"} for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc noopener",
        strip_comments=True,
    )


def sanitize_snippet(html: str) -> str:
    """Search snippets: text plus <mark>, nothing else."""
    return nh3.clean(html, tags={"mark"}, attributes={})
