"""Prometheus metrics at /metrics.

- community_request_seconds{endpoint, method, status}: request latency histogram by route.
- community_outbox_pending / community_outbox_dead: read from the database at scrape time, so
  every node reports the same shared figure.
- community_worker_failures_total: handler failures in drain jobs. With Redis the count lives in
  Redis (the worker is another process, often another machine); without it, in this process.

Access: with METRICS_TOKEN set, a scraper sends `Authorization: Bearer <token>`; without it only
loopback clients (127.0.0.1, ::1) may scrape. Under gunicorn with several workers, set
PROMETHEUS_MULTIPROC_DIR to an empty directory per node (and wipe it at start): the histogram is
then aggregated across worker processes (gunicorn_conf.py marks dead workers).
"""

from __future__ import annotations

import hmac
import logging
import os
import time

from flask import Blueprint, Flask, Response, abort, current_app, g, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

bp = Blueprint("metrics", __name__)
log = logging.getLogger(__name__)

REQUEST_SECONDS = Histogram(
    "community_request_seconds",
    "Request latency by route endpoint, method and status.",
    ["endpoint", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
_LOCAL_FAILURES = Counter("community_worker_local_failures", "Outbox handler failures in this process.")
FAILURES_KEY = "metrics:worker_failures"


def count_worker_failures(n: int, app: Flask) -> None:
    from community.ops.redis_client import key, redis_for

    _LOCAL_FAILURES.inc(n)
    redis = redis_for(app)
    if redis is not None:
        try:
            redis.incrby(key(FAILURES_KEY, app), n)
        except Exception:  # metrics never break the worker
            log.debug("could not count worker failures in Redis", exc_info=True)


class OutboxCollector(Collector):
    """Scrape-time figures that are shared by every node: outbox depth, dead events, failures."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def collect(self):  # type: ignore[no-untyped-def]
        from community.ops.health import outbox_counts
        from community.ops.redis_client import key, redis_for

        counts = outbox_counts()
        pending = GaugeMetricFamily("community_outbox_pending", "Outbox events not yet applied.")
        pending.add_metric([], counts["pending"])
        dead = GaugeMetricFamily("community_outbox_dead", "Outbox events that failed MAX_ATTEMPTS times.")
        dead.add_metric([], counts["dead"])
        failures = CounterMetricFamily("community_worker_failures", "Outbox handler failures in drain jobs.")
        total = _LOCAL_FAILURES._value.get()
        redis = redis_for(self.app)
        if redis is not None:
            try:
                total = float(redis.get(key(FAILURES_KEY, self.app)) or 0)
            except Exception:  # a scrape without Redis still reports this process's count
                log.debug("could not read worker failures from Redis", exc_info=True)
        failures.add_metric([], total)
        yield from (pending, dead, failures)


def _allowed() -> bool:
    token = current_app.config.get("METRICS_TOKEN")
    if token:
        sent = request.headers.get("Authorization", "")
        return hmac.compare_digest(sent.encode(), f"Bearer {token}".encode())
    return request.remote_addr in ("127.0.0.1", "::1")


@bp.route("/metrics")
def metrics() -> Response:
    if not _allowed():
        abort(403)
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(REQUEST_SECONDS)
    registry.register(OutboxCollector(current_app._get_current_object()))  # type: ignore[attr-defined]
    return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)


def _start_timer() -> None:
    g.request_started = time.perf_counter()


def _observe(response: Response) -> Response:
    started = g.get("request_started")
    if started is not None:
        REQUEST_SECONDS.labels(
            endpoint=request.endpoint or "unmatched", method=request.method, status=str(response.status_code)
        ).observe(time.perf_counter() - started)
    return response


def init_metrics(app: Flask) -> None:
    app.before_request_funcs.setdefault(None, []).insert(1, _start_timer)
    app.after_request(_observe)
    app.register_blueprint(bp)
