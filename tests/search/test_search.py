"""Search features through the API and the page; runs on Whoosh (SQLite) and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from community.extensions import db
from community.search import postgres_backend
from community.search.query import MAX_QUERY_CHARS
from tests.search.helpers import api_search, ids, index_now, resync


@pytest.fixture
def forum(factory):  # type: ignore[no-untyped-def]
    cat = factory.category("Headphones", slug="headphones")
    other = factory.category("Speakers", slug="speakers")
    t1 = factory.thread(category=cat, title="Battery life is short", body="It lasts two hours.")
    t2 = factory.thread(
        category=cat,
        kind="discussion",
        title="Pairing with a laptop",
        body="The battery indicator is wrong after pairing.",
    )
    t3 = factory.thread(
        category=other,
        kind="experience",
        title="降噪耳机体验",
        body="这款的续航很差，但是降噪很好。",
    )
    r1 = factory.reply(t1, body="Update the firmware; battery life doubles.")
    r2 = factory.reply(t1, body="Noise cancelling drains the battery quickly.")
    index_now()
    return {"cat": cat, "other": other, "t1": t1, "t2": t2, "t3": t3, "r1": r1, "r2": r2}


def test_created_content_is_found(client, forum):
    data = api_search(client, "battery")
    assert ids(data) == {
        f"thread:{forum['t1'].id}",
        f"thread:{forum['t2'].id}",
        f"post:{forum['r1'].id}",
        f"post:{forum['r2'].id}",
    }
    assert data["total"] == 4
    for item in data["items"]:
        assert set(item) >= {"type", "id", "title", "snippet_html", "url", "score"}


def test_chinese_query_finds_word_inside_phrase(client, forum):
    data = api_search(client, "续航")
    assert ids(data) == {f"thread:{forum['t3'].id}"}
    assert "<mark>续航</mark>" in data["items"][0]["snippet_html"]


def test_full_width_query(client, forum):
    assert ids(api_search(client, "ＢＡＴＴＥＲＹ")) == ids(api_search(client, "battery"))


def test_title_match_ranks_above_body_match(client, forum):
    items = api_search(client, "battery", type="thread")["items"]
    assert [i["id"] for i in items] == [forum["t1"].id, forum["t2"].id]


def test_accepted_answer_ranks_up(client, forum):
    t1, r1, r2 = forum["t1"], forum["r1"], forum["r2"]
    before = [i["id"] for i in api_search(client, "battery", type="post")["items"]]
    accepted = r1 if before[0] == r2.id else r2
    t1.solution_post_id = accepted.id
    db.session.commit()
    resync("thread", t1.id)  # a thread re-sync also re-syncs its replies
    items = api_search(client, "battery", type="post")["items"]
    assert items[0]["id"] == accepted.id and items[0]["accepted"] is True


def test_sort_newest(client, forum):
    t1, t2 = forum["t1"], forum["t2"]
    t1.created_at = t1.created_at - timedelta(days=3)
    db.session.commit()
    resync("thread", t1.id)
    items = api_search(client, "battery", type="thread", sort="newest")["items"]
    assert [i["id"] for i in items] == [t2.id, t1.id]


def test_facets_have_counts(client, forum):
    facets = api_search(client, "battery")["facets"]
    assert {r["value"]: r["count"] for r in facets["type"]} == {"thread": 2, "post": 2}
    assert {r["value"]: r["count"] for r in facets["kind"]} == {"question": 3, "discussion": 1}
    cat = {r["value"]: (r["count"], r["label"]) for r in facets["category"]}
    assert cat == {str(forum["cat"].id): (4, "Headphones")}
    assert {r["value"]: r["count"] for r in facets["solved"]} == {"0": 4}


def test_filters(client, forum):
    assert ids(api_search(client, "battery", kind="discussion")) == {f"thread:{forum['t2'].id}"}
    assert api_search(client, "battery", category="speakers")["total"] == 0
    assert api_search(client, "battery", category=str(forum["cat"].id))["total"] == 4
    assert api_search(client, "battery", solved="false")["total"] == 4


def test_phrase_query(client, forum):
    data = api_search(client, '"battery life"')
    assert ids(data) == {f"thread:{forum['t1'].id}", f"post:{forum['r1'].id}"}


def test_longer_phrase_needs_the_words_in_order(client, factory):
    exact = factory.thread(title="Kwlong report", body="My battery life drains fast.")
    factory.thread(title="Kwlong other", body="The battery life is long, but life drains later.")
    factory.thread(title="Kwlong reversed", body="Life drains the battery life.")
    index_now()
    assert ids(api_search(client, '"battery life drains" kwlong')) == {f"thread:{exact.id}"}
    assert len(ids(api_search(client, '"battery life" kwlong'))) == 3


def test_chinese_phrase(client, forum):
    assert ids(api_search(client, '"续航很差"')) == {f"thread:{forum['t3'].id}"}
    assert ids(api_search(client, '"很差 续航"')) == set()


def test_exclusion(client, forum):
    data = api_search(client, "battery -pairing -noise")
    assert ids(data) == {f"thread:{forum['t1'].id}", f"post:{forum['r1'].id}"}


def test_did_you_mean(client, forum):
    data = api_search(client, "baterry")
    assert data["total"] == 0
    assert data["suggestion"] == "battery"
    assert api_search(client, "battery")["suggestion"] is None


def test_empty_result_suggests_asking(client, forum):
    data = api_search(client, "warranty claim")
    assert data["total"] == 0
    assert data["ask_url"] == "/new?kind=question&title=warranty+claim"
    page = client.get("/search?q=warranty+claim").get_data(as_text=True)
    assert "/new?kind=question&amp;title=warranty+claim" in page


def test_pagination(client, factory):
    cat = factory.category()
    made = {factory.thread(category=cat, title=f"Firmware question {n}", body="firmware").id for n in range(13)}
    index_now()
    p1 = api_search(client, "firmware")
    p2 = api_search(client, "firmware", page="2")
    assert p1["total"] == 13 and p1["pages"] == 2
    assert len(p1["items"]) == 10 and len(p2["items"]) == 3
    assert {i["id"] for i in p1["items"] + p2["items"]} == made


def test_snippets_are_sanitized(client, factory):
    t = factory.thread(
        title="Odd markup",
        body="<script>alert(1)</script> <img src=x onerror=alert(1)> speaker hum",
    )
    index_now()
    item = api_search(client, "hum")["items"][0]
    assert item["id"] == t.id
    assert "<script" not in item["snippet_html"] and "<img" not in item["snippet_html"]
    assert "<mark>hum</mark>" in item["snippet_html"]


def test_update_and_delete_follow_the_database(client, factory, forum):
    from community.forum import posts

    r2 = forum["r2"]
    posts.edit_post(r2.author, r2, "Bass is boomy now.")
    db.session.commit()
    index_now()
    assert f"post:{r2.id}" in ids(api_search(client, "boomy"))
    assert f"post:{r2.id}" not in ids(api_search(client, "drains"))
    posts.delete_post(r2.author, r2)
    db.session.commit()
    index_now()
    assert api_search(client, "boomy")["total"] == 0


def test_thread_title_edit_reaches_the_index(client, forum):
    from community.forum import posts

    t1 = forum["t1"]
    first = posts.first_post(t1)
    posts.edit_post(t1.author, first, "It lasts two hours.", title="Charging case rattles")
    db.session.commit()
    index_now()
    assert ids(api_search(client, "rattles")) == {f"thread:{t1.id}"}
    reply = next(i for i in api_search(client, "firmware")["items"] if i["type"] == "post")
    assert reply["title"] == "Charging case rattles"


BAD_QUERIES = [
    "(",
    '"',
    "*",
    ":",
    "&",
    "!",
    '"unbalanced',
    "a & b | !c",
    "foo:bar",
    "(battery",
    "battery*",
    "😀🎧🔋",
    "שלום עולם",
    "مرحبا battery",
    "'; DROP TABLE posts; --",
    "1' OR '1'='1",
    "SELECT * FROM users WHERE 1=1",
    "\\",
    "%",
    "_",
    "<script>alert(1)</script>",
    "-",
    "--",
    '""',
    "battery " * 1500,
    "x" * 10_000,
    "续" * 10_000,
]


@pytest.mark.parametrize("q", BAD_QUERIES, ids=lambda q: repr(q[:20]))
def test_bad_input_never_500(client, forum, q):
    resp = client.get("/api/v1/search", query_string={"q": q})
    assert resp.status_code in (200, 422), resp.get_data(as_text=True)
    data = resp.get_json()
    if resp.status_code == 422:
        assert data["error"]["message"]
    else:
        assert isinstance(data["items"], list)
    page = client.get("/search", query_string={"q": q})
    assert page.status_code == 200


def test_long_query_is_truncated_with_a_notice(client, forum):
    data = api_search(client, "battery " * 2000)
    assert data["total"] >= 1
    assert any(str(MAX_QUERY_CHARS) in n for n in data["notices"])
    page = client.get("/search", query_string={"q": "battery " * 2000}).get_data(as_text=True)
    assert f"first {MAX_QUERY_CHARS} characters" in page


@pytest.mark.parametrize("q", ["", "   ", "( * : & ! )", "-battery", "😀"])
def test_queries_without_words_get_a_clear_message(client, forum, q):
    resp = client.get("/api/v1/search", query_string={"q": q})
    assert resp.status_code == 422
    assert resp.get_json()["error"]["fields"]["q"]
    assert client.get("/search", query_string={"q": q}).status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"type": "user"},
        {"sort": "random"},
        {"page": "0"},
        {"page": "abc"},
        {"page": "9999"},
        {"category": "nope"},
        {"product": "x"},
        {"solved": "maybe"},
        {"kind": "rant"},
        {"rating": "9"},
    ],
)
def test_bad_filters_are_422(client, forum, params):
    resp = client.get("/api/v1/search", query_string={"q": "battery", **params})
    assert resp.status_code == 422
    assert resp.get_json()["error"]["code"] == "validation_failed"
    assert client.get("/search", query_string={"q": "battery", **params}).status_code == 422


def test_search_page_renders_results_facets_and_marks(client, forum):
    page = client.get("/search?q=battery").get_data(as_text=True)
    assert "Battery life is short" in page
    assert "<mark>" in page
    assert "Headphones" in page
    assert client.get("/search").status_code == 200
    assert client.get("/search?q=battery&sort=newest&kind=question").status_code == 200


def test_search_page_in_chinese_ui(client, forum):
    resp = client.get("/search?q=续航", headers={"Accept-Language": "zh"})
    assert resp.status_code == 200
    page = resp.get_data(as_text=True)
    assert "降噪耳机体验" in page
    assert "1 条结果" in page


def test_similar_questions_are_solved_questions(client, factory):
    cat = factory.category()
    solved = factory.thread(category=cat, title="Battery drains overnight", body="Even when off.")
    unsolved = factory.thread(category=cat, title="Battery drains in the cold", body="Winter.")
    answer = factory.reply(solved, body="Turn off wear detection.")
    solved.solution_post_id = answer.id
    db.session.commit()
    index_now()
    resync("thread", solved.id)
    items = client.get(
        "/api/v1/search/similar", query_string={"title": "why does my battery drain so fast"}
    ).get_json()["items"]
    assert [i["id"] for i in items] == [solved.id]
    assert unsolved.id not in [i["id"] for i in items]
    for bad in ["", "((", "x" * 10_000, "😀"]:
        resp = client.get("/api/v1/search/similar", query_string={"title": bad})
        assert resp.status_code == 200


def test_new_thread_page_has_similar_link_and_script(client, factory):
    from tests.factories import login

    factory.user("asker")
    factory.category()
    login(client, "asker")
    page = client.get("/new").get_data(as_text=True)
    assert 'id="similar-questions"' in page
    assert "Search for similar questions" in page
    assert "/static/js/search.js" in page


def test_very_common_word_counts_to_a_bound_and_says_so(app, client, factory, monkeypatch):
    """PostgreSQL ranks and facet-counts at most SEARCH_CANDIDATE_LIMIT matches, the newest, so a
    word in 15% of a million posts stays fast; the total is then flagged as a lower bound. Whoosh
    still counts every match."""
    monkeypatch.setitem(app.config, "SEARCH_CANDIDATE_LIMIT", 4)
    cat = factory.category()
    made = [factory.thread(category=cat, title=f"Firmware question {n}", body="firmware") for n in range(6)]
    for age, thread in enumerate(reversed(made)):
        thread.created_at = thread.created_at - timedelta(days=age)
    db.session.commit()
    for thread in made:
        resync("thread", thread.id)
    capped = app.config["SEARCH_BACKEND"] == "postgres"
    data = api_search(client, "firmware", type="thread")
    assert data["total_lower_bound"] is capped
    assert data["total"] == (4 if capped else 6)
    assert sum(r["count"] for r in data["facets"]["type"]) == data["total"]
    newest = [i["id"] for i in api_search(client, "firmware", type="thread", sort="newest")["items"]]
    assert newest == [t.id for t in reversed(made)][: data["total"]]
    page = client.get("/search?q=firmware&type=thread").get_data(as_text=True)
    assert ("4+ results" in page) is capped and ("6 results" in page) is not capped
    few = api_search(client, '"firmware question 2"')
    assert few["total"] == 1 and few["total_lower_bound"] is False


def test_a_rare_correct_word_is_not_corrected(client, factory, monkeypatch):
    """PostgreSQL's "did you mean" vocabulary comes from the newest VOCABULARY_SAMPLE documents (all
    of them took seconds at 1M posts); a word only older documents have is still known."""
    monkeypatch.setattr(postgres_backend, "VOCABULARY_SAMPLE", 2)
    cat = factory.category()
    old = factory.thread(category=cat, title="Pancake batter", body="The batter was lumpy.")
    old.created_at = old.created_at - timedelta(days=30)
    db.session.commit()
    resync("thread", old.id)
    factory.thread(category=cat, title="Battery drain", body="The battery drains fast.")
    factory.thread(category=cat, title="Battery swap", body="Can I swap the battery?")
    index_now()
    assert api_search(client, "batter")["suggestion"] is None
    assert api_search(client, "baterry")["suggestion"] == "battery"
