"""Behaviour of the shipped default model on the rules the tagger must handle."""

import pytest

from moderation.keypoints import KeyPointDef, Mention, Tagger, get_tagger


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return get_tagger()


def pol(tagger: Tagger, text: str, *aspects: str) -> list[str]:
    return [m.polarity for m in tagger.analyze(text, aspects=list(aspects))]


def test_default_tagger_is_cached():
    assert get_tagger() is get_tagger()
    assert Tagger.load() is get_tagger()


@pytest.mark.parametrize(
    ("text", "aspect", "expected"),
    [
        ("The fan is not loud.", "fan", "positive"),
        ("The keyboard isn't bad.", "keyboard", "positive"),
        ("The food was not good.", "food", "negative"),
        ("The screen isn't great.", "screen", "negative"),
        ("风扇不吵。", "风扇", "positive"),
        ("屏幕不好。", "屏幕", "negative"),
        ("电池没有问题。", "电池", "positive"),
        ("系统很流畅，没有卡顿。", "系统", "positive"),
    ],
)
def test_negation(tagger, text, aspect, expected):
    assert pol(tagger, text, aspect) == [expected]


def test_contrast_english(tagger):
    text = "The screen is great but the battery is awful."
    assert pol(tagger, text, "screen", "battery") == ["positive", "negative"]
    found = {m.aspect: m.polarity for m in tagger.analyze(text)}
    assert found == {"screen": "positive", "battery": "negative"}


def test_contrast_chinese(tagger):
    text = "屏幕很好，但是续航太差"
    assert pol(tagger, text, "屏幕", "续航") == ["positive", "negative"]
    found = {m.aspect: m.polarity for m in tagger.analyze(text)}
    assert found == {"屏幕": "positive", "续航": "negative"}


def test_praise_one_blame_another_without_but(tagger):
    text = "The pasta was delicious; the service was slow."
    assert pol(tagger, text, "pasta", "service") == ["positive", "negative"]
    assert pol(tagger, "屏幕非常清晰，电池不耐用。", "屏幕", "电池") == ["positive", "negative"]


def test_intensifiers(tagger):
    assert pol(tagger, "The battery is extremely bad.", "battery") == ["negative"]
    plain = tagger.analyze("The screen is good.", aspects=["screen"])[0]
    strong = tagger.analyze("The screen is extremely good!", aspects=["screen"])[0]
    assert plain.polarity == strong.polarity == "positive"
    assert strong.score >= plain.score


def test_comparatives(tagger):
    text = "The new model is much better than the old one."
    assert pol(tagger, text, "new model", "old one") == ["positive", "negative"]
    text = "This camera is much worse than my old phone."
    assert pol(tagger, text, "camera", "old phone") == ["negative", "positive"]
    assert pol(tagger, "新款的屏幕比旧款好很多", "新款", "旧款") == ["positive", "negative"]
    assert pol(tagger, "拍照更差了。", "拍照") == ["negative"]


def test_mixed_english_chinese(tagger):
    text = "I love the camera 😍 but 电池太差了。"
    ms = tagger.analyze(text)
    by = {m.aspect: m for m in ms}
    assert by["camera"].polarity == "positive" and by["camera"].lang == "en"
    assert by["电池"].polarity == "negative" and by["电池"].lang == "zh"
    for m in ms:
        assert text[m.start : m.end] == m.aspect


def test_empty_text(tagger):
    assert tagger.analyze("") == []
    assert tagger.analyze("   \n ") == []
    (m,) = tagger.analyze("", aspects=["battery"])
    assert m.aspect == "battery" and m.polarity == "neutral" and m.score == 0.0


def test_emoji_only_and_with_text(tagger):
    assert tagger.analyze("😀😀👍") == []
    (m,) = tagger.analyze("😀😀👍", aspects=["camera"])
    assert (m.aspect, m.polarity, m.start, m.end) == ("camera", "neutral", 0, 3)
    ms = tagger.analyze("Love the camera 😍😍")
    assert [(m.aspect, m.polarity) for m in ms] == [("camera", "positive")]


def test_very_long_text(tagger):
    unit = "The screen is great but the battery is awful. 屏幕很好，但是续航太差。"
    text = unit * 300
    ms = tagger.analyze(text)
    assert len(ms) >= 1000
    for m in ms:
        assert text[m.start : m.end] == m.aspect
        assert m.sentence in text
    (one,) = tagger.analyze(text, aspects=["battery"])
    assert one.polarity == "negative"


def test_aspects_mode_exactly_one_per_aspect_in_order(tagger):
    text = "The SCREEN is great. Batteries are terrible and die quickly."
    ms = tagger.analyze(text, aspects=["battery", "screen", "shipping", "screen"])
    assert [m.aspect for m in ms] == ["battery", "screen", "shipping", "screen"]
    assert all(isinstance(m, Mention) for m in ms)
    scr = ms[1]
    assert text[scr.start : scr.end] == "SCREEN"  # case-insensitive location
    assert scr.polarity == "positive"
    bat = ms[0]
    assert text[bat.start : bat.end] == "Batteries"  # fuzzy (plural) location
    assert bat.polarity == "negative"
    ship = ms[2]  # absent: judged on the text as a whole, span = the text
    assert (ship.start, ship.end) == (0, len(text))


def test_aspect_in_two_sentences_with_opposite_opinions_is_conflict(tagger):
    text = "I love the screen. After a month the screen is awful and flickers."
    (m,) = tagger.analyze(text, aspects=["screen"])
    assert m.polarity == "conflict"


def test_keypoints_matching_case_and_width_insensitive(tagger):
    kp = KeyPointDef(id=7, name_en="Battery life", name_zh="续航", synonyms=("battery", "电池"))
    text = "ＢＡＴＴＥＲＹ is terrible. 电池不行。The apple is fine, the app is ok."
    ms = tagger.analyze(text, keypoints=[kp])
    hits = [m for m in ms if m.keypoint_id == 7]
    assert {text[m.start : m.end] for m in hits} == {"ＢＡＴＴＥＲＹ", "电池"}
    assert all(m.polarity == "negative" for m in hits)
    # a keypoint given in aspects mode carries its id too
    (m,) = tagger.analyze("The battery is great", aspects=["battery"], keypoints=[kp])
    assert m.keypoint_id == 7 and m.polarity == "positive"


def test_keypoint_does_not_match_inside_words(tagger):
    kp = KeyPointDef(id=1, name_en="app", name_zh="应用")
    ms = tagger.analyze("I like apples and happy people.", keypoints=[kp])
    assert all(m.keypoint_id != 1 for m in ms)


def test_discovery_finds_unlisted_terms(tagger):
    ms = tagger.analyze("The touchpad is unresponsive and the hinge feels flimsy.")
    assert {"touchpad", "hinge"} <= {m.aspect for m in ms}
    assert all(m.polarity == "negative" for m in ms)


def test_mentions_have_consistent_fields(tagger):
    text = "Great food, rude waiter. 价格太贵。"
    for m in tagger.analyze(text):
        assert m.polarity in {"positive", "negative", "neutral", "conflict"}
        assert 0.0 <= m.score <= 1.0
        assert m.lang in {"en", "zh"}
        assert text[m.start : m.end] == m.aspect
        assert m.aspect in m.sentence


def test_analyze_many_matches_analyze(tagger):
    texts = ["The screen is great.", "续航太差", ""]
    assert tagger.analyze_many(texts) == [tagger.analyze(t) for t in texts]


def test_detect_lang_method(tagger):
    assert tagger.detect_lang("续航太差") == "zh"
    assert tagger.detect_lang("battery") == "en"


def test_concurrent_use_from_threads_gives_same_results(tagger):
    from concurrent.futures import ThreadPoolExecutor

    texts = ["The screen is great but the battery is awful.", "屏幕很好，但是续航太差"] * 40
    expected = [tagger.analyze(t) for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(tagger.analyze, texts))
    assert got == expected


def test_run_on_text_without_full_stops_is_cut_into_pieces(tagger):
    text = "，".join(["屏幕很好", "续航太差", "价格便宜"] * 400)  # ~5,000 chars, no full stop
    ms = tagger.analyze(text)
    assert len(ms) >= 600
    assert all(len(m.sentence) <= 400 for m in ms)
    assert all(text[m.start : m.end] == m.aspect for m in ms)
    words = " ".join(["the screen is great and the battery is awful"] * 300)
    ms = tagger.analyze(words)
    assert len(ms) >= 300 and all(words[m.start : m.end] == m.aspect for m in ms)


def test_keypoint_synonyms_given_as_list_still_work(tagger):
    kp = KeyPointDef(id=5, name_en="Screen", name_zh="屏幕", synonyms=["display"])  # type: ignore[arg-type]
    ms = tagger.analyze("The display is gorgeous.", keypoints=[kp])
    assert [(m.aspect, m.keypoint_id, m.polarity) for m in ms] == [("display", 5, "positive")]
