"""How long `init --demo --tickets N` takes, against a bare insert of N tickets.

    python bench/bench_init_demo.py [--tickets 1000000] [--seed 1] [--keep DIR]

In one run, on this machine:

1. builds the demo desk (street, N tickets with their events, deadlines,
   missed calls, FTS rebuild) into a freshly migrated SQLite file and times
   each phase;
2. inserts N ticket rows (the same columns, realistic Chinese descriptions)
   into another freshly migrated file with a plain SQLAlchemy Core
   `insert()` executemany in 10,000-row chunks, one transaction, FTS
   triggers and indexes as the migration left them — what straightforward
   code would do. Only the executes and the commit are timed;
3. the same insert with the FTS triggers dropped, to read (2) by.

It prints both times, their ratio and both database sizes. Absolute times
on a shared machine vary 2-3x between runs; the ratio is the figure.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert  # noqa: E402

from console.demo.desk import PHASES, build_demo_desk  # noqa: E402
from console.demo.world import TICKET_COLS  # noqa: E402
from console.paths import reference_dir  # noqa: E402
from console.services.context import Desk  # noqa: E402
from console.store.database import Database  # noqa: E402
from console.store.migrate import ensure_schema  # noqa: E402
from console.store.models import Ticket  # noqa: E402

CHUNK = 10_000


def size_mb(path: Path) -> float:
    total = sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
    return total / 1e6


def fresh(path: Path) -> Database:
    db = Database(path)
    ensure_schema(db, backup_dir=path.parent)
    return db


def bench_demo(path: Path, n: int, seed: int) -> tuple[float, dict[str, float]]:
    db = fresh(path)
    desk = Desk(db)
    phases: dict[str, float] = {}
    state = {"phase": None, "since": 0.0, "last_pct": -10}
    t0 = time.perf_counter()
    state["since"] = t0

    def progress(phase: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if phase != state["phase"]:
            if state["phase"] is not None:
                phases[state["phase"]] = now - state["since"]
            state.update(phase=phase, since=now, last_pct=-10)
        pct = 100 * done // max(total, 1)
        if phase == "tickets" and pct >= state["last_pct"] + 10:
            state["last_pct"] = pct
            print(f"    {now - t0:7.1f}s  tickets {done:>9,}/{total:,}", flush=True)

    summary = build_demo_desk(desk, tickets=n, seed=seed, progress=progress)
    elapsed = time.perf_counter() - t0
    db.dispose()
    print(f"  demo: {summary.tickets:,} tickets, {summary.missed_calls:,} missed calls, "
          f"{summary.deadlines_open:,} open deadlines")
    return elapsed, phases


def sample_descriptions() -> list[str]:
    data = json.loads((reference_dir() / "demo_street.json").read_text(encoding="utf-8"))
    out = []
    for sc in data["scenarios"]:
        for d in sc["descriptions"]:
            out.append(d.format(b="12号", r="301", c="嘉宏三村", r2="402", floor=5, shop="小饭店"))
    return out


def bench_bare(path: Path, n: int, fts: bool = True) -> tuple[float, float]:
    """Core insert() executemany of n ticket rows; returns (insert seconds, row-building seconds).

    fts=False drops the three FTS triggers first (and leaves them dropped):
    the cost of the ticket rows alone, for reading the first figure.
    """
    db = fresh(path)
    if not fts:
        with db.engine.connect().execution_options(hotline_write=True) as conn, conn.begin():
            for name in ("tickets_fts_ai", "tickets_fts_ad", "tickets_fts_au"):
                conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    texts = sample_descriptions()
    table = Ticket.__table__
    start = datetime(2025, 1, 1, tzinfo=UTC)
    timed = built = 0.0
    with db.engine.connect().execution_options(hotline_write=True) as conn:
        with conn.begin():
            for lo in range(0, n, CHUNK):
                b0 = time.perf_counter()
                rows = []
                for i in range(lo, min(lo + CHUNK, n)):
                    at = start + timedelta(seconds=60 * i)
                    rows.append(dict.fromkeys(TICKET_COLS) | {
                        "id": i + 1, "number": f"B{i:09d}", "received_at": at, "channel": "phone",
                        "caller_name": "王阿姨", "caller_phone": f"138{i:08d}", "building": "12号", "room": "301",
                        "address": "", "address_key": "12-301", "request_type": "help", "urgency": "normal",
                        "description": texts[i % len(texts)], "status": "closed", "dispatched_at": at,
                        "resolved_at": at, "result": "已处理。", "callback_at": at, "satisfaction": "satisfied",
                        "attitude": 5, "ability": 5, "reopen_count": 0, "void_reason": "", "version": 1,
                        "updated_at": at})
                t1 = time.perf_counter()
                built += t1 - b0
                conn.execute(insert(table), rows)
                timed += time.perf_counter() - t1
            t2 = time.perf_counter()
        timed += time.perf_counter() - t2  # the commit
    db.dispose()
    return timed, built


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tickets", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", type=Path, help="leave the two databases in this folder")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-demo-"))
    try:
        print(f"bench_init_demo: {args.tickets:,} tickets, seed {args.seed}, {datetime.now():%Y-%m-%d %H:%M}, "
              f"{os.cpu_count()} cpus, Python {platform.python_version()}, load {os.getloadavg()[0]:.2f}")
        demo_path, bare_path = work / "demo.sqlite3", work / "bare.sqlite3"
        print("1. build_demo_desk")
        demo_s, phases = bench_demo(demo_path, args.tickets, args.seed)
        for phase, secs in phases.items():
            print(f"    {PHASES[phase][1]:<28} {secs:7.1f}s")
        demo_mb = size_mb(demo_path)
        print(f"  demo desk:         {demo_s:8.1f}s   {demo_mb:8.0f} MB")
        print("2. bare Core insert() executemany of the ticket rows (FTS triggers on)")
        bare_s, built = bench_bare(bare_path, args.tickets)
        bare_mb = size_mb(bare_path)
        print(f"  bare insert:       {bare_s:8.1f}s   {bare_mb:8.0f} MB   (building the dicts: {built:.1f}s, untimed)")
        print(f"  ratio demo / bare: {demo_s / bare_s:8.2f}")
        bare_path.unlink()
        for suffix in ("-wal", "-shm"):
            Path(f"{bare_path}{suffix}").unlink(missing_ok=True)
        print("3. the same, FTS triggers dropped (ticket rows and their indexes only)")
        plain_s, _ = bench_bare(bare_path, args.tickets, fts=False)
        print(f"  bare insert, no FTS: {plain_s:6.1f}s   {size_mb(bare_path):8.0f} MB")
        print(f"  ratio demo / bare without FTS: {demo_s / plain_s:.2f}")
        print(f"  load at end: {os.getloadavg()[0]:.2f}")
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for p in (demo_path, bare_path):
                shutil.copy2(p, args.keep / p.name)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
