"""`make bench`: runs every tests/bench/bench_*.py in its own process and prints what each reports.

A bench that crashes or hangs is reported and the others still run; the exit status says whether
all of them finished. Numbers are ratios against baselines measured in the same run, so compare
ratios, not absolute requests/s, between machines.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
# The search bench builds a 100,000-post Whoosh index (about 12 minutes on this 2-core machine).
TIMEOUT = int(os.environ.get("BENCH_TIMEOUT", "2400"))


def main(argv: list[str]) -> int:
    wanted = set(argv)
    modules = sorted(p for p in HERE.glob("bench_*.py") if not wanted or p.stem in wanted)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    failed: list[str] = []
    for path in modules:
        print(f"=== {path.stem}", flush=True)
        started = time.monotonic()
        try:
            code = subprocess.run([sys.executable, str(path)], cwd=ROOT, env=env, timeout=TIMEOUT).returncode
        except subprocess.TimeoutExpired:
            code = -1
            print(f"!!! {path.stem} timed out after {TIMEOUT} s", flush=True)
        took = time.monotonic() - started
        if code != 0:
            failed.append(path.stem)
            print(f"!!! {path.stem} failed (exit {code}) after {took:.0f} s", flush=True)
        else:
            print(f"--- {path.stem} done in {took:.0f} s", flush=True)
    print(
        f"=== {len(modules) - len(failed)}/{len(modules)} benchmarks finished"
        + (f"; failed: {', '.join(failed)}" if failed else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
