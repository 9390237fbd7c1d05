"""Markdown source → sanitized HTML ("cooking"). Markdown first, then sanitize, always."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from community.sanitize import SANITIZE_VERSION, sanitize

# Raw HTML off: authors write Markdown. Limits keep "Markdown bombs" cheap: markdown-it stops
# nesting at maxNesting, and services cap the source length.
_md = MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False, "maxNesting": 20}).enable(
    ["table", "strikethrough", "linkify"]
)
_MENTION = re.compile(r"(?<![\w@])@([\w\u4e00-\u9fff][\w.\-\u4e00-\u9fff]{1,31})")

COOK_VERSION = SANITIZE_VERSION


def cook(source: str) -> str:
    """Render and sanitize; the result is stored and shown as is."""
    html = _md.render(source)
    return sanitize(html)


def mentions(source: str) -> list[str]:
    """@usernames mentioned in a post (outside code), for notifications."""
    text = re.sub(r"```.*?```|`[^`]*`", " ", source, flags=re.S)
    seen: list[str] = []
    for name in _MENTION.findall(text):
        name = name.rstrip(".-")
        if name not in seen:
            seen.append(name)
    return seen


def plain_text(source: str, limit: int | None = None) -> str:
    """Readable plain text of Markdown, for excerpts, meta descriptions and feeds."""
    html = _md.render(source)
    text = re.sub(r"<[^>]+>", " ", html)
    from html import unescape

    text = re.sub(r"\s+", " ", unescape(text)).strip()
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def quote(source: str, username: str, post_id: int) -> str:
    """A Markdown blockquote of a post, for the reply box."""
    lines = source.strip().splitlines() or [""]
    quoted = "\n".join("> " + line if line else ">" for line in lines)
    return f"> **@{username}** [wrote](#post-{post_id}):\n>\n{quoted}\n\n"
