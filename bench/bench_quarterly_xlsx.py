"""Benchmark: a 250,000-ticket quarter to xlsx, next to bare writers of the same rows.

    python bench/bench_quarterly_xlsx.py [--tickets 250000] [--db PATH] [--rebuild] [--repeat N]

Builds (once; reused while the count matches) a desk database holding one
quarter (2026 Q3) of synthetic tickets with their dispatch events and
resolution deadlines, inserted with SQLAlchemy Core. Then, each in its own
process so peak memory (ru_maxrss) belongs to one contender:

- ``export``: the workbook as `export quarterly` and the window's export child write it (the product:
  queries, KPIs, eight sheets, charts, safe cells, masking, atomic file, audit row) — since session 12
  without SQLAlchemy (`services.quarterly_lite.export_quarterly_lite`) on a SQLite desk at the schema head,
  else `services.exports.export_quarterly`; its result says which (``path``: lean / full);
- ``files``: `services.exports.export_quarterly_files`, the workbook and then its
  PDF, what the window's export process runs (not in the default `--only`);
- ``query``: only iterating the detail query (what the database costs);
- ``kpi``: a KPI-only pass over the quarter (what a non-empty previous
  quarter adds to the export; the bench's previous quarter is empty);
- ``bare``: openpyxl write_only appending the same detail rows as plain
  tuples (the fastest an openpyxl writer of those rows can be);
- ``xlsxwriter``: XlsxWriter constant_memory with the same rows, one
  write_string / write_number / write_datetime per cell;
- ``xlsxwriter_db``: the same XlsxWriter loop reading its rows from the
  export's own query (period_tickets, labels, masks, local times) instead
  of the file: the bare library doing the same work from the database;
- ``rows``: only reading the rows file the bare writers read (what of their
  time is not the writer).

The bare writers stream the rows from a pickle file made once per run
(chunks of 10,000 rows, already formatted, masked and in local time), so
their peak memory is the writer's own, as ours should be. Contenders
alternate round by round; each round prints ours / XlsxWriter and ours /
openpyxl of that round. Absolute seconds vary 2-3x on a shared machine;
compare within one run. Each contender also reports its CPU time (the
process's user + system time over the timed part; every contender is one
thread), which other processes' load disturbs far less than wall time.
"""
from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SH = ZoneInfo("Asia/Shanghai")
YEAR, QUARTER = 2026, 3
DEFAULT_DB = Path(tempfile.gettempdir()) / "hotline-bench" / "quarter.sqlite3"

WORDS = ("楼道灯不亮", "家里停电了", "厨房水管漏水", "楼上装修噪音很大", "垃圾两天没清运", "电梯困人",
         "门禁坏了", "小区停车乱", "邻居养狗扰民", "独居老人需要帮忙买菜", "燃气有异味", "下水道堵塞",
         "路灯不亮", "外墙瓷砖脱落", "树枝挡住窗户", "夜间商铺噪音")


def peak_rss_mb() -> float:
    """This process's peak resident memory. Linux: VmHWM (ru_maxrss survives
    fork+exec, so a child would report its parent's peak)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r / 1024 if sys.platform != "darwin" else r / 1024 / 1024


# --- building the data ---------------------------------------------------------

def build(db_path: Path, n: int, seed: int = 7) -> None:
    from sqlalchemy import insert

    from console.domain.timeutil import quarter_bounds
    from console.store.database import Database
    from console.store.migrate import ensure_schema
    from console.store.models import (
        Category,
        Community,
        Deadline,
        Grid,
        MissedCall,
        Ticket,
        TicketEvent,
        Unit,
        User,
    )

    rnd = random.Random(seed)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    db = Database(db_path)
    ensure_schema(db)
    street = json.loads((ROOT / "db" / "reference" / "demo_street.json").read_text("utf-8"))
    cats_ref = json.loads((ROOT / "db" / "reference" / "categories.json").read_text("utf-8"))
    t0 = time.perf_counter()
    start, end = quarter_bounds(YEAR, QUARTER, SH)
    span = (end - start).total_seconds()
    now = datetime(2026, 11, 22, 14, 0, tzinfo=UTC)
    with db.write() as s:
        s.add(User(username="bench", display_name="压测员", role="supervisor", password_hash="x",
                   active=True, created_at=now))
        grids = {g["name"]: Grid(name=g["name"], worker=g.get("worker", ""), phone="") for g in street["grids"]}
        s.add_all(grids.values())
        s.flush()
        comms = [Community(name=c["name"], grid_id=grids[c["grid"]].id) for c in street["communities"]]
        s.add_all(comms)
        leaf_ids = []
        for i, c in enumerate(cats_ref["categories"]):
            p = Category(name=c["name"], sort_order=i)
            s.add(p)
            s.flush()
            kids = c.get("children") or []
            for j, k in enumerate(kids):
                ch = Category(name=k, parent_id=p.id, sort_order=j)
                s.add(ch)
                s.flush()
                leaf_ids.append(ch.id)
            if not kids:
                leaf_ids.append(p.id)
        units = [Unit(name=f"单位{i:02d}", kind="property") for i in range(30)]
        s.add_all(units)
        s.flush()
        user_id = s.query(User.id).scalar()
        comm = [(c.id, c.grid_id) for c in comms]
        unit_ids = [u.id for u in units]

    phones = [f"1{rnd.choice('3578')}{rnd.randrange(10**9):09d}" for _ in range(n // 2)]
    statuses = (["answered"] * 15 + ["logged"] * 3 + ["dispatched"] * 3 + ["in_progress"] * 2
                + ["escalated"] * 1 + ["resolved"] * 32 + ["closed"] * 42 + ["void"] * 2)
    tickets, events, deadlines = [], [], []
    per_day: dict[str, int] = {}
    times = sorted(start + timedelta(seconds=rnd.random() * span) for _ in range(n))
    with db.write() as s:
        conn = s.connection()
        for tid, received in enumerate(times, 1):
            local = received.astimezone(SH)
            day = local.strftime("%Y%m%d")
            per_day[day] = per_day.get(day, 0) + 1
            status = rnd.choice(statuses)
            c_id, g_id = rnd.choice(comm)
            dispatched = status not in ("answered", "logged", "void") or (status == "void" and rnd.random() < .5)
            d_at = received + timedelta(minutes=rnd.randint(3, 90)) if dispatched else None
            done = status in ("resolved", "closed")
            r_at = (d_at + timedelta(minutes=rnd.randint(30, 3000)) if done
                    else received + timedelta(minutes=2) if status == "answered" else None)
            closed = status == "closed"
            cb_at = r_at + timedelta(hours=rnd.randint(1, 30)) if closed else None
            sat = rnd.choice(("satisfied", "satisfied", "satisfied", "fairly", "unsatisfied")) if closed else None
            text = "，".join(rnd.choice(WORDS) for _ in range(rnd.randint(1, 4)))
            tickets.append(dict(
                id=tid, number=f"{day}-{per_day[day]:04d}", received_at=received,
                channel="phone" if rnd.random() < .9 else "walk_in", caller_name=rnd.choice("张王李赵陈刘") + "先生",
                caller_phone=rnd.choice(phones), community_id=c_id, grid_id=g_id,
                building=f"{rnd.randint(1, 40)}号", room=f"{rnd.randint(1, 6)}0{rnd.randint(1, 4)}",
                address="", request_type=rnd.choice(("help", "help", "complaint", "enquiry", "report")),
                category_id=rnd.choice(leaf_ids), urgency="normal", description=text, status=status,
                operator_id=user_id, unit_id=rnd.choice(unit_ids) if dispatched else None,
                dispatched_at=d_at, resolved_at=r_at, result="已处理完毕，居民认可" if r_at else "",
                callback_at=cb_at, satisfaction=sat,
                attitude=rnd.randint(3, 5) if closed else None, ability=rnd.randint(2, 5) if closed else None,
                reopen_count=0, void_reason="重复来电" if status == "void" else "", version=1,
                updated_at=now))
            if dispatched:
                events.append(dict(ticket_id=tid, at=d_at, actor_id=user_id, action="dispatch",
                                   from_status="logged", to_status="dispatched", detail=""))
                due = d_at + timedelta(days=1)
                deadlines.append(dict(ticket_id=tid, kind="resolution", start_at=d_at, due_at=due,
                                      done_at=r_at if done else None,
                                      outcome="done" if done else None, snooze_reason=""))
            if len(tickets) >= 10_000:
                conn.execute(insert(Ticket), tickets)
                conn.execute(insert(TicketEvent), events)
                conn.execute(insert(Deadline), deadlines)
                tickets, events, deadlines = [], [], []
        if tickets:
            conn.execute(insert(Ticket), tickets)
            conn.execute(insert(TicketEvent), events)
            conn.execute(insert(Deadline), deadlines)
        missed = []
        for _ in range(n // 25):
            at = start + timedelta(seconds=rnd.random() * span)
            missed.append(dict(phone=rnd.choice(phones), at=at, note="",
                               called_back_at=at + timedelta(minutes=10) if rnd.random() < .9 else None))
        conn.execute(insert(MissedCall), missed)
    with db.engine.connect() as c:
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        c.exec_driver_sql("ANALYZE")
    db.dispose()
    print(f"built {n} tickets in {time.perf_counter() - t0:.1f} s → {db_path}", flush=True)


def ticket_count(db_path: Path) -> int:
    import sqlite3

    if not db_path.exists():
        return -1
    try:
        with sqlite3.connect(db_path) as c:
            return c.execute("select count(*) from tickets").fetchone()[0]
    except sqlite3.Error:
        return -1


# --- contenders (each in its own process) -------------------------------------------

def _desk(db_path: Path):
    from console.domain.clock import FakeClock
    from console.services.context import Desk
    from console.store.database import Database

    return Desk(Database(db_path), FakeClock(datetime(2026, 11, 22, 22, 0, tzinfo=SH)))


CHUNK = 10_000


def _rows_file(out_dir: Path) -> Path:
    return out_dir / "rows.pickle"


def _db_rows(db_path: Path):
    """The detail rows as the export writes them (labels, masks, local times), as plain tuples, streamed
    from the same query the export reads."""
    from console.domain.kpi import is_on_time, is_overdue
    from console.domain.masking import mask_text
    from console.domain.phone import mask_phone
    from console.domain.satisfaction import label as sat_label
    from console.domain.timeutil import quarter_bounds
    from console.reports import quarterly_detail as qd
    from console.store import report_queries as rq

    desk = _desk(db_path)
    tz, as_of = desk.tz, desk.now()
    start, end = quarter_bounds(YEAR, QUARTER, tz)

    def d(x):
        return None if x is None else x.astimezone(tz).replace(tzinfo=None)

    with desk.db.read() as s:
        for t in rq.period_tickets(s, start, end, include_void=False):
            timely = ("是" if is_on_time(t) else "否") if t.status in ("resolved", "closed") else \
                ("超期" if is_overdue(t, as_of) else None)
            yield (t.number, d(t.received_at), qd.CHANNEL_ZH.get(t.channel), mask_text(t.caller_name),
                   mask_phone(t.caller_phone) if t.caller_phone else None, t.community, t.grid,
                   t.building, t.room, mask_text(t.address), qd.RTYPE_ZH.get(t.request_type), t.category,
                   qd.URGENCY_ZH.get(t.urgency), mask_text(t.description), qd.STATUS_ZH.get(t.status),
                   t.unit, d(t.dispatched_at), d(t.resolved_at), d(t.resolution_due_at), timely,
                   mask_text(t.result), d(t.callback_at),
                   sat_label(t.satisfaction or t.callback_outcome, t.satisfaction_scale) or None,
                   t.attitude, t.ability, t.reopen_count or None, t.operator, t.category_code or None)


def make_rows_file(db_path: Path, out_dir: Path) -> dict:
    """The detail rows, pickled in chunks (once per run) for the bare writers to stream."""
    n = 0
    chunk: list[tuple] = []
    with open(_rows_file(out_dir), "wb") as fh:
        for row in _db_rows(db_path):
            chunk.append(row)
            n += 1
            if len(chunk) == CHUNK:
                pickle.dump(chunk, fh, protocol=pickle.HIGHEST_PROTOCOL)
                chunk = []
        if chunk:
            pickle.dump(chunk, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return {"rows": n, "bytes": _rows_file(out_dir).stat().st_size}


def _rows(out_dir: Path):
    """The rows again, streamed chunk by chunk."""
    with open(_rows_file(out_dir), "rb") as fh:
        while True:
            try:
                chunk = pickle.load(fh)
            except EOFError:
                return
            yield from chunk


def run_rows(out_dir: Path) -> dict:
    t0, c0 = time.perf_counter(), time.process_time()
    n = sum(1 for _ in _rows(out_dir))
    return {"seconds": time.perf_counter() - t0, "cpu_s": time.process_time() - c0, "rows": n}


def run_export(db_path: Path, out_dir: Path) -> dict:
    """The workbook the way `export quarterly` (and the window's export child) takes it: without SQLAlchemy
    (services.quarterly_lite) on a SQLite desk at the schema head, else today's path (services.exports;
    always in a --before tree older than session 12). The result says which ("path")."""
    from console.domain.clock import FakeClock

    try:
        from console.services.actor import Actor
        from console.services.quarterly_lite import export_quarterly_lite
    except ImportError:  # a tree from before session 12
        from console.services.context import Actor
        export_quarterly_lite = None
    actor = Actor(1, "bench", "压测员", "supervisor")
    ticks: list[float] = []
    t0, c0 = time.perf_counter(), time.process_time()
    path = None
    if export_quarterly_lite is not None:
        path = export_quarterly_lite(db_path, str(db_path), actor, FakeClock(datetime(2026, 11, 22, 22, 0, tzinfo=SH)),
                                     YEAR, QUARTER, out_dir, progress=lambda d, t: ticks.append(time.perf_counter()))
    took = "lean" if path is not None else "full"
    if path is None:
        from console.services.exports import export_quarterly

        path = export_quarterly(_desk(db_path), actor, YEAR, QUARTER, out_dir,
                                progress=lambda d, t: ticks.append(time.perf_counter()))
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
    return {"seconds": dt, "cpu_s": cpu, "bytes": path.stat().st_size, "progress_calls": len(ticks),
            "longest_gap_s": max(gaps) if gaps else None, "path": took,
            "sqlalchemy_loaded": "sqlalchemy" in sys.modules}


def run_files(db_path: Path, out_dir: Path) -> dict:
    """The workbook and its PDF, as the window's export process writes them."""
    from console.services.context import Actor
    from console.services.exports import export_quarterly_files

    desk = _desk(db_path)
    t0, c0 = time.perf_counter(), time.process_time()
    paths = export_quarterly_files(desk, Actor(1, "bench", "压测员", "supervisor"), YEAR, QUARTER, out_dir)
    return {"seconds": time.perf_counter() - t0, "cpu_s": time.process_time() - c0,
            "bytes": sum(p.stat().st_size for p in paths)}


def run_query(db_path: Path) -> dict:
    from console.domain.timeutil import quarter_bounds
    from console.store import report_queries as rq

    desk = _desk(db_path)
    start, end = quarter_bounds(YEAR, QUARTER, desk.tz)
    t0, c0 = time.perf_counter(), time.process_time()
    with desk.db.read() as s:
        n = sum(1 for _ in rq.period_tickets(s, start, end))
    return {"seconds": time.perf_counter() - t0, "cpu_s": time.process_time() - c0, "rows": n}


def run_kpi(db_path: Path) -> dict:
    """A KPI-only pass over the quarter: what the previous quarter's figures
    add to a real export (the bench's previous quarter is empty)."""
    from console.services.exports import quarter_kpis

    desk = _desk(db_path)
    t0, c0 = time.perf_counter(), time.process_time()
    k = quarter_kpis(desk, YEAR, QUARTER)
    return {"seconds": time.perf_counter() - t0, "cpu_s": time.process_time() - c0, "received": k.received}


def run_bare(out_dir: Path) -> dict:
    from openpyxl import Workbook

    from console.reports.quarterly_xlsx import DETAIL_COLUMNS

    t0, c0 = time.perf_counter(), time.process_time()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("明细")
    ws.append([n for n, _ in DETAIL_COLUMNS])
    n = 0
    for r in _rows(out_dir):
        ws.append(r)
        n += 1
    wb.save(out_dir / "bare.xlsx")
    return {"seconds": time.perf_counter() - t0, "cpu_s": time.process_time() - c0, "rows": n,
            "bytes": (out_dir / "bare.xlsx").stat().st_size}


def run_xlsxwriter(out_dir: Path, rows=None) -> dict:
    """XlsxWriter constant_memory writing the rows from the pickle file, or from `rows` (an iterator)."""
    import xlsxwriter

    from console.reports.quarterly_xlsx import DETAIL_COLUMNS

    t0, c0 = time.perf_counter(), time.process_time()
    wb = xlsxwriter.Workbook(str(out_dir / "xw.xlsx"), {"constant_memory": True, "strings_to_formulas": False,
                                                        "strings_to_urls": False, "strings_to_numbers": False})
    ws = wb.add_worksheet("明细")
    fmt = wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    ws.write_row(0, 0, [n for n, _ in DETAIL_COLUMNS])
    i = 0
    for i, r in enumerate(_rows(out_dir) if rows is None else rows, 1):
        for j, v in enumerate(r):
            if v is None:
                continue
            if isinstance(v, datetime):
                ws.write_datetime(i, j, v, fmt)
            elif isinstance(v, str):
                ws.write_string(i, j, v)
            else:
                ws.write_number(i, j, v)
    wb.close()
    return {"seconds": time.perf_counter() - t0, "cpu_s": time.process_time() - c0, "rows": i,
            "bytes": (out_dir / "xw.xlsx").stat().st_size}


def _warm(rows):
    """The modules the query needs imported before the clock starts, as run_export has them."""
    import console.reports.quarterly_detail  # noqa: F401
    import console.services.exports  # noqa: F401

    return rows


def child(which: str, db_path: Path, out_dir: Path) -> None:
    fn = {"export": lambda: run_export(db_path, out_dir), "files": lambda: run_files(db_path, out_dir),
          "query": lambda: run_query(db_path),
          "kpi": lambda: run_kpi(db_path), "prepare": lambda: make_rows_file(db_path, out_dir),
          "rows": lambda: run_rows(out_dir),
          "bare": lambda: run_bare(out_dir), "xlsxwriter": lambda: run_xlsxwriter(out_dir),
          "xlsxwriter_db": lambda: run_xlsxwriter(out_dir, _warm(_db_rows(db_path)))}[which]
    res = fn()
    res["peak_rss_mb"] = peak_rss_mb()
    print("RESULT " + json.dumps(res), flush=True)


def spawn(which: str, db_path: Path, out_dir: Path, before: Path | None = None) -> dict:
    """One contender in a fresh process; "before" is our export from the source tree `before`."""
    cmd = [sys.executable, __file__, "--child", "export" if which == "before" else which, "--db", str(db_path),
           "--out", str(out_dir)]
    if which == "before":
        cmd += ["--root", str(before)]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"{which} failed:\n{r.stderr[-3000:]}")
    line = [ln for ln in r.stdout.splitlines() if ln.startswith("RESULT ")][-1]
    return json.loads(line[7:])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tickets", type=int, default=250_000)
    ap.add_argument("--db", type=Path, default=DEFAULT_DB)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--only", default="export,xlsxwriter,xlsxwriter_db,bare,query,rows")
    ap.add_argument("--repeat", type=int, default=1, help="rounds, alternating contenders; best time wins")
    ap.add_argument("--before", type=Path, default=None,
                    help="a source tree of an earlier version (git archive): adds its export as `before`")
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--root", default=None, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        if a.root:
            sys.path.insert(0, a.root)
        child(a.child, a.db, a.out)
        return
    if a.rebuild or ticket_count(a.db) != a.tickets:
        build(a.db, a.tickets)
    out = a.out or Path(tempfile.mkdtemp(prefix="hotline-bench-out-"))
    out.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict] = {}
    contenders = a.only.split(",")
    if a.before is not None:
        contenders.insert(1, "before")
    if "xlsxwriter" in contenders:
        try:
            import xlsxwriter  # noqa: F401
        except ImportError:
            print("xlsxwriter not installed: skipped")
            contenders.remove("xlsxwriter")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    if {"bare", "xlsxwriter", "rows"} & set(contenders):
        r = spawn("prepare", a.db, out)
        print(f"   prepare: {json.dumps(r, ensure_ascii=False)}", flush=True)
    for round_ in range(a.repeat):
        this: dict[str, dict] = {}
        for which in contenders:
            r = spawn(which, a.db, out, a.before)
            r["round"] = round_ + 1
            this[which] = r
            print(f"{which:>10}: {json.dumps(r, ensure_ascii=False)}", flush=True)
            if which not in results or r["seconds"] < results[which]["seconds"]:
                results[which] = r
        _ratios(f"round {round_ + 1}", this)
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    if a.out is None:
        shutil.rmtree(out, ignore_errors=True)
    if a.repeat > 1:
        _ratios("best of each", results)


def _ratios(label: str, r: dict[str, dict]) -> None:
    """Ours against each bare writer: time and peak RSS."""
    for ours in ("export", "files"):
        if ours in r:
            _ratio_lines(label, ours, r)


def _ratio_lines(label: str, ours: str, r: dict[str, dict]) -> None:
    e = r[ours]
    for other, name in (("before", "our export before (--before tree)"),
                        ("xlsxwriter", "XlsxWriter constant_memory (rows from a file)"),
                        ("xlsxwriter_db", "XlsxWriter constant_memory (rows from the same query)"),
                        ("bare", "openpyxl write_only (rows from a file)")):
        if other in r:
            o = r[other]
            print(f"{label}: ours ({ours}) / {name} = {e['seconds'] / o['seconds']:.2f}x time "
                  f"({e['seconds']:.1f} s / {o['seconds']:.1f} s), "
                  f"{e['cpu_s'] / o['cpu_s']:.2f}x CPU time ({e['cpu_s']:.1f} s / {o['cpu_s']:.1f} s), "
                  f"{e['peak_rss_mb'] / o['peak_rss_mb']:.2f}x peak RSS "
                  f"({e['peak_rss_mb']:.0f} MB / {o['peak_rss_mb']:.0f} MB)", flush=True)

if __name__ == "__main__":
    main()
