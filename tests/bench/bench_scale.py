"""Page latency as the community grows: 10k vs 1M posts on PostgreSQL (in-process, anonymous,
page cache off so the database path is measured).

    TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \
        python tests/bench/bench_scale.py --sizes 10000,1000000

For each size: a fresh database, `generate()` (timed), a product that one category's threads are
about, the search index rebuilt (`indexer.reindex()`, timed; --no-index skips it), then median / p95
over --repeat requests of home, category page 1, the category's deepest page (up to page 500),
/latest page 1 and page 500 (keyset cursors: page 500 should cost what page 1 costs), a thread
page, the product page, and search (HTML page and API). The database is dropped afterwards
(--keep keeps it and prints its URL).
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


# The batched PostgreSQL indexer writes ~3,000 documents a second here (a 1M rebuild: minutes),
# so the real rebuild is the default; --copy-index-above N keeps the old sampling shortcut.
REAL_INDEX_MAX = 10_000_000
SAMPLE_THREADS = 200


def _sample_and_copy_index() -> None:
    """The search index of a big generated community, fast (from before the indexer was
    batched, when it wrote ~100 documents a second; kept for quick runs). The generator reuses 8
    bodies and 10 titles, so: index the first SAMPLE_THREADS threads with the real code
    (providers + backend), then give every other post the tokens, spelling words and tsvector of
    an indexed post with the same body, and every other thread those of an indexed thread with the
    same title stem and opening body (its "#id" number is not in the copy). The index then has one
    row per document, as a full rebuild would, which is what search cost depends on."""
    from sqlalchemy import select, text
    from sqlalchemy.orm import joinedload

    from community.extensions import db
    from community.forum.models import Post, Thread
    from community.search.backend import get_backend
    from community.search.providers import post_document, thread_document

    backend = get_backend()
    backend.clear()
    threads = list(
        db.session.scalars(
            select(Thread).options(joinedload(Thread.category)).order_by(Thread.id).limit(SAMPLE_THREADS)
        )
    )
    docs = []
    for thread in threads:
        posts = list(db.session.scalars(select(Post).where(Post.thread_id == thread.id).order_by(Post.number)))
        first = posts[0] if posts and posts[0].number == 1 else None
        docs += [d for d in [thread_document(thread, first), *(post_document(p) for p in posts)] if d is not None]
    backend.index(docs)
    db.session.commit()
    db.session.execute(
        text(
            """
            INSERT INTO search_documents (doc_id, type, obj_id, title, heading, body, url, category_id,
                product_id, kind, solved, accepted, rating, author, created_at, staff_only, boost, tokens,
                words, tsv, indexed_at)
            SELECT 'post:' || p.id, 'post', p.id, '', t.title, tpl.body, '/p/' || p.id, t.category_id,
                t.product_id, t.kind, false, false, NULL, u.username, p.created_at, false, 1.0, tpl.tokens,
                tpl.words, tpl.tsv, now()
            FROM posts p
            JOIN threads t ON t.id = p.thread_id
            JOIN users u ON u.id = p.author_id
            JOIN (
                SELECT DISTINCT ON (sp.body) sp.body AS src, s.body, s.tokens, s.words, s.tsv
                FROM search_documents s JOIN posts sp ON s.doc_id = 'post:' || sp.id
                WHERE s.type = 'post'
            ) tpl ON tpl.src = p.body
            WHERE p.number > 1 AND p.status = 'visible' AND p.deleted_at IS NULL
            ON CONFLICT (doc_id) DO NOTHING
            """
        )
    )
    db.session.execute(
        text(
            """
            INSERT INTO search_documents (doc_id, type, obj_id, title, heading, body, url, category_id,
                product_id, kind, solved, accepted, rating, author, created_at, staff_only, boost, tokens,
                words, tsv, indexed_at)
            SELECT 'thread:' || t.id, 'thread', t.id, t.title, '', tpl.body, '/t/' || t.id || '/' || t.slug,
                t.category_id, t.product_id, t.kind, false, false, NULL, u.username, t.created_at, false, 1.0,
                tpl.tokens, tpl.words, tpl.tsv, now()
            FROM threads t
            JOIN posts p ON p.thread_id = t.id AND p.number = 1
            JOIN users u ON u.id = t.author_id
            JOIN (
                SELECT DISTINCT ON (regexp_replace(st.title, ' #[0-9]+$', ''), sp.body)
                    regexp_replace(st.title, ' #[0-9]+$', '') AS stem, sp.body AS src, s.body, s.tokens, s.words,
                    s.tsv
                FROM search_documents s
                JOIN threads st ON s.doc_id = 'thread:' || st.id
                JOIN posts sp ON sp.thread_id = st.id AND sp.number = 1
                WHERE s.type = 'thread'
            ) tpl ON tpl.stem = regexp_replace(t.title, ' #[0-9]+$', '') AND tpl.src = p.body
            WHERE t.deleted_at IS NULL
            ON CONFLICT (doc_id) DO NOTHING
            """
        )
    )
    db.session.commit()


def _product_for(cat) -> str:  # type: ignore[no-untyped-def]
    """A product that every thread of the category is about (its page lists them)."""
    from sqlalchemy import update

    from community.accounts.models import User
    from community.extensions import db
    from community.forum.models import Thread
    from community.products import catalog

    admin = User(username="scale_admin", username_key="scale_admin", email="scale_admin@example.invalid", role="admin")
    admin.password_hash = "!"
    db.session.add(admin)
    db.session.flush()
    product = catalog.create_product(
        admin, {"name": "Aurora Pulse", "slug": "aurora-pulse", "short_description": "Wireless earbuds."}
    )
    db.session.execute(update(Thread).where(Thread.category_id == cat.id).values(product_id=product.id))
    db.session.commit()
    return product.slug


def measure(size: int, repeat: int, index: bool = True, keep: bool = False) -> None:
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
            # what autovacuum does to a live database after a bulk load; without fresh statistics
            # the planner's choices depend on when autovacuum happened to run (home at 100k: 35 ms)
            db.session.commit()
            db.session.execute(db.text("ANALYZE"))
            db.session.commit()
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
            product = _product_for(cat)
            index_seconds = None
            index_note = "no index"
            if index:
                started = time.perf_counter()
                if size <= REAL_INDEX_MAX:
                    from community.search import indexer

                    indexer.reindex()  # what `flask search reindex` runs
                    index_note = "search index rebuilt (indexer.reindex)"
                else:
                    _sample_and_copy_index()
                    index_note = "search index: 200 threads indexed, the rest copied by SQL"
                index_seconds = time.perf_counter() - started
                db.session.execute(db.text("ANALYZE search_documents"))
                index_rows = db.session.scalar(db.text("SELECT count(*) FROM search_documents"))
                index_note += f" ({index_rows:,} rows)"
                db.session.commit()
            urls = {
                "home": "/",
                "category page 1": f"/c/{cat.slug}",
                f"category page {deep_cat}": f"/c/{cat.slug}?cursor={cat_cursor}" if cat_cursor else f"/c/{cat.slug}",
                "latest page 1": "/latest",
                f"latest page {deep_latest}": f"/latest?cursor={latest_cursor}" if latest_cursor else "/latest",
                "thread page (20 posts)": f"/t/{thread.id}/{thread.slug}",
                "product page": f"/products/{product}",
                "search page 'battery'": "/search?q=battery",
                "search API 'pairing phones'": "/api/v1/search?q=pairing+phones",
                "search API '降噪'": "/api/v1/search?q=%E9%99%8D%E5%99%AA",
            }
            db.session.remove()
        client = app.test_client()
        print(
            f"\n{size:,} posts ({total_threads:,} threads): generated in {gen_seconds:.1f} s "
            f"({size / gen_seconds:,.0f} posts/s)"
            + (f"; {index_note} in {index_seconds:.1f} s" if index_seconds is not None else "; no index")
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
        if keep:
            print(f"kept: {url}")
        else:
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,1000000")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--no-index", action="store_true", help="Skip rebuilding the search index.")
    parser.add_argument("--keep", action="store_true", help="Keep the databases (prints their URLs).")
    parser.add_argument(
        "--copy-index-above", type=int, default=REAL_INDEX_MAX, help="Sizes above this: sample and copy the index."
    )
    args = parser.parse_args()
    globals()["REAL_INDEX_MAX"] = args.copy_index_above
    for size in (int(s) for s in args.sizes.split(",")):
        measure(size, args.repeat, index=not args.no_index, keep=args.keep)


if __name__ == "__main__":
    main()
