"""One Redis client per app, shared by the worker queue, the page cache and the metrics."""

from __future__ import annotations

from flask import Flask, current_app
from redis import Redis


def redis_for(app: Flask | None = None) -> Redis | None:
    """The app's Redis client, or None in the embedded mode (no REDIS_URL)."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    url = app.config.get("REDIS_URL")
    if not url:
        return None
    client = app.extensions.get("community_redis")
    if client is None:
        client = Redis.from_url(url, socket_timeout=5, socket_connect_timeout=2, health_check_interval=30)
        app.extensions["community_redis"] = client
    return client


def key(name: str, app: Flask | None = None) -> str:
    """Every key this app writes carries REDIS_PREFIX, so several sites (or tests) share one Redis."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    return f"{app.config.get('REDIS_PREFIX', 'community:')}{name}"
