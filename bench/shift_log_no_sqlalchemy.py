"""An experiment: what `export shift-log` on a SQLite desk would cost without importing SQLAlchemy (issue 21).

    python bench/shift_log_no_sqlalchemy.py DB.sqlite3 [--date 2026-12-04] [--repeat 7]

Measured before it was built (it now is: console.services.shift_log_lite, timed by bench_shift_log_pdf.py
--process); this measures the parts such a process would still have, so the plan in bench/RESULTS.md
("Shift-log PDF, session 11") rests on figures, not guesses:

1. In this process, one real `shift_log_data` run records every statement the log executes on the driver
   (the SQL its Core statements compile to for SQLite, and the parameters as bound) — what a frozen-SQL
   module would hold.
2. Each round, interleaved on the same machine:
   - "ours": the real command, phase by phase (bench/shift_log_phases.py's child);
   - "frozen": a fresh interpreter that imports only what the log needs besides SQLAlchemy (sqlite3, the
     domain modules the log's rows and masking use, the schema probe, the PDF builder), opens the file with
     the desk's pragmas, checks the schema head the way console.store.quick_probe does, and replays the
     recorded statements (fetching every row, the times parsed as the store does).
3. The estimate: ours' total with its "import store+services", "open" and "queries" phases replaced by the
   frozen process's import, open and reads; the font, render and audit phases are ours as measured.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def record(db: Path, day: str) -> list[tuple[str, list]]:
    """The statements (SQLite SQL, bound parameters) one night's log executes, in order."""
    sys.path.insert(0, str(ROOT))
    from console.services.context import Desk
    from console.services.shift_log import shift_log_data
    from console.store import prepared
    from console.store.database import Database

    seen: list[tuple[str, list]] = []

    class Recorder:
        def __init__(self, cur):
            self.cur = cur

        def execute(self, sql, params=()):
            seen.append((sql, list(params)))
            return self.cur.execute(sql, params)

        def __getattr__(self, name):
            return getattr(self.cur, name)

    init = prepared.RawRead.__init__

    def recording(self, cursor, dialect):
        init(self, Recorder(cursor), dialect)

    prepared.RawRead.__init__ = recording  # type: ignore[method-assign]
    database = Database(db)
    try:
        shift_log_data(Desk(database), day=date.fromisoformat(day), night=True)
    finally:
        prepared.RawRead.__init__ = init  # type: ignore[method-assign]
        database.dispose()
    return [(sql, params) for sql, params in seen if sql != "BEGIN"]


def frozen_child(db: str, statements: str) -> None:
    """The fresh interpreter of step 2: imports, open + schema check, reads; prints their times."""
    t0 = time.perf_counter()
    sys.path.insert(0, str(ROOT))
    import sqlite3

    import console.domain.backlog  # noqa: F401
    import console.domain.masking  # noqa: F401
    import console.domain.phone  # noqa: F401
    import console.domain.report_rows  # noqa: F401
    import console.domain.timeutil  # noqa: F401
    import console.reports.shift_log_pdf  # noqa: F401
    from console.store.quick_probe import SCHEMA_HEAD

    t1 = time.perf_counter()
    con = sqlite3.connect(db, isolation_level=None)
    for pragma in ("PRAGMA busy_timeout = 5000", "PRAGMA foreign_keys = ON", "PRAGMA journal_mode",
                   "PRAGMA synchronous = FULL"):
        con.execute(pragma).fetchall()
    head = con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    assert head == SCHEMA_HEAD, (head, SCHEMA_HEAD)
    t2 = time.perf_counter()
    parse = __import__("datetime").datetime.fromisoformat
    cur = con.cursor()
    cur.execute("BEGIN")
    rows = 0
    for sql, params in json.loads(Path(statements).read_text()):
        for r in cur.execute(sql, params).fetchall():
            rows += 1
            for v in r:  # the store's times: text parsed with its zone, as prepared.as_utc does
                if v.__class__ is str and len(v) == 26 and v[4] == "-" and v[10] == " ":
                    parse(v + "+00:00")
    con.rollback()
    con.close()
    t3 = time.perf_counter()
    print(json.dumps({"import": t1 - t0, "open": t2 - t1, "reads": t3 - t2, "rows": rows}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("db", type=Path)
    ap.add_argument("--date", default="2026-12-04")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--frozen-child", nargs=1, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.frozen_child:
        frozen_child(str(a.db), a.frozen_child[0])
        return
    statements = record(a.db, a.date)
    folder = Path(tempfile.mkdtemp(prefix="shift-log-frozen-"))
    stmts = folder / "statements.json"
    stmts.write_text(json.dumps(statements))
    ours: list[dict] = []
    frozen: list[dict] = []
    starts: list[float] = []
    for i in range(a.repeat + 1):  # the first round only warms up
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        start = time.perf_counter() - t
        got = subprocess.run([sys.executable, str(ROOT / "bench" / "shift_log_phases.py"), str(a.db.resolve()),
                              "--date", a.date, "--child", "x", str(folder / "ours.pdf")],
                             cwd=ROOT, check=True, capture_output=True, text=True).stdout
        fz = subprocess.run([sys.executable, __file__, str(a.db.resolve()), "--frozen-child", str(stmts)],
                            check=True, capture_output=True, text=True).stdout
        if i:
            starts.append(start)
            ours.append(json.loads(got.strip().splitlines()[-1]))
            frozen.append(json.loads(fz.strip().splitlines()[-1]))

    def med(runs: list[dict], k: str) -> float:
        return statistics.median(r[k] for r in runs) * 1000

    replaced = ("import store+services", "open", "queries")
    print(f"{len(statements)} statements, {frozen[0]['rows']} rows; {a.repeat} rounds; "
          f"load average {os.getloadavg()[0]:.2f}; medians in ms")
    print(f"  interpreter start {statistics.median(starts) * 1000:.1f}")
    print("  ours:   " + ", ".join(f"{k} {med(ours, k):.1f}" for k in (*replaced, "import reports", "font",
                                                                           "render", "audit+file", "total")))
    print("  frozen: " + ", ".join(f"{k} {med(frozen, k):.1f}" for k in ("import", "open", "reads")))
    est = med(ours, "total") - sum(med(ours, k) for k in (*replaced, "import reports")) + \
        sum(med(frozen, k) for k in ("import", "open", "reads"))
    print(f"  estimate without SQLAlchemy: {est + statistics.median(starts) * 1000:.1f} "
          f"(ours {med(ours, 'total') + statistics.median(starts) * 1000:.1f}, both with the interpreter start)")


if __name__ == "__main__":
    main()
