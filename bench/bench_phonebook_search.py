"""Phonebook search at 50,000 units: `search_units` beside bare sqlite3 doing the same filtering.

    python bench/bench_phonebook_search.py [--db /tmp/bench-phonebook-50k.sqlite3] [--rebuild]
                                          [--units 50000] [--runs 30] [--seed 1]

1. Builds (or reuses) a SQLite desk: the demo street (build_demo_desk, 200
   tickets), then N generated units with 1–3 contacts each (names of the
   form 嘉宏三村水电维修00123, skills, notes, mobiles and landlines, duty hours
   from the demo's own list), the street's communities and categories,
   written with console.store.bulk; then the search columns of all of them
   are built by console.store.unit_search.refresh_unit_search (timed: what
   migration 0020's backfill or a rebuild costs at that size).
2. Times, interleaved (ours, bare, ours, bare, …) so the load of this shared
   machine falls on both alike, for each query:
   - ours: `search_units(desk, text, community_id=…)` — a read session,
     the match in SQL, the matched units' contacts, communities and
     categories read in batches, "reachable now" per contact from its duty
     hours, the sorted UnitRows;
   - bare: sqlite3 on an open connection, the same match (instr on the same
     stored columns, the same community rule) fetching the same fields of
     the same units, their contacts, community names and category ids —
     rows as tuples, no duty hours, no sort.
   Reports median and p95 (ms) and ours / bare, and how many units matched.
   Broad queries are timed twice: the whole answer (`search_units`) and the
   window's first SHOWN units in the list's order (`find_units(limit=…)`;
   bare: the same ORDER BY … LIMIT).
   Target (issue 18, 8b): ≤ 100 ms at 50,000 units.
"""
from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))

TRADES = ["水电维修", "管道疏通", "开锁换锁", "家电维修", "保洁服务", "搬家服务", "防水补漏", "燃气维修",
          "门窗维修", "电梯维保", "绿化养护", "病媒防治"]
KINDS = ["craftsman", "property", "other", "volunteer", "sanitation", "water", "gas", "power"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
ROLES = ["师傅", "经理", "值班员", "调度", "队长", "客服"]
SKILLS = ["修伞、配钥匙", "疏通下水道", "24小时上门", "老旧小区电路改造", "空调清洗加氟", "楼道保洁", "", ""]
NOTES = ["夜间只接急修", "节假日加价", "先打手机", "", "", ""]


def pct(xs: list[float], q: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, round(q * (len(s) - 1))))]


def _phone(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return f"13{rng.randint(3, 9)}{rng.randint(10**7, 10**8 - 1)}"
    return f"021-5{rng.randint(10**6, 10**7 - 1)}"


def build(path: Path, units: int, seed: int) -> float:
    """The desk with `units` generated units; returns the seconds the search columns took."""
    from sqlalchemy import select

    from console.demo.desk import build_demo_desk
    from console.domain.initials import pinyin_initials
    from console.services.context import Desk
    from console.services.reference_data import load_json
    from console.store.bulk import BulkWriter
    from console.store.database import Database
    from console.store.migrate import ensure_schema
    from console.store.models import Category, Community, Unit
    from console.store.unit_search import refresh_unit_search

    t0 = time.perf_counter()
    db = Database(path)
    ensure_schema(db)
    desk = Desk(db)
    build_demo_desk(desk, tickets=200, seed=seed)
    duties = sorted({c["duty_hours"] for u in load_json("demo_street.json")["units"] for c in u["contacts"]})
    rng = random.Random(seed)
    with db.read() as s:
        communities = [(i, n) for i, n in s.execute(select(Community.id, Community.name))]
        categories = list(s.scalars(select(Category.id)))
        first = (s.scalar(select(Unit.id).order_by(Unit.id.desc()).limit(1)) or 0) + 1
    initials = {c: pinyin_initials(c) for _i, c in communities} | {t: pinyin_initials(t) for t in TRADES}
    unit_rows, contact_rows, comm_rows, cat_rows = [], [], [], []
    contact_id = 10_000_000
    for n in range(units):
        uid = first + n
        cid, comm = communities[n % len(communities)]
        trade = TRADES[(n // len(communities)) % len(TRADES)]
        name = f"{comm}{trade}{n:05d}"
        unit_rows.append((uid, name, rng.choice(KINDS), f"{initials[comm]}{initials[trade]}{n:05d}",
                          rng.choice(SKILLS), rng.choice(NOTES), rng.random() > 0.05, "", 1))
        if rng.random() > 0.1:  # one in ten covers the whole street
            comm_rows.append((uid, cid))
        for cat in rng.sample(categories, rng.randint(1, 2)):
            cat_rows.append((uid, cat))
        for _ in range(rng.randint(1, 3)):
            contact_id += 1
            person = rng.choice(SURNAMES) + rng.choice(["师傅", "经理", "建华", "国强", "丽"])
            phones = "、".join(_phone(rng) for _ in range(rng.randint(1, 2)))
            contact_rows.append((contact_id, uid, person, rng.choice(ROLES), phones, rng.choice(duties)))
    with db.write() as s:
        w = BulkWriter(s.connection())
        w.insert("units", ("id", "name", "kind", "initials", "skills", "notes", "active", "origin", "version"),
                 unit_rows)
        w.insert("contacts", ("id", "unit_id", "person", "role", "phones", "duty_hours"), contact_rows)
        w.insert("unit_communities", ("unit_id", "community_id"), comm_rows)
        w.insert("unit_categories", ("unit_id", "category_id"), cat_rows)
    print(f"  {units:,} units, {len(contact_rows):,} contacts written: {time.perf_counter() - t0:.1f}s", flush=True)
    t1 = time.perf_counter()
    with db.write() as s:
        refresh_unit_search(s, list(s.scalars(select(Unit.id))))
    took = time.perf_counter() - t1
    print(f"  search columns of {units:,} units built: {took:.1f}s", flush=True)
    db.dispose()
    return took


def bare_search(con: sqlite3.Connection, text: str, digits: str, community_id: int | None,
                limit: int | None = None) -> int:
    """The same filtering and the same fields, straight from sqlite3: the floor."""
    where, args = [], []
    if text:
        where.append("(instr(search_text, ?) > 0" + (" OR instr(search_digits, ?) > 0)" if digits else ")"))
        args += [text, digits] if digits else [text]
    if community_id is not None:
        where.append("(NOT EXISTS (SELECT 1 FROM unit_communities uc WHERE uc.unit_id = units.id) OR EXISTS "
                     "(SELECT 1 FROM unit_communities uc WHERE uc.unit_id = units.id AND uc.community_id = ?))")
        args.append(community_id)
    sql = ("SELECT id, name, kind, initials, active, skills, notes, origin FROM units"
           + (" WHERE " + " AND ".join(where) if where else ""))
    if limit is not None:
        sql += f" ORDER BY active DESC, coalesce(initials, ''), name LIMIT {limit + 1}"
    units = con.execute(sql, args).fetchall()[:limit]
    ids = [u[0] for u in units]
    for lo in range(0, len(ids), 500):
        chunk = ids[lo:lo + 500]
        marks = ",".join("?" * len(chunk))
        con.execute(f"SELECT uc.unit_id, c.name FROM unit_communities uc JOIN communities c ON c.id = uc.community_id "
                    f"WHERE uc.unit_id IN ({marks}) ORDER BY c.name", chunk).fetchall()
        con.execute(f"SELECT unit_id, category_id FROM unit_categories WHERE unit_id IN ({marks})", chunk).fetchall()
        con.execute(f"SELECT id, unit_id, person, role, phones, duty_hours FROM contacts WHERE unit_id IN ({marks}) "
                    "ORDER BY id", chunk).fetchall()
    return len(units)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, default=Path("/tmp/bench-phonebook-50k.sqlite3"))
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--units", type=int, default=50_000)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)

    if args.rebuild:
        for p in (args.db, Path(f"{args.db}-wal"), Path(f"{args.db}-shm")):
            p.unlink(missing_ok=True)
    if not args.db.exists():
        print(f"building {args.db} …", flush=True)
        build(args.db, args.units, args.seed)

    from console.domain.unit_search import unit_query
    from console.services.context import Desk
    from console.services.phonebook_reads import find_units, search_units
    from console.store.database import Database
    from console.ui.phonebook.phonebook_window import SHOWN

    desk = Desk(Database(args.db))
    con = sqlite3.connect(args.db)
    (units,) = con.execute("SELECT count(*) FROM units").fetchone()
    (white,) = con.execute("SELECT id FROM communities WHERE name = '白马小区'").fetchone()
    phone = con.execute("SELECT phones FROM contacts WHERE phones LIKE '021-%' ORDER BY id LIMIT 1 OFFSET 777"
                        ).fetchone()[0].split("、")[0]
    name = con.execute("SELECT name FROM units ORDER BY id LIMIT 1 OFFSET 31337").fetchone()[0]
    window = f"window's first {SHOWN}"
    cases = [  # (label, text, community, limit)
        ("name fragment (one unit)", name[-9:], None, None),
        ("pinyin initials (community + trade)", "jhscsdwx", None, None),
        ("phone digits (8 of a landline)", phone[-8:], None, None),
        ("phone digits (5)", phone[-5:], None, None),
        ("no match", "没有这个单位", None, None),
        ("contact person (surname + 师傅, broad)", "陈师傅", None, None),
        ("name fragment (a community, 1/12), all", "嘉宏三村", None, None),
        (f"name fragment (a community, 1/12), {window}", "嘉宏三村", None, SHOWN),
        ("empty query, community filter, all", "", white, None),
        (f"empty query, community filter, {window}", "", white, SHOWN),
    ]
    search_units(desk, "warm")  # first-use costs (imports, SQL compile, pypinyin) stay out of the figures
    runs: dict[tuple[str, str], list[float]] = {}
    found: dict[str, tuple[int, int]] = {}
    for _ in range(args.runs):
        for label, text, comm, limit in cases:
            q = unit_query(text)
            start = time.perf_counter()
            ours = find_units(desk, text, community_id=comm, limit=limit).rows
            runs.setdefault((label, "ours"), []).append(time.perf_counter() - start)
            start = time.perf_counter()
            bare = bare_search(con, q.text, q.digits, comm, limit)
            runs.setdefault((label, "bare"), []).append(time.perf_counter() - start)
            found[label] = (len(ours), bare)
    load = open("/proc/loadavg").read().split()[:3] if os.path.exists("/proc/loadavg") else ["?"]
    print(f"{units:,} units, {args.runs} runs interleaved, load {' '.join(load)}, nproc {os.cpu_count()}")
    print("| query | units found | ours median | ours p95 | bare median | bare p95 | ratio (median) |")
    print("|---|---|---|---|---|---|---|")
    for label, _text, _comm, _limit in cases:
        o, b = runs[(label, "ours")], runs[(label, "bare")]
        n_ours, n_bare = found[label]
        assert n_ours == n_bare, (label, n_ours, n_bare)
        om, bm = statistics.median(o), statistics.median(b)
        print(f"| {label} | {n_ours:,} | {om * 1e3:.1f} ms | {pct(o, .95) * 1e3:.1f} ms | {bm * 1e3:.1f} ms | "
              f"{pct(b, .95) * 1e3:.1f} ms | {om / bm:.1f}× |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
