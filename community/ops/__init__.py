"""Operations: health and readiness probes, metrics, request ids and JSON logs, the anonymous page
cache, backups and the staff view of the outbox. init_ops() wires them into the app."""

from __future__ import annotations

from flask import Flask


def init_ops(app: Flask) -> None:
    from community.ops import logs, metrics, pagecache
    from community.worker import queue

    logs.init_logs(app)
    metrics.init_metrics(app)
    pagecache.init_pagecache(app)
    queue.init_queue(app)
