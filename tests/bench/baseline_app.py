"""The yardstick for page benchmarks: a bare Flask app that runs one 20-row query and renders a
20-item template. Served by gunicorn exactly like the real app, so the ratio isolates our cost."""

from __future__ import annotations

import os

from flask import Flask, render_template_string
from sqlalchemy import create_engine, text

TEMPLATE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Baseline</title></head><body><main><h1>Latest</h1><ol>
{% for row in rows %}<li><a href="/t/{{ row.id }}">{{ row.title }}</a>
 · {{ row.reply_count }} · {{ row.last_posted_at }}</li>
{% endfor %}</ol></main></body></html>"""


def create_app() -> Flask:
    app = Flask(__name__)
    engine = create_engine(os.environ["BENCH_DATABASE_URL"])

    @app.get("/")
    def index() -> str:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT id, title, reply_count, last_posted_at FROM threads "
                    "ORDER BY last_posted_at DESC, id DESC LIMIT 20"
                )
            ).all()
        return render_template_string(TEMPLATE, rows=rows)

    return app
