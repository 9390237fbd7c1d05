"""Search benchmark: Whoosh vs SQLite FTS5 (baseline) queries; PostgreSQL indexing, batched vs one row a statement.

    python tests/bench/bench_search.py [--posts 100000] [--queries 200] [--seed 5]

Generates N posts (20% Chinese, Zipf-distributed words from a forum vocabulary plus a long tail
of pseudo-words, so postings lists look like real text), builds the Whoosh index with the
production schema and analyzer (jieba, stemming) and an FTS5 table over the *same* pre-segmented
tokens, then times queries of four kinds: one word, two words, a phrase, a Chinese word.

Both engines are asked for the same work, at two levels:
- "ranked": the 10 best matches a member may see (1% of the corpus is staff-only), with their
  stored text (Whoosh: WhooshBackend.search(facets=False), which also counts the matches;
  FTS5: bm25() ORDER BY ... LIMIT 10 joined with a metadata table for the staff-only flag).
- "page": what the search page needs: the ranked 10 plus the total number of matches and the
  six facet counts (Whoosh: WhooshBackend.search(); FTS5: the ranked query plus one GROUP BY
  over every match, aggregated into the same six facets in Python).
Prints p50/p95 per engine and the Whoosh/FTS5 p95 ratios measured in the same run (wall clock),
and for the page level also both engines' CPU-time p95 and their ratio: on a loaded machine a
pure-Python call that needs a few ms of CPU is preempted and its wall-clock tail grows many times.

PostgreSQL indexing level (when TEST_DATABASE_URL is set; --pg-docs 0 skips it, --pg-only runs
just it): the first --pg-docs posts of the same corpus written to a fresh database's
search_documents by PostgresBackend.index (one INSERT ... ON CONFLICT per batch) and by the
previous one-upsert-per-document code (tests/search/helpers.index_one_row_per_statement), in
batches of indexer.BATCH with a commit after each, as `flask search reindex` does. Prints docs/s
for both, their ratio, and the analysis alone (the Python-side floor of either path).

    TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \
        python tests/bench/bench_search.py --pg-only --pg-docs 5000

Not collected by pytest.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from community.search import analysis
from community.search.backend import Filters
from community.search.documents import SearchDocument
from community.search.query import parse
from community.search.whoosh_backend import FACET_NAMES, WhooshBackend


def _words(text: str) -> list[str]:
    return text.split()


EN_WORDS = _words("""
battery life charge charging case earbuds headphones speaker sound quality bass treble noise
cancelling cancellation bluetooth pairing connection firmware update app volume microphone call
calls music playback hours comfortable fit ear tips button touch controls left right side
stopped working replaced warranty support service refund order shipping delivery box cable usb
port wireless range latency gaming movie laptop phone android iphone windows mac driver setting
settings equalizer preset mode transparency ambient wind running gym workout sweat water rain
waterproof rating review product price cheap expensive worth quality build plastic metal strap
headband cushion pad foam leather weight heavy light travel flight airplane train office home
issue problem question answer solution solved fixed reset factory restart reconnect disconnect
drops dropout crackling static hiss buzz hum distortion loud quiet clear muffled crisp warm
balanced detailed soundstage imaging vocals guitar piano drums podcast audiobook streaming
spotify youtube netflix codec aac aptx ldac sbc version model generation older newer upgrade
downgrade compare comparison alternative recommend recommendation experience month week year
daily commute walking cycling long short battery drain overnight standby power percent indicator
light blinking red blue white green firmware beta release notes changelog customer agent ticket
""")
ZH_WORDS = _words("""
续航 降噪 耳机 音箱 蓝牙 连接 配对 音质 低音 高音 电池 充电 充电盒 售后 客服 退货 换货 保修
固件 升级 更新 应用 音量 麦克风 通话 音乐 播放 佩戴 舒适 耳塞 按键 触控 左耳 右耳 断连 杂音
电流声 延迟 游戏 电影 手机 电脑 设置 模式 通透 环境音 跑步 健身 防水 价格 便宜 性价比 做工
塑料 金属 头梁 耳罩 重量 旅行 飞机 地铁 办公室 问题 解决 重置 重启 推荐 体验 每天 通勤 一个月
一年 很好 很差 不错 失望 满意 喜欢 建议 官方 版本 型号 对比 清晰 浑浊 人声 细节 声场 包装 快递
""")
SYLLABLES = _words("ka lo mi ne ru to va shi pe dor lin mar tek son vex qua zor bel fin gar")


def _tail_words(rng: random.Random, n: int) -> list[str]:
    return ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(n)]


class Corpus:
    def __init__(self, n: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.en = EN_WORDS + _tail_words(self.rng, 20_000)
        # cumulative weights once (choices() would re-add 20,000 weights per call); same draws
        self.en_cum = list(itertools.accumulate(1.0 / (i + 1) ** 1.05 for i in range(len(self.en))))
        self.zh_cum = list(itertools.accumulate(1.0 / (i + 1) ** 0.9 for i in range(len(ZH_WORDS))))
        self.n = n

    def _en(self, k: int) -> list[str]:
        return self.rng.choices(self.en, cum_weights=self.en_cum, k=k)

    def _zh(self, k: int) -> list[str]:
        return self.rng.choices(ZH_WORDS, cum_weights=self.zh_cum, k=k)

    def docs(self):  # type: ignore[no-untyped-def]
        for i in range(1, self.n + 1):
            if i % 5 == 0:
                title = "".join(self._zh(self.rng.randint(3, 6)))
                sentences = ["".join(self._zh(self.rng.randint(4, 10))) for _ in range(self.rng.randint(2, 6))]
                body = "，".join(sentences) + "。"
                if self.rng.random() < 0.3:
                    body += " " + " ".join(self._en(3))
            else:
                title = " ".join(self._en(self.rng.randint(4, 9))).capitalize() + "?"
                body = (
                    ". ".join(" ".join(self._en(self.rng.randint(6, 14))) for _ in range(self.rng.randint(2, 6))) + "."
                )
            yield i, title, body


def percentiles(samples: list[float]) -> tuple[float, float]:
    q = statistics.quantiles(samples, n=100, method="inclusive")
    return q[49] * 1000, q[94] * 1000


def fts_query(text: str) -> str:
    """FTS5 MATCH over the same tokens: words AND-ed, phrases quoted (tokens are alnum/Han)."""
    q = parse(text)
    parts = []
    for c in q.must:
        if c.phrase:
            parts.append('"' + " ".join(c.tokens) + '"')
        else:
            parts.extend('"' + t + '"' for t in c.tokens)
    return " AND ".join(parts)


def facet_values(i: int) -> tuple[str, ...]:
    """The same synthetic metadata on both sides: kind, category, product, solved, rating."""
    return (
        "post",
        ("question", "experience", "discussion")[i % 3],
        str(i % 7),
        str(i % 41 or ""),
        "1" if i % 3 == 0 else "0",
        "",
    )


def staff_only(i: int) -> bool:
    return i % 100 == 7


FTS_RANKED = (
    "SELECT f.rowid, f.title, f.body, bm25(fts, 2.5, 1.0) AS r FROM fts f JOIN meta m ON m.id = f.rowid "
    "WHERE fts MATCH ? AND m.staff_only = 0 ORDER BY r LIMIT 10"
)
FTS_FACETS = (
    "SELECT m.facets, count(*) FROM fts f JOIN meta m ON m.id = f.rowid "
    "WHERE fts MATCH ? AND m.staff_only = 0 GROUP BY m.facets"
)


def fts_page(conn: sqlite3.Connection, q: str) -> tuple[int, dict[str, dict[str, int]]]:
    match = fts_query(q)
    conn.execute(FTS_RANKED, (match,)).fetchall()
    counts: dict[str, dict[str, int]] = {name: {} for name in FACET_NAMES}
    total = 0
    for key, n in conn.execute(FTS_FACETS, (match,)):
        total += n
        for name, value in zip(FACET_NAMES, key.split("|"), strict=True):
            if value:
                counts[name][value] = counts[name].get(value, 0) + n
    return total, counts


def _postgres_app(name: str):  # type: ignore[no-untyped-def]
    """An app on a fresh database `name` (created by the caller), migrated to heads."""
    from flask_migrate import upgrade
    from sqlalchemy.engine import make_url

    from app import create_app

    admin = make_url(os.environ["TEST_DATABASE_URL"].replace("postgresql+psycopg://", "postgresql://"))
    url = admin.set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "INSTANCE_PATH": tempfile.mkdtemp(prefix="bench-search-pg-"),
            "SECRET_KEY": "bench",
            "RATELIMIT_ENABLED": False,
            "REDIS_URL": None,
            "OUTBOX_MODE": "inline",
            "DEMO": False,
            "LOG_FORMAT": "none",
            "SEARCH_BACKEND": "postgres",
        }
    )
    with app.app_context(), contextlib.redirect_stderr(io.StringIO()):  # alembic's INFO lines
        upgrade(directory=str(Path(app.root_path) / "migrations"), revision="heads")
    return app


def postgres_index_level(docs: list[tuple[int, str, str]], rounds: int) -> None:
    """docs/s of PostgresBackend.index (batched) against one upsert per document, same corpus, same run.

    Both write into an emptied search_documents in batches of indexer.BATCH, committing after each
    batch like `flask search reindex`. Analysis is warmed once first (the stemming and token caches a
    long reindex keeps warm), so the two paths differ only in how rows reach the database. Rounds
    alternate the paths; the best round of each is reported (the machine is shared).
    """
    import psycopg
    from sqlalchemy.engine import make_url

    from community.extensions import db
    from community.search import indexer
    from community.search.backend import get_backend
    from community.search.postgres_backend import analyze
    from tests.search.helpers import index_one_row_per_statement

    if not os.environ.get("TEST_DATABASE_URL"):
        print("\npostgres index: skipped (TEST_DATABASE_URL is not set)")
        return
    admin = make_url(os.environ["TEST_DATABASE_URL"].replace("postgresql+psycopg://", "postgresql://"))
    admin_url = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"bench_search_{os.getpid()}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        app = _postgres_app(name)
        search_docs = [
            SearchDocument(
                doc_id=f"post:{i}",
                type="post",
                obj_id=i,
                title=title,
                body=body,
                url=f"/p/{i}",
                kind=facet_values(i)[1],
                category_id=i % 7,
                product_id=(i % 41) or None,
                solved=i % 3 == 0,
                staff_only=staff_only(i),
            )
            for i, title, body in docs
        ]
        with app.app_context():
            backend = get_backend()
            for d in search_docs:  # warm the analysis caches for both paths alike
                analyze(d.title, d.body)
            t0 = time.process_time()
            for d in search_docs:
                analyze(d.title, d.body)
            analysis_seconds = time.process_time() - t0
            paths = {"one row per statement": index_one_row_per_statement, "batched": backend.index}
            best: dict[str, tuple[float, float]] = {}
            for _round in range(rounds):
                for label, write in paths.items():
                    backend.clear()
                    t0, c0 = time.perf_counter(), time.process_time()
                    for start in range(0, len(search_docs), indexer.BATCH):
                        write(search_docs[start : start + indexer.BATCH])
                        db.session.commit()
                    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
                    assert backend.count() == len(search_docs), label
                    if label not in best or wall < best[label][0]:
                        best[label] = (wall, cpu)
            db.session.remove()
            db.engine.dispose()
        n = len(search_docs)
        (old_wall, old_cpu), (new_wall, new_cpu) = best["one row per statement"], best["batched"]
        print(
            f"\npostgres index: {n} posts ({sum(1 for i, *_ in docs if i % 5 == 0)} Chinese), batches of "
            f"{indexer.BATCH}, best of {rounds} round(s), load average {os.getloadavg()[0]:.1f}"
        )
        print(f"{'path':<24}{'docs/s':>9}{'wall s':>9}{'client CPU s':>14}")
        print(f"{'one row per statement':<24}{n / old_wall:>9.0f}{old_wall:>9.2f}{old_cpu:>14.2f}")
        print(f"{'batched':<24}{n / new_wall:>9.0f}{new_wall:>9.2f}{new_cpu:>14.2f}")
        print(f"{'analysis alone':<24}{n / analysis_seconds:>9.0f}{'':>9}{analysis_seconds:>14.2f}")
        print(f"batched/one-row docs/s ratio {old_wall / new_wall:.1f}x (wall clock, same run)")
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=200, help="queries per kind")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--keep", help="keep the indexes in this folder (reused when they exist)")
    ap.add_argument("--pg-docs", type=int, default=5000, help="posts for the PostgreSQL indexing level (0: skip)")
    ap.add_argument("--pg-rounds", type=int, default=2, help="rounds of the PostgreSQL indexing level")
    ap.add_argument("--pg-only", action="store_true", help="run only the PostgreSQL indexing level")
    args = ap.parse_args(argv)
    if args.pg_only:
        analysis.tokens("预热 warm up")
        postgres_index_level(list(itertools.islice(Corpus(args.posts, args.seed).docs(), args.pg_docs)), args.pg_rounds)
        return 0

    workdir = args.keep or tempfile.mkdtemp(prefix="bench-search-")
    os.makedirs(workdir, exist_ok=True)
    corpus = Corpus(args.posts, args.seed)
    docs = list(corpus.docs())
    print(f"corpus: {len(docs)} posts ({sum(1 for i, *_ in docs if i % 5 == 0)} Chinese)")

    # -- Whoosh build ------------------------------------------------------------------------
    analysis.tokens("预热 warm up")  # load jieba outside the timings
    backend = WhooshBackend(os.path.join(workdir, "whoosh"))
    reuse = args.keep and backend.count() == len(docs)
    t0, c0 = time.perf_counter(), time.process_time()
    if not reuse:
        backend.clear()
        backend.index_bulk(
            SearchDocument(
                doc_id=f"post:{i}",
                type="post",
                obj_id=i,
                title=title,
                body=body,
                url=f"/p/{i}",
                kind=facet_values(i)[1],
                category_id=i % 7,
                product_id=(i % 41) or None,
                solved=i % 3 == 0,
                staff_only=staff_only(i),
            )
            for i, title, body in docs
        )
    whoosh_build, whoosh_cpu = time.perf_counter() - t0, time.process_time() - c0

    # -- FTS5 build over the same tokens -------------------------------------------------------
    t0 = time.perf_counter()
    segmented = [(i, analysis.token_string(t), analysis.token_string(b)) for i, t, b in docs]
    seg_time = time.perf_counter() - t0
    db_path = os.path.join(workdir, "fts.db")
    if os.path.exists(db_path):
        os.remove(db_path)
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize='unicode61')")
    conn.execute("CREATE TABLE meta (id INTEGER PRIMARY KEY, staff_only INTEGER, facets TEXT)")
    t0 = time.perf_counter()
    conn.executemany("INSERT INTO fts(rowid, title, body) VALUES (?, ?, ?)", segmented)
    conn.executemany(
        "INSERT INTO meta VALUES (?, ?, ?)", [(i, int(staff_only(i)), "|".join(facet_values(i))) for i, *_ in docs]
    )
    conn.commit()
    fts_build = time.perf_counter() - t0
    print(
        f"build: whoosh {whoosh_build:.1f} s wall, {whoosh_cpu:.1f} s CPU (analysis included)"
        + (" [reused kept index]" if reuse else "")
        + f"; fts5 {fts_build:.1f} s + {seg_time:.1f} s shared segmentation"
    )

    # -- queries ------------------------------------------------------------------------------
    rng = random.Random(args.seed + 1)
    common = EN_WORDS[:120]
    phrases = []
    for _ in range(args.queries):
        _i, _t, body = docs[rng.randrange(len(docs))]
        words = [w for w in body.replace(".", " ").split() if w.isascii()]
        if len(words) >= 2:
            k = rng.randrange(len(words) - 1)
            phrases.append(f'"{words[k]} {words[k + 1]}"')
    kinds = {
        "one word": [rng.choice(common) for _ in range(args.queries)],
        "two words": [f"{rng.choice(common)} {rng.choice(common)}" for _ in range(args.queries)],
        "phrase": phrases,
        "chinese word": [rng.choice(ZH_WORDS[:60]) for _ in range(args.queries)],
    }

    def whoosh_ranked(q: str) -> int:
        return len(backend.search(parse(q), Filters(), "relevance", 1, 10, staff=False, facets=False).hits)

    def whoosh_page(q: str) -> int:
        return backend.search(parse(q), Filters(), "relevance", 1, 10, staff=False).total

    print(
        f"\n{'':<14}{'-- ranked top 10 (ms) --':^34}{'-- page: top 10 + total + 6 facets (ms) --':^50}\n"
        f"{'query':<14}{'whoosh p50':>11}{'p95':>7}{'fts5 p95':>9}{'ratio':>7}"
        f"{'whoosh p50':>13}{'p95':>7}{'fts5 p50':>9}{'p95':>7}{'ratio':>7}"
        f"{'cpu: whoosh':>12}{'fts5':>6}{'ratio':>7}{'matches':>9}"
    )
    # The page level is what /search and /api/v1/search do (top 10, total, facets); the ranked level
    # (top 10 alone) is reported too, separately, so neither hides the other.
    worst = {"page": 0.0, "ranked": 0.0}
    worst_ratio = {"page": 0.0, "ranked": 0.0}
    load = os.getloadavg()[0]
    for name, queries in kinds.items():
        for q in queries[:10]:  # warm caches for both engines alike
            whoosh_ranked(q)
            whoosh_page(q)
            fts_page(conn, q)
        wr, fr, wp, wc, fp, fc = [], [], [], [], [], []
        matches = differ = 0
        for q in queries:
            t = time.perf_counter()
            whoosh_ranked(q)
            wr.append(time.perf_counter() - t)
            t = time.perf_counter()
            conn.execute(FTS_RANKED, (fts_query(q),)).fetchall()
            fr.append(time.perf_counter() - t)
            t, c = time.perf_counter(), time.process_time()
            total = whoosh_page(q)
            wp.append(time.perf_counter() - t)
            wc.append(time.process_time() - c)
            t, c = time.perf_counter(), time.process_time()
            fts_total, _facets = fts_page(conn, q)
            fp.append(time.perf_counter() - t)
            fc.append(time.process_time() - c)
            matches += total
            differ += total != fts_total
        wr50, wr95 = percentiles(wr)
        _fr50, fr95 = percentiles(fr)
        wp50, wp95 = percentiles(wp)
        _wc50, wc95 = percentiles(wc)
        fp50, fp95 = percentiles(fp)
        _fc50, fc95 = percentiles(fc)
        worst["page"], worst["ranked"] = max(worst["page"], wp95), max(worst["ranked"], wr95)
        worst_ratio["page"] = max(worst_ratio["page"], wp95 / fp95)
        worst_ratio["ranked"] = max(worst_ratio["ranked"], wr95 / fr95)
        print(
            f"{name:<14}{wr50:>11.1f}{wr95:>7.1f}{fr95:>9.1f}{wr95 / fr95:>7.2f}"
            f"{wp50:>13.1f}{wp95:>7.1f}{fp50:>9.1f}{fp95:>7.1f}{wp95 / fp95:>7.2f}"
            f"{wc95:>9.1f}{fc95:>8.1f}{wc95 / fc95:>7.2f}"
            f"{matches / len(queries):>9.0f}" + (f"  ({differ} queries with a different total)" if differ else "")
        )
    conn.close()
    print()
    for level in ("page", "ranked"):
        print(
            f"{level:>6}: worst Whoosh p95 {worst[level]:.1f} ms (aim < 50 ms), "
            f"worst p95 ratio Whoosh/FTS5 {worst_ratio[level]:.2f} (aim < 2)"
        )
    print(f"load average at start {load:.1f} on {os.cpu_count()} CPUs (wall-clock timings)")
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    if args.pg_docs:
        postgres_index_level(docs[: args.pg_docs], args.pg_rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
