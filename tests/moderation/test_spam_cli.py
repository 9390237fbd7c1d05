"""`flask spam export` writes the moderators' decisions as labelled TSV, and `flask spam train`
retrains a model from it (plus an optional data folder) that loads and classifies."""

import json

from community.extensions import db
from moderation.models import SpamDecision
from moderation.spam import Classifier, check
from moderation.spam.data import read_tsv
from tests.moderation.conftest import BILINGUAL, CRITICISM, LINK_EN, SEO_ZH

SPAM = [
    SEO_ZH,
    LINK_EN,
    "澳门赌场|百家乐|六合彩|真人视讯\n加微信 abc123 送彩金",
    "Make money fast!!! click http://easy-cash.top\tnow",
    "cheap replica watches http://watch-deals.biz free shipping",
]
HAM = [
    BILINGUAL,
    CRITICISM,
    "How do I pair the X2 with my laptop?\nIt keeps dropping.",
    "耳机的续航怎么样？\t有没有人测过？",
    "Thanks, the firmware update fixed the noise.",
]


def _store_decisions(mod) -> None:  # type: ignore[no-untyped-def]
    for text in SPAM:
        db.session.add(SpamDecision(text=text, spam=True, target_type="post", target_id=None, moderator_id=mod.id))
    for text in HAM:
        db.session.add(SpamDecision(text=text, spam=False, target_type="post", target_id=None, moderator_id=mod.id))
    db.session.add(SpamDecision(text="   \n ", spam=True, target_type="post", target_id=None, moderator_id=mod.id))
    db.session.commit()


def test_export_writes_labelled_tsv_the_trainer_reads(app, mod, tmp_path):
    _store_decisions(mod)
    out = tmp_path / "decisions.tsv"
    result = app.test_cli_runner().invoke(args=["spam", "export", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Exported 10 decisions" in result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "label\tsource\ttext" and len(lines) == 11
    assert all(len(line.split("\t")) == 3 for line in lines)  # tabs and newlines inside posts are flattened
    rows = list(read_tsv(str(out)))
    assert [r.spam for r in rows] == [True] * 5 + [False] * 5
    assert {r.source for r in rows} == {"decision"}
    assert rows[2].text == "澳门赌场|百家乐|六合彩|真人视讯 加微信 abc123 送彩金"
    assert rows[0].text == SEO_ZH and rows[5].text == BILINGUAL


def test_export_with_no_decisions_writes_only_the_header(app, tmp_path):
    out = tmp_path / "empty.tsv"
    result = app.test_cli_runner().invoke(args=["spam", "export", "--out", str(out)])
    assert result.exit_code == 0 and "Exported 0 decisions" in result.output
    assert out.read_text(encoding="utf-8") == "label\tsource\ttext\n"


def test_round_trip_decisions_export_train_load_classify(app, mod, tmp_path):
    _store_decisions(mod)
    runner = app.test_cli_runner()
    exported = tmp_path / "decisions.tsv"
    assert runner.invoke(args=["spam", "export", "--out", str(exported)]).exit_code == 0
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "extra.tsv").write_text(
        "label\tsource\ttext\n"
        "spam\textra\t六合彩 百家乐 网址 www.bet365x.cc 注册送彩金\n"
        "ham\textra\t我的 X2 右耳没有声音，售后怎么联系？\n",
        encoding="utf-8",
    )
    (folder / "notes.txt").write_text("not training data", encoding="utf-8")
    model_file = tmp_path / "model" / "spam_model.json.gz"
    result = runner.invoke(
        args=["spam", "train", "--decisions", str(exported), "--data", str(folder), "--out", str(model_file)]
    )
    assert result.exit_code == 0, result.output
    stats = json.loads(result.output.strip().splitlines()[-1])
    assert stats["spam"] == 6 and stats["ham"] >= 6 + 40  # decisions + folder + the shipped forum posts
    model = Classifier.from_file(model_file)
    assert model.predict_proba(SEO_ZH) > 0.5 > model.predict_proba(BILINGUAL)
    assert model.predict_proba(LINK_EN) > model.predict_proba("Thanks, the firmware update fixed the noise.")
    assert check(BILINGUAL, trust_level=0, classifier=model).action == "allow"
    assert check(SEO_ZH, trust_level=0, classifier=model).action == "block"

    # The app uses the retrained model when it is where it loads its model from.
    from moderation.learning import classifier

    app.config["SPAM_MODEL_PATH"] = str(model_file)
    app.extensions.pop("spam_classifier", None)
    with app.app_context():
        assert classifier().weights == model.weights


def test_train_from_the_database_into_the_app_model_path(app, mod, tmp_path, monkeypatch):
    _store_decisions(mod)
    target = tmp_path / "site_model.json.gz"
    monkeypatch.setitem(app.config, "SPAM_MODEL_PATH", str(target))
    result = app.test_cli_runner().invoke(args=["spam", "train", "--from-db", "--no-seed-data"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output.strip().splitlines()[-1])["rows"] == 10
    assert Classifier.from_file(target).predict_proba(SEO_ZH) > 0.5


def test_train_without_rows_is_a_clear_error(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["spam", "train", "--no-seed-data", "--out", str(tmp_path / "m.gz")])
    assert result.exit_code != 0 and "No training rows" in result.output
    assert not (tmp_path / "m.gz").exists()


def test_python_trainer_takes_a_folder(tmp_path):
    from moderation.spam.training import main

    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "a.tsv").write_text("label\tsource\ttext\nspam\tx\t" + SEO_ZH + "\nham\tx\t" + BILINGUAL + "\n")
    out = tmp_path / "m.json.gz"
    assert main(["--data", str(folder), "--out", str(out), "--no-seed-data"]) == 0
    assert Classifier.from_file(out).predict_proba(SEO_ZH) > Classifier.from_file(out).predict_proba(BILINGUAL)
