"""Numbers typed by visitors: '²' passes str.isdigit() but not int(), and a 30-digit id overflows
the database driver. Each place that turns input into a number answers 4xx or ignores it."""

from __future__ import annotations

import pytest

from tests.factories import api_token, login

HUGE = "9" * 30
ODD = ["²", "١٢", HUGE, "-1", "1e3", " 7 "]


@pytest.fixture
def world(factory):  # type: ignore[no-untyped-def]
    factory.admin("odd_admin")
    cat = factory.category("Odd numbers")
    thread = factory.thread(category=cat)
    factory.reply(thread)
    return thread


@pytest.mark.parametrize("value", ODD)
def test_pages_and_ids_in_query_strings(client, world, value):
    login(client, "odd_admin")
    t = world
    for url in (
        f"/t/{t.id}/{t.slug}?page={value}",
        f"/t/{t.id}/reply?quote={value}",
        f"/desk/?page={value}",
        f"/desk/response-times?weeks={value}",
        f"/desk/canned/use?thread={value}&canned={value}",
        f"/staff/audit?target_id={value}",
        f"/staff/keypoints/mentions?product={value}&keypoint={value}&author={value}",
        f"/search?q=pair&category={value}",
        f"/latest?product={value}&page={value}",
        f"/new?category={value}&product={value}",
    ):
        resp = client.get(url)
        assert resp.status_code < 500, (url, resp.status_code)


@pytest.mark.parametrize("value", ODD)
def test_api_numbers(client, world, value):
    headers = api_token(client, "odd_admin")
    for url in (
        f"/api/v1/desk/queue?offset={value}",
        f"/api/v1/staff/keypoints/mentions?product={value}",
        f"/api/v1/staff/keypoints/mentions?keypoint={value}",
        f"/api/v1/search?q=pair&category={value}",
        f"/api/v1/threads?category={value}",
        f"/api/v1/threads?product={value}",
    ):
        resp = client.get(url, headers=headers)
        assert resp.status_code < 500, (url, resp.status_code)
    resp = client.post(
        "/api/v1/threads",
        json={"category": value, "kind": "question", "title": "Odd category", "body": "Which one?"},
        headers=headers,
    )
    assert 400 <= resp.status_code < 500 and "error" in resp.get_json()


def test_ids_parse_ascii_digits_within_the_column(ctx):
    from community.ids import looks_like_id, parse_id, parse_int, parse_page

    assert parse_id("42") == 42 and parse_id(42) == 42
    assert parse_id("0") is None and parse_id("²") is None and parse_id(HUGE) is None and parse_id(True) is None
    assert parse_int("0") == 0 and parse_int("2147483648") is None and parse_int("5", maximum=4) is None
    assert parse_page("²") == 1 and parse_page("3") == 3 and parse_page(HUGE) == 1
    assert looks_like_id(HUGE) and looks_like_id("12") and not looks_like_id("pulse-2") and not looks_like_id("²")
