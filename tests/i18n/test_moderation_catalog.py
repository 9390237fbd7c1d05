"""The moderation pages speak Chinese: every string the moderation templates and Python mark is
in moderation/translations, translated and not fuzzy, and the staff and member pages render in
Chinese for a Chinese reader (queue, member history, audit log, flag form, appeal, notices)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from tests.factories import login
from tests.i18n.conftest import ROOT

MOD_PO = ROOT / "moderation" / "translations" / "zh" / "LC_MESSAGES" / "messages.po"
ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}
KEYWORDS = ("-k", "_l", "-k", "N_")


@pytest.fixture(scope="session", autouse=True)
def compiled_moderation_catalog() -> Path:
    """Like the core catalog fixture: a fresh checkout has no .mo until `make translations`."""
    mo = MOD_PO.with_suffix(".mo")
    if not mo.exists() or mo.stat().st_mtime < MOD_PO.stat().st_mtime:
        with MOD_PO.open("rb") as fh:
            catalog = read_po(fh, locale="zh")
        with mo.open("wb") as fh:
            write_mo(fh, catalog)
    return mo


def _catalog():  # type: ignore[no-untyped-def]
    with MOD_PO.open("rb") as fh:
        return read_po(fh, locale="zh")


def test_every_moderation_string_has_a_chinese_translation(tmp_path):  # type: ignore[no-untyped-def]
    pot = tmp_path / "moderation.pot"
    cfg = ROOT / "moderation" / "translations" / "babel.cfg"
    extract = [sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F", str(cfg), *KEYWORDS]
    subprocess.run(
        [*extract, "-o", str(pot), "."],
        cwd=ROOT,
        check=True,
    )
    with pot.open("rb") as fh:
        wanted = {m.id for m in read_po(fh) if m.id}
    assert len(wanted) > 150  # the whole moderation UI, not an empty extraction
    catalog = _catalog()
    fuzzy = {m.id for m in catalog if m.id and m.fuzzy}
    untranslated = {m.id for m in catalog if m.id and not m.string}
    translated = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
    assert fuzzy == set() and untranslated == set()
    assert wanted - translated == set()


def test_moderation_placeholders_survive_translation():  # type: ignore[no-untyped-def]
    for m in _catalog():
        if m.id and m.string:
            assert sorted(re.findall(r"%\(\w+\)s", m.id)) == sorted(re.findall(r"%\(\w+\)s", m.string)), m.id


def test_service_messages_shown_on_pages_are_in_the_catalog():  # type: ignore[no-untyped-def]
    from moderation.service_messages import CODE_MESSAGES, MESSAGES

    ids = {m.id for m in _catalog() if m.id and m.string}
    assert set(MESSAGES) - ids == set()
    assert {m._args[0] for m in CODE_MESSAGES.values()} - ids == set()


@pytest.fixture
def moderated(seed):  # type: ignore[no-untyped-def]
    """A flagged post, a spam-held post, a silenced member and a hidden post with a notice."""
    from community.extensions import db
    from moderation import people, queue
    from moderation.flags import flag
    from moderation.watched_words import add_watched_word

    with seed() as f:
        mod = f.user("zh_mod", role="moderator")
        thread = f.thread(title="耳机配对问题")
        critic = f.user("zh_critic", trust_level=1)
        post = f.reply(thread, author=critic, body="降噪很差，退货也慢。")
        flag(f.user("zh_flagger", trust_level=1), "post", post.id, "off_topic", "和主题无关")
        add_watched_word(mod, "casino", "hold")
        db.session.commit()
        f.reply(thread, author=f.user("zh_spammer", trust_level=1), body="best casino bonus here")
        hidden = f.reply(thread, author=critic, body="客服电话是 138 0000 0000，找张三。")
        item = queue.enqueue("post", hidden.id, "flag", author_id=critic.id)
        queue.act(mod, item.id, "hide", "personal_data")
        people.silence(mod, f.user("zh_loud"), "2099-01-01", "连续刷屏")
        people.add_note(mod, critic, "多次投诉售后")
        db.session.commit()
        return {"thread": thread.id, "slug": thread.slug, "post": post.id, "hidden": hidden.id, "critic": critic.id}


def _page(client, url: str) -> str:  # type: ignore[no-untyped-def]
    resp = client.get(url, headers=ZH)
    assert resp.status_code == 200, url
    return resp.get_data(as_text=True)


def _follow(client, resp) -> str:  # type: ignore[no-untyped-def]
    """The page a form post redirects to, where its flash message shows."""
    assert resp.status_code == 302
    return client.get(resp.headers["Location"], headers=ZH, follow_redirects=True).get_data(as_text=True)


def test_staff_pages_render_in_chinese(app, moderated):  # type: ignore[no-untyped-def]
    client = app.test_client()
    login(client, "zh_mod")
    queue_html = _page(client, "/staff/queue")
    wanted = ("审核队列", "键盘快捷键", "批准", "拒绝", "隐藏、拒绝或删除的原因", "偏离主题", "被举报", "垃圾信息过滤")
    for text in wanted:
        assert text in queue_html, text
    for english in ("Review queue", "Reason to hide, reject or delete", "Approve", "Keyboard:"):
        assert english not in queue_html, english
    assert "含有监控词" in queue_html  # the spam reason, by code

    user_html = _page(client, f"/staff/users/{moderated['critic']}")
    for text in ("管理备注", "多次投诉售后", "审核记录", "禁言（可以浏览，不能发帖）", "个人信息", "会员"):
        assert text in user_html, text
    assert "Staff notes" not in user_html and "Recent posts" not in user_html

    audit_html = _page(client, "/staff/audit")
    for text in ("审计日志", "筛选审计日志", "操作人（用户名）", "起始日期", "连续刷屏"):
        assert text in audit_html, text
    assert "Audit log" not in audit_html and "Who (username)" not in audit_html

    spam_html = _page(client, "/staff/spam")
    assert "垃圾信息设置" in spam_html and "监控词" in spam_html and "转入审核" in spam_html

    # A flash message after an action is in Chinese too, and so is a refused action.
    url = f"/staff/users/{moderated['critic']}/silence"
    page = _follow(client, client.post(url, data={"until": "yesterday", "reason": ""}, headers=ZH))
    assert "请修改标出的字段。" in page and "请填写日期" in page


def test_flag_form_appeal_and_notices_render_in_chinese(app, moderated):  # type: ignore[no-untyped-def]
    member = app.test_client()
    login(member, "zh_flagger")
    thread_html = _page(member, f"/t/{moderated['thread']}/{moderated['slug']}")
    wanted = ("举报", "这篇帖子有什么问题？", "给版主的说明（可选）", "观点不同不是举报的理由", "提交举报")
    wanted += ("辱骂或骚扰",)
    for text in wanted:
        assert text in thread_html, text
    assert "What is wrong with this post?" not in thread_html
    resp = member.post(f"/p/{moderated['post']}/flag", data={"reason": "spam"}, headers=ZH)
    assert "您已经举报过这项内容。" in _follow(member, resp)

    author = app.test_client()
    login(author, "zh_critic")
    profile_html = _page(author, "/u/zh_critic")
    for text in ("管理通知", "您的帖子已被隐藏，等待审核。", "原因：个人信息。", "申诉（仅限一次）", "提交申诉"):
        assert text in profile_html, text
    assert "Your post was hidden" not in profile_html
    staff = app.test_client()
    login(staff, "zh_mod")
    staff_view = _page(staff, f"/t/{moderated['thread']}/{moderated['slug']}")
    assert "已隐藏：个人信息" in staff_view and "等待审核" in staff_view

    from community.extensions import db
    from moderation.models import Notice

    with app.app_context():
        notice_id = db.session.query(Notice.id).filter_by(target_id=moderated["hidden"]).scalar()
    resp = author.post(f"/notices/{notice_id}/appeal", data={"text": "这是我自己的客服工单号"}, headers=ZH)
    assert "您的申诉已发送给版主。" in _follow(author, resp)
    again = author.post(f"/notices/{notice_id}/appeal", data={"text": "再申诉一次"}, headers=ZH)
    assert "您已经对这项决定提出过申诉" in _follow(author, again)
    assert "申诉已提交，版主会进行复核。" in _page(author, "/u/zh_critic")
