"""Email over SMTP: notifications, a daily digest, and signed unsubscribe links.

The interface other capabilities call (the notifications package's email channel among them):

    send_email(to, subject, text, html=None) -> bool
        Send now, synchronously (SMTP_* settings). False when SMTP_HOST is not configured.
    queue_email(user, kind, subject, text, html=None) -> None
        Inside the writing transaction: an outbox event ("email.send") sends it after commit,
        retried with backoff, never blocking the request. Skipped when the user opted out of kind.
    build_digest(user, since) -> Digest | None
        What is new since `since` that this user may see; None when there is nothing.

Every mail to a member carries an unsubscribe link (a signed, non-expiring token naming the user
and the kind, "digest" or "notifications") and the List-Unsubscribe / List-Unsubscribe-Post
headers (RFC 8058 one-click). Links in mail need an absolute address: BASE_URL.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import urlsplit

from flask import current_app, has_request_context, render_template, url_for
from flask_babel import force_locale
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from community import outbox
from community.accounts.models import User
from community.extensions import db
from community.integrations.models import EmailOptOut
from community.permissions import can

KINDS = ("digest", "notifications")
SEND_TOPIC = "email.send"


@dataclass
class Digest:
    subject: str
    text: str
    html: str
    thread_count: int


# -- sending -------------------------------------------------------------------------------------


def send_email(
    to: str, subject: str, text: str, html: str | None = None, headers: dict[str, str] | None = None
) -> bool:
    """Send one message now. Raises on SMTP errors (callers in the outbox get retries for free)."""
    cfg = current_app.config
    host = cfg.get("SMTP_HOST")
    if not host:
        current_app.logger.info("SMTP_HOST not set: mail to %s not sent (%s)", to, subject)
        return False
    msg = EmailMessage()
    msg["From"] = cfg.get("MAIL_FROM") or f"{cfg.get('BRAND_NAME', 'Community')} <no-reply@localhost>"
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain=(cfg.get("MAIL_FROM") or "x@localhost").rsplit("@", 1)[-1].strip("> "))
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(text)
    if html:
        msg.add_alternative(html, subtype="html")
    port = int(cfg.get("SMTP_PORT") or 25)
    timeout = float(cfg.get("SMTP_TIMEOUT") or 20)
    if cfg.get("SMTP_SSL"):
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    with smtp:
        if cfg.get("SMTP_STARTTLS"):
            smtp.starttls(context=ssl.create_default_context())
        if cfg.get("SMTP_USERNAME"):
            smtp.login(cfg["SMTP_USERNAME"], cfg.get("SMTP_PASSWORD") or "")
        smtp.send_message(msg)
    return True


def send_to_user(user: User, kind: str, subject: str, text: str, html: str | None = None) -> bool:
    """Send to a member with the unsubscribe footer and headers; False when they opted out."""
    if not wants_email(user, kind):
        return False
    link = unsubscribe_url(user, kind)
    footer = f"\n\n--\nUnsubscribe: {link}\n"
    html_footer = f'<hr><p><a href="{link}">Unsubscribe</a></p>'
    return send_email(
        user.email,
        subject,
        text + footer,
        (html + html_footer) if html else None,
        headers={"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )


def queue_email(user: User, kind: str, subject: str, text: str, html: str | None = None) -> None:
    """Send after the current transaction commits, through the outbox (retried with backoff)."""
    if kind not in KINDS:
        raise ValueError(f"unknown email kind {kind!r}")
    if wants_email(user, kind):
        outbox.emit(SEND_TOPIC, user_id=user.id, kind=kind, subject=subject, text=text, html=html)


@outbox.handles(SEND_TOPIC)
def _send_queued(payload: dict) -> None:
    user = db.session.get(User, payload.get("user_id"))
    if user is None:
        return
    send_to_user(user, payload["kind"], payload["subject"], payload["text"], payload.get("html"))


# -- unsubscribe ---------------------------------------------------------------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="email-unsubscribe")


def unsubscribe_token(user: User, kind: str) -> str:
    return _serializer().dumps([user.id, kind])


def read_unsubscribe_token(token: str) -> tuple[User, str] | None:
    try:
        user_id, kind = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or kind not in KINDS:
        return None
    return user, kind


def absolute_url(endpoint: str, **values: object) -> str:
    """An absolute link for mail, also from the worker and cron (no request): BASE_URL decides."""
    base = current_app.config.get("BASE_URL")
    if not base:
        if has_request_context():
            return url_for(endpoint, _external=True, **values)
        raise RuntimeError("Set BASE_URL (e.g. https://community.example.com) so links in mail point to the site.")
    parts = urlsplit(base)
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme or "https")
    return adapter.build(endpoint, values, force_external=True)


def unsubscribe_url(user: User, kind: str) -> str:
    return absolute_url("email.unsubscribe", token=unsubscribe_token(user, kind))


def wants_email(user: User, kind: str) -> bool:
    if not user.email or user.is_suspended:
        return False
    return (
        db.session.scalar(select(EmailOptOut.id).where(EmailOptOut.user_id == user.id, EmailOptOut.kind == kind))
        is None
    )


def unsubscribe(user: User, kind: str) -> None:
    if wants_email(user, kind):
        db.session.add(EmailOptOut(user_id=user.id, kind=kind))


# -- digest --------------------------------------------------------------------------------------


def build_digest(user: User, since: datetime, limit: int = 15) -> Digest | None:
    """New threads since `since` that this user may read (staff-only categories stay staff-only)."""
    from community.forum.models import Thread

    rows = db.session.scalars(
        select(Thread)
        .where(Thread.created_at >= since, Thread.deleted_at.is_(None))
        .order_by(Thread.created_at.desc())
        .limit(limit * 3)
    )
    threads = [t for t in rows if can(user, "thread.view", t)][:limit]
    if not threads:
        return None
    brand = current_app.config.get("BRAND_NAME", "Community")
    items = [(t, absolute_url("forum.thread", thread_id=t.id, slug=t.slug)) for t in threads]
    subject = f"{brand}: {len(threads)} new thread{'s' if len(threads) != 1 else ''}"
    text = "\n".join(
        [f"Hello {user.username}, here is what is new:", ""] + [f"- {t.title}\n  {link}" for t, link in items]
    )
    with force_locale(user.locale or current_app.config.get("BABEL_DEFAULT_LOCALE", "en")):
        html = render_template("integrations/digest_email.html", user=user, items=items, brand=brand)
    return Digest(subject=subject, text=text, html=html, thread_count=len(threads))


def send_digests(since: datetime) -> tuple[int, int]:
    """Send the digest to every member who has not opted out; returns (sent, skipped)."""
    sent = skipped = 0
    for user in db.session.scalars(select(User).order_by(User.id)):
        digest = build_digest(user, since) if wants_email(user, "digest") else None
        if digest is None:
            skipped += 1
            continue
        if send_to_user(user, "digest", digest.subject, digest.text, digest.html):
            sent += 1
        else:
            skipped += 1
    return sent, skipped
