"""The API as a contract: schemathesis against the live server's /api/v1/openapi.json.

A real server (flask run, threaded) on a free loopback port with a temporary SQLite database and a
few seeded rows; schemathesis generates a bounded number of requests per operation, with an
admin's bearer token, and checks: no 5xx, every response matches the documented schema.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Blue-Harbour-Lantern-42"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not shutil.which("schemathesis", path=str(Path(sys.executable).parent)), reason="schemathesis not installed"
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _call(base: str, method: str, path: str, body: dict | None = None, token: str | None = None) -> dict:
    req = urllib.request.Request(
        base + path,
        method=method,
        data=json.dumps(body).encode() if body else None,
        headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})},
    )
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read())


@pytest.fixture(params=["sqlite"] + (["postgres"] if os.environ.get("TEST_DATABASE_URL") else []))
def database(request, tmp_path):  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'contract.db'}"
        return
    admin = make_url(os.environ["TEST_DATABASE_URL"].replace("postgresql+psycopg://", "postgresql://"))
    admin_url = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"test_contract_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield admin.set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def live_server(tmp_path, database):  # type: ignore[no-untyped-def]
    port = _free_port()
    env = dict(os.environ)
    env.update(
        FLASK_APP="app",
        DATABASE_URL=database,
        INSTANCE_PATH=str(tmp_path),
        SECRET_KEY="contract-secret",
        RATELIMIT_ENABLED="0",
        DEMO="0",
        LOG_FORMAT="none",
        REDIS_URL="",
    )
    flask = [sys.executable, "-m", "flask"]
    subprocess.run([*flask, "db", "upgrade", "heads"], cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)
    for name, role in (("chief", "admin"), ("member", "member")):
        subprocess.run(
            [
                *flask,
                "users",
                "create",
                "--username",
                name,
                "--email",
                f"{name}@example.com",
                "--password",
                PASSWORD,
                "--role",
                role,
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=120,
        )
    log = open(tmp_path / "server.log", "w")  # noqa: SIM115 (closed below)
    proc = subprocess.Popen(
        [*flask, "run", "--port", str(port), "--no-reload", "--with-threads"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.3)
        token = _call(base, "POST", "/api/v1/auth/token", {"username": "chief", "password": PASSWORD})["token"]
        _call(base, "POST", "/api/v1/categories", {"name": "Headphones", "slug": "headphones"}, token)
        thread = _call(
            base,
            "POST",
            "/api/v1/threads",
            {"category": "headphones", "kind": "question", "title": "Pairing with two phones", "body": "Can it?"},
            token,
        )
        _call(base, "POST", f"/api/v1/threads/{thread['thread']['id']}/posts", {"body": "Yes, multipoint."}, token)
        yield base, token, tmp_path
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def test_schemathesis_finds_no_server_errors_and_no_schema_mismatches(live_server):
    base, token, tmp_path = live_server
    cmd = [
        str(Path(sys.executable).parent / "schemathesis"),
        "run",
        f"{base}/api/v1/openapi.json",
        "--checks",
        "not_a_server_error,response_schema_conformance,content_type_conformance",
        "--max-examples",
        os.environ.get("CONTRACT_MAX_EXAMPLES", "15"),
        "--phases",
        "examples,coverage,fuzzing",
        "--seed",
        "20261123",
        "--workers",
        "1",
        "--request-timeout",
        "20",
        "--header",
        f"Authorization: Bearer {token}",
        "--no-color",
    ]
    proc = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=900)
    server_log = (tmp_path / "server.log").read_text()
    assert proc.returncode == 0, proc.stdout[-6000:] + "\n--- server ---\n" + server_log[-3000:]
