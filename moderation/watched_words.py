"""Spam settings staff maintain: watched words (block, hold, replace, flag; English and
Chinese) and blocked / allowed link domains. policy() turns them into the spam library's
SpamPolicy for each check."""

from __future__ import annotations

import re

from flask import current_app
from sqlalchemy import select

from community.accounts.models import User
from community.errors import Conflict, NotFound, ValidationFailed
from community.extensions import db
from moderation.audit import record
from moderation.models import SpamDomain, WatchedWordRow
from moderation.spam import SpamPolicy, WatchedWord
from moderation.spam.policy import WATCHED_WORD_ACTIONS

_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9\u00a1-\uffff-]{1,63}\.)+[a-z\u00a1-\uffff]{2,63}$")


def watched_words() -> list[WatchedWordRow]:
    return list(db.session.scalars(select(WatchedWordRow).order_by(WatchedWordRow.action, WatchedWordRow.pattern)))


def domains(kind: str) -> list[SpamDomain]:
    return list(db.session.scalars(select(SpamDomain).where(SpamDomain.kind == kind).order_by(SpamDomain.domain)))


def add_watched_word(actor: User, pattern: object, action: object, replacement: object = "") -> WatchedWordRow:
    fields: dict[str, str] = {}
    pattern_s = " ".join(str(pattern or "").split())
    replacement_s = str(replacement or "").strip()
    if not pattern_s or len(pattern_s) > 100 or pattern_s.strip("*") == "":
        fields["pattern"] = "Enter a word or phrase (up to 100 characters)."
    if action not in WATCHED_WORD_ACTIONS:
        fields["action"] = "Choose block, hold, replace or flag."
    if action == "replace" and not replacement_s:
        fields["replacement"] = "Say what to replace the word with."
    if len(replacement_s) > 100:
        fields["replacement"] = "Up to 100 characters."
    if fields:
        raise ValidationFailed("Please correct the marked fields.", fields)
    if db.session.scalar(select(WatchedWordRow.id).where(WatchedWordRow.pattern == pattern_s)):
        raise Conflict("This word is already watched.", {"pattern": "Already watched."}, code="duplicate")
    row = WatchedWordRow(
        pattern=pattern_s,
        action=str(action),
        replacement=replacement_s if action == "replace" else "",
        created_by_id=actor.id,
    )
    db.session.add(row)
    db.session.flush()
    record(
        actor,
        "spam.watched_word.add",
        "watched_word",
        row.id,
        after={"pattern": row.pattern, "action": row.action, "replacement": row.replacement},
    )
    return row


def remove_watched_word(actor: User, word_id: int) -> None:
    row = db.session.get(WatchedWordRow, word_id)
    if row is None:
        raise NotFound("No such watched word.")
    record(
        actor,
        "spam.watched_word.remove",
        "watched_word",
        row.id,
        before={"pattern": row.pattern, "action": row.action, "replacement": row.replacement},
    )
    db.session.delete(row)


def normalize_domain(value: object) -> str:
    domain = str(value or "").strip().lower()
    domain = re.sub(r"^[a-z]+://", "", domain).split("/")[0].split(":")[0]
    if domain.startswith("www."):
        domain = domain[4:]
    if not _DOMAIN.match(domain):
        raise ValidationFailed("Please correct the marked fields.", {"domain": "Enter a domain such as example.com."})
    return domain


def add_domain(actor: User, value: object, kind: object) -> SpamDomain:
    if kind not in ("blocked", "allowed"):
        raise ValidationFailed("Please correct the marked fields.", {"kind": "blocked or allowed"})
    domain = normalize_domain(value)
    if db.session.scalar(select(SpamDomain.id).where(SpamDomain.domain == domain)):
        raise Conflict("This domain is already listed.", {"domain": "Already listed."}, code="duplicate")
    row = SpamDomain(domain=domain, kind=str(kind), created_by_id=actor.id)
    db.session.add(row)
    db.session.flush()
    record(actor, "spam.domain.add", "spam_domain", row.id, after={"domain": domain, "kind": row.kind})
    return row


def remove_domain(actor: User, domain_id: int) -> None:
    row = db.session.get(SpamDomain, domain_id)
    if row is None:
        raise NotFound("No such domain.")
    record(
        actor,
        "spam.domain.remove",
        "spam_domain",
        row.id,
        before={"domain": row.domain, "kind": row.kind},
    )
    db.session.delete(row)


def policy() -> SpamPolicy:
    """The site's policy: the database lists plus SPAM_ALLOWED_DOMAINS from the config (the
    brand's own sites, which are never counted against new members)."""
    rows = list(db.session.scalars(select(SpamDomain)))
    allowed = tuple(current_app.config.get("SPAM_ALLOWED_DOMAINS", ())) + tuple(
        r.domain for r in rows if r.kind == "allowed"
    )
    blocked = tuple(r.domain for r in rows if r.kind == "blocked")
    words = tuple(WatchedWord(w.pattern, w.action, w.replacement) for w in db.session.scalars(select(WatchedWordRow)))
    return SpamPolicy(allowed_domains=allowed, blocked_domains=blocked, watched_words=words)
