"""Analysis and query parsing: pure functions shared by both backends."""

from __future__ import annotations

import pytest

from community.search import analysis
from community.search.postgres_backend import analyze
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


def test_tsvector_positions_weights_and_the_title_body_gap():
    body = "The batteries drain; 这款的续航很差, ＡＩＲＰＯＤＳ it's ok"
    tsv, tokens, words = analyze("Battery life: 降噪耳机", body)
    assert tsv == (
        "'batteri':1A,6B 'life':2A '降噪':3A '耳机':4A 'drain':7B '这款':8B '续航':9B '很差':10B"
        " 'airpod':11B 's':12B 'ok':13B"
    )
    assert tokens == "batteri life 降噪 耳机 batteri drain 这款 续航 很差 airpod s ok"
    assert words == "airpods batteries battery drain life"


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("Battery life", "The batteries drain after the firmware update"),
        ("", "naïve café abc续航def x_y a1b2 it's Ｂａｔｔｅｒｙ"),
        ("ＡＩＲＰＯＤＳ", "e\u0301 cafe\u0301 \u00a8x ﬁne ﬂow straße " + "y" * 25 + " " + "z" * 24),
        ("降噪耳机体验", "这款的续航很差，但是降噪很好。 the a an it"),
        ("", ""),
    ],
)
def test_one_pass_analysis_keeps_the_spelling_words_of_the_two_pass_one(title, body):
    """analyze() takes the "did you mean" words from its tokens: they must equal spelling_words()."""
    assert analyze(title, body)[2] == " ".join(sorted(set(analysis.spelling_words(f"{title} {body}"))))
