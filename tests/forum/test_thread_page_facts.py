"""The thread page asks permissions once per page and builds links by formatting: same answers as
can() and url_for."""

from __future__ import annotations

from flask import url_for

from community.extensions import db
from community.forum import posts as post_service
from community.forum.thread_page import thread_page_facts
from community.templating import id_url


def test_id_url_matches_url_for(app):
    with app.test_request_context("/"):
        for endpoint, name, value, extra in [
            ("forum.post_link", "post_id", 7, {}),
            ("forum.edit", "post_id", 1234567, {}),
            ("forum.reply", "quote", 42, {"thread_id": 9}),
            ("votes.vote", "post_id", 3, {}),
        ]:
            for _ in range(2):  # built once, then formatted from the cached pattern
                assert id_url(endpoint, name, value, **extra) == url_for(endpoint, **{name: value}, **extra)


def test_facts_per_reader(app, factory):
    author = factory.user("factsauthor")
    other = factory.user("factsother")
    mod = factory.user("factsmod", role="moderator")
    thread = factory.thread(author=author)
    reply = factory.reply(thread, author=other)
    post_service.delete_post(mod, reply, "test")
    db.session.commit()
    posts = post_service.thread_page(mod, thread, 1, 20)[0]
    first = posts[0]
    with app.test_request_context("/"):
        visitor = thread_page_facts(None, thread, posts)
        assert visitor.actions == {} and visitor.can_reply is False and visitor.see_deleted is False
        mine = thread_page_facts(author, thread, posts)
        assert mine.actions[first.id][:2] == (True, True) and mine.can_reply is True
        assert mine.actions[reply.id] == (False, False, False)
        staff = thread_page_facts(mod, thread, posts)
        assert staff.see_deleted is True and staff.actions[reply.id][2] is True
        assert set(staff.profiles) == {author.id, other.id}
