"""Analysis and query parsing: pure functions shared by both backends."""

from __future__ import annotations

import pytest

from community.search import analysis
from community.search.query import MAX_QUERY_CHARS, parse
from community.search.snippets import highlight


def test_chinese_word_inside_longer_phrase_is_a_token():
    assert "续航" in analysis.token_string("这款的续航很差")
    assert analysis.terms("续航") == ["续航"]


def test_long_chinese_word_also_indexes_its_sub_words():
    indexed = {t.text for t in analysis.tokens("降噪耳机续航力")}
    assert {"降噪", "耳机"} <= indexed


def test_full_width_and_case_fold_to_the_same_token():
    assert analysis.terms("ＡＩＲＰＯＤＳ") == analysis.terms("airpods") == analysis.terms("AirPods")


def test_english_stemming_and_stop_words():
    assert analysis.terms("The batteries are draining") == analysis.terms("battery drain")


def test_mixed_language_text():
    assert analysis.terms("AirPods续航很好")[:2] == ["airpod", "续航"]


@pytest.mark.parametrize("text", ["😀🎧", "( * : & ! )", "\u200f", ""])
def test_junk_gives_no_tokens(text):
    assert analysis.terms(text) == []


def test_rtl_words_are_kept():
    assert analysis.terms("שלום مرحبا") == ["שלום", "مرحبا"]


def test_parse_phrase_exclusion_and_unbalanced_quote():
    q = parse('"battery life" -noise 续航')
    assert [c.phrase for c in q.must] == [True, False]
    assert q.must_not[0].tokens == ["nois"]
    q = parse('"unbalanced quote')
    assert q.must[0].phrase and q.must[0].tokens == ["unbalanc", "quot"]


def test_parse_truncates_and_says_so():
    q = parse("battery " * 2000)
    assert q.truncated and len(q.raw) <= MAX_QUERY_CHARS


def test_parse_never_passes_syntax_through():
    q = parse("title:foo & (bar | !baz) * 'x' OR 1=1; DROP TABLE posts; --")
    for clause in q.must:
        for tok in clause.tokens:
            assert tok.isalnum()


def test_snippet_marks_matches_and_escapes_everything_else():
    html = highlight("My <b>batteries</b> drain <script>x</script>", {"batteri"})
    assert "<mark>batteries</mark>" in html
    assert "<script>" not in html and "<b>" not in html


def test_snippet_for_chinese():
    assert highlight("这款的续航很差", {"续航"}) == "这款的<mark>续航</mark>很差"
