"""The tagger's rule layer (double negation, "drains fast", negator look-alikes, contrast,
mixed language) and the fast run-time paths, which must score exactly like the reference ones."""

import pytest

from moderation.keypoints import Tagger, get_tagger
from moderation.keypoints.model import _Sent, sentence_features
from moderation.keypoints.text import normalize, tokenize


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return get_tagger()


def pol(tagger: Tagger, text: str, *aspects: str) -> list[str]:
    return [m.polarity for m in tagger.analyze(text, aspects=list(aspects))]


@pytest.mark.parametrize(
    ("text", "aspect"),
    [
        ("续航不差。", "续航"),
        ("电池一点都不差", "电池"),
        ("音质不算差", "音质"),
        ("电池没什么问题。", "电池"),
        ("系统没有什么问题", "系统"),
        ("屏幕不错。", "屏幕"),
        ("屏幕没毛病", "屏幕"),
        ("The screen is not bad at all.", "screen"),
        ("The fan is not loud at all.", "fan"),
        ("No complaints about the battery.", "battery"),
        ("I have no complaints about the keyboard.", "keyboard"),
        ("Nothing wrong with the screen.", "screen"),
        ("The battery doesn't drain fast.", "battery"),
    ],
)
def test_double_negation_is_praise(tagger, text, aspect):
    assert pol(tagger, text, aspect) == ["positive"]


@pytest.mark.parametrize(
    ("text", "aspect", "expected"),
    [
        ("The battery drains fast.", "battery", "negative"),
        ("The battery dies quickly.", "battery", "negative"),
        ("The laptop boots fast.", "laptop", "positive"),
        ("The food was not great.", "food", "negative"),
    ],
)
def test_speed_of_something_bad(tagger, text, aspect, expected):
    assert pol(tagger, text, aspect) == [expected]


@pytest.mark.parametrize(
    ("text", "aspect", "expected"),
    [
        ("屏幕非常差。", "屏幕", "negative"),  # 非常 is "very", not 非 + 常
        ("系统特别慢", "系统", "negative"),  # 特别 is "especially", not 别 ("don't")
        ("无线充电很好用", "无线充电", "positive"),  # 无线 is "wireless"
    ],
)
def test_negator_look_alikes(tagger, text, aspect, expected):
    assert pol(tagger, text, aspect) == [expected]


def test_contrast_buguo_and_double_negation(tagger):
    assert pol(tagger, "屏幕很好，不过电池不耐用", "屏幕", "电池") == ["positive", "negative"]
    assert pol(tagger, "续航不差，但是屏幕太暗了", "续航", "屏幕") == ["positive", "negative"]
    text = "The battery drains fast, but the screen is not bad at all."
    assert pol(tagger, text, "battery", "screen") == ["negative", "positive"]
    found = {m.aspect: m.polarity for m in tagger.analyze(text)}
    assert found == {"battery": "negative", "screen": "positive"}


def test_mixed_language_praise_and_blame(tagger):
    text = "音质很好 but the battery drains fast"
    assert pol(tagger, text, "音质", "battery") == ["positive", "negative"]
    by = {m.aspect: m for m in tagger.analyze(text)}
    assert by["音质"].polarity == "positive" and by["音质"].lang == "zh"
    assert by["battery"].polarity == "negative" and by["battery"].lang == "en"


def test_intensified_and_comparative(tagger):
    assert pol(tagger, "The camera is great but the battery dies quickly.", "camera", "battery") == [
        "positive",
        "negative",
    ]
    assert pol(tagger, "电池比以前耐用多了", "电池") == ["positive"]


SAMPLES = [
    "The screen is great but the battery is awful, and the keyboard isn't bad at all!",
    "Battery life could be better; the fan is too loud. Customer service was friendly and fast.",
    "I bought the ThinkPad X1 (2024) for work -- its trackpad is much better than my old one's.",
    "屏幕很好，但是续航太差了。拍照比上一代好多了，系统非常流畅，没有卡顿。",
    "快递很快，包装也完整。音质一般般，不过价格便宜，售后服务让人失望！",
    "I love the camera 😍 but 电池太差了。The price is OK.",
]


def test_fast_crf_decoding_matches_crfsuite(tagger):
    for text in SAMPLES:
        norm = normalize(text)
        for st in tagger._sentences(text, norm, None):
            _toks, spans = tokenize(st.norm, st.start)
            orig = [text[a:b] for a, b in spans]
            ex = tagger.extractors[st.lang]
            assert ex.extract(orig, constrained=False) == ex.extract_crfsuite(orig), text[st.start : st.end]


def test_clause_punctuation_never_inside_an_aspect(tagger):
    # unconstrained decoding read "快递很快，包装" as one aspect term
    text = "快递很快，包装也完整。音质一般般，不过价格便宜。The screen, keyboard and fan are fine."
    norm = normalize(text)
    for st in tagger._sentences(text, norm, None):
        _toks, spans = tokenize(st.norm, st.start)
        orig = [text[a:b] for a, b in spans]
        ex = tagger.extractors[st.lang]
        for i, j in ex.extract(orig):
            assert not any(t in "，。,." for t in orig[i:j]), orig[i:j]
    aspects = [m.aspect for m in tagger.analyze(text)]
    assert "包装" in aspects and not any("，" in a for a in aspects), aspects


def test_presummed_polarity_scores_match_named_features(tagger):
    for text in SAMPLES:
        norm = normalize(text)
        for st in tagger._sentences(text, norm, None):
            model = tagger.polarity[st.lang]
            named = _Sent(st.start, st.end, st.lang, st.norm)
            fast = _Sent(st.start, st.end, st.lang, st.norm)
            spans = [(None, None)]
            if st.lang == "en":
                _, tok_spans = tokenize(st.norm, st.start)
                spans += tok_spans
            else:
                spans += [(i, i + 2) for i in range(st.start, st.end - 1)]
            for a, b in spans:
                p_named = model.predict_proba(sentence_features(named, a, b, None))
                p_fast = model.predict_proba(sentence_features(fast, a, b, model))
                assert p_fast == pytest.approx(p_named, abs=1e-9)


def test_multiword_terms_of_the_term_list_mark_their_tokens(tagger):
    marks = tagger.extractors["en"].featurizer.mw_marks(["the", "battery", "life", "is", "great"])
    assert marks is not None
    assert marks[0] is None and marks[3] is None
    assert marks[1].startswith("mwB=") and marks[2].startswith("mwI=")


def test_aspect_not_in_text_is_judged_on_pieces_with_opinion_words(tagger):
    # the product name is split off as an English piece with no opinion word: it must not vote
    text = "索尼LT26i Xperia S外形时尚大气，"
    assert [st.lang for st in tagger._sentences(text, normalize(text), None)] == ["zh", "en", "zh"]
    assert pol(tagger, text, "外观") == ["positive"]
