"""Webhooks: staff subscribe a URL to outbox topics; each matching event becomes a signed POST.

Signature: X-Community-Timestamp is the Unix time of the attempt, X-Community-Signature is
"sha256=" + hex HMAC-SHA256(secret, timestamp + "." + raw body). The timestamp is inside the signed
bytes, so a receiver that rejects timestamps older than five minutes cannot be fed a recorded
delivery again (a signature over the body alone would stay valid forever). The body is JSON:
{"id": delivery id, "event": topic, "event_id": ..., "created_at": ..., "data": payload}.

Delivery goes through the outbox ("webhook.deliver" events): a failed POST (no answer, or a
status outside 2xx) raises, so the outbox retries it with backoff and, after MAX_ATTEMPTS, parks
it as dead on /staff/outbox for replay. Redirects are not followed and proxies are not used.

Only admins manage webhooks (a webhook sends community data to any address). Where a webhook may
point is url_guard's business: checked at registration and again, after DNS resolution, at every
delivery, which connects to the checked address.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import re
import secrets
import socket
import ssl
import time
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, has_app_context
from sqlalchemy import select

from community import outbox
from community.accounts.models import User
from community.errors import NotAllowed, NotFound, ValidationFailed
from community.extensions import db
from community.integrations.models import Webhook, WebhookDelivery
from community.integrations.url_guard import UnsafeWebhookURL, check_url, resolved_target
from community.permissions import can
from community.timeutil import isoformat, utcnow

DELIVER_TOPIC = "webhook.deliver"
TOPIC_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
# Topics features emit or will emit; any outbox topic name is accepted.
KNOWN_TOPICS = (
    "thread.created",
    "post.created",
    "post.updated",
    "post.deleted",
    "thread.solved",
    "review.created",
    "post.flagged",
    "keypoint.alert",
)


class DeliveryFailed(Exception):
    """Raised so the outbox schedules a retry with backoff."""


def sign(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify(secret: str, timestamp: str, body: bytes, signature: str, tolerance: int = 300) -> bool:
    """What a receiver does (documented in the README; used by the tests)."""
    try:
        fresh = abs(time.time() - int(timestamp)) <= tolerance
    except ValueError:
        return False
    return fresh and hmac.compare_digest(sign(secret, timestamp, body), signature)


def parse_events(raw: str | list[str]) -> list[str]:
    if not isinstance(raw, (str, list)):
        raise ValidationFailed("Please correct the marked fields.", {"events": "A list of event names."})
    items = raw if isinstance(raw, list) else re.split(r"[\s,]+", raw or "")
    events = sorted({e.strip() for e in items if isinstance(e, str) and e.strip()})
    bad = [e for e in events if not TOPIC_RE.match(e) or len(e) > 64 or e == DELIVER_TOPIC]
    if bad or not events or len(events) > 50:
        raise ValidationFailed(
            "Please correct the marked fields.",
            {"events": "List event names like review.created, thread.solved (up to 50)."},
        )
    return events


def _manager(actor: User | None) -> User:
    if not can(actor, "webhooks.manage"):
        raise NotAllowed("Only admins manage webhooks.")
    return actor  # type: ignore[return-value]


def _description(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationFailed("Please correct the marked fields.", {"description": "Text, up to 200 characters."})
    return value[:200]


def create_webhook(actor: User | None, url: str, events: str | list[str], description: str = "") -> Webhook:
    from moderation.audit import record

    actor = _manager(actor)
    if not isinstance(url, str):
        raise ValidationFailed("Please correct the marked fields.", {"url": "An http:// or https:// address."})
    hook = Webhook(
        url=check_url(url),
        events=parse_events(events),
        secret=secrets.token_hex(32),
        description=_description(description),
        created_by_id=actor.id,
    )
    db.session.add(hook)
    db.session.flush()
    record(actor, "webhook.create", "webhook", hook.id, after={"url": hook.url, "events": hook.events})
    return hook


def get_webhook(actor: User | None, webhook_id: int) -> Webhook:
    _manager(actor)
    hook = db.session.get(Webhook, webhook_id)
    if hook is None:
        raise NotFound("No such webhook.")
    return hook


def update_webhook(actor: User | None, webhook_id: int, changes: dict[str, Any]) -> Webhook:
    """Change url, events, description or active; the URL is checked again like a new one."""
    from moderation.audit import record

    hook = get_webhook(actor, webhook_id)
    before = {"url": hook.url, "events": hook.events, "active": hook.active}
    if "url" in changes:
        if not isinstance(changes["url"], str):
            raise ValidationFailed("Please correct the marked fields.", {"url": "An http:// or https:// address."})
        hook.url = check_url(changes["url"])
    if "events" in changes:
        if not isinstance(changes["events"], (str, list)):
            raise ValidationFailed("Please correct the marked fields.", {"events": "A list of event names."})
        hook.events = parse_events(changes["events"])
    if "description" in changes:
        hook.description = _description(changes["description"])
    if "active" in changes:
        if not isinstance(changes["active"], bool):
            raise ValidationFailed("Please correct the marked fields.", {"active": "true or false"})
        hook.active = changes["active"]
    db.session.flush()
    record(
        actor,
        "webhook.update",
        "webhook",
        hook.id,
        before=before,
        after={"url": hook.url, "events": hook.events, "active": hook.active},
    )
    return hook


def delete_webhook(actor: User | None, webhook_id: int) -> None:
    from moderation.audit import record

    hook = get_webhook(actor, webhook_id)
    record(actor, "webhook.delete", "webhook", hook.id, before={"url": hook.url, "events": hook.events})
    db.session.delete(hook)


def list_webhooks(after_id: int | None = None, limit: int | None = None) -> list[Webhook]:
    q = select(Webhook).order_by(Webhook.id)
    if after_id is not None:
        q = q.where(Webhook.id > after_id)
    if limit is not None:
        q = q.limit(limit)
    return list(db.session.scalars(q))


def deliveries(webhook_id: int, limit: int = 100, before_id: int | None = None) -> list[WebhookDelivery]:
    q = select(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook_id)
    if before_id is not None:
        q = q.where(WebhookDelivery.id < before_id)
    return list(db.session.scalars(q.order_by(WebhookDelivery.id.desc()).limit(limit)))


def webhook_json(hook: Webhook, with_secret: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": hook.id,
        "url": hook.url,
        "events": list(hook.events or []),
        "active": hook.active,
        "description": hook.description or "",
        "created_at": isoformat(hook.created_at),
    }
    if with_secret:
        data["secret"] = hook.secret
    return data


def delivery_json(delivery: WebhookDelivery) -> dict[str, Any]:
    return {
        "id": delivery.id,
        "webhook_id": delivery.webhook_id,
        "event_id": delivery.event_id,
        "event": delivery.topic,
        "status": delivery.status,
        "attempts": delivery.attempts,
        "response_status": delivery.response_status,
        "last_error": delivery.last_error,
        "created_at": isoformat(delivery.created_at),
        "delivered_at": isoformat(delivery.delivered_at),
    }


@outbox.observe_all
def fan_out(event: outbox.OutboxEvent) -> None:
    """One delivery (and one deliver event) per subscribed webhook; idempotent per (hook, event)."""
    if event.topic == DELIVER_TOPIC:
        return
    hooks = [
        h
        for h in db.session.scalars(select(Webhook).where(Webhook.active.is_(True)))
        if event.topic in (h.events or [])
    ]
    for hook in hooks:
        exists = db.session.scalar(
            select(WebhookDelivery.id).where(
                WebhookDelivery.webhook_id == hook.id, WebhookDelivery.event_id == event.id
            )
        )
        if exists:
            continue
        delivery = WebhookDelivery(
            webhook_id=hook.id, event_id=event.id, topic=event.topic, payload=dict(event.payload or {})
        )
        db.session.add(delivery)
        db.session.flush()
        outbox.emit(DELIVER_TOPIC, delivery_id=delivery.id)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address url_guard checked, not to a fresh lookup of the name."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """As above, with TLS verified against the host name (SNI and certificate)."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> int:
    """POST once, without redirects or proxies; the HTTP status. Raises UnsafeWebhookURL when the
    URL may not be called now, OSError/HTTPException when the receiver cannot be reached."""
    scheme, host, port, address = resolved_target(url)
    parts = urlsplit(url.strip())
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    cls = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
    conn = cls(host, port, address, timeout)
    try:
        conn.request("POST", path, body=body, headers=headers)
        resp = conn.getresponse()
        resp.read(65536)
        return resp.status
    finally:
        conn.close()


@outbox.handles(DELIVER_TOPIC)
def deliver(payload: dict) -> None:
    delivery = db.session.get(WebhookDelivery, payload.get("delivery_id"))
    if delivery is None or delivery.status == "delivered":
        return
    hook = delivery.webhook
    if not hook.active:
        return
    body = json.dumps(
        {
            "id": delivery.id,
            "event": delivery.topic,
            "event_id": delivery.event_id,
            "created_at": isoformat(delivery.created_at),
            "data": delivery.payload,
        },
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "community-webhooks/1",
        "X-Community-Event": delivery.topic,
        "X-Community-Delivery": str(delivery.id),
        "X-Community-Timestamp": timestamp,
        "X-Community-Signature": sign(hook.secret, timestamp, body),
    }
    timeout = float(current_app.config.get("WEBHOOK_TIMEOUT", 10)) if has_app_context() else 10.0
    delivery.attempts += 1
    status: int | None = None
    error: str | None = None
    try:
        status = post(hook.url, body, headers, timeout)
    except UnsafeWebhookURL as exc:
        error = f"Refused: {exc.reason}"[:500]
    except (OSError, http.client.HTTPException) as exc:
        error = (str(exc) or type(exc).__name__)[:500]
    delivery.response_status = status
    if status is not None and 200 <= status < 300:
        delivery.status = "delivered"
        delivery.delivered_at = utcnow()
        delivery.last_error = None
        db.session.commit()
        return
    delivery.status = "failed"
    delivery.last_error = error or f"HTTP {status}"
    db.session.commit()  # the attempt is logged even though the outbox rolls back on the raise
    raise DeliveryFailed(delivery.last_error)
