"""Spam rules that depend on the database, through the forum: repeated identical content across
threads, and link counts against trust level (the brand's own domains never count)."""

from sqlalchemy import select

from community.extensions import db
from moderation.models import ReviewItem

SAME = "I found a great way to fix the pairing problem, message me on telegram for the tool. 我有办法。"
LINKED = "The manual explains it well: https://www.reddit.com/r/headphones/comments/abc/pairing"


def _codes(post_id: int) -> list[str]:
    item = db.session.scalar(select(ReviewItem).where(ReviewItem.target_id == post_id))
    return [r["code"] for r in (item.spam_reasons if item else [])]


def test_identical_text_repeated_across_threads_is_held(factory):
    author = factory.user("repeater", trust_level=1)
    first = factory.reply(factory.thread(), author=author, body=SAME)
    assert first.status == "visible"
    second = factory.reply(factory.thread(), author=author, body=SAME)
    assert second.status == "held"
    assert "duplicate_content" in _codes(second.id)
    # Another author copying it within a day is caught too.
    copier = factory.reply(factory.thread(), author=factory.user("copier", trust_level=1), body=SAME)
    assert copier.status == "held" and "duplicate_content" in _codes(copier.id)


def test_links_count_against_trust_level(app, factory):
    thread = factory.thread()
    newbie = factory.reply(thread, author=factory.user("link_newbie", trust_level=0), body=LINKED)
    assert newbie.status == "held" and "too_many_links" in _codes(newbie.id)
    other_text = "Same here; this thread helped: https://www.reddit.com/r/headphones/comments/xyz/anc"
    regular = factory.reply(thread, author=factory.user("link_regular", trust_level=2), body=other_text)
    assert regular.status == "visible", _codes(regular.id)


def test_brand_domains_never_count_against_new_members(app, factory, monkeypatch):
    monkeypatch.setitem(app.config, "SPAM_ALLOWED_DOMAINS", ("aurora-audio.example",))
    thread = factory.thread()
    post = factory.reply(
        thread,
        author=factory.user("brand_linker", trust_level=0),
        body="Firmware notes: https://support.aurora-audio.example/pulse/2.4 — 固件说明在这里。",
    )
    assert post.status == "visible", _codes(post.id)
