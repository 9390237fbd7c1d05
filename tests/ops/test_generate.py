"""`flask demo generate --posts N` writes a consistent community that the pages can show."""

from __future__ import annotations

from sqlalchemy import func, select

from community.extensions import db
from community.forum.models import Category, Post, Thread


def test_generate_small_community(app, client):
    result = app.test_cli_runner().invoke(args=["demo", "generate", "--posts", "250", "--per-thread", "20"])
    assert result.exit_code == 0, result.output
    assert "250 posts" in result.output and "13 threads" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Post.id))) == 250
        assert db.session.scalar(select(func.sum(Thread.post_count))) == 250
        last = db.session.scalar(select(Thread).order_by(Thread.id.desc()))
        assert last.post_count == 10 and last.reply_count == 9
        numbers = list(db.session.scalars(select(Post.number).where(Post.thread_id == last.id).order_by(Post.number)))
        assert numbers == list(range(1, 11))
        cat = db.session.scalar(select(Category).where(Category.thread_count > 0))
        slug, thread_id, thread_slug = cat.slug, last.id, last.slug
        assert db.session.scalar(select(func.sum(Category.post_count))) == 250
    assert client.get("/").status_code == 200
    assert client.get(f"/c/{slug}").status_code == 200
    page = client.get(f"/t/{thread_id}/{thread_slug}")
    assert page.status_code == 200 and f"#{thread_id}" in page.get_data(as_text=True)
    # A second run adds to the first (fresh names, ids continue).
    again = app.test_cli_runner().invoke(args=["demo", "generate", "--posts", "20"])
    assert again.exit_code == 0, again.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Post.id))) == 270


def test_generate_refuses_bad_counts(app):
    result = app.test_cli_runner().invoke(args=["demo", "generate", "--posts", "0"])
    assert result.exit_code != 0
