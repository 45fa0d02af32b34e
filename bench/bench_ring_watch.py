"""The seats' ring watch (console.ui.calls.ring_watch): what a tick costs, idle and with a ring, beside
the bare sqlite3 doing the same work, interleaved in one run; and the idle CPU of the watch's QTimer.

    python bench/bench_ring_watch.py [--ticks 2000] [--idle-seconds 20]

On a SQLite desk file (tests' template desk copied to a temporary folder):
- idle tick: RingWatch.poll() when nothing was written (``PRAGMA data_version`` on its own connection)
  vs a bare sqlite3 connection asking the same pragma;
- ring tick: a ring shared by another connection, then poll() (the pragma moved: the primary-key
  query through SQLAlchemy, the row handed on) vs bare sqlite3 (pragma + the same SELECT);
- idle CPU: the QTimer running every POLL_MS for --idle-seconds with nothing happening (process CPU
  time / wall time).
"""
from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


def build_desk(folder: Path) -> Path:
    from helpers import build_small_desk  # type: ignore[import-not-found]

    from console.store.database import Database
    from console.store.migrate import ensure_schema

    path = folder / "desk.sqlite3"
    db = Database(path)
    ensure_schema(db)
    build_small_desk(db)
    db.dispose()
    return path


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ticks", type=int, default=2000)
    ap.add_argument("--idle-seconds", type=float, default=20.0)
    args = ap.parse_args()

    from PySide6.QtCore import QCoreApplication, QTimer

    from console.domain.calls import Call, CallStage
    from console.services import live_calls
    from console.services.context import Desk
    from console.store.database import Database
    from console.ui.calls.ring_watch import POLL_MS, RingWatch

    app = QCoreApplication([])
    tmp = Path(tempfile.mkdtemp(prefix="bench-ring-watch-"))
    try:
        path = build_desk(tmp)
        desk = Desk(Database(path))
        ringer = Desk(Database(path))  # another seat's link
        watch = RingWatch(desk)
        watch.start()
        seen: list[object] = []
        watch.row_seen.connect(seen.append)
        bare = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        bare_last = [bare.execute("select coalesce(max(id), 0) from live_calls").fetchone()[0]]
        bare_dv = [bare.execute("PRAGMA data_version").fetchone()[0]]

        def bare_poll() -> None:
            dv = bare.execute("PRAGMA data_version").fetchone()[0]
            if dv == bare_dv[0]:
                return
            bare_dv[0] = dv
            rows = bare.execute("select id, call_id, caller, line, source, rang_at, answered_at, ended_at, cause, "
                                "taken_by, taken_at from live_calls where id > ? order by id",
                                (bare_last[0],)).fetchall()
            for r in rows:
                bare_last[0] = max(bare_last[0], r[0])

        idle_ours, idle_bare, ring_ours, ring_bare = [], [], [], []
        for i in range(args.ticks):
            t = time.perf_counter()
            watch.poll()
            idle_ours.append(time.perf_counter() - t)
            t = time.perf_counter()
            bare_poll()
            idle_bare.append(time.perf_counter() - t)
            if i % 20 == 0:  # a ring now and then: both pollers see the pragma move
                live_calls.publish(ringer, CallStage.RINGING, Call(f"b{i}", f"1380013{i:04d}", "", ringer.now()))
                n = len(seen)
                t = time.perf_counter()
                watch.poll()
                ring_ours.append(time.perf_counter() - t)
                assert len(seen) == n + 1
                t = time.perf_counter()
                bare_poll()
                ring_bare.append(time.perf_counter() - t)

        def ms(xs: list[float]) -> str:
            return f"median {statistics.median(xs) * 1e3:.3f} ms, p95 {sorted(xs)[int(len(xs) * 0.95)] * 1e3:.3f} ms"

        print(f"idle tick  ours {ms(idle_ours)} | bare {ms(idle_bare)} | ratio "
              f"{statistics.median(idle_ours) / statistics.median(idle_bare):.1f}x")
        print(f"ring tick  ours {ms(ring_ours)} | bare {ms(ring_bare)} | ratio "
              f"{statistics.median(ring_ours) / statistics.median(ring_bare):.1f}x  ({len(ring_ours)} rings)")

        queries = watch.queries
        cpu0, wall0 = time.process_time(), time.monotonic()
        QTimer.singleShot(int(args.idle_seconds * 1000), app.quit)
        app.exec()
        cpu, wall = time.process_time() - cpu0, time.monotonic() - wall0
        print(f"idle QTimer every {POLL_MS} ms for {wall:.0f} s: CPU {cpu / wall * 100:.2f} % of a core, "
              f"{watch.queries - queries} queries")
        watch.stop()
        bare.close()
        desk.db.dispose()
        ringer.db.dispose()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
