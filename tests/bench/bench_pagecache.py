"""Anonymous page cache: requests per second for the thread page, in-process (Flask test client,
SQLite, one thread), as ratios against a baseline measured in the same run.

    python tests/bench/bench_pagecache.py [--seconds 3] [--replies 40]

Baseline: /healthz (the floor of the stack: routing, hooks, security headers, no database).
Rows: anonymous thread page with the cache (HIT), anonymous without it, signed-in member.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def _rate(client, url: str, seconds: float, **kw) -> float:  # type: ignore[no-untyped-def]
    client.get(url, **kw)
    n = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        resp = client.get(url, **kw)
        assert resp.status_code == 200, resp.status_code
        n += 1
    return n / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--replies", type=int, default=40)
    args = parser.parse_args()
    from flask_migrate import upgrade

    from app import create_app
    from community.extensions import db
    from tests.factories import Factory, login

    tmp = tempfile.mkdtemp()
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db",
            "INSTANCE_PATH": tmp,
            "SECRET_KEY": "bench",
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False,
            "REDIS_URL": None,
            "OUTBOX_MODE": "inline",
            "OUTBOX_SYNC": True,
            "DEMO": False,
            "LOG_FORMAT": "none",
            "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
        }
    )
    with app.app_context():
        upgrade(directory=str(Path(app.root_path) / "migrations"), revision="heads")
        f = Factory(app)
        thread = f.thread(title="Battery life after the 2.1 firmware")
        for i in range(min(args.replies, 19)):
            f.reply(thread, body=f"Reply {i}: about the same here, **30 hours** with ANC off.")
        f.user("benchreader")
        url = f"/t/{thread.id}/{thread.slug}"
        db.session.remove()

    anon = app.test_client()
    member = app.test_client()
    login(member, "benchreader")
    floor = _rate(anon, "/healthz", args.seconds)
    cached = _rate(anon, url, args.seconds)
    app.config["PAGE_CACHE"] = False
    uncached = _rate(anon, url, args.seconds)
    app.config["PAGE_CACHE"] = True
    signed_in = _rate(member, url, args.seconds)
    print(f"{'route':40} {'req/s':>8} {'vs /healthz':>12}")
    for name, rate in (
        ("/healthz (baseline)", floor),
        ("thread, anonymous, cached (HIT)", cached),
        ("thread, anonymous, cache off", uncached),
        ("thread, signed-in member", signed_in),
    ):
        print(f"{name:40} {rate:8.0f} {rate / floor:12.2f}")
    print(f"cache speed-up for anonymous thread page: {cached / uncached:.1f}x")


if __name__ == "__main__":
    main()
