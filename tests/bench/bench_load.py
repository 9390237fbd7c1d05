"""Load (and faults) against two gunicorn nodes + `flask worker` on PostgreSQL and Redis, loopback only.

    TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres TEST_REDIS_URL=redis://127.0.0.1:6379/0 \
        python tests/bench/bench_load.py --clients 50 --seconds 60 [--chaos]

Each client signs up, then loops over a mix, alternating nodes: anonymous thread page (28 %), home
(8 %), API thread (8 %), product page (6 %), search (10 %), reply (17 %), new thread (5 %), helpful
vote on someone else's post (10 %), product review (8 %, one per product and member). Rate limits
are off (every client is 127.0.0.1). Replies, threads and reviews talk about the battery, so the key
point tagger has something to tag. With --chaos, node B and the worker are killed (SIGKILL) a third
of the way in and restarted five seconds later.

Afterwards, once the outbox has drained: every acknowledged write (a 201/200 with an id) must be in
the database (posts, votes, reviews); every published one must be in the search index
(search_documents: post:<id>, thread:<id>, review:<id>) and tagged (keypoint_mentions for it).
Prints throughput and p50/p95 per route, and the check counts. Creates its own database and drops
it; Redis keys carry a private prefix and are deleted.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

import psycopg
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Load-Client-Password-77"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(port: int, method: str, path: str, body: dict | None = None, token: str | None = None) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        resp = conn.getresponse()
        return resp.status, resp.read().decode()
    finally:
        conn.close()


class Cluster:
    def __init__(self, workdir: Path) -> None:
        self.tag = uuid.uuid4().hex[:8]
        admin = make_url(os.environ["TEST_DATABASE_URL"].replace("postgresql+psycopg://", "postgresql://"))
        self.admin_url = admin.set(drivername="postgresql").render_as_string(hide_password=False)
        self.dbname = f"bench_load_{self.tag}"
        self.db_url = admin.set(drivername="postgresql+psycopg", database=self.dbname).render_as_string(
            hide_password=False
        )
        self.workdir = workdir
        self.env = {
            **os.environ,
            "FLASK_APP": "app",
            "DATABASE_URL": self.db_url,
            "REDIS_URL": os.environ["TEST_REDIS_URL"],
            "REDIS_PREFIX": f"bench-{self.tag}:",
            "RATELIMIT_KEY_PREFIX": f"bench-{self.tag}",
            "OUTBOX_QUEUE": f"bench-{self.tag}",
            "SECRET_KEY": f"bench-{self.tag}",
            "DEMO": "0",
            "LOG_FORMAT": "none",
            "RATELIMIT_ENABLED": "0",
            "WEB_CONCURRENCY": "3",
            "GUNICORN_THREADS": "4",
            "OUTBOX_SWEEP_SECONDS": "1",
        }
        self.ports = [_free_port(), _free_port()]
        self.procs: dict[str, subprocess.Popen] = {}

    def start(self, name: str) -> None:
        if name == "worker":
            args = [sys.executable, "-m", "flask", "worker"]
            extra = {}
        else:
            i = int(name[-1])
            args = [sys.executable, "-m", "gunicorn", "-c", "community/ops/gunicorn_conf.py", "app:create_app()"]
            extra = {"BIND": f"127.0.0.1:{self.ports[i]}"}
        log = open(self.workdir / f"{name}.log", "a")  # noqa: SIM115 (lives as long as the process)
        self.procs[name] = subprocess.Popen(
            args,
            cwd=ROOT,
            env={**self.env, **extra, "INSTANCE_PATH": str(self.workdir / name)},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self, name: str) -> None:
        os.killpg(self.procs[name].pid, signal.SIGKILL)
        self.procs[name].wait()

    def wait_ready(self) -> None:
        for port in self.ports:
            deadline = time.time() + 120
            while True:
                try:
                    if call(port, "GET", "/readyz")[0] == 200:
                        break
                except OSError:
                    pass
                if time.time() > deadline:
                    raise RuntimeError(f"node on {port} never got ready")
                time.sleep(0.3)

    def __enter__(self) -> Cluster:
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.dbname}"')
        subprocess.run(
            [sys.executable, "-m", "flask", "db", "upgrade", "heads"],
            cwd=ROOT,
            env={**self.env, "INSTANCE_PATH": str(self.workdir / "setup")},
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [
                sys.executable,
                "-m",
                "flask",
                "users",
                "create",
                "--username",
                "benchadmin",
                "--email",
                "benchadmin@example.com",
                "--password",
                "Bench-Admin-Password-1",
                "--role",
                "admin",
            ],
            cwd=ROOT,
            env={**self.env, "INSTANCE_PATH": str(self.workdir / "setup")},
            check=True,
            capture_output=True,
        )
        for name in ("node0", "node1", "worker"):
            self.start(name)
        self.wait_ready()
        return self

    def __exit__(self, *exc: object) -> None:
        for _name, proc in self.procs.items():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        import redis

        r = redis.Redis.from_url(os.environ["TEST_REDIS_URL"])
        for key in [*r.scan_iter(f"bench-{self.tag}*"), *r.scan_iter(f"rq:*bench-{self.tag}*")]:
            r.delete(key)
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.dbname}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--chaos", action="store_true")
    parser.add_argument(
        "--drain-wait",
        type=float,
        default=None,
        help="Seconds to wait for the outbox to drain (default 60; 360 with --chaos: an event claimed "
        "by the killed worker is taken over when its claim is 5 minutes old)",
    )
    args = parser.parse_args()
    workdir = Path(f"/tmp/bench-load-{uuid.uuid4().hex[:6]}")
    workdir.mkdir()
    with Cluster(workdir) as cluster:
        a, b = cluster.ports
        _status, text = call(
            a, "POST", "/api/v1/auth/token", {"username": "benchadmin", "password": "Bench-Admin-Password-1"}
        )
        admin_token = json.loads(text)["token"]
        call(a, "POST", "/api/v1/categories", {"name": "Load", "slug": "load"}, admin_token)
        threads: list[tuple[int, str]] = []
        for i in range(10):
            _s, text = call(
                a,
                "POST",
                "/api/v1/threads",
                {"category": "load", "kind": "question", "title": f"Seed thread number {i}", "body": "Seed."},
                admin_token,
            )
            t = json.loads(text)["thread"]
            threads.append((t["id"], t["slug"]))

        products: list[str] = []
        for i in range(8):
            slug = f"load-earbuds-{i}"
            status, text = call(
                a,
                "POST",
                "/api/v1/products",
                {"name": f"Load Earbuds {i}", "slug": slug, "short_description": "Earbuds for the load test."},
                admin_token,
            )
            assert status == 201, text
            products.append(slug)
        _s, text = call(a, "POST", "/api/v1/staff/keypoints/analyze", {"text": BODY.format(tok="x")}, admin_token)
        print("key point tagger on the load text:", [m["aspect"] for m in json.loads(text).get("mentions", [])])

        timings: dict[str, list[float]] = defaultdict(list)
        statuses: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        acked_posts: list[int] = []  # replies
        acked_threads: list[tuple[int, int]] = []  # (thread id, opening post id)
        acked_votes: list[tuple[str, int]] = []  # (username, post id)
        acked_reviews: list[int] = []
        votable: list[tuple[int, int]] = []  # (post id, client number of its author)
        conn_errors = [0]
        lock = threading.Lock()
        stop = time.time() + args.seconds

        def client(n: int) -> None:
            rnd = random.Random(n)
            user = f"load{n}_{cluster.tag[:4]}"
            token = tokens[n]
            i = 0
            voted: set[int] = set()
            to_review = list(products)
            rnd.shuffle(to_review)
            while time.time() < stop:
                i += 1
                port = (a, b)[(n + i) % 2]
                tid, slug = rnd.choice(threads)
                tok_word = f"tok{cluster.tag[:4]}n{n}i{i}"
                r = rnd.random()
                vote_on = None
                if r < 0.28:
                    route, method, path, body, tok = "GET thread page (anon)", "GET", f"/t/{tid}/{slug}", None, None
                elif r < 0.36:
                    route, method, path, body, tok = "GET home (anon)", "GET", "/", None, None
                elif r < 0.44:
                    route, method, path, body, tok = "GET api thread", "GET", f"/api/v1/threads/{tid}", None, token
                elif r < 0.50:
                    route, method, path, body, tok = (
                        "GET product page (anon)",
                        "GET",
                        f"/products/{rnd.choice(products)}",
                        None,
                        None,
                    )
                elif r < 0.60:
                    q = rnd.choice(["battery", "battery life", "earbuds", "电池", "load reply"])
                    route, method, path, body, tok = "GET api search", "GET", f"/api/v1/search?q={quote(q)}", None, None
                elif r < 0.77:
                    route, method, path, body, tok = (
                        "POST reply",
                        "POST",
                        f"/api/v1/threads/{tid}/posts",
                        {"body": load_text(rnd, tok_word)},
                        token,
                    )
                elif r < 0.82:
                    route, method, path, body, tok = (
                        "POST thread",
                        "POST",
                        "/api/v1/threads",
                        {
                            "category": "load",
                            "kind": "experience",
                            "title": f"Load thread {n} {i}",
                            "body": load_text(rnd, tok_word),
                        },
                        token,
                    )
                elif r < 0.92:
                    with lock:
                        candidates = [pid for pid, author in votable[-200:] if author != n and pid not in voted]
                    if not candidates:
                        continue
                    vote_on = rnd.choice(candidates)
                    voted.add(vote_on)
                    route, method, path, body, tok = "POST vote", "POST", f"/api/v1/posts/{vote_on}/vote", {}, token
                else:
                    if not to_review:
                        continue
                    product = to_review.pop()
                    route, method, path, body, tok = (
                        "POST review",
                        "POST",
                        f"/api/v1/products/{product}/reviews",
                        {"rating": rnd.randint(1, 5), "title": f"Review {tok_word}", "body": load_text(rnd, tok_word)},
                        token,
                    )
                started = time.perf_counter()
                try:
                    status, text = call(port, method, path, body, tok)
                except OSError:
                    with lock:
                        conn_errors[0] += 1
                    time.sleep(0.2)
                    continue
                elapsed = time.perf_counter() - started
                with lock:
                    timings[route].append(elapsed)
                    statuses[route][status] += 1
                    if route == "POST reply" and status == 201:
                        post = json.loads(text)["post"]
                        acked_posts.append(post["id"])
                        if post.get("status", "visible") == "visible":
                            votable.append((post["id"], n))
                    elif route == "POST thread" and status == 201:
                        data = json.loads(text)
                        acked_threads.append((data["thread"]["id"], data["post"]["id"]))
                    elif route == "POST vote" and status == 200:
                        acked_votes.append((user, vote_on))
                    elif route == "POST review" and status == 201:
                        acked_reviews.append(json.loads(text)["review"]["id"])

        tokens: dict[int, str] = {}
        for n in range(args.clients):
            user = f"load{n}_{cluster.tag[:4]}"
            call(
                (a, b)[n % 2],
                "POST",
                "/api/v1/auth/register",
                {"username": user, "email": f"{user}@example.com", "password": PASSWORD},
            )
            _s, text = call((a, b)[n % 2], "POST", "/api/v1/auth/token", {"username": user, "password": PASSWORD})
            tokens[n] = json.loads(text)["token"]
        # Members who have been around (trust level 1), as after a launch; brand-new accounts'
        # first posts are often held for review and would never reach the index.
        with psycopg.connect(cluster.db_url.replace("postgresql+psycopg://", "postgresql://")) as conn:
            conn.execute("UPDATE users SET trust_level = 1 WHERE username LIKE 'load%%'")
        stop = time.time() + args.seconds
        workers = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
        began = time.time()
        for w in workers:
            w.start()
        if args.chaos:
            time.sleep(args.seconds / 3)
            cluster.kill("node1")
            cluster.kill("worker")
            print("chaos: killed node B and the worker")
            time.sleep(5)
            cluster.start("node1")
            cluster.start("worker")
            print("chaos: restarted node B and the worker")
        for w in workers:
            w.join()
        duration = time.time() - began

        total = sum(len(v) for v in timings.values())
        print(
            f"\n{args.clients} clients, {duration:.0f} s, {total} requests, {total / duration:.0f} req/s, "
            f"connection errors (node down): {conn_errors[0]}"
        )
        print(f"{'route':28} {'count':>7} {'p50 ms':>8} {'p95 ms':>8}  statuses")
        for route in sorted(timings):
            values = sorted(timings[route])
            p95 = values[int(len(values) * 0.95) - 1] if len(values) >= 20 else values[-1]
            print(
                f"{route:28} {len(values):7d} {statistics.median(values) * 1000:8.1f} {p95 * 1000:8.1f}  "
                f"{dict(statuses[route])}"
            )
        five_xx = sum(c for s in statuses.values() for code, c in s.items() if code >= 500)
        with psycopg.connect(cluster.db_url.replace("postgresql+psycopg://", "postgresql://")) as conn:
            drain_started = time.time()
            deadline = drain_started + (args.drain_wait or (360 if args.chaos else 60))
            while True:
                pending = conn.execute(
                    "SELECT count(*) FROM outbox_events WHERE processed_at IS NULL AND dead_at IS NULL"
                ).fetchone()[0]
                if pending == 0 or time.time() > deadline:
                    break
                time.sleep(1)
            drained_after = time.time() - drain_started
            dead = conn.execute("SELECT count(*) FROM outbox_events WHERE dead_at IS NOT NULL").fetchone()[0]
            checks = _check_writes(conn, acked_posts, acked_threads, acked_votes, acked_reviews)
        print(f"5xx: {five_xx}; outbox pending {pending}, dead {dead}, drained {drained_after:.0f} s after the run")
        print(f"{'acknowledged writes':28} {'acked':>7} {'in db':>7} {'published':>9} {'indexed':>8} {'tagged':>7}")
        lost = 0
        for name, row in checks.items():
            print(
                f"{name:28} {row['acked']:7d} {row['db']:7d} {row.get('public', '-')!s:>9} "
                f"{row.get('indexed', '-')!s:>8} {row.get('tagged', '-')!s:>7}"
            )
            lost += row["acked"] - row["db"]
            if "public" in row:
                lost += row["public"] - row["indexed"] + row["public"] - row["tagged"]
        print("RESULT:", "OK" if five_xx == 0 and lost == 0 and pending == 0 and dead == 0 else "FAILED")


BODY = "The battery life is terrible since the update, barely four hours. Tested twice ({tok})."
PHRASES = [
    "Pairing with my laptop took {n} tries",
    "the case hinge feels loose after {n} weeks",
    "noise cancelling is fine on the train",
    "support answered within {n} hours",
    "the left earbud is quieter than the right",
    "call quality suffers in the wind",
    "the medium tips seal better for me",
    "firmware {n}.{m} fixed the dropouts",
    "multipoint works with two phones",
    "the app crashed {n} times this week",
    "bass is stronger with the foam tips",
    "charging takes about {n} minutes",
    "I use them at the gym every day",
    "the touch controls are too sensitive",
    "they fit well under a helmet",
    "transparency mode sounds natural",
]


def load_text(rnd: random.Random, tok: str) -> str:
    """A review-like text: the battery (for the key point tagger) and a random mix of other remarks,
    so the spam filter's duplicate rule does not hold near-identical posts."""
    picks = rnd.sample(PHRASES, 4)
    remarks = ". ".join(p.format(n=rnd.randint(2, 60), m=rnd.randint(0, 9)) for p in picks)
    hours = rnd.randint(2, 9)
    opening = f"The battery life is terrible since the update, barely {hours} hours."
    return f"{opening} {remarks[0].upper()}{remarks[1:]}. ({tok})"


def _check_writes(conn, posts, threads, votes, reviews) -> dict[str, dict[str, int]]:  # type: ignore[no-untyped-def]
    """How many acknowledged writes are in the database, and, of the published ones (not held for
    review), how many are in the search index and tagged with key points."""

    def count(sql: str, ids: list) -> int:  # type: ignore[type-arg]
        return conn.execute(sql, (ids,)).fetchone()[0] if ids else 0

    def tagged(source_type: str, ids: list[int]) -> int:
        if not ids:
            return 0
        return conn.execute(
            "SELECT count(DISTINCT source_id) FROM keypoint_mentions WHERE source_type = %s AND source_id = ANY(%s)",
            (source_type, ids),
        ).fetchone()[0]

    out: dict[str, dict[str, int]] = {}
    public_posts = (
        [
            r[0]
            for r in conn.execute(
                "SELECT id FROM posts WHERE id = ANY(%s) AND status = 'visible' AND deleted_at IS NULL", (posts,)
            )
        ]
        if posts
        else []
    )
    out["replies"] = {
        "acked": len(posts),
        "db": count("SELECT count(*) FROM posts WHERE id = ANY(%s)", posts),
        "public": len(public_posts),
        "indexed": count(
            "SELECT count(*) FROM search_documents WHERE doc_id = ANY(%s)", [f"post:{i}" for i in public_posts]
        ),
        "tagged": tagged("post", public_posts),
    }
    thread_ids = [t for t, _p in threads]
    opening = {p: t for t, p in threads}
    public_open = (
        [
            r[0]
            for r in conn.execute(
                "SELECT id FROM posts WHERE id = ANY(%s) AND status = 'visible' AND deleted_at IS NULL",
                (list(opening),),
            )
        ]
        if threads
        else []
    )
    out["new threads"] = {
        "acked": len(threads),
        "db": count("SELECT count(*) FROM threads WHERE id = ANY(%s)", thread_ids),
        "public": len(public_open),
        "indexed": count(
            "SELECT count(*) FROM search_documents WHERE doc_id = ANY(%s)",
            [f"thread:{opening[p]}" for p in public_open],
        ),
        "tagged": tagged("post", public_open),
    }
    found_votes = 0
    for username, post_id in votes:
        found_votes += conn.execute(
            "SELECT count(*) FROM post_votes v JOIN users u ON u.id = v.user_id"
            " WHERE u.username = %s AND v.post_id = %s",
            (username, post_id),
        ).fetchone()[0]
    out["votes"] = {"acked": len(votes), "db": found_votes}
    public_reviews = (
        [
            r[0]
            for r in conn.execute(
                "SELECT id FROM reviews WHERE id = ANY(%s) AND deleted_at IS NULL AND status = 'visible'", (reviews,)
            )
        ]
        if reviews
        else []
    )
    out["reviews"] = {
        "acked": len(reviews),
        "db": count("SELECT count(*) FROM reviews WHERE id = ANY(%s)", reviews),
        "public": len(public_reviews),
        "indexed": count(
            "SELECT count(*) FROM search_documents WHERE doc_id = ANY(%s)", [f"review:{i}" for i in public_reviews]
        ),
        "tagged": tagged("review", public_reviews),
    }
    return out


if __name__ == "__main__":
    main()
