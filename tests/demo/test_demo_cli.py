"""`flask demo load` builds the bilingual Aurora Audio community; `flask demo clear` removes every
demo row and leaves a working, empty community; `--if-empty` never loads twice."""

from __future__ import annotations

from sqlalchemy import func, select

from community.accounts.models import User
from community.demo import content
from community.extensions import db
from community.forum.models import Category, Post, PostRevision, Thread


def _count(model) -> int:  # type: ignore[no-untyped-def]
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def _run(app, *args: str):  # type: ignore[no-untyped-def]
    result = app.test_cli_runner().invoke(args=["demo", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_content_is_bilingual_spread_and_consistent():  # type: ignore[no-untyped-def]
    threads = content.THREADS
    assert len(threads) >= 32
    users = {u["username"]: u for u in content.USERS}
    slugs = {c["slug"] for c in content.CATEGORIES}
    chinese = [t for t in threads if any("\u4e00" <= ch <= "\u9fff" for ch in t["title"])]
    assert len(threads) * 0.35 <= len(chinese) <= len(threads) * 0.65
    assert {t["kind"] for t in threads} == {"question", "experience", "discussion"}
    assert max(t["days_ago"] for t in threads) >= 150 and min(t["days_ago"] for t in threads) <= 7
    ambassador_answers = 0
    for t in threads:
        assert t["author"] in users and t["category"] in slugs
        for r in t["replies"]:
            assert r["author"] in users
            assert r["after_hours"] < t["days_ago"] * 24 + 9  # no reply from the future
            ambassador_answers += users[r["author"]]["role"] == "ambassador"
    assert ambassador_answers >= 15
    questions = [t for t in threads if t["kind"] == "question"]
    assert all(len(t["replies"]) >= 1 for t in questions)
    assert sum(len(t["replies"]) >= 2 for t in questions) >= len(questions) // 2


def test_load_then_clear_leaves_no_demo_rows(app, client):  # type: ignore[no-untyped-def]
    output = _run(app, "load", "--if-empty")
    assert "Demo community loaded" in output
    with app.app_context():
        assert _count(Thread) == len(content.THREADS)
        assert _count(Post) == len(content.THREADS) + sum(len(t["replies"]) for t in content.THREADS)
        # Capabilities add demo reviewers of their own (products); the core's accounts are all there.
        names = set(db.session.scalars(select(User.username)))
        assert {u["username"] for u in content.USERS} <= names
        assert db.session.scalar(select(func.count()).where(User.role == "ambassador")) >= 2
    home = client.get("/", headers={"Accept-Language": "zh-CN"})
    assert home.status_code == 200
    html = home.get_data(as_text=True)
    assert "耳机" in html and "Aurora" in html
    cat = client.get("/c/headphones")
    assert cat.status_code == 200
    with app.app_context():
        thread_id = db.session.scalar(select(Thread.id).order_by(Thread.post_count.desc()).limit(1))
    assert client.get(f"/t/{thread_id}", follow_redirects=True).status_code == 200

    output = _run(app, "clear")
    assert "Demo content removed" in output
    with app.app_context():
        for model in (User, Category, Thread, Post, PostRevision):
            assert _count(model) == 0, model.__name__
    assert client.get("/").status_code == 200
    assert client.get("/c/headphones").status_code == 404


def test_load_if_empty_is_idempotent(app):  # type: ignore[no-untyped-def]
    _run(app, "load", "--if-empty")
    with app.app_context():
        before = (_count(User), _count(Thread), _count(Post))
    output = _run(app, "load", "--if-empty")
    assert "not loaded" in output
    with app.app_context():
        assert (_count(User), _count(Thread), _count(Post)) == before


def test_clear_keeps_real_members_and_the_app_usable(app, client):  # type: ignore[no-untyped-def]
    from tests.factories import Factory, login

    _run(app, "load")
    with app.app_context():
        real = Factory(app).user("real_person")
        real_id = real.id
    _run(app, "clear")
    with app.app_context():
        assert db.session.get(User, real_id) is not None
        assert _count(User) == 1
        Factory(app).category("After demo", slug="after-demo")
    login(client, "real_person")
    page = client.get("/new")
    assert page.status_code == 200
    with app.app_context():
        cat_slug = db.session.scalar(select(Category.slug))
    resp = client.post(
        "/new",
        data={
            "category": cat_slug,
            "kind": "question",
            "title": "Is the community empty now?",
            "body": "Just checking.",
        },
    )
    assert resp.status_code == 302
