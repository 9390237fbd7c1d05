"""Where a webhook may point: the SSRF guard.

A webhook makes this server send POSTs to an address staff typed in. Without a guard that is a
way into the private network behind it (the database, Redis, a cloud metadata service at
169.254.169.254). So a webhook URL must be http(s) and its host must resolve only to public
addresses: no loopback, private, shared (CGNAT), link-local, multicast, reserved or unspecified
address, and no IPv4 hidden in an IPv6 form (::ffff:127.0.0.1).

The check runs at registration (a clear 422) and again at every delivery, after resolving the
name, and the delivery then connects to the very address that was checked (resolved_target):
a name that answered with a public address at registration and with 127.0.0.1 later (DNS
rebinding) is refused, and a second lookup between check and connect cannot swap it.

An operator who really wants a receiver on the private network (a help desk on the LAN, a test
receiver on 127.0.0.1) sets WEBHOOK_ALLOW_PRIVATE=1.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from flask import current_app, has_app_context

from community.errors import ValidationFailed

MAX_URL_LENGTH = 500


class UnsafeWebhookURL(ValidationFailed):
    """The URL is malformed, does not resolve, or points at a non-public address."""

    def __init__(self, reason: str) -> None:
        super().__init__("Please correct the marked fields.", {"url": reason})
        self.reason = reason


def allow_private() -> bool:
    return bool(has_app_context() and current_app.config.get("WEBHOOK_ALLOW_PRIVATE"))


def resolve(host: str, port: int) -> list[str]:
    """Every address the name resolves to (tests replace this to stay off the network)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None and not is_public(str(embedded)):
            return False
    return ip.is_global and not ip.is_multicast


def parse(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an http(s) URL, or UnsafeWebhookURL."""
    url = (url or "").strip()
    if not url or len(url) > MAX_URL_LENGTH or any(c.isspace() or ord(c) < 32 for c in url):
        raise UnsafeWebhookURL("An http:// or https:// address.")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise UnsafeWebhookURL("An http:// or https:// address.") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeWebhookURL("An http:// or https:// address.")
    if parts.username is not None or parts.password is not None:
        raise UnsafeWebhookURL("No user name or password in the address; the signature authenticates us.")
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80)


def resolved_target(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, address to connect to) after the checks above; UnsafeWebhookURL if
    the URL may not be called. The address is the first resolved one, all of them checked."""
    scheme, host, port = parse(url)
    try:
        addresses = resolve(host, port)
    except (OSError, UnicodeError):
        raise UnsafeWebhookURL(f"The host name {host} does not resolve.") from None
    if not addresses:
        raise UnsafeWebhookURL(f"The host name {host} does not resolve.")
    if not allow_private():
        for address in addresses:
            try:
                public = is_public(address)
            except ValueError:
                public = False
            if not public:
                raise UnsafeWebhookURL(
                    f"{host} points to a private, loopback or reserved address ({address}); "
                    "webhooks may only call public addresses (an operator can allow private ones "
                    "with WEBHOOK_ALLOW_PRIVATE=1)."
                )
    return scheme, host, port, addresses[0]


def check_url(url: str) -> str:
    """The stripped URL if a webhook may point there now."""
    resolved_target(url)
    return (url or "").strip()
