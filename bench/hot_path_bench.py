"""What the three hot-path benchmarks of issue 21 share (bench_log_dispatch.py, bench_caller_lookup.py,
bench_search_first_page.py): the desk (bench_queries' builder: the demo street, 2,000 demo tickets, the
rest bulk-written with the FTS index rebuilt), the demo operator, a bare sqlite3 connection on the same
file with the pragmas the console sets, the interleaved timing and the table they print.

Not a benchmark itself; run one of the three.
"""
from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from bench_queries import build_if_needed, interleaved, summary  # noqa: E402 - after the path is set


@dataclass
class BenchDesk:
    """The desk under test, opened the console's way and the bare way."""

    path: Path
    desk: Any  # console.services.context.Desk
    actor: Any  # the demo operator (console.services.context.Actor)
    bare: sqlite3.Connection  # autocommit: the bare side issues BEGIN IMMEDIATE / COMMIT itself
    args: argparse.Namespace
    results: list[tuple[str, list[float], list[float], str]] = field(default_factory=list)
    cpu: list[tuple[float, float]] = field(default_factory=list)  # per result: ours, bare CPU ms per call

    def time(self, name: str, ours: Callable[[], object], bare: Callable[[], object], note: str = "",
             runs: int | None = None) -> None:
        """Ours and bare interleaved (ours, bare, ours, …) after a warm-up; kept for `report`. Beside the
        wall time, the CPU time of this process per call (time.process_time: SQLite runs in-process, so its
        work counts; a wait on the disk or for the other helpers' processes does not), which a loaded
        machine disturbs far less than the wall time."""
        n = runs or self.args.runs
        ca: list[float] = []
        cb: list[float] = []

        def timed(fn: Callable[[], object], into: list[float]) -> Callable[[], object]:
            def run() -> object:
                c = time.process_time()
                r = fn()
                into.append(time.process_time() - c)
                return r
            return run

        a, b = interleaved(timed(ours, ca), timed(bare, cb), n, warmup=self.args.warmup)
        self.results.append((name, a, b, note))
        self.cpu.append((sum(ca[-n:]) / n * 1000, sum(cb[-n:]) / n * 1000))

    def report(self, title: str) -> None:
        print()
        print(f"{title} — {self.path}, runs {self.args.runs}, load now {os.getloadavg()[0]:.2f}")
        print()
        print("| measurement | ours median ms | ours p95 | bare median ms | bare p95 | ours/bare (median) | note |")
        print("|---|---|---|---|---|---|---|")
        for name, a, b, note in self.results:
            am, ap = summary(a)
            bm, bp = summary(b)
            print(f"| {name} | {am:.3f} | {ap:.3f} | {bm:.3f} | {bp:.3f} | {am / bm:.2f}× | {note} |")
        print()
        print("| measurement | ours CPU ms/call | bare CPU ms/call | ours/bare (CPU) |")
        print("|---|---|---|---|")
        for (name, *_), (oc, bc) in zip(self.results, self.cpu, strict=True):
            print(f"| {name} | {oc:.3f} | {bc:.3f} | {oc / bc:.2f}× |")

    def close(self) -> None:
        self.bare.close()
        self.desk.db.dispose()


def open_bench_desk(doc: str, argv: list[str] | None = None, runs: int = 300) -> BenchDesk:
    """Parse the common options, build the desk if it is not there, open it both ways."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--db", default="/tmp/bench-s9-200k.sqlite3")
    ap.add_argument("--tickets", type=int, default=200_000)
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--runs", type=int, default=runs)
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--profile", metavar="FILE", help="cProfile ours alone (no timing) into FILE and stop")
    args = ap.parse_args(argv)
    path = Path(args.db)
    print(f"{Path(sys.argv[0]).name}: {datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} cpus, "
          f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
          f"load {os.getloadavg()[0]:.2f}", flush=True)
    build_if_needed(path, args.tickets, args.rebuild)

    from console.services.accounts import authenticate
    from console.services.context import Desk
    from console.store.database import Database

    desk = Desk(Database(path))
    actor = authenticate(desk, "zhang", "hotline")
    bare = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    for pragma in ("journal_mode = WAL", "synchronous = FULL", "busy_timeout = 10000", "foreign_keys = ON"):
        bare.execute(f"PRAGMA {pragma}")
    return BenchDesk(path, desk, actor, bare, args)


def profile(fn: Callable[[], object], out: str, runs: int) -> None:
    """cProfile `runs` calls of `fn` (after a warm-up) into `out`; prints the top of the cumulative list."""
    import cProfile
    import pstats

    for _ in range(20):
        fn()
    prof = cProfile.Profile()
    t = time.perf_counter()
    prof.enable()
    for _ in range(runs):
        fn()
    prof.disable()
    print(f"{runs} calls, {(time.perf_counter() - t) / runs * 1000:.3f} ms each under the profiler")
    prof.dump_stats(out)
    pstats.Stats(out).sort_stats("tottime").print_stats(25)
