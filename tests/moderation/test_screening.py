"""The spam hook on posting, editing and profiles; pre-moderation of new accounts."""

from sqlalchemy import select

from community.extensions import db
from community.forum.models import Post
from moderation.models import ReviewItem
from tests.factories import login
from tests.moderation.conftest import BILINGUAL, CRITICISM, LINK_EN, SEO_ZH


def _thread(client, cat, body, title="Question about my X2"):  # type: ignore[no-untyped-def]
    return client.post("/new", data={"category": cat.slug, "kind": "question", "title": title, "body": body})


def test_chinese_seo_spam_is_blocked_and_text_kept_on_form(client, factory):
    factory.user("newbie")
    cat = factory.category()
    login(client, "newbie")
    resp = _thread(client, cat, SEO_ZH)
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    assert "百家乐" in html  # the typed text is still in the form
    assert db.session.scalar(select(Post).where(Post.body == SEO_ZH)) is None


def test_english_link_spam_from_new_account_is_not_published(app, factory):
    from community.errors import ValidationFailed
    from community.forum import threads

    user = factory.user("spammer")
    cat = factory.category()
    try:
        _t, post = threads.create_thread(user, cat, "discussion", "Great deals", LINK_EN)
        db.session.commit()
        assert post.status == "held"
    except ValidationFailed as exc:
        assert exc.code == "spam_blocked"


def test_bilingual_customer_post_and_criticism_are_published(factory):
    user = factory.user("customer")
    thread = factory.thread(author=user, body=BILINGUAL)
    post = factory.reply(thread, body=CRITICISM)
    first = db.session.scalar(select(Post).where(Post.thread_id == thread.id, Post.number == 1))
    assert first.status == "visible" and post.status == "visible"
    assert db.session.scalar(select(ReviewItem)) is None


def test_watched_word_hold_puts_post_in_queue_with_reasons(factory, mod):
    from moderation.watched_words import add_watched_word

    add_watched_word(mod, "casino*", "hold")
    db.session.commit()
    thread = factory.thread()
    post = factory.reply(thread, author=factory.user(trust_level=2), body="Which casinos accept these headphones?")
    assert post.status == "held"
    item = db.session.scalar(select(ReviewItem).where(ReviewItem.target_id == post.id))
    assert item.sources == ["spam"] and item.status == "pending"
    assert any(r["code"] == "watched_word" for r in item.spam_reasons)


def test_watched_word_replace_changes_stored_text_in_chinese(factory, mod):
    from moderation.watched_words import add_watched_word

    add_watched_word(mod, "垃圾", "replace", "不好")
    db.session.commit()
    thread = factory.thread()
    post = factory.reply(thread, author=factory.user(trust_level=1), body="售后垃圾，电池太差了。")
    assert post.body == "售后不好，电池太差了。" and post.status == "visible"


def test_watched_word_block_refuses_edit(factory, mod):
    import pytest

    from community.errors import ValidationFailed
    from community.forum.posts import edit_post
    from moderation.watched_words import add_watched_word

    author = factory.user(trust_level=2)
    thread = factory.thread()
    post = factory.reply(thread, author=author, body="Pairing works after a reset.")
    add_watched_word(mod, "fakeshop", "block")
    db.session.commit()
    with pytest.raises(ValidationFailed):
        edit_post(author, post, "Buy it at fakeshop instead")


def test_blocked_domain_blocks_even_trusted_members(factory, mod):
    import pytest

    from community.errors import ValidationFailed
    from community.forum import posts
    from moderation.watched_words import add_domain

    add_domain(mod, "https://www.bad-pills.example/", "blocked")
    db.session.commit()
    thread = factory.thread()
    with pytest.raises(ValidationFailed):
        posts.reply(factory.user(trust_level=3), thread, "See https://bad-pills.example/x for the fix")


def test_premoderated_category_holds_first_post_of_trust0_until_approved(factory, mod):
    from moderation import queue

    cat = factory.category(premoderate=True)
    newbie = factory.user("fresh")
    thread = factory.thread(author=newbie, category=cat, body=BILINGUAL)
    first = db.session.scalar(select(Post).where(Post.thread_id == thread.id))
    assert first.status == "held"
    item = db.session.scalar(select(ReviewItem).where(ReviewItem.target_id == first.id))
    assert item.sources == ["premoderate"]
    # Trusted members are not pre-moderated.
    other = factory.reply(thread, author=factory.user(trust_level=1), body="Same problem here.")
    assert other.status == "visible"
    queue.act(mod, item.id, "approve", "")
    db.session.commit()
    assert first.status == "visible"
    second = factory.reply(thread, author=newbie, body="It works now after the firmware update, thanks all.")
    assert second.status == "visible"


def test_held_thread_is_not_listed_for_others(client, factory):
    cat = factory.category(premoderate=True)
    factory.thread(author=factory.user("fresh2"), category=cat, title="Pending review title", body=BILINGUAL)
    assert "Pending review title" not in client.get("/latest").get_data(as_text=True)


def test_held_bio_waits_for_approval(client, factory, mod):
    from moderation import queue
    from moderation.watched_words import add_watched_word

    add_watched_word(mod, "casino", "hold")
    db.session.commit()
    user = factory.user("bioguy")
    user.bio = "I like headphones."
    db.session.commit()
    login(client, "bioguy")
    resp = client.post("/account/settings", data={"bio": "Visit my casino", "locale": "", "timezone": ""})
    assert resp.status_code == 302
    db.session.refresh(user)
    assert user.bio == "I like headphones."
    item = db.session.scalar(select(ReviewItem).where(ReviewItem.target_type == "profile"))
    assert item.held_text == "Visit my casino"
    queue.act(mod, item.id, "approve")
    db.session.commit()
    assert user.bio == "Visit my casino"


def test_spam_bio_is_blocked_on_the_form(client, factory):
    factory.user("bioseo")
    login(client, "bioseo")
    resp = client.post("/account/settings", data={"bio": SEO_ZH, "locale": "", "timezone": ""})
    assert resp.status_code == 422
    assert "百家乐" in resp.get_data(as_text=True)
