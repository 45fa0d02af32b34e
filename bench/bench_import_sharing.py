"""A 50,000-unit phonebook import beside a seat that keeps saving tickets: how long does a save wait?

    python bench/bench_import_sharing.py [--units 50000] [--period 0.05] [--workdir DIR] [--keep]

Set-up (once per work folder): a migrated SQLite desk with the demo street
(`build_demo_desk(desk, tickets=500)`) as a template, and a generated
phonebook sheet of `--units` units (one or two contact rows each, so about
1.5 rows per unit; kinds, communities and categories from the demo street),
written with openpyxl as text cells, as a desk's Excel would hold it.

Run, on a fresh copy of the template:
- the saver, a separate process (its own `Database` and `Desk`, the demo
  operator), logs a ticket with `services.tickets.log_call` every `--period`
  seconds from before the import starts until after it ends, and records
  each save's wall time (the wait for the write lock included) and every
  failure;
- this process runs `import_units_file` and records its total time and
  each write transaction it holds (`Database.write` wrapped on the
  import's own desk: the longest one is "the final transaction");
- the bare library: `sqlite3` `executemany` of the same units, contacts,
  links and audit rows the import wrote (read back from the imported copy)
  into another fresh copy of the template, in one transaction.

Printed: import total, longest import write transaction, the bare insert
time, the ratio, and the saver's saves / failures / median / p95 / max.
Figures go to bench/RESULTS.md by hand (only ratios from one run mean
anything on a shared machine).
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import platform
import shutil
import sqlite3
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

HEADER = ["单位名称", "类别", "负责社区", "负责分类", "联系人", "职务", "电话", "值班时间"]
KINDS = ["物业", "居委会", "供水", "供电所", "燃气", "其他"]
DUTY = ["24小时", "工作日 08:30-17:30", "每天 08:00-20:00"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"


def pct(xs: list[float], q: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, round(q * (len(s) - 1))))] if s else float("nan")


# --------------------------------------------------------------------------- set-up

def make_template(path: Path) -> None:
    """A migrated desk with the demo street and 500 tickets."""
    from console.demo.desk import build_demo_desk
    from console.services.context import Desk
    from console.store.database import Database
    from console.store.migrate import ensure_schema

    db = Database(path)
    try:
        ensure_schema(db, backup_dir=path.parent)
        build_demo_desk(Desk(db), tickets=500)
    finally:
        db.dispose()


def text_row(ws, values: list[str | None]) -> list:
    """A write-only sheet's row of text cells (what a desk's Excel holds: no number, no date guessed)."""
    from openpyxl.cell import WriteOnlyCell

    row = []
    for v in values:
        c = WriteOnlyCell(ws, value=v)
        if v is not None:
            c.data_type = "s"
        row.append(c)
    return row


def make_sheet(template: Path, out: Path, units: int) -> int:
    """The phonebook sheet: `units` units, one or two contact rows each; returns the number of rows."""
    from openpyxl import Workbook
    from sqlalchemy import select

    from console.store.database import Database
    from console.store.models import Category, Community

    db = Database(template)
    with db.read() as s:
        comms = list(s.scalars(select(Community.name).order_by(Community.id)))
        cats = [c.path for c in s.scalars(select(Category).order_by(Category.id)) if c.parent_id is not None]
    db.dispose()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("电话簿")
    ws.append(text_row(ws, HEADER))
    rows = 0
    for i in range(units):
        name = f"城东第{i + 1}号{KINDS[i % len(KINDS)]}服务站"
        contacts = 1 + (i % 2)
        for k in range(contacts):
            first = k == 0
            ws.append(text_row(ws, [
                name,
                KINDS[i % len(KINDS)] if first else None,
                "、".join(comms[(i + j) % len(comms)] for j in range(1 + i % 3)) if first else None,
                cats[i % len(cats)] if first else None,
                f"{SURNAMES[(i + k) % len(SURNAMES)]}师傅{k + 1}",
                "值班" if first else "维修",
                f"13{(800000000 + i * 2 + k) % 1_000_000_000:09d}",
                DUTY[(i + k) % len(DUTY)],
            ]))
            rows += 1
    wb.save(out)
    return rows


# --------------------------------------------------------------------------- the saver (child process)

def saver_main(target: str, period: float, ready, stop, out_q) -> None:
    """Log a ticket every `period` s until told to stop; send back (started_at, seconds, error) per save."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from sqlalchemy import select

    from console.services.context import Actor, Desk
    from console.services.tickets import NewCall, log_call
    from console.store.database import Database
    from console.store.models import User

    db = Database(target)
    desk = Desk(db)
    _ = desk.tz
    with db.read() as s:
        u = s.execute(select(User.id, User.username, User.display_name, User.role)
                      .where(User.role == "operator").order_by(User.id)).first()
    actor = Actor(*u)
    log: list[tuple[float, float, str]] = []
    ready.set()
    n = 0
    nxt = time.monotonic()
    while not stop.is_set():
        n += 1
        t0 = time.perf_counter()
        err = ""
        try:
            log_call(desk, actor, NewCall(description=f"压测来电 {n}：楼道灯不亮", caller_phone="13800138000"))
        except Exception as e:  # noqa: BLE001 - every failure is a figure
            err = f"{type(e).__name__}: {e}"[:200]
        log.append((time.time(), time.perf_counter() - t0, err))
        nxt += period
        time.sleep(max(0.0, nxt - time.monotonic()))
    db.dispose()
    out_q.put(log)


# --------------------------------------------------------------------------- the import (this process)

def run_import(target: Path, sheet: Path, period: float, importer=None, role: str = "admin") -> dict:
    """The import beside the saver; its total time, its write transactions, the saver's waits.
    `importer(desk, actor, sheet)`: the import run (default `import_units_file`), as a user of `role`."""
    from sqlalchemy import select

    from console.services.context import Actor, Desk
    from console.services.imports.units import import_units_file
    from console.store.database import Database
    from console.store.models import User

    importer = importer or import_units_file

    db = Database(target)
    desk = Desk(db)
    with db.read() as s:
        u = s.execute(select(User.id, User.username, User.display_name, User.role)
                      .where(User.role == role).order_by(User.id)).first()
    actor = Actor(*u)
    holds: list[tuple[float, float]] = []  # (began, seconds) of each write transaction the import held

    def timing(plain):
        @contextmanager
        def timed_write(*a):
            t0 = time.perf_counter()
            with plain(*a) as s:
                s.connection()  # begin now: BEGIN IMMEDIATE takes the lock here
                t1 = time.perf_counter()
                yield s
            holds.append((t1, time.perf_counter() - t1, t1 - t0))  # the commit included
        return timed_write

    db.write = timing(db.write)  # type: ignore[method-assign]
    if hasattr(db, "write_on"):  # an import that writes on its own connection (TEMP tables)
        db.write_on = timing(db.write_on)  # type: ignore[method-assign]

    ctx = mp.get_context("spawn")
    ready, stop, q = ctx.Event(), ctx.Event(), ctx.Queue()
    saver = ctx.Process(target=saver_main, args=(str(target), period, ready, stop, q))
    saver.start()
    ready.wait(60)
    time.sleep(1.0)  # a second of saves with nothing else running
    t0 = time.perf_counter()
    wall0 = time.time()
    try:
        report = importer(desk, actor, sheet)
    finally:
        total = time.perf_counter() - t0
        wall1 = time.time()
        time.sleep(1.0)
        stop.set()
    saves = q.get(timeout=120)
    saver.join(60)
    db.dispose()
    during = [d for at, d, e in saves if wall0 <= at <= wall1 + 2.0 and not e]
    errors = [e for _at, _d, e in saves if e]
    longest = max(holds, key=lambda h: h[1]) if holds else (0.0, 0.0, 0.0)
    return {
        "report": report, "created": report.created, "updated": getattr(report, "updated", 0),
        "contacts": getattr(report, "contacts", 0),
        "imported": report.imported, "total": total, "final": longest[1], "lock_wait": longest[2],
        "write_transactions": len(holds), "saves": len(saves), "saves_during": len(during),
        "errors": errors, "median": pct(during, 0.5), "p95": pct(during, 0.95),
        "max": max(during) if during else float("nan"),
    }


# --------------------------------------------------------------------------- the bare library

TABLES = {
    "units": "SELECT * FROM units WHERE id > ?",
    "contacts": "SELECT * FROM contacts WHERE unit_id > ?",
    "unit_communities": "SELECT * FROM unit_communities WHERE unit_id > ?",
    "unit_categories": "SELECT * FROM unit_categories WHERE unit_id > ?",
    "audit_log": "SELECT * FROM audit_log WHERE id > ?",
}


def run_bare(template: Path, imported: Path, target: Path) -> float:
    """sqlite3 executemany of the rows the import wrote, into a fresh copy, one transaction."""
    src = sqlite3.connect(template)
    first_unit = src.execute("SELECT COALESCE(MAX(id), 0) FROM units").fetchone()[0]
    first_audit = src.execute("SELECT COALESCE(MAX(id), 0) FROM audit_log").fetchone()[0]
    src.close()
    got = sqlite3.connect(imported)
    rows = {}
    for t, q in TABLES.items():
        cur = got.execute(q, (first_audit if t == "audit_log" else first_unit,))
        rows[t] = ([d[0] for d in cur.description], cur.fetchall())
    got.close()
    return bare_insert(target, rows)


def bare_insert(target: Path, rows: dict[str, tuple[list[str], list]], verbs: dict[str, str] | None = None) -> float:
    """Seconds for `sqlite3` to executemany `rows` (table -> (columns, tuples)) into `target` in one
    BEGIN IMMEDIATE transaction, as the desk's connections are set (WAL, synchronous FULL, foreign keys).
    `verbs`: a table's INSERT verb other than INSERT (e.g. INSERT OR REPLACE)."""
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    t0 = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    for t, (cols, data) in rows.items():
        names = ", ".join(f'"{c}"' for c in cols)
        verb = (verbs or {}).get(t, "INSERT")
        conn.executemany(f'{verb} INTO "{t}" ({names}) VALUES ({", ".join("?" * len(cols))})', data)
    conn.execute("COMMIT")
    took = time.perf_counter() - t0
    conn.close()
    return took


def print_saver(r: dict) -> None:
    """The saver's line: saves, failures, waits during the import, and the first distinct failures."""
    print(f"saver: {r['saves']} saves, {len(r['errors'])} failed, {r['saves_during']} ok during the import; "
          f"wait median {r['median'] * 1000:.0f} ms, p95 {r['p95'] * 1000:.0f} ms, max {r['max'] * 1000:.0f} ms")
    for e in sorted(set(r["errors"]))[:5]:
        print("  failure:", e)
    print(f"load after {open('/proc/loadavg').read().split()[:3]}")


def bench_args(doc: str, size: str, default: int) -> tuple[argparse.Namespace, Path]:
    """The command line both import benches take (`--<size> N`, --period, --workdir) and the work folder."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument(f"--{size}", type=int, default=default)
    ap.add_argument("--period", type=float, default=0.05, help="seconds between the saver's tickets")
    ap.add_argument("--workdir", type=Path, default=None, help="keeps the template and sheet between runs")
    args = ap.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix=f"bench-import-{size}-"))
    work.mkdir(parents=True, exist_ok=True)
    return args, work


def main() -> None:
    args, work = bench_args(__doc__ or "", "units", 50_000)
    template, sheet = work / "template.sqlite3", work / f"units-{args.units}.xlsx"
    if not template.exists():
        t0 = time.perf_counter()
        make_template(template)
        print(f"template desk built in {time.perf_counter() - t0:.1f} s", flush=True)
    if not sheet.exists():
        t0 = time.perf_counter()
        rows = make_sheet(template, sheet, args.units)
        print(f"sheet: {args.units} units, {rows} rows, {sheet.stat().st_size / 1e6:.1f} MB, "
              f"written in {time.perf_counter() - t0:.1f} s", flush=True)
    print(f"python {platform.python_version()}, sqlite {sqlite3.sqlite_version}, nproc {os.cpu_count()}, "
          f"load {open('/proc/loadavg').read().split()[:3]}", flush=True)

    run_db = work / "run.sqlite3"
    for p in work.glob("run.sqlite3*"):
        p.unlink()
    shutil.copyfile(template, run_db)
    r = run_import(run_db, sheet, args.period)
    bare_db = work / "bare.sqlite3"
    for p in work.glob("bare.sqlite3*"):
        p.unlink()
    shutil.copyfile(template, bare_db)
    bare = run_bare(template, run_db, bare_db)
    print(f"import: {r['created']} created, {r['updated']} updated, {r['contacts']} contacts, "
          f"imported={r['imported']}")
    print(f"import total            {r['total']:8.2f} s")
    print(f"longest write txn       {r['final']:8.2f} s  (of {r['write_transactions']}; "
          f"waited {r['lock_wait']:.3f} s for the lock)")
    print(f"bare sqlite3 executemany {bare:7.2f} s  (same rows, one transaction)")
    print(f"ratio final / bare      {r['final'] / bare:8.2f}")
    print_saver(r)


if __name__ == "__main__":
    main()
