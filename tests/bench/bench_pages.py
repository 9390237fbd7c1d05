"""Issue 2 benchmark: the thread page (20 posts), category page 1 and a category page reached by
cursor deep in a 2,000-thread category, against a bare Flask page (one 20-row query, a 20-item
template) on the same SQLite database, all served by gunicorn (2 sync workers) on loopback and
driven by 8 concurrent clients for a fixed time each.

Prints requests/s, p50 and p95 latency per page and ratio = page_rps / baseline_rps. The machine
is shared, so each page is measured in short slices alternating with the baseline (A/B/A/B...),
and its ratio uses the baseline measured in those same moments.
Run: `make bench`, or `python tests/bench/bench_pages.py`; knobs: BENCH_SECONDS, BENCH_CLIENTS,
BENCH_THREADS.
"""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECONDS = float(os.environ.get("BENCH_SECONDS", "7"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
THREADS = int(os.environ.get("BENCH_THREADS", "2000"))
ROUNDS = 4
DEEP_PAGE = 60
PASSWORD = "Bench-Harbour-Lantern-42"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_database(folder: Path) -> dict[str, str]:
    """Schema by migrations, rows through the real services (so counters and HTML are real)."""
    sys.path.insert(0, str(ROOT))
    from flask_migrate import upgrade

    from app import create_app
    from community.accounts import service as accounts
    from community.extensions import db
    from community.forum import categories, posts, threads
    from community.timeutil import utcnow

    url = f"sqlite:///{folder / 'bench.db'}"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "INSTANCE_PATH": str(folder),
            "SECRET_KEY": "bench",
            "RATELIMIT_ENABLED": False,
            "OUTBOX_MODE": "inline",
            "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
        }
    )
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"), revision="heads")
        admin = accounts.register("bench_admin", "admin@bench.example.com", PASSWORD, role="admin")
        people = [accounts.register(f"member{i}", f"m{i}@bench.example.com", PASSWORD) for i in range(20)]
        cat = categories.create_category(admin, "Headphones", "headphones", "Benchmark category.", False)
        start = utcnow() - timedelta(days=400)
        body = (
            "Pairing drops after **ten minutes** with the Aurora Pulse. Firmware is current.\n\n"
            "- phone: Pixel\n- codec: AAC\n\n> Tried a reset already."
        )
        for i in range(THREADS):
            threads.create_thread(
                people[i % 20],
                cat,
                ("question", "experience", "discussion")[i % 3],
                f"Thread number {i}: Bluetooth drops on the Aurora Pulse",
                body,
                created_at=start + timedelta(minutes=7 * i),
            )
            if i % 500 == 499:
                db.session.commit()
        big, _first = threads.create_thread(
            people[0], cat, "question", "Twenty posts about the Aurora Pulse battery", body
        )
        for i in range(19):
            posts.reply(
                people[(i + 1) % 20],
                big,
                f"Reply {i}: my battery lasts **{20 + i} hours** with ANC on. " + body,
            )
        db.session.commit()
        # Thousands of near-identical bench posts trip the duplicate-content spam rule and would be
        # held for review; the bench measures published content, so publish them all.
        from sqlalchemy import update

        from community.forum.models import Post

        db.session.execute(update(Post).values(status="visible"))
        db.session.commit()
        cursor = None
        for _ in range(DEEP_PAGE - 1):
            _rows, cursor = threads.list_threads(
                None, category=cat, cursor=cursor, limit=app.config["THREADS_PER_PAGE"]
            )
        thread_path = f"/t/{big.id}/{big.slug}"
        db.engine.dispose()
    return {
        "url": url,
        "thread": thread_path,
        "category": "/c/headphones",
        "deep": f"/c/headphones?cursor={cursor}",
    }


def serve(target: str, port: int, env: dict[str, str]) -> subprocess.Popen:
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "-w",
        "2",
        "-b",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        target,
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/")
            conn.getresponse().read()
            return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError(f"{target} did not start on port {port}")


def warm(port: int, path: str) -> None:
    """Imports, template compilation and the SQLite page cache, in every worker."""
    for _ in range(20):
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        c.request("GET", path)
        c.getresponse().read()
        c.close()


def load(port: int, path: str, seconds: float, clients: int = CLIENTS) -> tuple[list[float], int, float]:
    """Closed loop: each client sends its next request when the previous answer is read.
    Returns the latencies of successful requests, the number of failures and the elapsed time."""
    stop = time.monotonic() + seconds

    def client() -> tuple[list[float], int]:
        times: list[float] = []
        errors = 0
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.monotonic() < stop:
            t0 = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Accept-Language": "en"})
                resp = conn.getresponse()
                resp.read()
                ok = resp.status == 200
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                ok = False
            if ok:
                times.append(time.perf_counter() - t0)
            else:
                errors += 1
        conn.close()
        return times, errors

    started = time.monotonic()
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(lambda _i: client(), range(clients)))
    elapsed = time.monotonic() - started
    return [t for ts, _e in results for t in ts], sum(e for _ts, e in results), elapsed


def summary(times: list[float], errors: int, elapsed: float) -> dict[str, float]:
    if not times:
        raise RuntimeError(f"no successful request ({errors} errors)")
    times = sorted(times)
    return {
        "rps": len(times) / elapsed,
        "p50": statistics.median(times) * 1000,
        "p95": times[max(0, int(len(times) * 0.95) - 1)] * 1000,
        "errors": errors,
    }


def paired(app_port: int, path: str, base_port: int, rounds: int = ROUNDS) -> tuple[dict, dict]:
    """Page and baseline in alternating slices, so both see the same machine load."""
    page: list = [[], 0, 0.0]
    base: list = [[], 0, 0.0]
    for _ in range(rounds):
        for acc, port, p in ((base, base_port, "/"), (page, app_port, path)):
            times, errors, elapsed = load(port, p, SECONDS / rounds)
            acc[0] += times
            acc[1] += errors
            acc[2] += elapsed
    return summary(*page), summary(*base)


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    procs: list[subprocess.Popen] = []
    try:
        t0 = time.monotonic()
        paths = build_database(folder)
        print(
            f"database: {THREADS + 1} threads in one category, a 20-post thread "
            f"(built in {time.monotonic() - t0:.0f} s)",
            flush=True,
        )
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": paths["url"],
            "BENCH_DATABASE_URL": paths["url"],
            "INSTANCE_PATH": str(folder),
            "SECRET_KEY": "bench",
            "RATELIMIT_ENABLED": "0",
            "DEMO": "0",
            "REDIS_URL": "",
        }
        app_port, base_port = free_port(), free_port()
        procs.append(serve("app:create_app()", app_port, env))
        procs.append(serve("tests.bench.baseline_app:create_app()", base_port, env))
        print(
            f"gunicorn 2 sync workers each; {CLIENTS} clients; per page {SECONDS:.0f} s, "
            f"alternating with the baseline in {ROUNDS} slices; loopback",
            flush=True,
        )
        warm(base_port, "/")
        print(
            f"{'page':30} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7}   {'baseline req/s':>14} "
            f"{'p50 ms':>7} {'p95 ms':>7}  {'ratio':>5}"
        )
        errors = 0
        for label, key in (
            ("thread page (20 posts)", "thread"),
            ("category page 1", "category"),
            (f"category page {DEEP_PAGE} (cursor)", "deep"),
        ):
            warm(app_port, paths[key])
            page, base = paired(app_port, paths[key], base_port)
            errors += page["errors"] + base["errors"]
            print(
                f"{label:30} {page['rps']:7.1f} {page['p50']:7.1f} {page['p95']:7.1f}   "
                f"{base['rps']:14.1f} {base['p50']:7.1f} {base['p95']:7.1f}  "
                f"{page['rps'] / base['rps']:5.2f}",
                flush=True,
            )
        print(
            "ratio = page req/s / baseline req/s (baseline: bare Flask, one 20-row query, "
            "20-item template, same database, same moments)"
        )
        if errors:
            raise SystemExit(f"{errors} requests failed")
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
