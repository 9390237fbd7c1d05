"""The header's links. A capability adds its page with add_link(); the permission decides who sees it."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_login import current_user

from community.permissions import can


@dataclass(frozen=True)
class NavLink:
    endpoint: str
    label: object
    permission: str | None = None
    order: int = 50


_links: list[NavLink] = []


def add_link(endpoint: str, label: object, permission: str | None = None, order: int = 50) -> None:
    if all(link.endpoint != endpoint for link in _links):
        _links.append(NavLink(endpoint, label, permission, order))
        _links.sort(key=lambda link: link.order)


def nav_links() -> list[NavLink]:
    return [link for link in _links if link.permission is None or can(current_user, link.permission)]


add_link("forum.admin_categories", _l("Staff"), "staff.access", order=90)
