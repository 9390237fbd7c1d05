"""The JSON API of the forum core, including its error shape and bad input."""

from __future__ import annotations

import pytest

from tests.factories import PASSWORD, api_token


def err(resp, status, code=None):
    assert resp.status_code == status, resp.get_data(as_text=True)
    body = resp.get_json()
    assert set(body) == {"error"} and "message" in body["error"] and "code" in body["error"]
    if code:
        assert body["error"]["code"] == code
    return body["error"]


def test_register_token_me(client):
    r = client.post(
        "/api/v1/auth/register", json={"username": "api_user", "email": "a@example.com", "password": PASSWORD}
    )
    assert r.status_code == 201 and r.get_json()["user"]["username"] == "api_user"
    headers = api_token(client, "api_user")
    me = client.get("/api/v1/me", headers=headers).get_json()["user"]
    assert me["role"] == "member" and me["trust_level"] == 0 and me["reputation"] == 0


def test_bad_credentials_same_answer_for_unknown_user(client, factory):
    factory.user("known")
    a = client.post("/api/v1/auth/token", json={"username": "known", "password": "wrong-password-1"})
    b = client.post("/api/v1/auth/token", json={"username": "unknown", "password": "wrong-password-1"})
    assert err(a, 401) == err(b, 401)


def test_register_validation_and_conflict(client, factory):
    factory.user("taken", email="taken@example.com")
    e = err(
        client.post("/api/v1/auth/register", json={"username": "x", "email": "nope", "password": "123"}),
        422,
        "validation_failed",
    )
    assert {"username", "email", "password"} <= set(e["fields"])
    err(
        client.post(
            "/api/v1/auth/register", json={"username": "taken", "email": "n@example.com", "password": PASSWORD}
        ),
        409,
    )
    err(client.post("/api/v1/auth/register", json={"username": 5, "email": [], "password": {}}), 422)


@pytest.mark.parametrize(
    "data,ctype,status",
    [
        (b"{not json", "application/json", 400),
        (b"[1,2]", "application/json", 400),
        (b"\xff\xfe\xfa", "application/json", 400),
        (b"username=a", "application/x-www-form-urlencoded", 400),
    ],
)
def test_malformed_bodies(client, data, ctype, status):
    err(client.post("/api/v1/auth/register", data=data, content_type=ctype), status)


def test_huge_body_is_413(client):
    big = b'{"body": "' + b"x" * (9 * 1024 * 1024) + b'"}'
    err(client.post("/api/v1/auth/register", data=big, content_type="application/json"), 413)


def test_thread_lifecycle(client, factory):
    factory.user("writer")
    cat = factory.category(slug="headphones")
    h = api_token(client, "writer")
    r = client.post(
        "/api/v1/threads",
        headers=h,
        json={"category": "headphones", "kind": "question", "title": "续航怎么样？", "body": "**电池**能用多久"},
    )
    assert r.status_code == 201
    thread, post = r.get_json()["thread"], r.get_json()["post"]
    assert post["body"] == "**电池**能用多久" and "<strong>电池</strong>" in post["body_html"]
    assert thread["category"]["slug"] == cat.slug and thread["kind"] == "question"
    r = client.post(
        f"/api/v1/threads/{thread['id']}/posts", headers=h, json={"body": "A reply", "reply_to": post["id"]}
    )
    reply = r.get_json()["post"]
    assert r.status_code == 201 and reply["number"] == 2 and reply["reply_to"] == post["id"]
    r = client.patch(f"/api/v1/posts/{reply['id']}", headers=h, json={"body": "An edited reply"})
    assert r.get_json()["post"]["edit_count"] == 1
    revs = client.get(f"/api/v1/posts/{reply['id']}/revisions").get_json()["items"]
    assert [x["body"] for x in revs] == ["A reply"]
    got = client.get(f"/api/v1/threads/{thread['id']}").get_json()
    assert [p["number"] for p in got["posts"]["items"]] == [1, 2]
    assert client.delete(f"/api/v1/posts/{reply['id']}", headers=h).status_code == 204
    err(client.delete(f"/api/v1/posts/{reply['id']}", headers=h), 404)  # members no longer see it
    got = client.get(f"/api/v1/threads/{thread['id']}").get_json()
    assert [p["number"] for p in got["posts"]["items"]] == [1]
    lst = client.get("/api/v1/threads?kind=question&category=headphones").get_json()
    assert [t["id"] for t in lst["items"]] == [thread["id"]] and lst["next_cursor"] is None


def test_staff_restores_and_members_cannot(client, factory):
    factory.user("author1")
    factory.user("modx", role="moderator")
    t = factory.thread()
    h = api_token(client, "author1")
    p = client.post(f"/api/v1/threads/{t.id}/posts", headers=h, json={"body": "oops"}).get_json()["post"]
    client.delete(f"/api/v1/posts/{p['id']}", headers=h)
    err(client.post(f"/api/v1/posts/{p['id']}/restore", headers=h), 404)
    m = api_token(client, "modx")
    assert client.get(f"/api/v1/posts/{p['id']}", headers=m).get_json()["post"]["deleted"] is True
    r = client.post(f"/api/v1/posts/{p['id']}/restore", headers=m)
    assert r.status_code == 200 and r.get_json()["post"]["deleted"] is False
    err(client.post(f"/api/v1/posts/{p['id']}/restore", headers=m), 409)


def test_permissions_and_auth_errors(client, factory):
    factory.user("plain")
    other = factory.user("other")
    t = factory.thread(author=other)
    h = api_token(client, "plain")
    err(client.post("/api/v1/threads", json={"category": "x", "kind": "question", "title": "t", "body": "b"}), 401)
    err(client.post("/api/v1/categories", headers=h, json={"name": "New"}), 403)
    first = client.get(f"/api/v1/threads/{t.id}").get_json()["posts"]["items"][0]
    err(client.patch(f"/api/v1/posts/{first['id']}", headers=h, json={"body": "mine now"}), 403)
    err(client.delete(f"/api/v1/posts/{first['id']}", headers=h), 403)
    err(client.get("/api/v1/me", headers={"Authorization": "Bearer bc_nonsense"}), 401)


@pytest.mark.parametrize(
    "payload,field",
    [
        ({"category": "c", "kind": "poem", "title": "Valid title", "body": "b"}, "kind"),
        ({"category": "c", "kind": "question", "title": "", "body": "b"}, "title"),
        ({"category": "c", "kind": "question", "title": "Valid title", "body": ""}, "body"),
        ({"category": "c", "kind": "question", "title": ["list"], "body": "b"}, "title"),
        ({"category": "c", "kind": "question", "title": "Valid title", "body": 42}, "body"),
        ({"kind": "question", "title": "Valid title", "body": "b"}, "category"),
    ],
)
def test_thread_validation(client, factory, payload, field):
    factory.user("val")
    factory.category(slug="c")
    e = err(client.post("/api/v1/threads", headers=api_token(client, "val"), json=payload), 422)
    assert field in e["fields"]


def test_unknown_ids_and_bad_params(client, factory):
    h = api_token(client, factory.user("qq_user").username)
    err(client.get("/api/v1/threads/424242"), 404)
    err(client.post("/api/v1/threads/424242/posts", headers=h, json={"body": "x"}), 404)
    err(
        client.post(
            "/api/v1/threads",
            headers=h,
            json={"category": "nope", "kind": "question", "title": "Valid title", "body": "b"},
        ),
        404,
    )
    err(client.get("/api/v1/threads?limit=0"), 422)
    err(client.get("/api/v1/threads?limit=abc"), 422)
    err(client.get("/api/v1/threads?cursor=%%%"), 400)
    err(client.get("/api/v1/threads?sort=random"), 422)
    err(client.get("/api/v1/threads?solved=maybe"), 422)
    err(client.get("/api/v1/nothing-here"), 404)
    err(client.put("/api/v1/threads"), 405)


def test_reply_to_post_of_another_thread_is_refused(client, factory):
    h = api_token(client, factory.user("rr_user").username)
    t1, t2 = factory.thread(), factory.thread()
    p2 = client.get(f"/api/v1/threads/{t2.id}").get_json()["posts"]["items"][0]
    e = err(client.post(f"/api/v1/threads/{t1.id}/posts", headers=h, json={"body": "x", "reply_to": p2["id"]}), 422)
    assert "reply_to" in e["fields"]


def test_list_pagination_with_cursor(client, factory):
    user = factory.user("pager")
    cat = factory.category()
    for i in range(7):
        factory.thread(author=user, category=cat, title=f"Paged thread {i}")
    ids, cursor = [], None
    while True:
        url = "/api/v1/threads?limit=3" + (f"&cursor={cursor}" if cursor else "")
        body = client.get(url).get_json()
        ids += [t["id"] for t in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert len(ids) == 7 == len(set(ids))


def test_admin_creates_category_and_staff_only_is_hidden(client, factory):
    factory.admin("chief2")
    factory.user("member9")
    h = api_token(client, "chief2")
    r = client.post("/api/v1/categories", headers=h, json={"name": "Secret", "slug": "secret", "staff_only": True})
    assert r.status_code == 201
    err(client.post("/api/v1/categories", headers=h, json={"name": "Secret", "slug": "secret"}), 409)
    assert "secret" in [c["slug"] for c in client.get("/api/v1/categories", headers=h).get_json()["items"]]
    m = api_token(client, "member9")
    assert "secret" not in [c["slug"] for c in client.get("/api/v1/categories", headers=m).get_json()["items"]]


def test_session_cookie_api_writes_need_csrf_header(app, factory):
    app.config["WTF_CSRF_ENABLED"] = True
    factory.user("cookie_user")
    factory.category(slug="cc")
    c = app.test_client()
    page = c.get("/login").get_data(as_text=True)
    import re

    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert c.post("/login", data={"login": "cookie_user", "password": PASSWORD, "csrf_token": token}).status_code == 302
    payload = {"category": "cc", "kind": "discussion", "title": "Via cookie", "body": "b"}
    err(c.post("/api/v1/threads", json=payload), 400, "csrf_failed")
    assert c.post("/api/v1/threads", json=payload, headers={"X-CSRFToken": token}).status_code == 201


def test_openapi_describes_every_api_route(app, client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.1")
    described = {(path, m.upper()) for path, ops in doc["paths"].items() for m in ops}
    import re

    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule[len("/api/v1") :])
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (path, method) in described, f"{method} {path} missing from openapi.json"
    for path, method in described:
        flask_path = re.sub(r"{(\w+)}", r"1", "/api/v1" + path)
        adapter = app.url_map.bind("localhost")
        adapter.match(flask_path, method=method)  # raises if the document describes a route that does not exist
