"""Every message the sign-up rules can produce reaches a Chinese visitor in Chinese: the rules
are driven with inputs that trip each one, so a changed limit cannot fall back to English."""

from __future__ import annotations

from babel.messages.pofile import read_po

from community.accounts.names import username_problem
from community.accounts.passwords import password_problem
from tests.i18n.conftest import CORE_PO


def test_every_account_rule_message_is_translated():
    with CORE_PO.open("rb") as fh:
        translated = {m.id for m in read_po(fh, locale="zh") if m.id and m.string}
    produced = {
        password_problem("", []),
        password_problem("short", []),
        password_problem("x" * 300, []),
        password_problem("alice-Harbour-93", ["alice"]),
        password_problem("password1234", []),
        username_problem("", []),
        username_problem("ab", []),
        username_problem(" spaced ", []),
        username_problem("bad name!", []),
        username_problem("admin", []),
        username_problem("mod_1in", ["mod_lin"]),
    }
    produced.discard(None)
    assert len(produced) >= 9
    assert produced - translated == set()


def test_short_password_is_explained_in_chinese(client):
    resp = client.post(
        "/signup",
        data={"username": "客户小王", "email": "w@example.com", "password": "short"},
        headers={"Accept-Language": "zh-CN"},
    )
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "至少需要 10 个字符。" in html and "Use at least" not in html
