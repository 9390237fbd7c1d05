"""Threads and posts through the web pages: posting, validation that keeps the text, edits with
history, soft delete and restore, staff-only categories, pagination."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from community.extensions import db
from community.forum.models import Post, PostRevision, Thread
from tests.factories import login
from tests.htmlcheck import active_content


@pytest.fixture
def member(factory, client):
    user = factory.user("alice")
    login(client, "alice")
    return user


def test_question_in_chinese_and_experience_in_english(client, factory, member):
    cat = factory.category("Headphones", slug="headphones")
    r1 = client.post(
        "/new",
        data={
            "category": cat.slug,
            "kind": "question",
            "title": "降噪耳机续航多久？",
            "body": "这款的续航很差吗？**真的**吗",
        },
    )
    r2 = client.post(
        "/new",
        data={
            "category": cat.slug,
            "kind": "experience",
            "title": "Three months with the Pulse",
            "body": "Battery lasts *forever*.",
        },
    )
    assert r1.status_code == r2.status_code == 302
    t1 = client.get(r1.headers["Location"]).get_data(as_text=True)
    assert "这款的续航很差吗？<strong>真的</strong>吗" in t1
    home = client.get("/").get_data(as_text=True)
    assert "降噪耳机续航多久？" in home and "Three months with the Pulse" in home
    cat_page = client.get("/c/headphones?kind=experience").get_data(as_text=True)
    assert "Three months with the Pulse" in cat_page and "降噪耳机续航多久？" not in cat_page


@pytest.mark.parametrize(
    "title,body,field",
    [
        ("", "body text", "title"),
        ("Hi", "body text", "title"),
        ("x" * 201, "body text", "title"),
        ("A proper title here", "", "body"),
        ("A proper title here", "   \n  ", "body"),
        ("A proper title here", "y" * 30_001, "body"),
        ("A proper title here", "bell \x07 char", "body"),
        ("Title with \x00 null", "fine body", "title"),
    ],
)
def test_bad_thread_input_is_shown_with_the_text_kept(client, factory, member, title, body, field):
    cat = factory.category()
    resp = client.post("/new", data={"category": cat.slug, "kind": "question", "title": title, "body": body})
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    assert 'class="error"' in html
    if body.strip() and len(body) < 100 and "\x07" not in body:
        assert body in html
    assert db.session.scalar(select(Thread.id)) is None


def test_unknown_kind_is_refused(client, factory, member):
    cat = factory.category()
    resp = client.post("/new", data={"category": cat.slug, "kind": "rant", "title": "A proper title", "body": "b"})
    assert resp.status_code == 422


def test_html_and_script_never_run(client, factory, member):
    cat = factory.category()
    evil = (
        "<script>alert(1)</script><img src=x onerror=alert(2)> [x](javascript:alert(3)) "
        '<a href="javascript:alert(4)">y</a>'
    )
    resp = client.post(
        "/new",
        data={
            "category": cat.slug,
            "kind": "discussion",
            "title": "<b onmouseover=alert(5)>Hello there</b>",
            "body": evil,
        },
    )
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert active_content(page) == []
    post = db.session.scalar(select(Post))
    assert post.body == evil  # stored exactly as typed


def test_links_get_nofollow_ugc(client, factory, member):
    thread = factory.thread(author=member, body="See https://example.com/page and [docs](https://docs.example.com)")
    page = client.get(f"/t/{thread.id}/{thread.slug}").get_data(as_text=True)
    assert 'rel="nofollow ugc noopener"' in page


def test_markdown_bombs_render_quickly_and_safely(client, factory, member):
    cat = factory.category()
    bomb = ">" * 5000 + " deep\n\n" + "[a](https://e.com) " * 2000 + "\n\n" + "*" * 10000 + "\n\n" + "- " * 3000
    resp = client.post(
        "/new", data={"category": cat.slug, "kind": "discussion", "title": "A bomb of markdown", "body": bomb[:30000]}
    )
    assert resp.status_code == 302
    assert client.get(resp.headers["Location"]).status_code == 200


def test_reply_quote_edit_history_delete_restore(client, factory, app, member):
    thread = factory.thread(title="Pairing the Buds fails")
    r = client.post(f"/t/{thread.id}/reply", data={"body": "Did you reset them?"})
    assert r.status_code == 302 and "#post-" in r.headers["Location"]
    post = db.session.scalar(select(Post).where(Post.thread_id == thread.id, Post.number == 2))
    quote_page = client.get(f"/t/{thread.id}/reply?quote={post.id}").get_data(as_text=True)
    assert "&gt; Did you reset them?" in quote_page
    r = client.post(f"/p/{post.id}/edit", data={"body": "Did you hold the button for 10 s?"})
    assert r.status_code == 302
    history = client.get(f"/p/{post.id}/revisions").get_data(as_text=True)
    assert "Did you reset them?" in history and "hold the button" in history
    assert db.session.scalar(select(PostRevision.body)) == "Did you reset them?"
    assert client.post(f"/p/{post.id}/delete").status_code == 302
    page = client.get(f"/t/{thread.id}/{thread.slug}").get_data(as_text=True)
    assert "hold the button" not in page
    # a member cannot restore; a moderator can, and it is audited
    assert client.post(f"/p/{post.id}/restore").status_code == 404
    factory.user("mod_jane", role="moderator")
    mod = app.test_client()
    login(mod, "mod_jane")
    assert "hold the button" in mod.get(f"/t/{thread.id}/{thread.slug}").get_data(as_text=True)
    assert mod.post(f"/p/{post.id}/restore", data={"reason": "deleted by mistake"}).status_code == 302
    assert "hold the button" in client.get(f"/t/{thread.id}/{thread.slug}").get_data(as_text=True)
    from moderation.audit import AuditEntry

    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "post.restore"))
    assert entry is not None and entry.reason == "deleted by mistake"


def test_others_cannot_edit_or_delete(client, factory, member):
    other = factory.user("bob")
    thread = factory.thread(author=other)
    post = db.session.scalar(select(Post).where(Post.thread_id == thread.id))
    assert client.post(f"/p/{post.id}/edit", data={"body": "hijack"}).status_code == 403
    assert client.post(f"/p/{post.id}/delete").status_code == 403


def test_deleting_the_opening_post_deletes_the_thread(client, factory, member):
    thread = factory.thread(author=member)
    first = db.session.scalar(select(Post).where(Post.thread_id == thread.id, Post.number == 1))
    client.post(f"/p/{first.id}/delete")
    assert client.get(f"/t/{thread.id}").status_code == 404
    assert client.post(f"/t/{thread.id}/reply", data={"body": "late reply"}).status_code == 404


def test_staff_only_category_is_invisible_to_members(client, factory, app, member):
    secret = factory.category("Staff room", staff_only=True, slug="staff-room")
    thread = factory.thread(author=factory.user("mod2", role="moderator"), category=secret, title="Launch plans secret")
    assert "Launch plans secret" not in client.get("/").get_data(as_text=True)
    assert client.get("/c/staff-room").status_code == 404
    assert client.get(f"/t/{thread.id}").status_code == 404
    anon = app.test_client()
    assert anon.get(f"/t/{thread.id}").status_code == 404
    assert anon.get("/api/v1/threads").get_json()["items"] == []
    mod = app.test_client()
    login(mod, "mod2")
    assert "Launch plans secret" in mod.get("/c/staff-room").get_data(as_text=True)


def test_category_keyset_pagination_visits_every_thread_once(client, factory, app):
    from datetime import timedelta

    from community.timeutil import utcnow

    user = factory.user("poster")
    cat = factory.category(slug="busy")
    base = utcnow()
    for i in range(45):
        t = factory.thread(author=user, category=cat, title=f"Thread number {i:03d}")
        t.last_posted_at = base - timedelta(minutes=i // 2)  # ties on purpose
    db.session.commit()
    seen, url = [], "/c/busy"
    for _ in range(10):
        html = client.get(url).get_data(as_text=True)
        import re

        seen += re.findall(r"Thread number (\d{3})", html)
        m = re.search(r'href="([^"]*cursor=[^"]+)"', html)
        if not m:
            break
        url = m.group(1).replace("&amp;", "&")
    assert sorted(seen) == [f"{i:03d}" for i in range(45)]
    assert client.get("/c/busy?cursor=garbage!!").status_code == 400


def test_thread_pages_and_canonical_redirect(client, factory, app):
    app.config["POSTS_PER_PAGE"] = 5
    thread = factory.thread(title="Long thread about the Boom")
    author = factory.user("replier")
    for i in range(12):
        factory.reply(thread, author=author, body=f"reply body {i}")
    r = client.get(f"/t/{thread.id}")
    assert r.status_code == 301 and r.headers["Location"].endswith(f"/t/{thread.id}/{thread.slug}")
    page3 = client.get(f"/t/{thread.id}/{thread.slug}?page=3").get_data(as_text=True)
    assert "reply body 11" in page3 and "reply body 0" not in page3
    assert client.get(f"/t/{thread.id}/{thread.slug}?page=99").status_code == 404
    last = db.session.scalar(select(Post).where(Post.thread_id == thread.id).order_by(Post.number.desc()))
    r = client.get(f"/p/{last.id}")
    assert r.status_code == 302 and r.headers["Location"].endswith(f"page=3#post-{last.id}")


def test_missing_ids_are_404(client):
    for url in ("/t/999999", "/p/999999", "/c/nope", "/p/999999/revisions", "/u/ghost"):
        assert client.get(url).status_code == 404


def test_silenced_member_can_read_but_not_post(client, factory, member):
    from datetime import timedelta

    from community.timeutil import utcnow

    thread = factory.thread()
    member.silenced_until = utcnow() + timedelta(days=1)
    member.silence_reason = "Cooling off"
    db.session.commit()
    assert client.get(f"/t/{thread.id}/{thread.slug}").status_code == 200
    r = client.post(f"/t/{thread.id}/reply", data={"body": "let me speak"})
    assert r.status_code == 403
    assert "let me speak" in r.get_data(as_text=True) and "Cooling off" in r.get_data(as_text=True)


def test_admin_creates_reorders_and_edits_categories(client, factory, app):
    factory.admin("chief")
    login(client, "chief")
    for name in ("Alpha things", "Beta things"):
        assert client.post("/admin/categories", data={"name": name, "description": "d"}).status_code == 302
    from community.forum.models import Category

    beta = db.session.scalar(select(Category).where(Category.name == "Beta things"))
    client.post(f"/admin/categories/{beta.id}/move", data={"direction": "up"})
    names = [c.name for c in db.session.scalars(select(Category).order_by(Category.position))]
    assert names.index("Beta things") < names.index("Alpha things")
    r = client.post("/admin/categories", data={"name": "Bad slug", "slug": "Bad Slug!"})
    assert r.status_code == 422 and 'value="Bad Slug!"' in r.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/admin/categories", "/admin/categories/1"])
def test_members_get_403_on_staff_pages(client, factory, member, url):
    factory.category()
    assert client.get(url).status_code == 403
    assert client.post(url, data={"name": "x"}).status_code == 403
