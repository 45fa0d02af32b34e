"""A command's start beside a bare `import console` (issue 21: within 3× for commands that touch no database).

    python bench/bench_start.py [--runs 21]

In one run, interleaved (each round starts every candidate once, in turn, so machine load hits all alike),
wall time of whole processes — interpreter start-up included, as a user meets it:

1. `python -m console --version`  — ours;
2. `python -m console --help`     — ours;
3. `python -c "import console"`   — the floor: the interpreter and the package, nothing else.

Prints the medians, the 90th percentiles and each ratio to the floor (of the medians), with the machine's
load average.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CANDIDATES = {
    "--version": [sys.executable, "-m", "console", "--version"],
    "--help": [sys.executable, "-m", "console", "--help"],
    "bare import": [sys.executable, "-c", "import console"],
}


def _once(argv: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=21)
    args = ap.parse_args(argv)
    times: dict[str, list[float]] = {k: [] for k in CANDIDATES}
    for cmd in CANDIDATES.values():  # one warm-up each: the page cache, the .pyc files
        _once(cmd)
    for _ in range(args.runs):
        for name, cmd in CANDIDATES.items():
            times[name].append(_once(cmd))
    floor = statistics.median(times["bare import"])
    print(f"load average {os.getloadavg()[0]:.2f}; {args.runs} rounds; {sys.version.split()[0]}")
    for name, xs in times.items():
        p90 = sorted(xs)[int(0.9 * (len(xs) - 1))]
        med = statistics.median(xs)
        print(f"{name:12s} median {med * 1000:7.1f} ms   p90 {p90 * 1000:7.1f} ms   × floor {med / floor:4.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
