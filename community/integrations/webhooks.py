"""Webhooks: staff subscribe a URL to outbox topics; each matching event becomes a signed POST.

Signature: X-Community-Timestamp is the Unix time of the attempt, X-Community-Signature is
"sha256=" + hex HMAC-SHA256(secret, timestamp + "." + raw body). The timestamp is inside the signed
bytes, so a receiver that rejects timestamps older than five minutes cannot be fed a recorded
delivery again (a signature over the body alone would stay valid forever). The body is JSON:
{"id": delivery id, "event": topic, "event_id": ..., "created_at": ..., "data": payload}.

Delivery goes through the outbox ("webhook.deliver" events): a failed POST (no answer, or a
status outside 2xx) raises, so the outbox retries it with backoff and, after MAX_ATTEMPTS, parks
it as dead on /staff/outbox for replay. Redirects are not followed and proxies are not used.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from flask import current_app, has_app_context
from sqlalchemy import select

from community import outbox
from community.accounts.models import User
from community.errors import NotAllowed, NotFound, ValidationFailed
from community.extensions import db
from community.integrations.models import Webhook, WebhookDelivery
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
    items = raw if isinstance(raw, list) else re.split(r"[\s,]+", raw or "")
    events = sorted({e.strip() for e in items if isinstance(e, str) and e.strip()})
    bad = [e for e in events if not TOPIC_RE.match(e) or len(e) > 64 or e == DELIVER_TOPIC]
    if bad or not events or len(events) > 50:
        raise ValidationFailed(
            "Please correct the marked fields.",
            {"events": "List event names like review.created, thread.solved (up to 50)."},
        )
    return events


def _check_url(url: str) -> str:
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > 500:
        raise ValidationFailed("Please correct the marked fields.", {"url": "An http:// or https:// address."})
    return url


def create_webhook(actor: User | None, url: str, events: str | list[str], description: str = "") -> Webhook:
    from moderation.audit import record

    if not can(actor, "staff.access"):
        raise NotAllowed("Staff only.")
    hook = Webhook(
        url=_check_url(url),
        events=parse_events(events),
        secret=secrets.token_hex(32),
        description=(description or "")[:200],
        created_by_id=actor.id if actor else None,
    )
    db.session.add(hook)
    db.session.flush()
    record(actor, "webhook.create", "webhook", hook.id, after={"url": hook.url, "events": hook.events})
    return hook


def delete_webhook(actor: User | None, webhook_id: int) -> None:
    from moderation.audit import record

    if not can(actor, "staff.access"):
        raise NotAllowed("Staff only.")
    hook = db.session.get(Webhook, webhook_id)
    if hook is None:
        raise NotFound("No such webhook.")
    record(actor, "webhook.delete", "webhook", hook.id, before={"url": hook.url, "events": hook.events})
    db.session.delete(hook)


def list_webhooks() -> list[Webhook]:
    return list(db.session.scalars(select(Webhook).order_by(Webhook.id)))


def deliveries(webhook_id: int, limit: int = 100) -> list[WebhookDelivery]:
    return list(
        db.session.scalars(
            select(WebhookDelivery)
            .where(WebhookDelivery.webhook_id == webhook_id)
            .order_by(WebhookDelivery.id.desc())
            .limit(limit)
        )
    )


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


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


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
    request = urllib.request.Request(  # noqa: S310 (http/https checked at registration)
        hook.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "community-webhooks/1",
            "X-Community-Event": delivery.topic,
            "X-Community-Delivery": str(delivery.id),
            "X-Community-Timestamp": timestamp,
            "X-Community-Signature": sign(hook.secret, timestamp, body),
        },
    )
    timeout = float(current_app.config.get("WEBHOOK_TIMEOUT", 10)) if has_app_context() else 10.0
    delivery.attempts += 1
    status: int | None = None
    error: str | None = None
    try:
        with _opener.open(request, timeout=timeout) as resp:
            status = resp.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except (urllib.error.URLError, OSError) as exc:
        error = str(getattr(exc, "reason", exc))[:500]
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
