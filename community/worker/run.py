"""The `flask worker` loop: an RQ SimpleWorker plus a sweeper thread.

SimpleWorker runs jobs in this process (no fork per job), so the app, its connection pool and the
registered outbox handlers are set up once; a job that hangs is stopped by RQ's job timeout.
"""

from __future__ import annotations

import logging
import threading

from flask import Flask
from rq import SimpleWorker

from community.ops.redis_client import redis_for
from community.worker.queue import enqueue_drain, queue_for

log = logging.getLogger(__name__)


def sweep(app: Flask) -> None:
    """Enqueue a drain when the queue is empty: due retries, stale claims and events whose
    enqueue was lost are applied within one sweep interval."""
    queue = queue_for(app)
    if queue is not None and queue.count == 0:
        enqueue_drain(app)


def _sweeper(app: Flask, interval: float, stop: threading.Event) -> None:
    while not stop.wait(interval):
        try:
            sweep(app)
        except Exception:  # Redis briefly away: try again next round
            log.exception("outbox sweep failed")


def run_worker(app: Flask, *, burst: bool = False, sweep_interval: float | None = None) -> None:
    """Consume drain jobs until stopped (SIGTERM / Ctrl-C: warm shutdown), or until the queue is
    empty with burst=True (tests, cron)."""
    queue = queue_for(app)
    if queue is None:
        raise RuntimeError("REDIS_URL is not set: the embedded mode drains in-process, no worker needed.")
    interval = sweep_interval if sweep_interval is not None else float(app.config.get("OUTBOX_SWEEP_SECONDS", 5))
    with app.app_context():
        sweep(app)  # whatever was left while no worker ran
        worker = SimpleWorker([queue], connection=redis_for(app))
        stop = threading.Event()
        thread = None
        if not burst:
            thread = threading.Thread(target=_sweeper, args=(app, interval, stop), daemon=True, name="outbox-sweeper")
            thread.start()
        try:
            worker.work(burst=burst, logging_level="WARNING")
        finally:
            stop.set()
