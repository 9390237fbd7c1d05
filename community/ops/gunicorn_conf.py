"""gunicorn settings for one app node:  gunicorn -c community/ops/gunicorn_conf.py "app:create_app()"

Environment knobs: BIND (default 127.0.0.1:8000; 0.0.0.0:8000 behind a balancer), WEB_CONCURRENCY
(worker processes, default 2 x cores + 1), GUNICORN_THREADS (threads per worker, default 4),
FORWARDED_ALLOW_IPS (the balancer's address; pair with TRUST_PROXY=1), GUNICORN_TIMEOUT.

No preload: each worker opens its own database and Redis connections after the fork (sockets
shared across a fork corrupt each other, and SQLite forbids it). With PROMETHEUS_MULTIPROC_DIR
set, the directory is emptied at start and dead workers are marked, so /metrics aggregates the
latency histogram over every worker of this node.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil

bind = os.environ.get("BIND") or "127.0.0.1:8000"
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
threads = int(os.environ.get("GUNICORN_THREADS") or 4)
worker_class = "gthread"
preload_app = False
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 30)
graceful_timeout = 30
keepalive = 5
# Restart workers now and then so a slow leak never becomes an outage.
max_requests = 5000
max_requests_jitter = 500
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or "127.0.0.1"
# The app writes one JSON access line per request (with the request id); gunicorn's would duplicate it.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL") or "info"
proc_name = os.environ.get("GUNICORN_NAME") or "community"


def on_starting(server) -> None:  # type: ignore[no-untyped-def]
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder, exist_ok=True)


def child_exit(server, worker) -> None:  # type: ignore[no-untyped-def]
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
