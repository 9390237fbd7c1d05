"""Finding links in user text, including the disguised ones spammers use.

Forum posts are Markdown, so links arrive as ``[text](https://…)``, bare URLs, ``www.x.cn``,
bare domains (``example.com``) and disguised domains (``example。com``, ``example . com``,
``example(dot)com``, ``example点com``). Bare domains are only recognised for a list of
common top-level domains so that "e.g." or "file.txt" are not mistaken for links.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .text import normalize

# Common and spam-favoured top-level domains. Longest first so "com.cn" wins over "com".
_TLDS = sorted(
    [
        "com",
        "net",
        "org",
        "info",
        "biz",
        "io",
        "co",
        "me",
        "tv",
        "cc",
        "vip",
        "xyz",
        "top",
        "club",
        "site",
        "online",
        "shop",
        "store",
        "app",
        "dev",
        "live",
        "link",
        "click",
        "win",
        "bet",
        "casino",
        "games",
        "fun",
        "work",
        "ltd",
        "pro",
        "asia",
        "mobi",
        "name",
        "tk",
        "ml",
        "ga",
        "cf",
        "gq",
        "cn",
        "hk",
        "tw",
        "mo",
        "jp",
        "kr",
        "sg",
        "my",
        "th",
        "vn",
        "ph",
        "id",
        "in",
        "us",
        "uk",
        "de",
        "fr",
        "ru",
        "ua",
        "br",
        "au",
        "ca",
        "nz",
        "it",
        "es",
        "nl",
        "eu",
        "ch",
        "com.cn",
        "net.cn",
        "org.cn",
        "gov.cn",
        "edu.cn",
        "com.hk",
        "com.tw",
        "co.uk",
        "co.jp",
        "co.kr",
        "com.au",
        "ly",
        "gl",
        "gg",
    ],
    key=len,
    reverse=True,
)
_TLD_ALT = "|".join(re.escape(t) for t in _TLDS)

# Separators that stand for "." in a disguised domain.
_DOT = r"(?:\.|。|\s*\[\.\]\s*|\s*\(\.\)\s*|\s*[\[(]dot[\])]\s*|\s+dot\s+|点)"
# A spaced-out final dot is accepted only in front of the most common TLDs.
_SPACED_DOT = r"(?:\s+\.\s*|\s*\.\s+)"
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"

# URL characters are taken as ASCII only: Chinese text often runs straight on after a link.
_URL_CHARS = r"[a-z0-9\-._~%!$&*+,;=:@/?#|^]"
_URL = re.compile(rf"(?:https?|ftp)://{_URL_CHARS}+")
_WWW = re.compile(rf"(?<![a-z0-9_.@/])www\.(?:{_LABEL}\.)*{_LABEL}\.(?:{_TLD_ALT})\b{_URL_CHARS}*")
_BARE = re.compile(
    rf"(?<![a-z0-9_.@/-])((?:{_LABEL}(?:\.|。))*{_LABEL})({_DOT}|{_SPACED_DOT})({_TLD_ALT})"
    rf"(?![a-z0-9-])(/{_URL_CHARS}*)?"
)
_SPACED_OK_TLDS = {"com", "net", "org", "cn", "xyz", "top", "vip", "info"}
_TRAILING = ".,;:!?)]}'\"*_~。，；：！？）"


def _clean(url: str) -> str:
    return url.rstrip(_TRAILING)


@lru_cache(maxsize=128)
def find_links(norm: str) -> tuple[tuple[int, int, str], ...]:
    """Links in already-normalised text as ``(start, end, link)``, in order of appearance.

    Full URLs are returned as written, bare and disguised domains as ``host[/path]`` with the
    disguise replaced by ".".
    """
    found: list[tuple[int, int, str]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e, _ in found)

    for m in _URL.finditer(norm):
        url = _clean(m.group())
        found.append((m.start(), m.start() + len(url), url))
    for m in _WWW.finditer(norm):
        if free(m.start(), m.end()):
            url = _clean(m.group())
            found.append((m.start(), m.start() + len(url), url))
    for m in _BARE.finditer(norm):
        if not free(m.start(), m.end()):
            continue
        name, dot, tld, path = m.group(1), m.group(2), m.group(3), m.group(4) or ""
        if dot.strip() == "." and dot != "." and tld not in _SPACED_OK_TLDS:
            continue
        if re.fullmatch(r"[\d.。]+", name):  # "3.99. Com on" is a price, not a domain
            continue
        host = name.replace("。", ".") + "." + tld
        found.append((m.start(), m.end(), _clean(host + path)))
    found.sort()
    return tuple(found)


def extract_links(text: str) -> list[str]:
    """Return the links in ``text`` in order of appearance, normalised and de-disguised.

    Handles full URLs, Markdown link targets (plain URLs inside parentheses), ``www.`` hosts,
    bare domains and disguised ones (full-width dots, "。", "点", "(dot)", "example . com").
    """
    return [link for _, _, link in find_links(normalize(text))]


_HOST = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?(?:[^@/\s]*@)?([^/:?#\s]+)")


def host_of(link: str) -> str:
    """The host name of a link returned by :func:`extract_links` (no "www." stripping)."""
    m = _HOST.match(link.lower())
    return m.group(1).rstrip(".") if m else ""


def domain_matches(host: str, domains: tuple[str, ...] | list[str]) -> bool:
    """True if ``host`` is one of ``domains`` or a subdomain of one of them."""
    host = host.lower().rstrip(".")
    for domain in domains:
        d = normalize(domain).strip().lstrip("*").lstrip(".").rstrip(".")
        if d and (host == d or host.endswith("." + d)):
            return True
    return False
