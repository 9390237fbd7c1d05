"""The desk's figures: exact counts per polarity, weekly trend, change against the previous period,
per product and brand-wide; every figure links to the mentions behind it."""

from __future__ import annotations

from datetime import timedelta

from community.extensions import db
from moderation.keypoint_desk.alerts import week_start
from moderation.keypoint_desk.figures import keypoint_figures, parse_period
from tests.factories import api_token, login
from tests.keypoint_desk.helpers import drain, keypoint, thread_at

GOOD = "The battery life is great."
BAD = "The battery life is terrible."


def _world(factory, when):  # type: ignore[no-untyped-def]
    kp = keypoint("battery life", "续航", ["battery", "电池"])
    cat = factory.category()
    alice, bob = factory.user("alice"), factory.user("bob")
    for body in (BAD, BAD, BAD, GOOD, GOOD):
        thread_at(alice, cat, body, when, product_id=7)
    thread_at(bob, cat, GOOD, when - timedelta(weeks=2), product_id=7)
    thread_at(bob, cat, "续航非常好。", when - timedelta(weeks=9), product_id=7)  # previous period
    thread_at(bob, cat, GOOD, when - timedelta(weeks=9, days=1), product_id=7)
    thread_at(alice, cat, BAD, when, product_id=8)
    thread_at(alice, cat, BAD, when - timedelta(weeks=30), product_id=8)  # outside both periods
    drain()
    return kp


def test_counts_trend_and_change(factory, ctx, this_week):
    kp = _world(factory, this_week)
    period = parse_period(None, None)
    assert period.until - period.since == timedelta(weeks=8)
    [f7] = [f for f in keypoint_figures(7, period) if f.keypoint.id == kp.id]
    assert f7.counts == {"positive": 3, "negative": 3, "neutral": 0, "conflict": 0}
    assert (f7.total, f7.net, f7.net_share) == (6, 0, 0.0)
    assert f7.previous == {"positive": 2, "negative": 0, "neutral": 0, "conflict": 0}
    assert f7.change == {
        "positive": 1,
        "negative": 3,
        "neutral": 0,
        "conflict": 0,
        "total": 4,
        "net": -2,
    }
    weeks = [t["week"] for t in f7.trend]
    assert len(weeks) == 8 and weeks[0] == period.since
    idx = weeks.index(week_start(this_week))
    assert (f7.trend[idx]["positive"], f7.trend[idx]["negative"], f7.trend[idx]["total"]) == (
        2,
        3,
        5,
    )
    assert f7.trend[idx - 2]["positive"] == 1
    assert sum(t["total"] for t in f7.trend) == f7.total

    [brand] = keypoint_figures(None, period)
    assert brand.counts["negative"] == 4 and brand.counts["positive"] == 3 and brand.net == -1
    [f8] = keypoint_figures(8, period)
    assert (f8.total, f8.previous_total) == (1, 0)


def test_desk_page_and_api_show_exact_linked_counts(client, factory, this_week):
    kp = _world(factory, this_week)
    factory.user("staffer", role="moderator")
    db.session.commit()
    login(client, "staffer")
    html = client.get("/staff/keypoints?product=7").get_data(as_text=True)
    assert f"/staff/keypoints/mentions?polarity=negative&amp;keypoint={kp.id}&amp;product=7" in html
    assert "<svg" in html and "kp-bar-neg" in html
    # the figure's link leads to exactly those posts, sentence highlighted
    link = f"/staff/keypoints/mentions?polarity=negative&keypoint={kp.id}&product=7"
    page = client.get(link).get_data(as_text=True)
    assert "3 mentions" in page
    assert page.count("<mark>battery life</mark>") == 3
    assert "alice" in page
    headers = api_token(client, "staffer")
    data = client.get("/api/v1/staff/keypoints?product=7", headers=headers).get_json()
    [item] = [i for i in data["items"] if i["keypoint"]["id"] == kp.id]
    assert item["counts"]["negative"] == 3 and item["previous"]["total"] == 2 and item["change"]["net"] == -2
    assert len(item["trend"]) == 8 and len(item["samples"]["negative"]) == 3
    listed = client.get(
        "/api/v1/staff/keypoints/mentions?product=7&polarity=negative&limit=2", headers=headers
    ).get_json()
    assert listed["total"] == 3 and len(listed["items"]) == 2 and listed["next_cursor"]
    rest = client.get(
        f"/api/v1/staff/keypoints/mentions?product=7&polarity=negative&limit=2&cursor={listed['next_cursor']}",
        headers=headers,
    ).get_json()
    assert len(rest["items"]) == 1 and rest["next_cursor"] is None
    by_aspect = client.get("/api/v1/staff/keypoints/mentions?aspect=Battery%20Life", headers=headers).get_json()
    assert by_aspect["total"] == 9  # every product and time; the Chinese post's aspect is 续航


def test_bad_query_input_is_422_not_500(client, factory):
    factory.user("staffer", role="moderator")
    login(client, "staffer")
    headers = api_token(client, "staffer")
    for url in (
        "/api/v1/staff/keypoints?product=abc",
        "/api/v1/staff/keypoints?since=yesterday",
        "/api/v1/staff/keypoints?since=2026-02-01&until=2026-01-01",
        "/api/v1/staff/keypoints?weeks=0",
        "/api/v1/staff/keypoints/mentions?polarity=angry",
        "/api/v1/staff/keypoints/mentions?keypoint=x",
    ):
        assert client.get(url, headers=headers).status_code == 422, url
    assert client.get("/api/v1/staff/keypoints/mentions?cursor=zzz", headers=headers).status_code == 400
    assert client.get("/staff/keypoints?product=abc").status_code == 422
    assert client.get("/staff/keypoints/mentions?since=nonsense").status_code == 422


def test_trend_bars_and_previous_period_link_to_their_posts(client, factory, this_week):
    """Every figure links to the posts behind it: a week's bar to that week's mentions, the
    "before" figure to the previous period's, each mention to its author, date, post and thread."""
    import html as html_lib
    import re

    kp = _world(factory, this_week)
    factory.user("staffer", role="moderator")
    db.session.commit()
    login(client, "staffer")
    page = client.get("/staff/keypoints?product=7").get_data(as_text=True)
    week = week_start(this_week).date()
    until = (week_start(this_week) + timedelta(days=6)).date()
    bar = f"/staff/keypoints/mentions?keypoint={kp.id}&amp;product=7&amp;since={week}&amp;until={until}"
    assert bar in page
    week_page = client.get(html_lib.unescape(bar)).get_data(as_text=True)
    assert "5 mentions" in week_page and week_page.count("<mark>battery life</mark>") == 5
    before = re.search(
        r'href="(/staff/keypoints/mentions\?keypoint=\d+&amp;product=7&amp;since=[^"]+)">before: 2\+', page
    )
    assert before, "the previous period's figure links to its posts"
    prev_page = client.get(html_lib.unescape(before.group(1))).get_data(as_text=True)
    assert "2 mentions" in prev_page and "<mark>续航</mark>非常好" in prev_page and "/u/bob" in prev_page
    assert re.search(r'href="/t/\d+"', week_page) and "<time" in week_page and "/u/alice" in week_page
