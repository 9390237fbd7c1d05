"""Page latency as the community grows: 10k vs 1M posts on PostgreSQL (in-process, anonymous,
page cache off so the database path is measured).

    TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \
        python tests/bench/bench_scale.py --sizes 10000,1000000

For each size: a fresh database, `generate()` (timed), then median / p95 over --repeat requests of
home, category page 1, the category's deepest page (up to page 500), /latest page 1 and page 500
(keyset cursors: page 500 should cost what page 1 costs), and a thread page. The database is
dropped afterwards.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg
from sqlalchemy import select
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def _cursor_at(q, page: int, per_page: int) -> str | None:  # type: ignore[no-untyped-def]
    """The keyset cursor a reader holds after following "next" page-1 times."""
    from community.extensions import db
    from community.forum.models import Thread
    from community.pagination import encode_cursor

    if page <= 1:
        return None
    row = db.session.execute(
        q.order_by(Thread.last_posted_at.desc(), Thread.id.desc()).offset((page - 1) * per_page - 1).limit(1)
    ).first()
    return encode_cursor(row.last_posted_at, row.id) if row else None


def measure(size: int, repeat: int) -> None:
    from flask_migrate import upgrade

    from app import create_app
    from community.extensions import db
    from community.forum.models import Category, Thread
    from community.ops.generate import generate

    admin = make_url(os.environ["TEST_DATABASE_URL"].replace("postgresql+psycopg://", "postgresql://"))
    admin_url = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"bench_scale_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        url = admin.set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": url,
                "INSTANCE_PATH": tempfile.mkdtemp(),
                "SECRET_KEY": "bench",
                "RATELIMIT_ENABLED": False,
                "REDIS_URL": None,
                "OUTBOX_MODE": "inline",
                "DEMO": False,
                "LOG_FORMAT": "none",
                "PAGE_CACHE": False,
                "SEARCH_BACKEND": "postgres",
            }
        )
        with app.app_context():
            upgrade(directory=str(Path(app.root_path) / "migrations"), revision="heads")
            started = time.perf_counter()
            generate(size)
            gen_seconds = time.perf_counter() - started
            per_page = app.config["THREADS_PER_PAGE"]
            cat = db.session.scalar(select(Category).order_by(Category.thread_count.desc()))
            cat_pages = max(1, -(-cat.thread_count // per_page))
            deep_cat = min(500, cat_pages)
            cat_cursor = _cursor_at(
                select(Thread.last_posted_at, Thread.id).where(Thread.category_id == cat.id), deep_cat, per_page
            )
            total_threads = db.session.scalar(select(db.func.count(Thread.id)))
            deep_latest = min(500, max(1, -(-total_threads // per_page)))
            latest_cursor = _cursor_at(select(Thread.last_posted_at, Thread.id), deep_latest, per_page)
            thread = db.session.scalar(select(Thread).order_by(Thread.id).offset(total_threads // 2).limit(1))
            urls = {
                "home": "/",
                "category page 1": f"/c/{cat.slug}",
                f"category page {deep_cat}": f"/c/{cat.slug}?cursor={cat_cursor}" if cat_cursor else f"/c/{cat.slug}",
                "latest page 1": "/latest",
                f"latest page {deep_latest}": f"/latest?cursor={latest_cursor}" if latest_cursor else "/latest",
                "thread page (20 posts)": f"/t/{thread.id}/{thread.slug}",
            }
            db.session.remove()
        client = app.test_client()
        print(
            f"\n{size:,} posts ({total_threads:,} threads): generated in {gen_seconds:.1f} s "
            f"({size / gen_seconds:,.0f} posts/s)"
        )
        print(f"{'page':28} {'median ms':>10} {'p95 ms':>8}")
        for label, path in urls.items():
            assert client.get(path).status_code == 200, path
            times = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                client.get(path)
                times.append((time.perf_counter() - t0) * 1000)
            times.sort()
            print(f"{label:28} {statistics.median(times):10.1f} {times[int(len(times) * 0.95) - 1]:8.1f}")
        with app.app_context():
            db.engine.dispose()
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,1000000")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        measure(size, args.repeat)


if __name__ == "__main__":
    main()
