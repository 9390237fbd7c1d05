"""The desk and its API are staff only: a member gets 403 on every route, a visitor is sent
to sign in."""

from __future__ import annotations

import pytest

from tests.factories import api_token, login
from tests.keypoint_desk.helpers import keypoint

PAGES = [
    "/staff/keypoints",
    "/staff/keypoints/mentions",
    "/staff/keypoints/export.csv",
    "/staff/keypoints/voices",
    "/staff/keypoints/catalog",
    "/staff/keypoints/alerts/1",
]
POSTS = [
    "/staff/keypoints/mentions/1/correct",
    "/staff/keypoints/alerts/1/ack",
    "/staff/keypoints/catalog",
    "/staff/keypoints/catalog/1",
    "/staff/keypoints/discover/adopt",
]


@pytest.mark.parametrize("role", ["member", "ambassador"])
def test_members_and_ambassadors_get_403_everywhere(client, factory, role):
    keypoint("battery life", "续航")
    factory.user("customer", role=role)
    login(client, "customer")
    for url in PAGES:
        assert client.get(url).status_code == 403, url
    for url in POSTS:
        assert client.post(url, data={"term": "x", "name_en": "x", "polarity": "negative"}).status_code == 403, url
    headers = api_token(client, "customer")
    assert (
        client.post("/api/v1/staff/keypoints/analyze", json={"text": "Great battery."}, headers=headers).status_code
        == 403
    )
    assert client.get("/api/v1/staff/keypoints", headers=headers).status_code == 403
    assert client.get("/api/v1/staff/keypoints/mentions", headers=headers).status_code == 403


def test_visitor_is_asked_to_sign_in(client, factory):
    assert client.get("/staff/keypoints").status_code == 302
    assert client.post("/api/v1/staff/keypoints/analyze", json={"text": "x"}).status_code == 401
    assert client.get("/api/v1/staff/keypoints").status_code == 401


def test_staff_sees_every_page(client, factory):
    keypoint("battery life", "续航")
    factory.user("staffer", role="moderator")
    login(client, "staffer")
    for url in PAGES[:-1]:
        assert client.get(url).status_code == 200, url
    assert client.get("/staff/keypoints/alerts/999").status_code == 404
    page = client.get("/staff/keypoints").get_data(as_text=True)
    assert "battery life · 续航" in page
    assert 'style="' not in page and "<script>" not in page  # CSP: no inline style or script


def test_desk_forms_need_the_csrf_token(client, factory, app):
    keypoint("battery life", "续航")
    factory.user("staffer", role="moderator")
    login(client, "staffer")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert client.post("/staff/keypoints/catalog", data={"name_en": "case"}).status_code == 400
        page = client.get("/staff/keypoints/catalog").get_data(as_text=True)
        assert 'name="csrf_token"' in page
        resp = client.post("/api/v1/staff/keypoints/analyze", json={"text": "Great battery."})
        assert resp.status_code == 400 and resp.get_json()["error"]["code"] == "csrf_failed"
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
