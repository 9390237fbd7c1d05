"""Tagging through the desk pipeline (load post, strip Markdown, analyse, store mentions) against
the bare tagger on the same texts, measured in the same run. Run: python tests/bench/bench_keypoint_desk.py"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

SENTENCES = [
    "The battery life is great and lasts a whole week.",
    "续航很差，一天要充两次电。",
    "Noise cancelling is not bad at all on the train.",
    "佩戴很舒服，但是音质一般。",
    "The app keeps crashing after the last update.",
    "蓝牙连接经常断，客服也不回复。",
    "Sound quality is excellent but the comfort is poor after two hours.",
    "I use them every day.",
]


def post_text(rng: random.Random) -> str:
    return " ".join(rng.choice(SENTENCES) for _ in range(6))  # ~60 words


def main(n: int = 300) -> None:
    from flask_migrate import upgrade

    from app import create_app
    from community.extensions import db
    from community.forum.models import Post
    from moderation.keypoint_desk.models import KeyPoint, KeyPointMention
    from moderation.keypoint_desk.tagging import as_defs, retag_all, tagger

    folder = Path(tempfile.mkdtemp())
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'b.db'}",
            "INSTANCE_PATH": str(folder),
            "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
        }
    )
    rng = random.Random(7)
    with app.app_context():
        upgrade(directory=str(Path(app.root_path) / "migrations"), revision="heads")
        from tests.factories import Factory

        f = Factory(app)
        for name, zh, syn in [
            ("battery life", "续航", ["battery"]),
            ("comfort", "舒适", ["佩戴"]),
            ("sound quality", "音质", ["sound"]),
            ("connection", "连接", ["蓝牙"]),
        ]:
            db.session.add(KeyPoint(name_en=name, name_zh=zh, synonyms=syn))
        db.session.commit()
        t = f.thread(body=post_text(rng))
        author = t.author
        texts = [post_text(rng) for _ in range(n - 1)]
        for i, text in enumerate(texts, 2):
            db.session.add(Post(thread_id=t.id, author_id=author.id, number=i, body=text, body_html=""))
        db.session.commit()
        all_texts = [p.body for p in db.session.query(Post).all()]
        kps = as_defs(list(db.session.query(KeyPoint).all()))
        tg = tagger()
        t0 = time.perf_counter()
        for text in all_texts:
            tg.analyze(text, keypoints=kps)
        bare = time.perf_counter() - t0
        t0 = time.perf_counter()
        retag_all()
        full = time.perf_counter() - t0
        mentions = db.session.query(KeyPointMention).count()
    print(f"posts: {len(all_texts)}, mentions stored: {mentions}")
    print(f"bare tagger:   {len(all_texts) / bare:8.0f} posts/s")
    print(f"desk pipeline: {len(all_texts) / full:8.0f} posts/s (SQLite, incl. writes and alerts)")
    print(f"ratio pipeline/bare: {bare / full:.2f}")


if __name__ == "__main__":
    main()
