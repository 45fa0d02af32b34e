"""How long `init --demo --tickets N` takes, against a bare insert of the same rows, interleaved.

    python bench/bench_init_demo.py [--tickets 200000] [--seed 1] [--rounds 1] [--profile FILE]

Each round, in one process:

1. ours: builds the demo desk (street, N tickets with their events,
   deadlines, missed calls and shifts, indexes, FTS rebuild, supervision
   samples, checkpoint) into a freshly migrated SQLite file, timing each
   phase; "history simulation" is the tickets phase less the time spent in
   BulkWriter.insert ("writing");
2. bare: the same rows (read back from the desk just built: tickets,
   ticket_events, deadlines, missed_calls, shifts — ~8 rows a ticket) put
   into another freshly migrated file by plain `sqlite3` executemany of
   prebuilt tuples in 10,000-row chunks, one transaction, the desk's
   pragmas (WAL, synchronous=FULL, foreign keys on) and the 256 MB page
   cache ours takes during its build, the FTS triggers and
   the bulk tables' non-unique indexes dropped first and rebuilt once at
   the end (the fastest bare way to the same tables and FTS index), then
   commit and checkpoint as ours ends. The street rows they refer to are
   copied in first, untimed; the rows are read back untimed; everything
   else is timed. The figure the target is set against;
3. with --naive, the same bare insert with the indexes and FTS triggers
   left as migrated (what straightforward code would do), for reference.

It prints the times and ratios per round, wall and CPU (the process's own
CPU seconds, `time.process_time`: both sides run in this one process, SQLite
included, so the CPU ratio is the one a loaded machine disturbs least; it
leaves out the time spent waiting on the disk). Absolute times on a shared
machine vary 2-3x between runs; the same-run ratio is the figure.
`--profile FILE` runs the first round's build under cProfile and writes the
stats there (and prints the top functions); that round's time is not a
figure.
"""
from __future__ import annotations

import argparse
import cProfile
import os
import platform
import pstats
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from console.demo.desk import build_demo_desk  # noqa: E402
from console.services.context import Desk  # noqa: E402
from console.store import bulk  # noqa: E402
from console.store.database import Database  # noqa: E402
from console.store.migrate import ensure_schema  # noqa: E402

CHUNK = 10_000
BULK_TABLES = ("shifts", "tickets", "ticket_events", "missed_calls", "deadlines")  # in foreign-key order


def fresh(path: Path) -> Database:
    db = Database(path)
    ensure_schema(db, backup_dir=path.parent)
    return db


def bench_demo(path: Path, n: int, seed: int,
               profile: Path | None = None) -> tuple[float, float, dict[str, float]]:
    db = fresh(path)
    desk = Desk(db)
    phases: dict[str, float] = {}
    state: dict = {"phase": None, "since": 0.0}
    writing = [0.0]
    real_insert = bulk.BulkWriter.insert

    def timed_insert(self, table, columns, rows):
        t = time.perf_counter()
        try:
            return real_insert(self, table, columns, rows)
        finally:
            writing[0] += time.perf_counter() - t

    def progress(done: int, total: int, phase: str = "") -> None:
        now = time.perf_counter()
        if phase != state["phase"]:
            if state["phase"] is not None:
                phases[state["phase"]] = phases.get(state["phase"], 0.0) + now - state["since"]
            state.update(phase=phase, since=now)

    bulk.BulkWriter.insert = timed_insert  # type: ignore[method-assign]
    prof = cProfile.Profile() if profile else None
    try:
        t0, c0 = time.perf_counter(), time.process_time()
        if prof:
            prof.enable()
        summary = build_demo_desk(desk, tickets=n, seed=seed, progress=progress)
        if prof:
            prof.disable()
        elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    finally:
        bulk.BulkWriter.insert = real_insert  # type: ignore[method-assign]
    db.dispose()
    if prof and profile:
        prof.dump_stats(str(profile))
        pstats.Stats(str(profile)).sort_stats("tottime").print_stats(25)
    out = {"street, phonebook, accounts": phases.get("street", 0.0),
           "history simulation": phases.get("tickets", 0.0) - writing[0],
           "writing (BulkWriter.insert)": writing[0],
           "indexes": phases.get("index", 0.0), "FTS rebuild": phases.get("search", 0.0),
           "commit, samples, checkpoint": phases.get("commit", 0.0)}
    print(f"  ours: {summary.tickets:,} tickets, {summary.missed_calls:,} missed calls, "
          f"{summary.deadlines_open:,} open deadlines")
    return elapsed, cpu, out


def _connect(path: Path) -> sqlite3.Connection:
    """The desk's own pragmas (console.store.database), on a bare connection."""
    con = sqlite3.connect(str(path), isolation_level=None)
    con.execute("PRAGMA foreign_keys = ON")
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = FULL")
    return con


def bench_bare(path: Path, source: Path, deferred: bool) -> tuple[float, float, int]:
    """The bulk tables' rows of `source`, inserted bare into a fresh desk; (timed seconds, their CPU seconds, rows).

    deferred: the fastest bare way to the same end state — the FTS triggers and the bulk tables'
    non-unique indexes dropped first, the indexes created and the FTS index rebuilt once after the rows,
    the triggers put back, all in the one transaction (timed). Otherwise the rows go in with the
    indexes and triggers as migrated."""
    fresh(path).dispose()
    con = _connect(path)
    src = sqlite3.connect(str(source))
    con.execute("ATTACH DATABASE ? AS src", (str(source),))
    skip = set(BULK_TABLES) | {"alembic_version"}
    names = [r[0] for r in con.execute("SELECT name FROM src.sqlite_master WHERE type = 'table' "
                                       "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'ticket_fts%'")]
    con.execute("PRAGMA foreign_keys = OFF")  # untimed set-up: the street the rows point at
    con.execute("BEGIN")
    for name in names:
        if name not in skip:
            con.execute(f'INSERT OR REPLACE INTO main."{name}" SELECT * FROM src."{name}"')
    con.execute("COMMIT")
    con.execute("DETACH DATABASE src")
    con.execute("PRAGMA foreign_keys = ON")
    con.execute("PRAGMA cache_size = -262144")  # the page cache ours takes for its build (store.bulk.large_cache)
    timed, cpu, rows = 0.0, 0.0, 0
    t, c = time.perf_counter(), time.process_time()
    con.execute("BEGIN IMMEDIATE")
    tables = ", ".join(f"'{t}'" for t in BULK_TABLES)
    saved = con.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND ("
                        f"(type = 'index' AND tbl_name IN ({tables}) AND upper(sql) NOT LIKE 'CREATE UNIQUE%') "
                        "OR (type = 'trigger' AND sql LIKE '%ticket_fts%')) ORDER BY rowid").fetchall()
    if deferred:
        for kind, name, _ in saved:
            con.execute(f'DROP {kind.upper()} "{name}"')
    timed, cpu = timed + time.perf_counter() - t, cpu + time.process_time() - c
    for table in BULK_TABLES:
        cols = [r[1] for r in src.execute(f'PRAGMA table_info("{table}")')]
        sql = f'INSERT INTO "{table}" VALUES ({", ".join("?" * len(cols))})'
        cur = src.execute(f'SELECT * FROM "{table}" ORDER BY id')
        while chunk := cur.fetchmany(CHUNK):
            t, c = time.perf_counter(), time.process_time()
            con.executemany(sql, chunk)
            timed, cpu = timed + time.perf_counter() - t, cpu + time.process_time() - c
            rows += len(chunk)
    t, c = time.perf_counter(), time.process_time()
    if deferred:
        for kind, _, sql in saved:
            if kind == "index":
                con.execute(sql)
        con.execute("INSERT INTO ticket_fts(ticket_fts) VALUES('rebuild')")
        for kind, _, sql in saved:
            if kind == "trigger":
                con.execute(sql)
    con.execute("COMMIT")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    timed, cpu = timed + time.perf_counter() - t, cpu + time.process_time() - c
    con.close()
    src.close()
    return timed, cpu, rows


def _drop(path: Path) -> None:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tickets", type=int, default=200_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--profile", type=Path, help="cProfile the first build into this file")
    ap.add_argument("--naive", action="store_true", help="also the bare insert with indexes and triggers on")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-demo-"))
    ratios, cpu_ratios = [], []
    try:
        print(f"bench_init_demo: {args.tickets:,} tickets, seed {args.seed}, {datetime.now():%Y-%m-%d %H:%M}, "
              f"{os.cpu_count()} cpus, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
              f"load {os.getloadavg()[0]:.2f}")
        for rnd in range(args.rounds):
            demo_path, bare_path = work / "demo.sqlite3", work / "bare.sqlite3"
            _drop(demo_path)
            _drop(bare_path)
            print(f"round {rnd + 1}, load {os.getloadavg()[0]:.2f}")
            demo_s, demo_cpu, phases = bench_demo(demo_path, args.tickets, args.seed, args.profile if rnd == 0 else None)
            for name, secs in phases.items():
                print(f"    {name:<30} {secs:7.2f}s")
            print(f"  ours (build_demo_desk):     {demo_s:8.2f}s   CPU {demo_cpu:7.2f}s")
            bare_s, bare_cpu, rows = bench_bare(bare_path, demo_path, deferred=True)
            print(f"  bare, indexes+FTS deferred: {bare_s:8.2f}s   CPU {bare_cpu:7.2f}s   ({rows:,} rows)")
            ratio = demo_s / bare_s
            print(f"  ratio ours / bare:          {ratio:8.2f}    CPU {demo_cpu / bare_cpu:5.2f}")
            if args.naive:
                _drop(bare_path)
                naive_s, _, _ = bench_bare(bare_path, demo_path, deferred=False)
                print(f"  bare, indexes+FTS triggers as migrated: {naive_s:8.2f}s   "
                      f"(ours / that: {demo_s / naive_s:.2f})")
            if not (args.profile and rnd == 0):
                ratios.append(ratio)
                cpu_ratios.append(demo_cpu / bare_cpu)
        if ratios:
            print(f"median ratio ours / bare: {statistics.median(ratios):.2f} (CPU {statistics.median(cpu_ratios):.2f}) "
                  f"over {len(ratios)} round(s); load at end {os.getloadavg()[0]:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
