"""Text utilities: offsets must survive normalisation; splitting and markdown stripping."""

from moderation.keypoints import strip_markdown
from moderation.keypoints.text import detect_lang, normalize, split_sentences, tokenize


def test_normalize_folds_width_and_case_without_changing_length():
    s = "ＢＡＴＴＥＲＹ　Life İs ok"
    n = normalize(s)
    assert len(n) == len(s)
    assert n.startswith("battery life")


def test_detect_lang():
    assert detect_lang("The screen is great") == "en"
    assert detect_lang("屏幕很好，电池不错") == "zh"
    assert detect_lang("iPhone 5的屏幕很好") == "zh"
    assert detect_lang("") == "en"
    assert detect_lang("😀😀") == "en"


def test_split_sentences_keeps_offsets():
    text = "Great screen. Bad battery!  屏幕很好。续航太差"
    spans = split_sentences(text)
    expected = ["Great screen.", "Bad battery!", "屏幕很好。", "续航太差"]
    assert [text[a:b] for a, b in spans] == expected


def test_split_sentences_does_not_break_decimals():
    text = "Version 3.5 is fast. Really."
    assert [text[a:b] for a, b in split_sentences(text)] == ["Version 3.5 is fast.", "Really."]


def test_tokenize_offsets_and_cjk_chars():
    text = "I can't stand 电池 life"
    toks, spans = tokenize(text)
    assert toks == ["I", "can't", "stand", "电", "池", "life"]
    assert all(text[a:b] == t for t, (a, b) in zip(toks, spans, strict=True))


def test_strip_markdown():
    md = (
        "# Review\n\nThe **screen** is [great](https://example.com/x) but see ![img](a.png)\n\n"
        "```python\nprint('battery awful')\n```\n\nUse `code` here. <b>bold</b>\n"
    )
    out = strip_markdown(md)
    assert "Review" in out
    assert "The screen is great but see" in out
    assert "example.com" not in out
    assert "img" not in out and "a.png" not in out
    assert "battery awful" not in out
    assert "code" not in out
    assert "bold" in out and "<b>" not in out
    assert strip_markdown("") == ""
