"""Notification kinds added by other capabilities (the core kinds are about posts and live in
models.KINDS). A registered kind is about a subject that is not a post (a key point alert, say):
it says who may receive it, how the bell describes it and where it links, so the list, the
settings page and the fan-out need no change when a capability adds one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from community.notifications.models import KINDS

if TYPE_CHECKING:
    from community.accounts.models import User
    from community.notifications.models import Notification


@dataclass(frozen=True)
class Kind:
    name: str  # at most 16 characters (notifications.kind)
    label: object  # the settings page's switch (lazy_gettext)
    permission: str  # can(user, permission) decides who receives it and sees the switch
    describe: Callable[[Notification], str]  # the line in the notification list
    link: Callable[[Notification], str | None]  # where opening it goes (None: the list)


_kinds: dict[str, Kind] = {}


def register_kind(kind: Kind) -> None:
    if len(kind.name) > 16 or kind.name in KINDS:
        raise ValueError(f"bad notification kind {kind.name!r}")
    _kinds[kind.name] = kind


def registered(name: str) -> Kind | None:
    return _kinds.get(name)


def all_kinds() -> tuple[str, ...]:
    """Every kind a setting may name."""
    return (*KINDS, *_kinds)


def kinds_for(user: User) -> tuple[str, ...]:
    """The kinds this user can receive, for the settings page."""
    from community.permissions import can

    return (*KINDS, *(k.name for k in _kinds.values() if can(user, k.permission)))
