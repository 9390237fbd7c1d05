"""POST /staff/spam/check returns a verdict without storing anything; settings pages work."""

from sqlalchemy import func, select

from community.extensions import db
from moderation.audit import AuditEntry
from moderation.models import ReviewItem, SpamDecision, WatchedWordRow
from tests.factories import api_token
from tests.moderation.conftest import BILINGUAL, SEO_ZH


def _counts():  # type: ignore[no-untyped-def]
    return [db.session.scalar(select(func.count()).select_from(m)) for m in (ReviewItem, SpamDecision, AuditEntry)]


def test_spam_check_verdicts_store_nothing(client, mod):
    headers = api_token(client, "mia_mod")
    before = _counts()
    spam = client.post("/api/v1/staff/spam/check", json={"text": SEO_ZH}, headers=headers).get_json()
    assert spam["spam"] is True and spam["action"] == "block" and spam["reasons"]
    ham = client.post("/api/v1/staff/spam/check", json={"text": BILINGUAL}, headers=headers).get_json()
    assert ham["spam"] is False and ham["action"] == "allow"
    assert _counts() == before


def test_spam_check_bad_input(client, mod):
    headers = api_token(client, "mia_mod")
    assert client.post("/api/v1/staff/spam/check", json={}, headers=headers).status_code == 422
    assert client.post("/api/v1/staff/spam/check", json={"text": 5}, headers=headers).status_code == 422
    assert (
        client.post("/api/v1/staff/spam/check", json={"text": "x", "trust_level": 9}, headers=headers).status_code
        == 422
    )
    assert (
        client.post(
            "/api/v1/staff/spam/check",
            data="{",
            headers={**headers, "Content-Type": "application/json"},
        ).status_code
        == 400
    )


def test_settings_pages_manage_words_and_domains(mod_client, mod):
    assert mod_client.post("/staff/spam/words", data={"pattern": "赌场", "action": "block"}).status_code == 302
    assert (
        mod_client.post("/staff/spam/words", data={"pattern": "cheap*", "action": "replace"}).status_code == 302
    )  # no replacement
    assert db.session.scalar(select(func.count(WatchedWordRow.id))) == 1
    mod_client.post(
        "/staff/spam/domains",
        data={"domain": "https://www.Spam-Site.example/path", "kind": "blocked"},
    )
    page = mod_client.get("/staff/spam").get_data(as_text=True)
    assert "赌场" in page and "spam-site.example" in page
    checked = mod_client.post("/staff/spam", data={"text": "去赌场玩", "trust_level": "1"}).get_data(as_text=True)
    assert "block" in checked
    word = db.session.scalar(select(WatchedWordRow))
    assert mod_client.post(f"/staff/spam/words/{word.id}/delete").status_code == 302
    assert db.session.scalar(select(func.count(WatchedWordRow.id))) == 0
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"spam.watched_word.add", "spam.watched_word.remove", "spam.domain.add"} <= actions


def test_openapi_describes_moderation_endpoints(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    for path in (
        "/staff/queue",
        "/staff/queue/{item_id}",
        "/staff/users/{user_id}/silence",
        "/staff/users/{user_id}/suspend",
        "/staff/audit",
        "/staff/spam/check",
        "/posts/{post_id}/flags",
        "/notices/{notice_id}/appeal",
    ):
        assert path in doc["paths"], path
    assert doc["paths"]["/staff/queue/{item_id}"]["post"]["requestBody"]
