"""Load (and faults) against two gunicorn nodes + `flask worker` on PostgreSQL and Redis, loopback only.

    TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres TEST_REDIS_URL=redis://127.0.0.1:6379/0 \
        python tests/bench/bench_load.py --clients 50 --seconds 60 [--chaos]

Each client signs up, then loops over a mix: anonymous thread page (40 %), home (15 %), API thread
(15 %), reply (20 %), new thread (10 %), alternating nodes. Rate limits are off (every client is
127.0.0.1). With --chaos, node B and the worker are killed (SIGKILL) a third of the way in and
restarted five seconds later. Afterwards: every acknowledged write (a 201 with an id) must be in the
database, and the outbox must drain. Prints throughput and p50/p95 per route. Creates its own
database and drops it; Redis keys carry a private prefix and are deleted.
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

import psycopg
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[2]


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

        timings: dict[str, list[float]] = defaultdict(list)
        statuses: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        acked_posts: list[int] = []
        conn_errors = [0]
        lock = threading.Lock()
        stop = time.time() + args.seconds

        def client(n: int) -> None:
            rnd = random.Random(n)
            user = f"load{n}_{cluster.tag[:4]}"
            pw = "Load-Client-Password-77"
            call(
                (a, b)[n % 2],
                "POST",
                "/api/v1/auth/register",
                {"username": user, "email": f"{user}@example.com", "password": pw},
            )
            _s, text = call((a, b)[n % 2], "POST", "/api/v1/auth/token", {"username": user, "password": pw})
            token = json.loads(text)["token"]
            i = 0
            while time.time() < stop:
                i += 1
                port = (a, b)[(n + i) % 2]
                tid, slug = rnd.choice(threads)
                r = rnd.random()
                if r < 0.40:
                    route, method, path, body, tok = "GET thread page (anon)", "GET", f"/t/{tid}/{slug}", None, None
                elif r < 0.55:
                    route, method, path, body, tok = "GET home (anon)", "GET", "/", None, None
                elif r < 0.70:
                    route, method, path, body, tok = "GET api thread", "GET", f"/api/v1/threads/{tid}", None, token
                elif r < 0.90:
                    route, method, path, body, tok = (
                        "POST reply",
                        "POST",
                        f"/api/v1/threads/{tid}/posts",
                        {"body": f"Load reply {n}-{i}"},
                        token,
                    )
                else:
                    route, method, path, body, tok = (
                        "POST thread",
                        "POST",
                        "/api/v1/threads",
                        {"category": "load", "kind": "experience", "title": f"Load thread {n} {i}", "body": "Body."},
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
                    if status == 201:
                        data = json.loads(text)
                        acked_posts.append(data["post"]["id"])  # replies and new threads both return their post

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
            found = conn.execute("SELECT count(*) FROM posts WHERE id = ANY(%s)", (acked_posts,)).fetchone()[0]
            drain_started = time.time()
            deadline = drain_started + (args.drain_wait or (360 if args.chaos else 60))
            while True:
                pending = conn.execute(
                    "SELECT count(*) FROM outbox_events WHERE processed_at IS NULL AND dead_at IS NULL"
                ).fetchone()[0]
                if pending == 0 or time.time() > deadline:
                    break
                time.sleep(1)
            dead = conn.execute("SELECT count(*) FROM outbox_events WHERE dead_at IS NOT NULL").fetchone()[0]
        print(
            f"5xx: {five_xx}; acknowledged writes {len(acked_posts)}, found in the database "
            f"{found}; outbox pending {pending}, dead {dead}, {time.time() - drain_started:.0f} s after the run"
        )


if __name__ == "__main__":
    main()
