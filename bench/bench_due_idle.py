"""What the due queue costs while nothing happens, and how fast another seat's change reaches it.

    python bench/bench_due_idle.py [--tickets 1000000] [--deadlines 10000] [--idle 60] [--db PATH]

1. Builds (or reuses, with --db pointing at an existing file) a desk of N
   tickets: the demo street and its first `--demo-tickets` tickets from
   console.demo.desk.build_demo_desk (the 1,000,000-ticket demo
   takes ~8 minutes here, too slow to rebuild for a benchmark), then the rest
   of the tickets and the open deadlines added with SQLAlchemy Core through
   console.store.bulk (FTS triggers and indexes suspended and rebuilt, as
   the demo itself does). The demo's own open deadlines are closed, so the
   open deadlines are exactly the benchmark's.
2. For each scenario it re-times those deadlines relative to the real clock,
   then starts a fresh process that opens the main window offscreen on the
   file (SystemClock, the demo operator), lets it settle, and measures over
   `--idle` seconds: CPU time of the process (time.process_time) against
   wall time, how often the queue was re-read and the countdown repainted,
   and memory (RSS). Then it times one re-read of the queue, split as the
   window splits it: the query (`read_ms`, on the worker pool) and the alert
   rule, the signals and the model update (`apply_ms`, on the GUI thread);
   and another process adds a call-back due in five minutes while the window
   process times how long until its queue shows it.

Scenarios (all with `--deadlines` open deadlines):
  empty      every deadline due in 2 h … 10 days: the queue is empty;
  countdown  20 of them due in 10–55 min and 5 overdue (rung and seen),
             the rest later: the countdown repaints once a second;
  overdue    every deadline overdue (a desk with years of unfinished work):
             the queue holds them all.

Prints a table; absolute figures on a shared 2-core machine vary, so the
load average is printed beside them.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHUNK = 50_000
SCENARIOS = ("empty", "countdown", "overdue")
MARK = "BENCHDUE"  # numbers of the bulk tickets start with this


# -- building -------------------------------------------------------------------------------

def build(path: Path, tickets: int, deadlines: int, demo_tickets: int) -> None:
    from sqlalchemy import update

    from console.demo.desk import build_demo_desk
    from console.services.context import Desk
    from console.store.bulk import BulkWriter, large_cache, suspended_search_and_indexes
    from console.store.database import Database
    from console.store.migrate import ensure_schema
    from console.store.models import Deadline

    t0 = time.perf_counter()
    db = Database(path)
    ensure_schema(db)
    desk = Desk(db)
    build_demo_desk(desk, tickets=demo_tickets, seed=1)
    print(f"  demo street + {demo_tickets:,} tickets: {time.perf_counter() - t0:.1f}s", flush=True)
    now = datetime.now(UTC)
    with db.write() as s:  # the demo's own open deadlines: done, so only ours are open
        s.execute(update(Deadline).where(Deadline.done_at.is_(None)).values(done_at=now, outcome="done"))
    rest = max(tickets - demo_tickets, deadlines)
    start = int((now - timedelta(days=730)).timestamp())
    step = max(1, (730 * 86400) // rest)
    t1 = time.perf_counter()
    with db.engine.connect().execution_options(hotline_write=True) as conn:
        with conn.begin(), large_cache(conn), suspended_search_and_indexes(conn):
            w = BulkWriter(conn)
            first = conn.exec_driver_sql("SELECT COALESCE(MAX(id), 0) FROM tickets").scalar() + 1
            cols = ("id", "number", "received_at", "channel", "caller_name", "caller_phone", "building", "room",
                    "address", "request_type", "urgency", "description", "status", "version", "updated_at",
                    "reopen_count", "result", "void_reason", "unit_id")
            open_from = rest - deadlines  # the newest `deadlines` tickets stay dispatched
            for lo in range(0, rest, CHUNK):
                rows = []
                for i in range(lo, min(lo + CHUNK, rest)):
                    at = w.ts(start + i * step)
                    dispatched = i >= open_from
                    rows.append((first + i, f"{MARK}{i:09d}", at, "phone", "居民", f"139{i % 10**8:08d}",
                                 f"{i % 40 + 1}号", f"{i % 6 + 1}01", "", "help", "normal",
                                 "楼道灯不亮，晚上进出不方便" if i % 2 else "楼上装修噪音", "dispatched" if dispatched
                                 else "closed", 1, at, 0, "" if dispatched else "已处理", "", None))
                w.insert("tickets", cols, rows)
                print(f"    tickets {min(lo + CHUNK, rest):>9,}/{rest:,}  {time.perf_counter() - t1:6.1f}s", flush=True)
            dl = [(first + open_from + k, "resolution", w.ts(int(now.timestamp())), w.ts(int(now.timestamp()) + 86400),
                   "") for k in range(deadlines)]
            w.insert("deadlines", ("ticket_id", "kind", "start_at", "due_at", "snooze_reason"), dl)
            print(f"    deadlines {deadlines:,}; rebuilding indexes and search …", flush=True)
    with db.engine.connect() as c:
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    print(f"  bulk tickets and deadlines: {time.perf_counter() - t1:.1f}s; total {time.perf_counter() - t0:.1f}s, "
          f"{path.stat().st_size / 1e6:,.0f} MB", flush=True)


def retime(path: Path, scenario: str) -> dict:
    """Put the open deadlines where the scenario wants them, relative to now; returns counts."""
    from sqlalchemy import bindparam, select, update

    from console.store.database import Database
    from console.store.models import Deadline

    now = datetime.now(UTC)
    rng = random.Random(11)
    db = Database(path)
    try:
        with db.read() as s:
            ids = list(s.scalars(select(Deadline.id).where(Deadline.done_at.is_(None)).order_by(Deadline.id)))
        rows = []
        for k, i in enumerate(ids):
            if scenario == "overdue":
                due = now - timedelta(minutes=rng.randrange(10, 365 * 24 * 60))
            elif scenario == "countdown" and k < 20:
                due = now + timedelta(minutes=10 + k * 2.3)
            elif scenario == "countdown" and k < 25:
                due = now - timedelta(minutes=5 + k)
            else:
                due = now + timedelta(minutes=rng.randrange(120, 10 * 24 * 60))
            rows.append({"b_id": i, "b_due": due})
        with db.engine.connect().execution_options(hotline_write=True) as conn, conn.begin():
            conn.execute(update(Deadline).where(Deadline.id == bindparam("b_id"))
                         .values(due_at=bindparam("b_due"), snoozed_until=None)
                         .execution_options(synchronize_session=False), rows)
    finally:
        db.dispose()
    return {"open": len(ids)}


# -- measuring (in a fresh process: the window's own CPU and memory) ---------------------------

def rss_mb() -> float:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except OSError:
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


def measure(path: Path, idle: float) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("HOTLINE_DATA_DIR", tempfile.mkdtemp(prefix="due-bench-data-"))
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    rss_qt = rss_mb()
    from console.services.accounts import authenticate
    from console.services.context import Desk
    from console.store.database import Database
    from console.ui.tickets.main_window import MainWindow

    db = Database(path)
    desk = Desk(db)
    actor = authenticate(desk, "zhang", "hotline")
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "bench.ini"), QSettings.Format.IniFormat)

    def spin(seconds: float) -> None:  # not app.quit(): in Qt 6 that closes every window first
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()

    t_open = time.perf_counter()
    w = MainWindow(desk, actor, settings=settings)
    w.due.sound.play = lambda mute=False: ""  # no player on this machine; a beep would be harmless
    w.resize(1366, 768)
    w.show()
    opened_s = time.perf_counter() - t_open
    spin(3.0)  # first page, first queue read, layout
    panel, ctl = w.due.panel, w.due.controller
    queue_len = panel.model.rowCount()
    rss_before = rss_mb()
    checks0, ticks0 = ctl.checks, panel.ticks
    cpu0, wall0 = time.process_time(), time.perf_counter()
    spin(idle)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    out = {
        "window_open_s": round(opened_s, 3), "queue_rows": queue_len,
        "idle_wall_s": round(wall, 1), "idle_cpu_s": round(cpu, 3), "idle_cpu_pct": round(100 * cpu / wall, 3),
        "queue_reads": ctl.checks - checks0, "countdown_repaints": panel.ticks - ticks0,
        "tick_interval_ms": panel.ticking_interval,
        "rss_qt_mb": round(rss_qt, 1), "rss_window_mb": round(rss_before, 1), "rss_after_idle_mb": round(rss_mb(), 1),
    }
    # one re-read of the queue: the query (on the worker pool in the window) and the rest (GUI thread)
    n = 10
    now = desk.now()
    t = time.perf_counter()
    for _ in range(n):
        res = ctl.read(now)
    out["read_ms"] = round((time.perf_counter() - t) * 1000 / n, 2)
    t = time.perf_counter()
    for _ in range(n):
        ctl._apply(now, *res)
    out["apply_ms"] = round((time.perf_counter() - t) * 1000 / n, 2)
    # another process adds a call-back due in 5 minutes: how long until this window's queue shows it?
    soon = (datetime.now(UTC) + timedelta(minutes=5)).replace(tzinfo=None)
    script = ("import sqlite3, sys, time\n"
              "con = sqlite3.connect(sys.argv[1], timeout=30)\n"
              "with con:\n"
              "    cur = con.execute('INSERT INTO deadlines (ticket_id, kind, start_at, due_at, snooze_reason) '\n"
              "                      \"SELECT MAX(id), 'check_back', ?, ?, '' FROM tickets\", (sys.argv[2], sys.argv[2]))\n"
              "print(cur.lastrowid, time.time())\n")
    stamp = soon.strftime("%Y-%m-%d %H:%M:%S.%f")
    p = subprocess.run([sys.executable, "-c", script, str(path), stamp], capture_output=True, text=True,
                       timeout=60, check=True)
    new_id, committed = int(p.stdout.split()[0]), float(p.stdout.split()[1])
    seen_at = None
    until = time.perf_counter() + 15
    while time.perf_counter() < until:
        app.processEvents()
        if panel.model.row_of(new_id) >= 0:
            seen_at = time.time()
            break
        time.sleep(0.005)
    out["other_process_change_visible_s"] = round(seen_at - committed, 2) if seen_at else None
    with db.write() as s:  # leave the file as the scenario wants it
        from sqlalchemy import delete

        from console.store.models import Deadline
        s.execute(delete(Deadline).where(Deadline.id == new_id))
    w.close()
    db.dispose()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tickets", type=int, default=1_000_000)
    ap.add_argument("--deadlines", type=int, default=10_000)
    ap.add_argument("--demo-tickets", type=int, default=2_000)
    ap.add_argument("--idle", type=float, default=60.0)
    ap.add_argument("--db", default=str(Path(tempfile.gettempdir()) / "hotline-due-bench" / "due.sqlite3"),
                    help="built on first use, then reused")
    ap.add_argument("--scenarios", default=",".join(SCENARIOS))
    ap.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)  # the child process
    args = ap.parse_args(argv)
    path = Path(args.db)
    if args.measure:
        print(json.dumps(measure(path, args.idle)))
        return 0

    print(f"bench_due_idle: {args.tickets:,} tickets, {args.deadlines:,} open deadlines, idle {args.idle:.0f}s, "
          f"{datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} cpus, Python {platform.python_version()}, "
          f"load {os.getloadavg()[0]:.2f}", flush=True)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        print(f"building {path} …", flush=True)
        build(path, args.tickets, args.deadlines, args.demo_tickets)
    else:
        print(f"reusing {path} ({path.stat().st_size / 1e6:,.0f} MB)")
    results = {}
    for sc in args.scenarios.split(","):
        info = retime(path, sc)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        r = subprocess.run([sys.executable, __file__, "--measure", "--db", str(path), "--idle", str(args.idle)],
                           capture_output=True, text=True, env=env, timeout=args.idle * 3 + 300)
        if r.returncode != 0:
            print(r.stdout, r.stderr, file=sys.stderr)
            return 1
        results[sc] = json.loads(r.stdout.strip().splitlines()[-1]) | info | {"load": round(os.getloadavg()[0], 2)}
        print(f"  {sc:<10} {json.dumps(results[sc], ensure_ascii=False)}", flush=True)
    print()
    keys = ("queue_rows", "idle_cpu_pct", "idle_cpu_s", "queue_reads", "countdown_repaints", "read_ms", "apply_ms",
            "other_process_change_visible_s", "rss_window_mb", "rss_after_idle_mb", "window_open_s", "load")
    print(f"  {'':<32}" + "".join(f"{sc:>12}" for sc in results))
    for k in keys:
        print(f"  {k:<32}" + "".join(f"{str(results[sc].get(k)):>12}" for sc in results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
