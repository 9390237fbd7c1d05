"""Flags: one per member per item, never your own, trust-weighted auto-hide pending review."""

from sqlalchemy import select

from community.extensions import db
from moderation.models import Flag, Notice, ReviewItem
from tests.factories import api_token


def _post(factory, author=None):  # type: ignore[no-untyped-def]
    thread = factory.thread()
    return factory.reply(
        thread,
        author=author or factory.user("author1", trust_level=1),
        body="Honestly the worst headphones I ever bought.",
    )


def test_member_flags_post_via_api_and_it_reaches_queue(client, factory):
    post = _post(factory)
    factory.user("flagger", trust_level=1)
    headers = api_token(client, "flagger")
    resp = client.post(
        f"/api/v1/posts/{post.id}/flags",
        json={"reason": "abuse", "note": "insults"},
        headers=headers,
    )
    assert resp.status_code == 201, resp.get_json()
    item = db.session.scalar(select(ReviewItem).where(ReviewItem.target_id == post.id))
    assert item.sources == ["flag"] and item.status == "pending"
    assert not post.is_hidden  # one flag does not hide


def test_second_flag_by_same_member_is_409(client, factory):
    post = _post(factory)
    factory.user("flagger", trust_level=1)
    headers = api_token(client, "flagger")
    assert client.post(f"/api/v1/posts/{post.id}/flags", json={"reason": "spam"}, headers=headers).status_code == 201
    resp = client.post(f"/api/v1/posts/{post.id}/flags", json={"reason": "abuse"}, headers=headers)
    assert resp.status_code == 409 and resp.get_json()["error"]["code"] == "already_flagged"


def test_flag_own_post_is_403(client, factory):
    author = factory.user("selfish", trust_level=2)
    post = _post(factory, author)
    resp = client.post(
        f"/api/v1/posts/{post.id}/flags",
        json={"reason": "spam"},
        headers=api_token(client, "selfish"),
    )
    assert resp.status_code == 403 and resp.get_json()["error"]["code"] == "own_content"


def test_bad_flag_input(client, factory):
    post = _post(factory)
    factory.user("flagger", trust_level=1)
    headers = api_token(client, "flagger")
    assert (
        client.post(f"/api/v1/posts/{post.id}/flags", json={"reason": "negative"}, headers=headers).status_code == 422
    )
    assert client.post(f"/api/v1/posts/{post.id}/flags", json={"reason": "other"}, headers=headers).status_code == 422
    assert client.post(f"/api/v1/posts/{post.id}/flags", data="x", headers=headers).status_code == 400
    assert client.post("/api/v1/posts/999999/flags", json={"reason": "spam"}, headers=headers).status_code == 404
    assert client.post(f"/api/v1/posts/{post.id}/flags", json={"reason": "spam"}).status_code == 401


def test_trusted_flags_hide_at_once_and_author_is_told(factory):
    from moderation.flags import flag

    post = _post(factory)
    flag(factory.user("t3a", trust_level=3), "post", post.id, "spam")
    db.session.commit()
    assert not post.is_hidden
    flag(factory.user("t3b", trust_level=3), "post", post.id, "spam")
    db.session.commit()
    assert post.is_hidden and post.hidden_reason == "spam"
    notice = db.session.scalar(select(Notice).where(Notice.target_id == post.id))
    assert notice.user_id == post.author_id and notice.reason == "spam"
    item = db.session.scalar(select(ReviewItem).where(ReviewItem.target_id == post.id))
    assert item.status == "pending" and item.flag_weight == 4.0


def test_new_accounts_flags_weigh_less(factory):
    from moderation.flags import flag

    post = _post(factory)
    for i in range(5):
        flag(factory.user(f"newflag{i}", trust_level=0), "post", post.id, "abuse")
    db.session.commit()
    assert not post.is_hidden  # 5 x 0.5 = 2.5 < 3
    flag(factory.user("newflag5", trust_level=0), "post", post.id, "abuse")
    db.session.commit()
    assert post.is_hidden


def test_other_flags_never_auto_hide(factory):
    from moderation.flags import flag

    post = _post(factory)
    for i in range(3):
        flag(
            factory.user(f"other{i}", trust_level=3),
            "post",
            post.id,
            "other",
            "I disagree with this",
        )
    db.session.commit()
    assert not post.is_hidden
    assert len(db.session.scalars(select(Flag)).all()) == 3


def test_flag_form_on_thread_page(client, factory):
    from tests.factories import login

    post = _post(factory)
    factory.user("webflag", trust_level=1)
    login(client, "webflag")
    page = client.get(f"/t/{post.thread_id}/{post.thread.slug}").get_data(as_text=True)
    assert f"/p/{post.id}/flag" in page
    resp = client.post(f"/p/{post.id}/flag", data={"reason": "off_topic"})
    assert resp.status_code == 302
    assert db.session.scalar(select(Flag).where(Flag.target_id == post.id)).reason == "off_topic"
