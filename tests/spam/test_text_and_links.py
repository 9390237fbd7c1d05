"""Normalisation and link extraction: the ground every rule stands on."""

from __future__ import annotations

import pytest

from moderation.spam import extract_links
from moderation.spam.links import domain_matches, host_of
from moderation.spam.text import fingerprint_text, normalize, normalize_mapped


def test_normalize_folds_width_case_and_strips_zero_width() -> None:
    assert normalize("ＶＩＡＧＲＡ") == "viagra"
    assert normalize("vi\u200bag\u200dra\ufeff") == "viagra"
    assert normalize("Ｃａｓｉｎｏ１２３") == "casino123"


def test_normalize_joins_spaced_out_letters_but_not_normal_words() -> None:
    assert normalize("buy v i a g r a now") == "buy viagra now"
    assert normalize("c.a.s.i.n.o") == "casino"
    assert normalize("I am a big fan") == "i am a big fan"


def test_compact_removes_separators_inside_chinese_words_only() -> None:
    assert normalize("博 彩 公 司", compact=True) == "博彩公司"
    assert normalize("博.彩", compact=True) == "博彩"
    # list punctuation is kept, so "赌博、彩票" does not turn into "...博彩..."
    assert "博彩" not in normalize("赌博、彩票", compact=True)


def test_mapped_offsets_point_into_the_original() -> None:
    original = "a ｂａｄ\u200bword here"
    mapped = normalize_mapped(original, compact=True)
    start = mapped.text.index("badword")
    s, e = mapped.original_span(start, start + len("badword"))
    assert original[s:e] == "ｂａｄ\u200bword"


def test_fingerprint_ignores_punctuation_spacing_and_case() -> None:
    assert fingerprint_text("Check out my site!!!") == fingerprint_text("check  out MY site")


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("see [help](https://help.acme.com/a/1?x=2). thanks", ["https://help.acme.com/a/1?x=2"]),
        ("go to www.x.cn now", ["www.x.cn"]),
        ("example.com and foo.bar.com.cn/path!", ["example.com", "foo.bar.com.cn/path"]),
        ("kidsmediausa . com", ["kidsmediausa.com"]),
        ("澳门赌场ｘｘ８８．ｃｏｍ 加微信", ["xx88.com"]),
        ("官网abc。com有", ["abc.com"]),
        ("网址abc点com", ["abc.com"]),
        ("x(dot)com and y [.] net", ["x.com", "y.net"]),
        ("看https://x.com/a很好", ["https://x.com/a"]),
        ("ｈｔｔｐｓ://ＥＸＡＭＰＬＥ.ｃｏｍ/Ｘ", ["https://example.com/x"]),
    ],
)
def test_extract_links_finds_plain_markdown_bare_and_disguised_links(text: str, links: list[str]) -> None:
    assert extract_links(text) == links


@pytest.mark.parametrize(
    "text",
    ["e.g. the file.txt in v1.2", "I paid 3.99. Com on.", "mail me at a.b@mail", "no links here"],
)
def test_extract_links_ignores_things_that_are_not_links(text: str) -> None:
    assert extract_links(text) == []


def test_host_and_domain_matching_include_subdomains_only() -> None:
    assert host_of("https://Help.Acme.com/x") == "help.acme.com"
    assert host_of("www.x.cn/path") == "www.x.cn"
    assert domain_matches("help.acme.com", ("acme.com",))
    assert domain_matches("acme.com", ("ACME.com",))
    assert not domain_matches("notacme.com", ("acme.com",))
    assert not domain_matches("acme.com.evil.io", ("acme.com",))
