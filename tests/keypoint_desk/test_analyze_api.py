"""POST /api/v1/staff/keypoints/analyze: the tagger through the API (negation, contrast, mixed
language), nothing stored, and bad input answered with 400/413/422, never 500."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from community.extensions import db
from moderation.keypoint_desk.models import KeyPointMention
from tests.factories import api_token

URL = "/api/v1/staff/keypoints/analyze"


@pytest.fixture
def staff(client, factory):  # type: ignore[no-untyped-def]
    factory.user("staffer", role="moderator")
    return api_token(client, "staffer")


def _polarities(client, staff, text, aspects):  # type: ignore[no-untyped-def]
    resp = client.post(URL, json={"text": text, "aspects": aspects}, headers=staff)
    assert resp.status_code == 200, resp.get_json()
    data = resp.get_json()
    assert [m["aspect"] for m in data["mentions"]] == aspects  # exactly one per aspect, same order
    return [m["polarity"] for m in data["mentions"]]


def test_negation(client, staff):
    assert _polarities(client, staff, "The battery life is good.", ["battery life"]) == ["positive"]
    assert _polarities(client, staff, "The battery life is not good.", ["battery life"]) == ["negative"]
    assert _polarities(client, staff, "The battery is not bad.", ["battery"]) == ["positive"]
    assert _polarities(client, staff, "续航不好。", ["续航"]) == ["negative"]
    assert _polarities(client, staff, "这个耳机不吵", ["耳机"]) == ["positive"]


def test_chinese_double_negation(client, staff):
    assert _polarities(client, staff, "续航不差。", ["续航"]) == ["positive"]


def test_contrast_praise_one_blame_another(client, staff):
    assert _polarities(client, staff, "The sound is great but the comfort is awful.", ["sound", "comfort"]) == [
        "positive",
        "negative",
    ]
    assert _polarities(client, staff, "The comfort is awful, but the sound is great.", ["comfort", "sound"]) == [
        "negative",
        "positive",
    ]
    assert _polarities(client, staff, "降噪效果不错，但是佩戴不舒服", ["降噪", "佩戴"]) == [
        "positive",
        "negative",
    ]


def test_mixed_language(client, staff):
    assert _polarities(client, staff, "音质很好 but the battery is bad", ["音质", "battery"]) == [
        "positive",
        "negative",
    ]


def test_discovery_mode_and_nothing_stored(client, staff):
    resp = client.post(URL, json={"text": "The battery life is great but the comfort is terrible."}, headers=staff)
    data = resp.get_json()
    assert data["lang"] == "en"
    found = {m["aspect"]: m for m in data["mentions"]}
    assert found["battery life"]["polarity"] == "positive"
    m = found["battery life"]
    assert data["mentions"] and set(m) == {
        "aspect",
        "polarity",
        "sentence",
        "start",
        "end",
        "score",
    }
    text = "The battery life is great but the comfort is terrible."
    assert text[m["start"] : m["end"]] == "battery life"
    assert db.session.scalar(select(KeyPointMention.id)) is None
    assert client.post(URL, json={"text": "", "aspects": []}, headers=staff).get_json()["mentions"] == []


def test_bad_input(client, staff):
    cases = [
        ({"aspects": ["x"]}, 422),
        ({"text": 42}, 422),
        ({"text": "ok", "aspects": "battery"}, 422),
        ({"text": "ok", "aspects": [1, 2]}, 422),
        ({"text": "ok", "aspects": [""]}, 422),
        ({"text": "ok", "aspects": ["a" * 500]}, 422),
        ({"text": "ok", "aspects": [f"a{i}" for i in range(51)]}, 422),
        ({"text": "ok", "lang": "fr"}, 422),
        ({"text": "x" * 20_001}, 413),
        ({"text": "ok", "aspects": [{"a": 1}]}, 422),
    ]
    for body, status in cases:
        resp = client.post(URL, json=body, headers=staff)
        assert resp.status_code == status, (
            body if len(str(body)) < 200 else "huge",
            resp.get_json(),
        )
        assert resp.get_json()["error"]["code"]
    assert client.post(URL, data="{not json", headers={**staff, "Content-Type": "application/json"}).status_code == 400
    assert client.post(URL, json=["text"], headers=staff).status_code == 400
    assert (
        client.post(URL, data=b"x" * 400_000, headers={**staff, "Content-Type": "application/json"}).status_code == 413
    )
    ok = client.post(URL, json={"text": "ok", "aspects": [f"a{i}" for i in range(50)]}, headers=staff)
    assert ok.status_code == 200 and len(ok.get_json()["mentions"]) == 50


def test_openapi_describes_the_endpoints(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    for path in ("/staff/keypoints/analyze", "/staff/keypoints", "/staff/keypoints/mentions"):
        assert path in doc["paths"]
    assert "KeyPointAnalysis" in doc["components"]["schemas"]
