"""Staff actions on the desk: key point catalogue (public limit), discovery adoption, corrections,
CSV export, "What customers say", and the CLI (retag, train, alerts)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from sqlalchemy import select

from community.extensions import db
from community.timeutil import utcnow
from moderation.audit import AuditEntry
from moderation.keypoint_desk.models import KeyPoint, KeyPointMention, MentionCorrection
from moderation.keypoint_desk.public import what_customers_say
from tests.factories import login
from tests.keypoint_desk.helpers import drain, keypoint, thread_at


def _staff(client, factory):  # type: ignore[no-untyped-def]
    factory.user("staffer", role="moderator")
    db.session.commit()
    login(client, "staffer")


def test_catalog_create_retags_and_limits_public_to_three(client, factory):
    cat = factory.category()
    thread_at(
        factory.user("alice"),
        cat,
        "The earcups are soft and the earcups fold flat.",
        utcnow(),
        product_id=3,
    )
    _staff(client, factory)
    resp = client.post(
        "/staff/keypoints/catalog",
        data={
            "name_en": "earcups",
            "name_zh": "耳罩",
            "synonyms": "ear cups，耳垫",
            "product_id": "3",
            "public": "1",
        },
    )
    assert resp.status_code == 302
    drain()
    kp = db.session.scalar(select(KeyPoint))
    assert kp.synonyms == ["ear cups", "耳垫"] and kp.public and kp.product_id == 3
    assert (
        db.session.scalar(select(KeyPointMention.keypoint_id).where(KeyPointMention.aspect_key == "earcups")) == kp.id
    )
    assert db.session.scalar(select(AuditEntry.target_id).where(AuditEntry.action == "keypoints.create")) == kp.id
    db.session.commit()
    for name in ("b", "c"):
        assert client.post("/staff/keypoints/catalog", data={"name_en": name, "public": "1"}).status_code == 302
    resp = client.post("/staff/keypoints/catalog", data={"name_en": "fourth", "product_id": "3", "public": "1"})
    assert resp.status_code == 422 and "at most 3" in resp.get_data(as_text=True)
    # a new brand-wide public key point would show on product 3 as a fourth
    assert client.post("/staff/keypoints/catalog", data={"name_en": "d", "public": "1"}).status_code == 422
    assert client.post("/staff/keypoints/catalog", data={"name_en": "", "name_zh": ""}).status_code == 422
    assert client.post("/staff/keypoints/catalog", data={"name_en": "x", "product_id": "abc"}).status_code == 422
    unknown = client.post("/staff/keypoints/catalog", data={"name_en": "x", "product_id": "424242"})
    assert unknown.status_code == 422
    resp = client.post(f"/staff/keypoints/catalog/{kp.id}", data={"action": "delete"})
    assert resp.status_code == 302
    assert db.session.get(KeyPoint, kp.id) is None


def test_discovery_suggests_and_adopts(client, factory):
    keypoint("battery life", "续航", ["battery"])
    cat = factory.category()
    for name in ("alice", "bob", "carol"):  # three customers: word of mouth, not one habit
        thread_at(factory.user(name), cat, "The hinge is flimsy.", utcnow())
    drain()
    _staff(client, factory)
    page = client.get("/staff/keypoints").get_data(as_text=True)
    assert "“hinge”" in page
    assert client.post("/staff/keypoints/discover/adopt", data={"term": "hinge"}).status_code == 302
    drain()
    kp = db.session.scalar(select(KeyPoint).where(KeyPoint.name_en == "hinge"))
    assert kp is not None
    n = db.session.scalar(select(db.func.count(KeyPointMention.id)).where(KeyPointMention.keypoint_id == kp.id))
    assert n == 3
    db.session.commit()
    assert (
        "“hinge”"
        not in client.get("/staff/keypoints").get_data(as_text=True).split("New aspects customers talk about")[1]
    )
    assert client.post("/staff/keypoints/discover/adopt", data={"term": "hinge"}).status_code == 302  # flashed, no dup
    assert db.session.scalar(select(db.func.count(KeyPoint.id)).where(KeyPoint.name_en == "hinge")) == 1


def test_correction_is_stored_survives_retag_and_trains(client, factory, app, tmp_path):
    kp = keypoint("noise cancelling", "降噪", ["noise"])
    cat = factory.category()
    thread_at(factory.user("alice"), cat, "The noise cancelling is not bad at all.", utcnow())
    drain()
    m = db.session.scalar(select(KeyPointMention).where(KeyPointMention.keypoint_id == kp.id))
    mention_id, wrong, aspect = m.id, m.polarity, m.aspect
    _staff(client, factory)
    target = "positive" if wrong != "positive" else "negative"
    assert client.post(f"/staff/keypoints/mentions/{mention_id}/correct", data={"polarity": target}).status_code == 302
    c = db.session.scalar(select(MentionCorrection))
    assert (c.polarity, c.original_polarity, c.aspect) == (target, wrong, aspect)
    assert c.text[c.start : c.end] == aspect
    # re-tagging keeps the staff's word
    runner = app.test_cli_runner()
    result = runner.invoke(args=["keypoints", "retag"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    m = db.session.scalar(select(KeyPointMention).where(KeyPointMention.keypoint_id == kp.id))
    assert m.polarity == target and m.corrected
    # bad corrections are refused
    db.session.commit()
    assert client.post(f"/staff/keypoints/mentions/{m.id}/correct", data={"polarity": "angry"}).status_code == 302
    assert (
        client.post(
            f"/staff/keypoints/mentions/{m.id}/correct",
            data={"polarity": "negative", "aspect": "price"},
        ).status_code
        == 302
    )
    assert db.session.scalar(select(db.func.count(MentionCorrection.id))) == 1
    assert client.post("/staff/keypoints/mentions/99999/correct", data={"polarity": "negative"}).status_code == 404
    # training from the stored corrections alone writes the model where the app loads it
    db.session.add(
        MentionCorrection(
            source_type="post",
            source_id=0,
            text="The battery is awful.",
            aspect="battery",
            start=4,
            end=11,
            polarity="negative" if target == "positive" else "positive",
            lang="en",
            original_aspect="battery",
            original_polarity="neutral",
        )
    )
    db.session.commit()
    result = runner.invoke(args=["keypoints", "train"])
    assert result.exit_code == 0, result.output
    assert "Trained on 2 corrections" in result.output
    from moderation.keypoint_desk.tagging import model_path

    assert model_path() == str(tmp_path / "keypoints_model.zip")  # the app's instance folder in tests
    assert runner.invoke(args=["keypoints", "train", "--data", str(tmp_path / "nope")]).exit_code != 0


def test_csv_export_with_filters(client, factory):
    keypoint("battery life", "续航", ["battery"])
    cat = factory.category()
    alice = factory.user("alice")
    now = utcnow()
    thread_at(alice, cat, "The battery life is terrible.", now, product_id=1)
    thread_at(alice, cat, "=HYPERLINK(1) The battery life is great.", now, product_id=1)
    thread_at(alice, cat, "续航很差。", now - timedelta(days=40), product_id=2)
    drain()
    _staff(client, factory)
    rows = list(
        csv.reader(io.StringIO(client.get("/staff/keypoints/export.csv").get_data(as_text=True).lstrip("\ufeff")))
    )
    assert rows[0][:3] == ["mention_id", "created_at", "source_type"]
    body = rows[1:]
    assert sum(1 for r in body if r[7]) == 3  # three key point mentions (plus any discovered terms)

    def export(qs):  # type: ignore[no-untyped-def]
        text = client.get("/staff/keypoints/export.csv?" + qs).get_data(as_text=True).lstrip("\ufeff")
        return list(csv.reader(io.StringIO(text)))[1:]

    assert [r[9] for r in export("polarity=negative&product=1")] == ["negative"]
    assert [r[8] for r in export("lang=zh")] == ["续航"]
    other = keypoint("comfort", "舒适")
    thread_at(alice, cat, "The comfort is great.", now, product_id=1)
    drain()
    assert [(r[6], r[8]) for r in export(f"keypoint={other.id}")] == [(str(other.id), "comfort")]
    kp_id = next(r[6] for r in export("lang=zh"))
    assert len(export(f"keypoint={kp_id}")) == 3 and len(export(f"keypoint={kp_id}&polarity=positive")) == 1
    until = (now - timedelta(days=30)).date().isoformat()
    assert [r[8] for r in export(f"until={until}")] == ["续航"]  # only the 40-day-old post
    assert export("since=2000-01-01&until=2000-01-31") == []
    since = (now - timedelta(days=7)).date().isoformat()
    assert all(r[5] == "1" for r in export(f"since={since}"))
    assert all(not r[13].startswith("=") for r in body)  # no formula injection
    resp = client.get("/staff/keypoints/export.csv")
    assert resp.mimetype == "text/csv" and "attachment" in resp.headers["Content-Disposition"]


def test_what_customers_say(client, factory):
    kp = keypoint("comfort", "舒适", ["佩戴"], product_id=5, public=True)
    keypoint("app", "应用", product_id=5, public=False)
    cat = factory.category()
    alice = factory.user("alice")
    now = utcnow()
    thread_at(alice, cat, "The comfort is wonderful.", now, product_id=5)
    thread_at(alice, cat, "The comfort is great.", now, product_id=5)
    thread_at(alice, cat, "佩戴很不舒服。", now, product_id=5)
    thread_at(alice, cat, "The comfort is awful.", now, product_id=6)
    drain()
    [say] = what_customers_say(5)
    assert (say["keypoint_id"], say["positive"], say["negative"]) == (kp.id, 2, 1)
    assert say["positive_quote"]["text"] in ("The comfort is wonderful.", "The comfort is great.")
    assert say["negative_quote"]["text"] == "佩戴很不舒服。"
    assert what_customers_say(999) == []
    from flask import render_template_string

    with app_request(client):
        html = render_template_string('{% set product_id = 5 %}{% include "keypoint_desk/what_customers_say.html" %}')
    assert "What customers say" in html and "<mark>佩戴</mark>" in html


def app_request(client):  # type: ignore[no-untyped-def]
    return client.application.test_request_context("/")


def test_alerts_cli(app, factory, ctx):
    result = app.test_cli_runner().invoke(args=["keypoints", "alerts"])
    assert result.exit_code == 0 and "0 alert(s)." in result.output
