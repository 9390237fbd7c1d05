"""Throughput and memory benchmark for the key point tagger (not collected by pytest).

    python tests/bench/bench_keypoints.py [--posts 3000] [--seed 7]

Generates synthetic English and Chinese posts of about 60 words, runs Tagger.analyze() (full
mode: extraction + polarity) on one core, and prints posts/s next to a baseline measured in the
same run on the same texts (English: a regex word tokeniser; Chinese: jieba.lcut), so numbers
from noisy shared machines can still be compared.
"""

from __future__ import annotations

import argparse
import gc
import random
import re
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from moderation.keypoints import Tagger, get_tagger
from moderation.keypoints.model import DEFAULT_MODEL_PATH

EN_ASPECTS = ["battery life", "screen", "keyboard", "camera", "price", "customer service",
              "speakers", "touchpad", "build quality", "fan", "software", "display", "charger",
              "delivery", "food", "staff", "menu", "wifi", "sound quality", "design"]  # fmt: skip
EN_OPINIONS = ["is great", "is terrible", "is not bad", "was really disappointing",
               "works perfectly", "is much better than I expected", "feels cheap", "is too loud",
               "is okay I guess", "could be better", "is amazing", "died after a week",
               "is not loud at all", "is a bit slow", "was friendly and fast"]  # fmt: skip
EN_FILLERS = ["I bought this last month for work and use it every day.",
              "My brother recommended it after using one for a year.",
              "Overall I would probably buy it again if the deal is good.",
              "Shipping took about four days which was fine for me.",
              "I am writing this after three weeks of daily use at home and at work."]  # fmt: skip
ZH_ASPECTS = ["屏幕", "电池", "续航", "拍照", "价格", "系统", "售后服务", "音质", "外观",
              "手感", "信号", "充电速度", "键盘", "散热", "做工"]  # fmt: skip
ZH_OPINIONS = ["很好", "太差了", "不错", "一般般", "没有问题", "非常流畅", "有点卡", "不吵",
               "比上一代好多了", "让人失望", "很清晰", "太贵了", "更差了", "挺满意的"]  # fmt: skip
ZH_FILLERS = ["上个月在网上买的，用了三个星期了。", "朋友推荐的，总体来说还可以。",
              "快递很快，包装也完整。", "每天上班都要用，说说自己的感受吧。"]  # fmt: skip


def make_posts(n: int, seed: int) -> tuple[list[str], list[str]]:
    rnd = random.Random(seed)
    en, zh = [], []
    for _ in range(n):
        parts: list[str] = []
        while len(" ".join(parts).split()) < 55:
            if rnd.random() < 0.35:
                parts.append(rnd.choice(EN_FILLERS))
            else:
                a, b = rnd.sample(EN_ASPECTS, 2)
                join = rnd.choice([" but the ", " and the ", ", however the "])
                parts.append(f"The {a} {rnd.choice(EN_OPINIONS)}{join}{b} {rnd.choice(EN_OPINIONS)}.")
        en.append(" ".join(parts))
        zparts: list[str] = []
        while len("".join(zparts)) < 100:  # ~100 characters is about 60 words
            if rnd.random() < 0.3:
                zparts.append(rnd.choice(ZH_FILLERS))
            else:
                a, b = rnd.sample(ZH_ASPECTS, 2)
                join = rnd.choice(["，但是", "，", "，不过"])
                zparts.append(f"{a}{rnd.choice(ZH_OPINIONS)}{join}{b}{rnd.choice(ZH_OPINIONS)}。")
        zh.append("".join(zparts))
    return en, zh


def rate(fn, texts: list[str]) -> tuple[float, float]:
    """(posts per wall-clock second, posts per CPU second of this process).

    The CPU figure is the one-core throughput even when the machine is shared and busy."""
    gc.collect()
    t0, c0 = time.perf_counter(), time.process_time()
    for t in texts:
        fn(t)
    return len(texts) / (time.perf_counter() - t0), len(texts) / (time.process_time() - c0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--posts", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    import jieba

    jieba.setLogLevel(60)
    en, zh = make_posts(args.posts, args.seed)
    t0 = time.perf_counter()
    tagger = get_tagger()
    load_s = time.perf_counter() - t0
    tracemalloc.start()  # memory of one model load (a second, uncached copy)
    Tagger._from_file(DEFAULT_MODEL_PATH)
    load_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    jieba.lcut("预热")
    word_re = re.compile(r"\w+|[^\w\s]")
    tagger.analyze(en[0])
    tagger.analyze(zh[0])
    en_words = sum(len(t.split()) for t in en) // len(en)
    zh_chars = sum(map(len, zh)) // len(zh)
    print(f"model load: {load_s:.2f}s; posts: {len(en)} en (~{en_words} words), "
          f"{len(zh)} zh (~{zh_chars} chars)")  # fmt: skip
    rows = []
    for name, texts, base_name, base_fn in (
        ("en", en, "regex tokenise", word_re.findall),
        ("zh", zh, "jieba.lcut", jieba.lcut),
    ):
        base = rate(base_fn, texts)
        full = rate(tagger.analyze, texts)
        mentions = sum(len(tagger.analyze(t)) for t in texts[:200]) / 200
        rows.append((name, full, base, base_name, mentions))
    mixed = en + zh
    random.Random(args.seed).shuffle(mixed)
    full_mixed = rate(tagger.analyze, mixed)
    print(f"{'':5} {'analyze posts/s':>23} {'baseline posts/s':>23} {'ratio':>6}")
    print(f"{'lang':5} {'wall':>11} {'cpu':>11} {'wall':>11} {'cpu':>11} {'(cpu)':>6}  baseline")
    for name, full, base, base_name, mentions in rows:
        print(f"{name:5} {full[0]:11.0f} {full[1]:11.0f} {base[0]:11.0f} {base[1]:11.0f} "
              f"{full[1] / base[1]:6.3f}  {base_name} ({mentions:.1f} mentions/post)")  # fmt: skip
    print(f"mixed {full_mixed[0]:11.0f} {full_mixed[1]:11.0f}")
    # memory: peak Python allocations while analysing, and the process's max RSS
    tracemalloc.start()
    for t in mixed[:500]:
        tagger.analyze(t)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak traced memory: model load {load_peak / 2**20:.1f} MiB, "
          f"analyze (500 posts) {peak / 2**20:.2f} MiB; process max RSS {rss_mb:.0f} MiB "
          "(includes jieba's dictionary, loaded for the baseline only)")  # fmt: skip


if __name__ == "__main__":
    main()
