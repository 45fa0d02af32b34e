"""A 20,000-row old hotline register imported beside a seat that keeps saving tickets: how long is the
desk's write lock held, and how long does a save wait?

    python bench/bench_import_tickets.py [--rows 20000] [--period 0.05] [--workdir DIR]

Set-up (once per work folder): the demo desk of bench_import_sharing as a template, and a generated
register of `--rows` rows (text cells, as a desk's Excel holds them): calls from 2023 on, every ~97
minutes, naming the demo street's communities, categories and units, in the shapes a register has —
closed after a satisfaction call, answered on the spot, resolved and not called back, still being
handled, void, closed unsatisfied, logged only.

Run, on a fresh copy of the template: the saver process of bench_import_sharing logs a ticket every
`--period` s while this process runs `import_tickets_file` as the demo supervisor, its write
transactions timed (the longest is the lock held); then the bare library: `sqlite3` `executemany` of the
very rows the import wrote (tickets, events, deadlines, counters, audit rows, read back from the imported
copy) into another fresh copy, one transaction. Printed: import total, lock held, bare, the ratio, and
the saver's saves / failures / median / p95 / max wait. Figures go to bench/RESULTS.md by hand.
"""
from __future__ import annotations

import os
import platform
import shutil
import sqlite3
import sys
from datetime import datetime, timedelta
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
for p in (str(ROOT), str(BENCH)):
    if p not in sys.path:
        sys.path.insert(0, p)

from bench_import_sharing import (  # noqa: E402 - after the path is set
    bare_insert,
    bench_args,
    make_template,
    print_saver,
    run_import,
    text_row,
)

HEADER = ["受理时间", "来电人", "来电号码", "地址", "社区", "诉求类型", "问题分类", "内容", "承办单位", "派单时间",
          "办结时间", "办理结果", "回访时间", "满意度", "解决情况", "状态"]
WORDS = ["楼道灯不亮", "下水道堵塞", "楼上漏水", "噪音扰民", "垃圾未清运", "路灯损坏", "停车纠纷", "电梯故障"]


def _t(at: datetime) -> str:
    return f"{at:%Y-%m-%d %H:%M}"


def register_row(i: int, comms: list[str], cats: list[str], units: list[str]) -> list[str | None]:
    """Row `i` of the register: one of seven shapes, times ~97 minutes apart from 2023-01-02 08:00."""
    at = datetime(2023, 1, 2, 8, 0) + timedelta(minutes=97 * i)
    shape = i % 7
    unit = units[i % len(units)]
    sent, done, back = at + timedelta(minutes=15), at + timedelta(hours=4), at + timedelta(days=1)
    row: list[str | None] = [_t(at), f"居民{i % 500}", f"13{(700000000 + i) % 1_000_000_000:09d}", f"{i % 40 + 1}号{i % 6 + 1}01",
                             comms[i % len(comms)], "求助", cats[i % len(cats)], f"{WORDS[i % len(WORDS)]}（第{i}号）",
                             None, None, None, None, None, None, None, None]
    if shape == 0:  # closed after a satisfaction call
        row[8:16] = [unit, _t(sent), _t(done), "已处理", _t(back), "满意", "已解决", "已办结"]
    elif shape == 1:  # answered on the spot
        row[5], row[11], row[15] = "咨询", "已告知", "已答复"
    elif shape == 2:  # resolved, not called back
        row[8:12] = [unit, _t(sent), _t(done), "已修好"]
    elif shape == 3:  # still being handled
        row[8:10], row[15] = [unit, _t(sent)], "处理中"
    elif shape == 4:  # void
        row[11], row[15] = "重复来电", "作废"
    elif shape == 5:  # closed unsatisfied
        row[8:16] = [unit, _t(sent), _t(done), "已处理", _t(back), "不满意", "未解决", "已回访"]
    return row  # shape 6: logged only


def make_register(template: Path, out: Path, rows: int) -> None:
    from openpyxl import Workbook
    from sqlalchemy import select

    from console.store.database import Database
    from console.store.models import Category, Community, Unit

    db = Database(template)
    with db.read() as s:
        comms = list(s.scalars(select(Community.name).order_by(Community.id)))
        cats = [c.path for c in s.scalars(select(Category).order_by(Category.id)) if c.parent_id is not None]
        units = list(s.scalars(select(Unit.name).where(Unit.active.is_(True)).order_by(Unit.id)))
    db.dispose()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("热线登记表")
    ws.append(text_row(ws, list(HEADER)))
    for i in range(rows):
        ws.append(text_row(ws, register_row(i, comms, cats, units)))
    wb.save(out)


QUERIES = {  # the rows the import wrote, read back from the imported copy
    "tickets": "SELECT * FROM tickets WHERE import_key IS NOT NULL",
    "ticket_events": "SELECT * FROM ticket_events WHERE ticket_id IN (SELECT id FROM tickets WHERE import_key IS NOT NULL)",
    "deadlines": "SELECT * FROM deadlines WHERE ticket_id IN (SELECT id FROM tickets WHERE import_key IS NOT NULL)",
    "audit_log": "SELECT * FROM audit_log WHERE action IN ('import_ticket', 'import_tickets') ORDER BY id",
    "ticket_counters": "SELECT * FROM ticket_counters WHERE day < '20261101'",
}


def run_bare(imported: Path, target: Path) -> float:
    """sqlite3 executemany of the rows the import wrote, into a fresh copy, one transaction.
    (Audit rows keep their stored hashes: the bare library writes rows, it chains nothing.)"""
    got = sqlite3.connect(imported)
    rows = {}
    for t, q in QUERIES.items():
        cur = got.execute(q)
        cols = [d[0] for d in cur.description]
        data = cur.fetchall()
        if t == "audit_log":  # new ids after the fresh copy's own rows
            i = cols.index("id")
            cols, data = cols[:i] + cols[i + 1:], [r[:i] + r[i + 1:] for r in data]
        rows[t] = (cols, data)
    got.close()
    return bare_insert(target, rows, {"ticket_counters": "INSERT OR REPLACE"})


def main() -> None:
    args, work = bench_args(__doc__ or "", "rows", 20_000)
    from console.services.imports.tickets import import_tickets_file  # this tree's import, loaded now

    template, sheet = work / "template.sqlite3", work / f"register-{args.rows}.xlsx"
    if not template.exists():
        make_template(template)
    if not sheet.exists():
        make_register(template, sheet, args.rows)
    print(f"code {ROOT}; python {platform.python_version()}, sqlite {sqlite3.sqlite_version}, "
          f"nproc {os.cpu_count()}, load {open('/proc/loadavg').read().split()[:3]}", flush=True)
    run_db, bare_db = work / "run.sqlite3", work / "bare.sqlite3"
    for p in [*work.glob("run.sqlite3*"), *work.glob("bare.sqlite3*")]:
        p.unlink()
    shutil.copyfile(template, run_db)
    r = run_import(run_db, sheet, args.period, importer=import_tickets_file, role="supervisor")
    shutil.copyfile(template, bare_db)
    bare = run_bare(run_db, bare_db)
    rep = r["report"]
    print(f"import: {rep.created} created, {rep.skipped} skipped, {len(rep.errors)} bad, imported={rep.imported}")
    print(f"import total             {r['total']:8.2f} s")
    print(f"lock held (longest write) {r['final']:7.2f} s  (of {r['write_transactions']}; "
          f"waited {r['lock_wait']:.3f} s for the lock)")
    print(f"bare sqlite3 executemany {bare:8.2f} s  (same rows, one transaction)")
    print(f"ratio lock held / bare   {r['final'] / bare:8.2f}")
    print_saver(r)


if __name__ == "__main__":
    main()
