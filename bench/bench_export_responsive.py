"""Benchmark: does the window's thread keep running while the quarterly export runs?

    python bench/bench_export_responsive.py [--db PATH]   (the database bench_quarterly_xlsx.py builds)

XlsxWriter holds the GIL for long stretches (PITFALLS.md). The window runs the export on a worker
thread that waits on a child process (services.export_process). Here the main thread plays the
window: a 5 ms ticker (what a Qt event loop needs to repaint and take clicks) while the export runs
on a worker thread, (a) in this process, as a plain call, and (b) the way the window runs it, in a
spawned process. Printed: the longest gap between ticks and the 99th percentile, each way, and the
export's time. The same export, the same run; only the ratios mean anything on a shared machine.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

TICK_S = 0.005


def ticker_during(job) -> dict:
    """Run `job()` on a worker thread; tick on this thread until it ends. Gaps between ticks, in ms."""
    done = threading.Event()
    box: dict = {}

    def work() -> None:
        t0 = time.perf_counter()
        try:
            box["result"] = job()
        finally:
            box["seconds"] = time.perf_counter() - t0
            done.set()

    gaps: list[float] = []
    threading.Thread(target=work, daemon=True).start()
    last = time.perf_counter()
    while not done.is_set():
        time.sleep(TICK_S)
        now = time.perf_counter()
        gaps.append((now - last) * 1000)
        last = now
    gaps.sort()
    return {"export_s": round(box["seconds"], 1), "ticks": len(gaps), "longest_gap_ms": round(gaps[-1], 1),
            "p99_gap_ms": round(gaps[int(len(gaps) * 0.99)], 1)}


def main() -> None:
    from bench_quarterly_xlsx import DEFAULT_DB, QUARTER, YEAR, _desk

    from console.services.context import Actor
    from console.services.export_process import run_in_process
    from console.services.exports import export_quarterly_files

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, default=DEFAULT_DB)
    a = ap.parse_args()
    desk = _desk(a.db)
    actor = Actor(1, "bench", "压测员", "supervisor")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    with tempfile.TemporaryDirectory(prefix="hotline-bench-resp-") as out:
        here = ticker_during(lambda: export_quarterly_files(desk, actor, YEAR, QUARTER, Path(out) / "a"))
        print(f"in this process:   {here}", flush=True)
        child = ticker_during(lambda: run_in_process(export_quarterly_files, desk, actor, YEAR, QUARTER,
                                                     Path(out) / "b", progress=lambda d, t: None,
                                                     cancelled=lambda: False))
        print(f"in a child process: {child}", flush=True)
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)


if __name__ == "__main__":
    main()
