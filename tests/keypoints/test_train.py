"""Training from corrections only, from a SemEval-format folder, and term discovery."""

import json

import pytest

from moderation.keypoints import Tagger, discover_terms, get_tagger
from moderation.keypoints.train import main as train_main
from moderation.keypoints.train import train

POS_EN = ["great", "excellent", "fantastic", "superb", "lovely"]
NEG_EN = ["awful", "terrible", "horrible", "broken", "useless"]
ASPECTS_EN = ["widget", "gizmo", "sprocket", "dial"]


def synthetic_corrections() -> list[dict]:
    rows = []
    for i, asp in enumerate(ASPECTS_EN):
        for j, (p, n) in enumerate(zip(POS_EN, NEG_EN, strict=True)):
            good, bad = (asp, ASPECTS_EN[(i + 1) % 4]) if j % 2 else (ASPECTS_EN[(i + 1) % 4], asp)
            text = f"The {good} is {p} but the {bad} is {n}."
            rows.append(
                {"text": text, "aspect": good, "start": 4, "end": 4 + len(good),
                 "polarity": "positive", "lang": "en"}
            )  # fmt: skip
            k = text.index(f"the {bad}") + 4
            rows.append(
                {"text": text, "aspect": bad, "start": k, "end": k + len(bad),
                 "polarity": "negative", "lang": "en"}
            )  # fmt: skip
    for asp in ["屏幕", "电池", "外壳"]:
        for good, bad in [("很好", "太差"), ("不错", "很烂"), ("满意", "失望")]:
            rows.append({"text": f"{asp}{good}", "aspect": asp, "start": 0, "end": len(asp),
                         "polarity": "positive", "lang": "zh"})  # fmt: skip
            rows.append({"text": f"{asp}{bad}", "aspect": asp, "start": 0, "end": len(asp),
                         "polarity": "negative", "lang": "zh"})  # fmt: skip
    return rows


def test_corrections_alone_train_a_usable_model(tmp_path):
    out = tmp_path / "m.zip"
    summary = train(None, synthetic_corrections(), str(out), log=lambda *_: None)
    assert out.exists()
    assert summary["langs"]["en"]["polarity_examples"] == 40
    assert summary["langs"]["zh"]["polarity_examples"] == 18
    t = Tagger.load(str(out))
    assert t is not get_tagger()
    assert Tagger.load(str(out)) is t  # cached per file
    ms = t.analyze("The dial is superb but the gizmo is horrible.")
    assert [(m.aspect, m.polarity) for m in ms] == [("dial", "positive"), ("gizmo", "negative")]
    assert [m.polarity for m in t.analyze("外壳很好", aspects=["外壳"])] == ["positive"]
    assert [m.polarity for m in t.analyze("电池太差", aspects=["电池"])] == ["negative"]


def test_train_cli_from_semeval_folder_and_jsonl(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    sents = []
    for i in range(12):
        asp, word, pol = ("knob", "superb", "positive") if i % 2 else ("lever", "awful", "negative")
        text = f"The {asp} is {word} number {i}."
        sents.append(
            f'<sentence id="{i}"><text>{text}</text><aspectTerms>'
            f'<aspectTerm term="{asp}" polarity="{pol}" from="4" to="{4 + len(asp)}"/>'
            "</aspectTerms></sentence>"
        )
    (data / "tiny.xml").write_text("<sentences>" + "".join(sents) + "</sentences>")
    corr = tmp_path / "c.jsonl"
    corr.write_text(
        json.dumps({"text": "The knob is awful.", "aspect": "knob", "start": 4, "end": 8,
                    "polarity": "negative", "lang": "en"}) + "\n"
    )  # fmt: skip
    out = tmp_path / "m.zip"
    train_main(["--data", str(data), "--corrections", str(corr), "--out", str(out)])
    t = Tagger.load(str(out))
    assert t.analyze("The lever is awful.", aspects=["lever"])[0].polarity == "negative"
    assert "en" in t.extractors and "zh" not in t.extractors
    # no Chinese model parts: Chinese text still works via the lexicon fallback
    assert t.analyze("电池太差", aspects=["电池"])[0].polarity == "negative"


def test_train_without_data_fails_clearly(tmp_path):
    with pytest.raises(ValueError):
        train(None, [], str(tmp_path / "m.zip"))


def test_discover_terms_counts_frequent_terms():
    texts = ["The battery is awful.", "Battery died again.", "The battery is great!",
             "The screen is nice.", "屏幕很好", "屏幕不错", "屏幕清晰"]  # fmt: skip
    terms = dict(discover_terms(texts, min_count=3))
    assert terms.get("battery", 0) >= 3 or terms.get("Battery", 0) >= 3
    assert terms.get("屏幕") == 3
    assert "screen" not in terms


def test_evaluate_runs_cross_validation_on_a_tiny_folder(tmp_path):
    from moderation.keypoints.evaluate import evaluate, format_table

    sents = []
    for i in range(30):
        asp, word, pol = ("knob", "superb", "positive") if i % 2 else ("lever", "awful", "negative")
        text = f"The {asp} is {word} number {i}."
        sents.append(
            f'<sentence id="{i}"><text>{text}</text><aspectTerms>'
            f'<aspectTerm term="{asp}" polarity="{pol}" from="4" to="{4 + len(asp)}"/>'
            "</aspectTerms></sentence>"
        )
    (tmp_path / "semeval14_laptops_train.xml").write_text("<sentences>" + "".join(sents) + "</sentences>")
    res = evaluate(str(tmp_path), folds=2, log=lambda *_: None)
    row = res["laptops (SemEval-14)"]
    assert row["polarity_n"] == 30 and row["ate_gold"] == 30
    assert row["polarity_acc"] > 0.9 and row["ate_f1"] > 0.9
    assert "laptops (SemEval-14)" in format_table(res, 2)
