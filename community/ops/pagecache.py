"""Whole-page cache for anonymous visitors (as Discourse does): prospects are most of the traffic
after a launch, and they all see the same page.

Rules:
- Only GET/HEAD of registered endpoints (cache_page), only for a visitor who is not signed in and
  whose session is empty (no flash message, no CSRF token, no login state).
- Stored only when the response is a 200 HTML page, set no cookie and did not touch the session:
  a page that rendered a flash or a CSRF token is never stored. Anonymous pages therefore carry
  no per-visitor token (the footer language switch is a GET link for visitors).
- The key is the path with its query string, the locale and the time-zone cookie.
- Invalidation by generation counters: each page depends on tags ("thread:12", "category:audio",
  "site"); a commit that changes a registered model bumps its tags (invalidate_on), and an entry
  whose recorded generations differ from the current ones is a miss. The generations are read
  before the page is rendered, so a write that lands during rendering invalidates the new entry.
- In memory (a per-process LRU with TTL) by default; in Redis when REDIS_URL is set, so every node
  and every gunicorn worker shares entries and invalidations. Memory mode with several gunicorn
  workers may serve a page up to PAGE_CACHE_TTL seconds old from a worker that did not see the
  write: use Redis for more than one process.
- X-Cache: HIT / MISS tells which; features register their public pages and models the same way.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, Response, current_app, g, has_app_context, request, session
from flask_login import current_user
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

PageTags = Callable[[dict[str, Any]], list[str]]
ModelTags = Callable[[Any, Session], Iterable[str]]

_pages: dict[str, PageTags] = {}
_models: dict[type, ModelTags] = {}


def cache_page(endpoint: str, tags: PageTags) -> None:
    """Make an endpoint's anonymous GET cacheable; tags(view_args) names what it shows."""
    _pages[endpoint] = tags


def invalidate_on(model: type, tags: ModelTags) -> None:
    """When a row of model is added, changed or deleted, bump tags(row, session) at commit."""
    _models[model] = tags


# -- stores -------------------------------------------------------------------------------------


class MemoryStore:
    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[str, tuple[float, dict[str, Any]]] = OrderedDict()
        self.gens: dict[str, int] = {}
        self.lock = threading.Lock()

    def get(self, key: str) -> dict[str, Any] | None:
        with self.lock:
            item = self.entries.get(key)
            if item is None:
                return None
            if item[0] < time.monotonic():
                del self.entries[key]
                return None
            self.entries.move_to_end(key)
            return item[1]

    def set(self, key: str, entry: dict[str, Any], ttl: int) -> None:
        with self.lock:
            self.entries[key] = (time.monotonic() + ttl, entry)
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def generations(self, tags: list[str]) -> list[int]:
        with self.lock:
            return [self.gens.get(t, 0) for t in tags]

    def bump(self, tags: Iterable[str]) -> None:
        with self.lock:
            for t in tags:
                self.gens[t] = self.gens.get(t, 0) + 1

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


class RedisStore:
    """Entries are hashes (body as bytes, never pickled); generations are INCR counters."""

    GEN_TTL = 7 * 86400

    def __init__(self, app: Flask) -> None:
        from community.ops.redis_client import key, redis_for

        self.redis = redis_for(app)
        self.prefix = key("pc:", app)

    def get(self, key: str) -> dict[str, Any] | None:
        data = self.redis.hgetall(self.prefix + "page:" + key)
        if not data:
            return None
        return {"body": data[b"body"], "content_type": data[b"ct"].decode(), "gens": json.loads(data[b"gens"])}

    def set(self, key: str, entry: dict[str, Any], ttl: int) -> None:
        name = self.prefix + "page:" + key
        pipe = self.redis.pipeline()
        pipe.hset(name, mapping={"body": entry["body"], "ct": entry["content_type"], "gens": json.dumps(entry["gens"])})
        pipe.expire(name, ttl)
        pipe.execute()

    def generations(self, tags: list[str]) -> list[int]:
        values = self.redis.mget([self.prefix + "gen:" + t for t in tags]) if tags else []
        return [int(v or 0) for v in values]

    def bump(self, tags: Iterable[str]) -> None:
        pipe = self.redis.pipeline()
        for t in tags:
            pipe.incr(self.prefix + "gen:" + t)
            pipe.expire(self.prefix + "gen:" + t, self.GEN_TTL)
        pipe.execute()

    def clear(self) -> None:
        for name in self.redis.scan_iter(self.prefix + "page:*"):
            self.redis.delete(name)


def store_for(app: Flask) -> MemoryStore | RedisStore:
    store = app.extensions.get("community_pagecache")
    if store is None:
        store = (
            RedisStore(app)
            if app.config.get("REDIS_URL")
            else MemoryStore(int(app.config.get("PAGE_CACHE_SIZE", 1000)))
        )
        app.extensions["community_pagecache"] = store
    return store


# -- request hooks ------------------------------------------------------------------------------


def _cache_key() -> str:
    from flask_babel import get_locale

    raw = "\n".join([request.full_path, str(get_locale()), request.cookies.get("tz", "")])
    return hashlib.sha256(raw.encode()).hexdigest()


def _lookup() -> Response | None:
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if not app.config.get("PAGE_CACHE") or request.method not in ("GET", "HEAD"):
        return None
    tags_fn = _pages.get(request.endpoint or "")
    if tags_fn is None or session or current_user.is_authenticated:
        return None
    try:
        tags = sorted(set(tags_fn(dict(request.view_args or {}))))
        key = _cache_key()
        store = store_for(app)
        gens = store.generations(tags)
        entry = store.get(key)
    except Exception:  # a cache that is down is a miss, never an error page
        app.logger.warning("page cache unavailable", exc_info=True)
        return None
    if entry is not None and entry["gens"] == gens:
        g.page_cache_hit = True
        return Response(entry["body"], status=200, content_type=entry["content_type"], headers={"X-Cache": "HIT"})
    g.page_cache = (key, gens)
    return None


def _store(response: Response) -> Response:
    pending = g.get("page_cache")
    if pending is None or g.get("page_cache_hit"):
        return response
    key, gens = pending
    _forget_unrendered_csrf(response)
    cacheable = (
        request.method == "GET"
        and response.status_code == 200
        and response.mimetype == "text/html"
        and not response.direct_passthrough
        and "Set-Cookie" not in response.headers
        and not session.modified
        and not session
        and not current_user.is_authenticated
    )
    response.headers["X-Cache"] = "MISS"
    if cacheable:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        try:
            store_for(app).set(
                key,
                {"body": response.get_data(), "content_type": response.content_type, "gens": gens},
                int(app.config.get("PAGE_CACHE_TTL", 60)),
            )
        except Exception:
            app.logger.warning("page cache unavailable", exc_info=True)
    return response


def _forget_unrendered_csrf(response: Response) -> None:
    """A view that builds a form for a visitor who may not use it (the thread page's reply form)
    makes Flask-WTF put a CSRF secret in the session, though the page never shows it. Undo that
    when the token is not in the body: the page stays cacheable and the visitor gets no cookie."""
    if not session.modified or set(session.keys()) != {"csrf_token"}:
        return
    token = g.get("csrf_token")
    if token and token.encode() in response.get_data():
        return
    session.clear()
    session.modified = False


# -- invalidation at commit ---------------------------------------------------------------------


def _collect(session_: Session, _ctx: Any) -> None:
    if not _models:
        return
    tags: set[str] = session_.info.setdefault("pagecache_tags", set())
    for obj in (*session_.new, *session_.dirty, *session_.deleted):
        fn = _models.get(type(obj))
        if fn is not None:
            tags.update(fn(obj, session_))


def _after_commit(session_: Session) -> None:
    tags = session_.info.pop("pagecache_tags", None)
    if not tags or not has_app_context():
        return
    try:
        store_for(current_app._get_current_object()).bump(tags)  # type: ignore[attr-defined]
    except Exception:  # Redis away: entries expire by TTL
        current_app.logger.warning("page cache invalidation failed", exc_info=True)


def _after_rollback(session_: Session) -> None:
    session_.info.pop("pagecache_tags", None)


_listening = False


def _listen() -> None:
    global _listening
    if not _listening:
        event.listen(Session, "after_flush", _collect)
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_soft_rollback", lambda s, _prev: _after_rollback(s))
        _listening = True


def _register_core() -> None:
    """The forum core's public pages and the models they show."""
    from community.forum.models import Category, Post, Thread

    def category_slug(session_: Session, category_id: int | None) -> list[str]:
        cat = session_.get(Category, category_id) if category_id else None
        return [f"category:{cat.slug}"] if cat is not None else []

    def thread_tags(thread: Thread, session_: Session) -> list[str]:
        # A moved thread leaves its old category's page too (the flush still holds the history).
        before = [c for c in inspect(thread).attrs.category_id.history.deleted if c != thread.category_id]
        categories = [tag for c in (thread.category_id, *before) for tag in category_slug(session_, c)]
        return ["site", f"thread:{thread.id}", *categories]

    def post_tags(post: Post, session_: Session) -> list[str]:
        thread = session_.get(Thread, post.thread_id) if post.thread_id else None
        return ["site", f"thread:{post.thread_id}", *(category_slug(session_, thread.category_id) if thread else [])]

    cache_page("forum.home", lambda _a: ["site"])
    cache_page("forum.latest", lambda _a: ["site"])
    cache_page("forum.category", lambda a: [f"category:{a.get('slug')}"])
    cache_page("forum.thread", lambda a: [f"thread:{a.get('thread_id')}"])
    invalidate_on(Thread, thread_tags)
    invalidate_on(Post, post_tags)
    invalidate_on(Category, lambda c, _s: ["site", f"category:{c.slug}"])


def init_pagecache(app: Flask) -> None:
    _register_core()
    _listen()
    app.before_request(_lookup)
    app.after_request(_store)
