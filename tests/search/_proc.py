"""A separate process for the consistency tests (like a gunicorn worker or `flask worker`).

usage: python -m tests.search._proc CONFIG_JSON post USERNAME THREAD_ID COUNT TAG
       python -m tests.search._proc CONFIG_JSON crash-drain
"post" replies COUNT times through the forum service, each followed by a commit and an
outbox drain, as a web worker does after each response: several processes write the index
at once. "crash-drain" drains the outbox but stops inside the index write, before it commits,
printing WRITING, so the test can kill it there.
"""

from __future__ import annotations

import json
import sys
import time


def main() -> None:
    config = json.loads(sys.argv[1])
    from app import create_app

    app = create_app(config)
    mode = sys.argv[2]
    if mode == "post":
        username, thread_id, count, tag = (
            sys.argv[3],
            int(sys.argv[4]),
            int(sys.argv[5]),
            sys.argv[6],
        )
        post_replies(app, username, thread_id, count, tag)
    elif mode == "crash-drain":
        import whoosh.writing

        from community.search.postgres_backend import PostgresBackend

        def stall(*_a, **_k):  # type: ignore[no-untyped-def]
            print("WRITING", flush=True)
            time.sleep(120)

        original_commit = whoosh.writing.SegmentWriter.commit

        def whoosh_commit(self, *a, **k):  # type: ignore[no-untyped-def]
            stall()
            return original_commit(self, *a, **k)

        original_apply = PostgresBackend.apply

        def pg_apply(self, docs, delete_ids):  # type: ignore[no-untyped-def]
            original_apply(self, docs, delete_ids)  # rows written, transaction still open
            stall()

        whoosh.writing.SegmentWriter.commit = whoosh_commit
        PostgresBackend.apply = pg_apply
        with app.app_context():
            from community.outbox import drain

            drain()
    print("DONE", flush=True)


def post_replies(app, username: str, thread_id: int, count: int, tag: str) -> None:  # type: ignore[no-untyped-def]
    from community.accounts.service import find_user
    from community.extensions import db
    from community.forum.models import Thread
    from community.forum.posts import reply
    from community.outbox import drain

    with app.app_context():
        for n in range(count):
            reply(find_user(username), db.session.get(Thread, thread_id), f"Reply {tag}n{n} here")
            db.session.commit()
            drain()
        db.session.remove()


if __name__ == "__main__":
    main()
