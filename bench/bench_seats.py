"""Six seats logging a call every second: save latency and how fast the others hear of it.

    python bench/bench_seats.py [--seconds 300] [--seats 6] [--pg-url URL] [--sqlite PATH]
                                [--engines pg,sqlite]

Each seat is its own process (multiprocessing, spawn), as on six desks: its
own `Database`, `Desk` and demo operator (an `Actor` built from the users
table), logging one call per second with `log_call(..., dispatch=Dispatch(unit,
contact))` to a unit of the demo street, the way the New Call dialog does.
Seats start at staggered phases within the second (as real calls do not
arrive in lockstep).

Beside that, every seat runs a `ChangeWatcher` polled every 50 ms in a
thread (PostgreSQL: LISTEN/NOTIFY; SQLite: `PRAGMA data_version`) and keeps
the wall-clock time of each "changed" report.

Figures per engine:
- save latency: `time.perf_counter()` around `log_call`;
- propagation: for each saved ticket, commit time = `time.time()` just after
  `log_call` returns (all processes on one machine, one clock); for each of
  the other seats, delay = its first change report at or after the commit
  time. Approximate: with six writers a report may belong to another seat's
  commit, and a report that fell between the COMMIT and `log_call`
  returning is not counted (the next one is), so the figure leans high by
  at most one poll tick. A save no other seat reported within 5 s counts as
  missed;
- errors (busy/lock timeouts and anything else), saves done, load average.

Set-up: the schema (`ensure_schema`) and a small demo street
(`build_demo_desk(desk, tickets=500)`) are made first on each engine, unless
the database already holds tickets. PostgreSQL needs --pg-url or
HOTLINE_TEST_PG_URL (e.g. from `eval "$(bash .ci/start_pg.sh)"`); without one
only SQLite runs.
"""
from __future__ import annotations

import argparse
import bisect
import json
import multiprocessing as mp
import os
import platform
import random
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

POLL_S = 0.05  # the watcher's poll period
MISS_AFTER_S = 5.0  # a change not reported within this long counts as missed
TAIL_S = 2.0  # watchers keep listening this long after the last save


def pct(xs: list[float], q: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, round(q * (len(s) - 1))))] if s else float("nan")


# --------------------------------------------------------------------------- set-up (parent)

def prepare(target: str) -> dict:
    """Schema and demo street on `target`; returns the seats' accounts and dispatch targets."""
    from sqlalchemy import func, select

    from console.demo.desk import build_demo_desk
    from console.services.context import Desk
    from console.store.database import Database
    from console.store.migrate import ensure_schema
    from console.store.models import Contact, Ticket, Unit, User

    db = Database(target)
    try:
        ensure_schema(db, backup_dir=Path(tempfile.gettempdir()))
        desk = Desk(db)
        with db.read() as s:
            n = s.scalar(select(func.count()).select_from(Ticket)) or 0
        built = False
        if n == 0:
            t0 = time.perf_counter()
            build_demo_desk(desk, tickets=500)
            built = True
            print(f"  demo street + 500 tickets built in {time.perf_counter() - t0:.1f} s", flush=True)
        with db.read() as s:
            users = [tuple(r) for r in s.execute(
                select(User.id, User.username, User.display_name, User.role)
                .where(User.active.is_(True)).order_by(User.role != "operator", User.id)).all()]
            units = [tuple(r) for r in s.execute(
                select(Unit.id, Contact.id).join(Contact, Contact.unit_id == Unit.id)
                .where(Unit.active.is_(True)).order_by(Unit.id, Contact.id)).all()]
            start_n = s.scalar(select(func.count()).select_from(Ticket)) or 0
    finally:
        db.dispose()
    if not users or not units:
        raise SystemExit(f"no users or units in {target}")
    return {"users": users, "units": units, "built": built, "tickets_before": start_n}


# --------------------------------------------------------------------------- one seat (child)

def seat_main(idx: int, target: str, user: tuple, units: list, start_at: float, seconds: float,
              phase: float, out_path: str) -> None:
    """One desk: log a call every second, watch for others' changes, write results as JSON."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from console.domain.errors import UserError
    from console.services.context import Actor, Desk
    from console.services.tickets import Dispatch, NewCall, log_call
    from console.store.change_watch import ChangeWatcher
    from console.store.database import Database
    from console.store.db_errors import classify

    db = Database(target)
    desk = Desk(db)
    _ = desk.tz  # read the zone once, as a seat does at log-in
    actor = Actor(*user)
    rng = random.Random(1000 + idx)
    watcher = ChangeWatcher(db)
    reports: list[float] = []
    stop = threading.Event()
    watch_errors = [0]

    def watch() -> None:
        nxt = time.monotonic()
        while not stop.is_set():
            try:
                if watcher.changed():
                    reports.append(time.time())
            except Exception:  # noqa: BLE001 - count, keep watching
                watch_errors[0] += 1
            nxt += POLL_S
            time.sleep(max(0.0, nxt - time.monotonic()))

    th = threading.Thread(target=watch, daemon=True)
    th.start()

    saves: list[dict] = []
    errors: dict[str, int] = {}
    time.sleep(max(0.0, start_at - time.time()))
    k = 0
    end_at = start_at + seconds
    while True:
        due = start_at + phase + k
        if due >= end_at:
            break
        k += 1
        time.sleep(max(0.0, due - time.time()))
        unit_id, contact_id = units[rng.randrange(len(units))]
        call = NewCall(description=f"楼道灯不亮，晚上进出不方便（席位 {idx + 1} 压测 {k}）",
                       caller_phone=f"1380013{idx:02d}{k % 100:02d}", caller_name="居民",
                       building=f"{rng.randint(1, 30)}号", room=f"{rng.randint(1, 6)}0{rng.randint(1, 4)}")
        t0 = time.perf_counter()
        try:
            logged = log_call(desk, actor, call, dispatch=Dispatch(unit_id, contact_id, "压测派单"))
        except Exception as exc:  # noqa: BLE001 - every failure is a figure here
            lat = time.perf_counter() - t0
            err = classify(exc) if not isinstance(exc, UserError) else exc
            reason = getattr(err, "reason", "") or type(exc).__name__
            errors[reason] = errors.get(reason, 0) + 1
            saves.append({"ok": False, "lat": lat, "reason": reason})
            continue
        commit = time.time()
        saves.append({"ok": True, "lat": time.perf_counter() - t0, "commit": commit, "id": logged.id})
    time.sleep(TAIL_S)
    stop.set()
    th.join(2)
    watcher.close()
    db.dispose()
    Path(out_path).write_text(json.dumps({
        "seat": idx, "user": user[1], "saves": saves, "errors": errors, "reports": reports,
        "watch_errors": watch_errors[0],
    }))


# --------------------------------------------------------------------------- one engine (parent)

def run_engine(name: str, target: str, seats: int, seconds: float, workdir: Path) -> dict:
    from console.store.database import masked_url

    print(f"[{name}] preparing {masked_url(target)}", flush=True)
    info = prepare(target)
    users = info["users"]
    ctx = mp.get_context("spawn")
    start_at = time.time() + 8.0  # time for the spawned seats to import and connect
    procs = []
    outs = []
    for i in range(seats):
        out = workdir / f"{name}-seat{i}.json"
        outs.append(out)
        p = ctx.Process(target=seat_main, name=f"seat{i + 1}",
                        args=(i, target, users[i % len(users)], info["units"], start_at, seconds,
                              i / seats + random.uniform(0, 0.1), str(out)))
        p.start()
        procs.append(p)
    load_before = os.getloadavg()
    loads: list[float] = []
    while any(p.is_alive() for p in procs):
        time.sleep(5)
        if time.time() > start_at:
            loads.append(os.getloadavg()[0])
    for p in procs:
        p.join()
    results = []
    for i, out in enumerate(outs):
        if not out.exists():
            print(f"[{name}] seat {i + 1} wrote no results (exit code {procs[i].exitcode})", flush=True)
            continue
        results.append(json.loads(out.read_text()))
    return summarise(name, results, seats, load_before, loads, os.getloadavg())


def summarise(name: str, results: list[dict], seats: int, load_before, loads, load_after) -> dict:
    lat_ok: list[float] = []
    delays: list[float] = []
    missed = 0
    errors: dict[str, int] = {}
    saves_ok = 0
    attempts = 0
    reports = {r["seat"]: sorted(r["reports"]) for r in results}
    for r in results:
        for k, v in r["errors"].items():
            errors[k] = errors.get(k, 0) + v
        for sv in r["saves"]:
            attempts += 1
            if not sv["ok"]:
                continue
            saves_ok += 1
            lat_ok.append(sv["lat"])
            for other, times in reports.items():
                if other == r["seat"]:
                    continue
                j = bisect.bisect_left(times, sv["commit"])
                if j < len(times) and times[j] - sv["commit"] <= MISS_AFTER_S:
                    delays.append(times[j] - sv["commit"])
                else:
                    missed += 1
    return {
        "engine": name, "seats": len(results), "attempts": attempts, "saves": saves_ok,
        "lat_p50": pct(lat_ok, 0.5) * 1000, "lat_p99": pct(lat_ok, 0.99) * 1000,
        "lat_max": (max(lat_ok) if lat_ok else float("nan")) * 1000,
        "prop_p50": pct(delays, 0.5) * 1000, "prop_p99": pct(delays, 0.99) * 1000,
        "prop_n": len(delays), "missed": missed, "errors": errors,
        "watch_errors": sum(r["watch_errors"] for r in results),
        "load_before": load_before[0], "load_peak": max(loads) if loads else float("nan"),
        "load_after": load_after,
    }


def table(rows: list[dict], seconds: float) -> str:
    out = [
        "| engine | seats | saves done / tried | save p50 ms | save p99 ms | save max ms "
        "| propagation p50 ms | propagation p99 ms | (pairs; missed) | errors (busy/timeout/other) "
        "| load avg 1-min before → peak → after (1/5/15) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        errs = ", ".join(f"{k} {v}" for k, v in sorted(r["errors"].items())) or "0"
        if r["watch_errors"]:
            errs += f"; watcher errors {r['watch_errors']}"
        la = r["load_after"]
        out.append(
            f"| {r['engine']} | {r['seats']} | {r['saves']} / {r['attempts']} | {r['lat_p50']:.1f} "
            f"| {r['lat_p99']:.1f} | {r['lat_max']:.1f} | {r['prop_p50']:.0f} | {r['prop_p99']:.0f} "
            f"| {r['prop_n']}; {r['missed']} | {errs} "
            f"| {r['load_before']:.2f} → {r['load_peak']:.2f} → {la[0]:.2f}/{la[1]:.2f}/{la[2]:.2f} |")
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=float, default=300)
    ap.add_argument("--seats", type=int, default=6)
    ap.add_argument("--pg-url", default=os.environ.get("HOTLINE_TEST_PG_URL", ""))
    ap.add_argument("--sqlite", default="", help="SQLite file (default: a new file in a temp dir)")
    ap.add_argument("--engines", default="pg,sqlite", help="comma list of pg, sqlite")
    args = ap.parse_args()
    import sqlite3

    print(f"bench_seats: {datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} cpus, "
          f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
          f"{args.seats} seats x {args.seconds:g} s, load {os.getloadavg()[0]:.2f}", flush=True)
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-seats-") as tmp:
        work = Path(tmp)
        if "pg" in engines:
            if args.pg_url:
                rows.append(run_engine("PostgreSQL", args.pg_url, args.seats, args.seconds, work))
                print(table(rows[-1:], args.seconds), flush=True)
            else:
                print("PostgreSQL skipped: no --pg-url and no HOTLINE_TEST_PG_URL", flush=True)
        if "sqlite" in engines:
            path = args.sqlite or str(work / "seats.sqlite3")
            rows.append(run_engine("SQLite (WAL)", path, args.seats, args.seconds, work))
    print()
    print(f"{args.seats} seats, 1 call/s each, {args.seconds:g} s; watcher poll {POLL_S * 1000:.0f} ms; "
          f"propagation = first change report at/after commit, per other seat")
    print(table(rows, args.seconds))


if __name__ == "__main__":
    main()
