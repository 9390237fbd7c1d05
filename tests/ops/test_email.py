"""Email against a real local SMTP server (aiosmtpd): send, queued notifications through the
outbox, the daily digest, and signed one-click unsubscribe links."""

from __future__ import annotations

import email as email_lib
import re
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from community import outbox
from community.extensions import db
from community.integrations import email
from community.integrations.models import EmailOptOut
from community.outbox import OutboxEvent
from community.timeutil import utcnow


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email_lib.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.messages.append(email_lib.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(app):  # type: ignore[no-untyped-def]
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=port,
        MAIL_FROM="Aurora <community@aurora.test>",
        BASE_URL="http://community.test",
    )
    yield inbox
    controller.stop()


def _body(msg) -> str:  # type: ignore[no-untyped-def]
    return msg.get_body(preferencelist=("plain",)).get_content()


def test_send_email_text_and_html(ctx, smtp):
    assert email.send_email("ann@example.com", "Your answer was accepted", "Well done.", "<p>Well done.</p>")
    msg = smtp.messages[0]
    assert msg["To"] == "ann@example.com" and msg["Subject"] == "Your answer was accepted"
    assert _body(msg).strip() == "Well done."
    assert "<p>Well done.</p>" in msg.get_body(preferencelist=("html",)).get_content()


def test_no_smtp_host_sends_nothing(app, ctx):
    app.config["SMTP_HOST"] = None
    assert email.send_email("ann@example.com", "x", "y") is False


def test_queued_notification_goes_through_the_outbox_and_retries(app, factory, smtp):
    user = factory.user("notified")
    email.queue_email(user, "notifications", "New reply to your question", "Someone answered.")
    db.session.commit()
    outbox.drain()
    assert len(smtp.messages) == 1
    msg = smtp.messages[0]
    assert msg["To"] == user.email and msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Unsubscribe: http://community.test/email/unsubscribe/" in _body(msg)

    app.config["SMTP_PORT"] = _free_port()  # nobody listens: the send fails and is retried later
    email.queue_email(user, "notifications", "Second", "Again.")
    db.session.commit()
    outbox.drain()
    db.session.rollback()
    event = db.session.scalar(
        select(OutboxEvent).where(OutboxEvent.topic == "email.send").order_by(OutboxEvent.id.desc())
    )
    assert event.attempts == 1 and event.processed_at is None and event.available_at > utcnow()


def test_digest_respects_visibility_and_unsubscribe(app, client, factory, smtp):
    member = factory.user("reader")
    staff = factory.user("moddy", role="moderator")
    public = factory.category(name="Headphones")
    secret = factory.category(name="Staff room", staff_only=True)
    factory.thread(category=public, title="Battery lasts 30 hours")
    factory.thread(author=staff, category=secret, title="Launch plan for the X2")

    digest = email.build_digest(member, utcnow().replace(hour=0, minute=0))
    assert digest.thread_count == 1 and "Battery lasts 30 hours" in digest.text and "Launch plan" not in digest.html
    assert email.build_digest(staff, utcnow().replace(hour=0, minute=0)).thread_count == 2
    assert email.build_digest(member, utcnow()) is None

    result = app.test_cli_runner().invoke(args=["email", "digest", "--hours", "1"])
    assert result.exit_code == 0, result.output
    to_member = [m for m in smtp.messages if m["To"] == member.email]
    assert len(to_member) == 1 and "Battery lasts 30 hours" in _body(to_member[0])
    link = re.search(r"Unsubscribe: (\S+)", _body(to_member[0])).group(1)
    path = link.replace("http://community.test", "")

    page = client.get(path)
    assert page.status_code == 200 and "Unsubscribe" in page.get_data(as_text=True)
    assert email.wants_email(member, "digest")  # a GET (a link scanner) unsubscribes nobody
    assert client.post(path).status_code == 200
    db.session.rollback()
    assert db.session.scalar(select(EmailOptOut).where(EmailOptOut.user_id == member.id)).kind == "digest"
    assert email.wants_email(member, "notifications")  # only the kind in the link
    assert client.post(path).status_code == 200  # twice is fine

    smtp.messages.clear()
    app.test_cli_runner().invoke(args=["email", "digest", "--hours", "1"])
    recipients = [m["To"] for m in smtp.messages]
    assert staff.email in recipients and member.email not in recipients


@pytest.mark.parametrize("token", ["garbage", "WzEsImRpZ2VzdCJd.forged-signature"])
def test_bad_unsubscribe_token_is_404(client, token):
    assert client.get(f"/email/unsubscribe/{token}").status_code == 404
    assert client.post(f"/email/unsubscribe/{token}").status_code == 404
