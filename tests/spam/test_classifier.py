"""The hashed-feature classifier: loading, learning, persistence, training CLI."""

from __future__ import annotations

import gzip
import json

from moderation.spam import SEED_MODEL_PATH, Classifier, train
from moderation.spam.features import tokens
from moderation.spam.training import main as train_main

SPAM = "Check out my channel and subscribe!!! http://my-videos.xyz"
HAM = "The left earbud is quieter than the right one since the firmware update."


def test_seed_model_separates_obvious_cases_and_is_cached() -> None:
    model = Classifier.load()
    assert model is Classifier.load()
    assert model.predict_proba(SPAM) > 0.8
    assert model.predict_proba(HAM) < 0.5
    assert 0.0 <= model.predict_proba("") <= 1.0


def test_seed_model_holds_hashed_weights_not_text() -> None:
    with gzip.open(SEED_MODEL_PATH, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    assert set(data) == {"format", "n_bits", "bias", "calibration", "index", "weights", "meta"}
    raw = SEED_MODEL_PATH.read_bytes()
    assert b"subscribe" not in gzip.decompress(raw)


def test_explain_names_the_spammy_tokens() -> None:
    reasons = Classifier.load().explain(SPAM, k=5)
    assert 0 < len(reasons) <= 5
    assert any("channel" in r or "subscribe" in r or "link" in r for r in reasons)


def test_allowed_domain_links_are_invisible_to_the_classifier() -> None:
    text = "How do I pair it? https://help.acme.com/articles/pairing"
    assert not any(t.startswith("l:") for t in tokens(text, allowed_domains=["acme.com"]))
    assert "l:link" in tokens(text)


def test_partial_fit_moves_a_prediction_and_save_load_round_trips(tmp_path) -> None:
    model = Classifier.from_file(SEED_MODEL_PATH)  # private copy, not the shared cache
    text = "限时特惠，点击领取会员礼包，先到先得"
    before = model.predict_proba(text)
    model.partial_fit([text], [True])
    after = model.predict_proba(text)
    assert after > before + 0.05
    model.partial_fit([HAM, HAM], [False, False])
    path = tmp_path / "model.json.gz"
    model.save(str(path))
    loaded = Classifier.from_file(path)
    for t in (text, HAM, SPAM, "混合 mixed text 123"):
        assert abs(loaded.predict_proba(t) - model.predict_proba(t)) < 1e-4
    assert loaded.meta["decisions"] == 3
    assert Classifier.load(str(path)) is Classifier.load(str(path))


def test_partial_fit_can_rescue_a_false_positive() -> None:
    model = Classifier.from_file(SEED_MODEL_PATH)
    text = "Subscribe to our release notes channel to get firmware news first!"
    for _ in range(5):
        model.partial_fit([text], [False])
    assert model.predict_proba(text) < 0.5


def test_train_writes_a_working_model(tmp_path) -> None:
    rows = [(f"buy cheap pills now {i} http://pills{i}.xyz", True) for i in range(20)]
    rows += [(f"my headphones broke after {i} days, warranty please", False) for i in range(20)]
    out = tmp_path / "m.json.gz"
    stats = train(rows, str(out))
    assert stats["rows"] == 40 and stats["spam"] == 20
    model = Classifier.from_file(out)
    assert model.predict_proba("cheap pills http://x.xyz") > model.predict_proba("headphones broke, warranty?")


def test_training_cli_accepts_tsv_and_decisions(tmp_path, capsys) -> None:
    tsv = tmp_path / "d.tsv"
    tsv.write_text(
        "label\tsource\ttext\n"
        + "".join(f"spam\tx\tfree followers now {i} www.f{i}.top\n" for i in range(10))
        + "".join(f"ham\tx\tthe case hinge broke on day {i}\n" for i in range(10)),
        encoding="utf-8",
    )
    decisions = tmp_path / "d.jsonl"
    decisions.write_text(
        json.dumps({"text": "casino bonus here", "spam": True})
        + "\n"
        + json.dumps({"text": "when is the next update?", "spam": False})
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "m.json.gz"
    args = ["--data", str(tsv), "--decisions", str(decisions), "--out", str(out)]
    assert train_main([*args, "--no-seed-data"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["rows"] == 22
    assert out.exists()
