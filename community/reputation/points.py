"""Points and ranks. Brands rename and re-threshold ranks through configuration
(REPUTATION_RANKS, e.g. "0:Member,50:Bronze,200:Silver,1000:Gold" in the environment), so no
code change is needed to say "Gold member" or "金牌会员"."""

from __future__ import annotations

import os
from typing import Any

from flask import current_app, g, has_app_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from community.accounts.models import User
from community.extensions import db

DEFAULT_RANKS: list[tuple[int, Any]] = [
    (0, _l("Member")),
    (50, _l("Bronze")),
    (200, _l("Silver")),
    (1000, _l("Gold")),
]


def vote_points() -> int:
    return int(current_app.config.get("REPUTATION_VOTE_POINTS", 10))


def accept_points() -> int:
    return int(current_app.config.get("REPUTATION_ACCEPT_POINTS", 15))


def _parse_ranks(text: str) -> list[tuple[int, str]]:
    ranks = []
    for part in text.split(","):
        threshold, _, name = part.partition(":")
        if name.strip() and threshold.strip().lstrip("-").isdigit():
            ranks.append((int(threshold), name.strip()))
    return ranks


def ranks() -> list[tuple[int, Any]]:
    """(threshold, name) pairs, lowest first."""
    configured = current_app.config.get("REPUTATION_RANKS") or os.environ.get("REPUTATION_RANKS")
    if isinstance(configured, str):
        configured = _parse_ranks(configured)
    return sorted(configured or DEFAULT_RANKS, key=lambda r: r[0])


def _request_ranks() -> list[tuple[int, Any]]:
    """ranks(), parsed and sorted once per request: a thread page asks for 20 authors' ranks."""
    if not has_app_context():
        return ranks()
    configured = current_app.config.get("REPUTATION_RANKS") or os.environ.get("REPUTATION_RANKS")
    cached = g.get("_reputation_ranks")
    if cached is None or cached[0] is not configured:
        cached = g._reputation_ranks = (configured, ranks())
    return cached[1]


def rank_for(reputation: int) -> str:
    name: Any = ""
    for threshold, rank_name in _request_ranks():
        if reputation >= threshold:
            name = rank_name
    return str(name)


def adjust(user_id: int, delta: int) -> None:
    """Atomic, in the caller's transaction: concurrent votes never lose an increment."""
    if delta:
        db.session.execute(update(User).where(User.id == user_id).values(reputation=User.reputation + delta))
