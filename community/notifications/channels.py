"""Delivery channels. In-app is the one built; an email channel later implements Channel and is
registered with add_channel(): the fan-out, the settings page and the per-kind switches need no
change, because they iterate over the registered channels."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from community.extensions import db
from community.notifications.models import Notification


@dataclass(frozen=True)
class Delivery:
    user_id: int
    kind: str
    actor_id: int | None
    thread_id: int | None
    post_id: int | None
    subject_type: str | None = None
    subject_id: int | None = None


class Channel(Protocol):
    name: str
    label: object

    def deliver(self, delivery: Delivery) -> None:
        """Must be idempotent: an outbox event can be applied twice after a crash."""


class InAppChannel:
    name = "app"
    label = _l("In the app")

    def deliver(self, delivery: Delivery) -> None:
        exists = db.session.scalar(
            select(Notification.id).where(
                Notification.user_id == delivery.user_id,
                Notification.kind == delivery.kind,
                Notification.post_id == delivery.post_id,
                Notification.subject_type == delivery.subject_type,
                Notification.subject_id == delivery.subject_id,
                Notification.actor_id.is_(None)
                if delivery.actor_id is None
                else Notification.actor_id == delivery.actor_id,
            )
        )
        if exists is None:
            db.session.add(
                Notification(
                    user_id=delivery.user_id,
                    kind=delivery.kind,
                    actor_id=delivery.actor_id,
                    thread_id=delivery.thread_id,
                    post_id=delivery.post_id,
                    subject_type=delivery.subject_type,
                    subject_id=delivery.subject_id,
                )
            )


_channels: list[Channel] = [InAppChannel()]


def add_channel(channel: Channel) -> None:
    if all(c.name != channel.name for c in _channels):
        _channels.append(channel)


def channels() -> list[Channel]:
    return list(_channels)
