"""Only what a reader may see is ever found: every kind of content × every role, both backends."""

from __future__ import annotations

import pytest

from community.errors import NotAllowed
from community.extensions import db
from community.forum import categories, posts, threads
from community.timeutil import utcnow
from tests.factories import login
from tests.search.helpers import api_search, index_now, resync

ROLES = ["anonymous", "member", "author", "ambassador", "moderator", "admin"]
PUBLIC = {"kwthread", "kwreply", "kwrestored"}
STAFF_ONLY = {"kwstaffthread", "kwstaffreply"}
NEVER = {
    "kwdelthread",
    "kwdelreply",
    "kwhiddenreply",
    "kwheldreply",
    "kwrejectedreply",
    "kwheldthread",
    "kwhiddenthread",
    "kwdelthreadreply",
}


@pytest.fixture
def content(factory):  # type: ignore[no-untyped-def]
    author = factory.user("writer")
    factory.user("plainmember")
    factory.user("amby", role="ambassador")
    moddy = factory.user("moddy", role="moderator")
    admin = factory.user("chief", role="admin")
    cat = factory.category("Public")
    staff_cat = factory.category("Staff room", staff_only=True)

    def thread(word: str, category=cat, by=author):  # type: ignore[no-untyped-def]
        return factory.thread(author=by, category=category, title=f"About {word}", body=f"Text {word}")

    def reply(t, word: str, by=author):  # type: ignore[no-untyped-def]
        return factory.reply(t, author=by, body=f"Reply {word}")

    public = thread("kwthread")
    reply(public, "kwreply")
    restored = reply(public, "kwrestored")
    staff_thread = thread("kwstaffthread", staff_cat, moddy)
    reply(staff_thread, "kwstaffreply", moddy)
    deleted_thread = thread("kwdelthread")
    reply(deleted_thread, "kwdelthreadreply")
    deleted_reply = reply(public, "kwdelreply")
    hidden = reply(public, "kwhiddenreply")
    held = reply(public, "kwheldreply")
    rejected = reply(public, "kwrejectedreply")
    held_thread = thread("kwheldthread")
    hidden_thread = thread("kwhiddenthread")
    index_now()

    posts.delete_post(admin, posts.first_post(deleted_thread))
    posts.delete_post(author, deleted_reply)
    posts.delete_post(author, restored)
    db.session.commit()
    index_now()
    posts.restore_post(admin, restored)
    db.session.commit()
    index_now()
    # Moderation (another capability) hides and holds posts and emits search.upsert.
    hidden.hidden_at, hidden.hidden_by_id = utcnow(), admin.id
    held.status = "held"
    rejected.status = "rejected"
    posts.first_post(held_thread).status = "held"
    posts.first_post(hidden_thread).hidden_at = utcnow()
    db.session.commit()
    for p in (hidden, held, rejected):
        resync("post", p.id)
    resync("thread", held_thread.id)
    resync("thread", hidden_thread.id)
    return author


@pytest.mark.parametrize("role", ROLES)
def test_every_kind_for_every_role(client, content, role):
    username = {
        "author": "writer",
        "member": "plainmember",
        "ambassador": "amby",
        "moderator": "moddy",
        "admin": "chief",
    }.get(role)
    if username:
        assert login(client, username).status_code == 302
    staff = role in ("moderator", "admin")
    for word in sorted(PUBLIC | STAFF_ONLY | NEVER):
        data = api_search(client, word)
        expected = word in PUBLIC or (staff and word in STAFF_ONLY)
        assert (data["total"] > 0) == expected, f"{role} searching {word}: {data['items']}"
        # the page says the same as the API
        page = client.get("/search", query_string={"q": word}).get_data(as_text=True)
        assert (f"<mark>{word}</mark>" in page) == expected, (role, word)


def test_staff_only_content_never_in_facets_or_suggestions(client, content):
    data = api_search(client, "about")
    assert all(i["title"] != "About kwstaffthread" for i in data["items"])
    assert api_search(client, "kwstaffthreaf")["suggestion"] is None


def test_restore_brings_a_thread_back(client, factory):
    admin = factory.user("restorer", role="admin")
    t = factory.thread(title="Comeback kwback", body="Body")
    index_now()
    posts.delete_post(admin, posts.first_post(t))
    db.session.commit()
    index_now()
    assert api_search(client, "kwback")["total"] == 0
    posts.restore_post(admin, posts.first_post(t))
    db.session.commit()
    index_now()
    assert api_search(client, "kwback")["total"] == 1


def test_category_flipping_to_staff_only_and_back(client, factory):
    admin = factory.user("flipper", role="admin")
    factory.user("flipmember")
    cat = factory.category("Flippable")
    t = factory.thread(category=cat, title="Flip kwflipthread", body="Body kwflipbody")
    factory.reply(t, body="Reply kwflipreply")
    index_now()
    assert login(client, "flipmember").status_code == 302
    for word in ("kwflipthread", "kwflipreply"):
        assert api_search(client, word)["total"] == 1, word

    categories.update_category(admin, cat, cat.name, cat.slug, cat.description, True)
    db.session.commit()
    index_now()
    for word in ("kwflipthread", "kwflipbody", "kwflipreply"):
        assert api_search(client, word)["total"] == 0, word
        page = client.get("/search", query_string={"q": word}).get_data(as_text=True)
        assert f"<mark>{word}</mark>" not in page
    assert api_search(client, "flip")["total"] == 0

    categories.update_category(admin, cat, cat.name, cat.slug, cat.description, False)
    db.session.commit()
    index_now()
    for word in ("kwflipthread", "kwflipreply"):
        assert api_search(client, word)["total"] == 1, word


def test_staff_still_find_a_category_flipped_to_staff_only(client, factory):
    admin = factory.user("flipadmin", role="admin")
    cat = factory.category("Flippable for staff")
    factory.thread(category=cat, title="Flip kwflipstaff", body="Body")
    index_now()
    categories.update_category(admin, cat, cat.name, cat.slug, cat.description, True)
    db.session.commit()
    index_now()
    assert api_search(client, "kwflipstaff")["total"] == 0
    assert login(client, "flipadmin").status_code == 302
    assert api_search(client, "kwflipstaff")["total"] == 1


def test_moving_a_thread_moves_its_documents_and_visibility(client, factory):
    admin = factory.user("mover", role="admin")
    factory.user("movemember")
    src = factory.category("Source")
    dst = factory.category("Destination")
    staff_cat = factory.category("Back room", staff_only=True)
    t = factory.thread(category=src, title="Move kwmove", body="Body kwmove")
    factory.reply(t, body="Reply kwmove")
    index_now()
    assert login(client, "movemember").status_code == 302

    def categories_of(data):  # type: ignore[no-untyped-def]
        return {r["value"]: r["count"] for r in data["facets"]["category"]}

    assert categories_of(api_search(client, "kwmove")) == {str(src.id): 2}
    threads.move_thread(admin, t, dst)
    db.session.commit()
    index_now()
    data = api_search(client, "kwmove")
    assert data["total"] == 2
    assert categories_of(data) == {str(dst.id): 2}
    assert api_search(client, "kwmove", category=dst.slug)["total"] == 2
    assert api_search(client, "kwmove", category=src.slug)["total"] == 0

    threads.move_thread(admin, t, staff_cat)
    db.session.commit()
    index_now()
    assert api_search(client, "kwmove")["total"] == 0
    threads.move_thread(admin, t, src)
    db.session.commit()
    index_now()
    assert api_search(client, "kwmove")["total"] == 2


def test_only_staff_move_threads(factory):
    member = factory.user("notamover")
    t = factory.thread(author=member)
    with pytest.raises(NotAllowed):
        threads.move_thread(member, t, factory.category("Elsewhere"))
