"""Golden rows of `import tickets` (issue 21): every row and audit entry a small import writes, table by table,
column by column.

The expectation (golden_import_tickets.json beside this file) was recorded from the import as it was before
it learnt to stage its rows outside the write lock (commit 63f15f8: per-ticket ORM rows inside one long
transaction), so the staged import is held to the very same rows: the tickets with their numbers by local day
(continuing a day's counter the desk had already bumped), their events, the deadlines the sheet's history
closed and the one an open row is owed from now, one ``import_ticket`` audit row per ticket in numbering order
and one ``import_tickets`` row for the file, rows imported before skipped, and — with ``add_missing`` — the
communities, units and categories created in the same step. Every table is read before and after; a table
the file does not name must not change. Ids are shown by what they name (golden_rows), so the rows read the
same on SQLite and PostgreSQL; the audit hashes are checked as a chain instead of spelled out.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from golden_rows import Writes, check_chain, normalised, snapshot, table_diff
from sqlalchemy import select
from xlsx_helpers import write_xlsx

from console.services import tickets as T
from console.services.imports.tickets import import_tickets_file
from console.store.models import AuditEntry

GOLDEN_FILE = Path(__file__).with_name("golden_import_tickets.json")
RECORD_ENV = "HOTLINE_RECORD_GOLDEN"  # set only to record the expectation from a known-good commit

HEAD = ["受理时间", "来电人", "来电号码", "地址", "社区", "诉求类型", "问题分类", "内容", "承办单位", "派单时间",
        "办结时间", "办理结果", "回访时间", "满意度", "解决情况", "状态"]

SHEET = [
    HEAD,
    # closed: dispatched, resolved, called back, satisfied and solved
    ["2025-03-04 14:05", "王阿姨", "13800138000", "12号301", "嘉宏三村", "求助", "水电气/停电", "家里停电了",
     "城东供电所", "2025-03-04 14:20", "2025-03-04 18:00", "已恢复供电", "2025-03-05 10:00", "非常满意", "已解决",
     "已办结"],
    # the same local day, earlier: numbered first
    ["2025-03-04 09:30", "", "021-59123456", "", "白马小区", "咨询", "", "问怎么开居住证明", "", "", "", "已告知所需材料",
     "", "", "", "已答复"],
    # in progress, the dispatch given as a date on the call's day (open: a resolution deadline from now)
    ["2025-03-06 22:00", "", "", "5号楼", "嘉宏三村", "投诉", "噪音扰民", "楼上装修太吵", "城东派出所", "2025-03-06",
     "", "", "", "", "", "处理中"],
    # resolved late, not called back, status inferred
    ["2025-03-07 08:00", "", "", "", "", "", "漏水", "楼道漏水", "嘉宏三村物业", "2025-03-07 08:30",
     "2025-03-10 09:00", "已修好", "", "", "", ""],
    # 已办结 with an unsatisfied call: reopened
    ["2025-03-08 10:00", "", "", "", "", "", "", "垃圾没人清运", "嘉宏三村物业", "2025-03-08 10:10",
     "2025-03-08 16:00", "清运了", "2025-03-09 09:00", "不满意", "未解决", "已办结"],
    # escalated
    ["2025-03-08 11:00", "", "", "", "", "", "", "违章搭建", "城东派出所", "2025-03-08 11:30", "", "", "", "", "",
     "已上报"],
    # void
    ["2025-03-09 03:00", "", "13900139000", "", "", "", "", "恶作剧", "", "", "", "骚扰电话", "", "", "", "作废"],
    # logged only, today (the desk logged a call today already: this one continues the day's counter)
    ["2026-11-22 10:00", "李先生", "13700137000", "", "", "", "", "路灯不亮", "", "", "", "", "", "", "", ""],
    # imported before (by the one-row file below): skipped
    ["2025-03-03 08:00", "", "", "", "", "", "", "早先导入过的", "", "", "", "", "", "", "", "已受理"],
]

MISSING = [
    HEAD,
    ["2025-05-01 09:00", "", "", "", "新建小区", "", "新大类/新小类", "新社区的事", "新建的物业", "2025-05-01 09:10",
     "", "", "", "", "", "已派单"],
    ["2025-05-01 10:00", "", "", "", "嘉宏三村", "", "", "老社区的事", "新建的物业", "2025-05-01 10:10",
     "2025-05-01 12:00", "好了", "", "", "", ""],
]


def _run(desk, supervisor, operator, tmp_path, rows: list[list], **kw: Any) -> tuple[dict[str, Any], Any]:
    """Import `rows` (after one earlier import and one call logged today) and return the normalised
    difference with the report's own facts."""
    import_tickets_file(desk, supervisor, write_xlsx(tmp_path / "earlier.xlsx", [HEAD, SHEET[-1]]))
    T.log_call(desk, operator, T.NewCall(description="今天的来电"))
    before = snapshot(desk)
    with desk.db.read() as s:
        tail = s.scalar(select(AuditEntry.row_hash).order_by(AuditEntry.id.desc()).limit(1)) or ""
    writes = Writes(desk)
    report = import_tickets_file(desk, supervisor, write_xlsx(tmp_path / "old.xlsx", rows), **kw)
    diff = table_diff(before, snapshot(desk))
    check_chain(diff["audit_log"]["added"], tail)
    got = normalised(desk, diff)
    for part in got.values():  # rows kept, keyed by primary key: as text, as JSON keys are
        part["changed"] = {"/".join(map(str, k)): v for k, v in part["changed"].items()}
    got["report"] = {"created": report.created, "skipped": report.skipped, "numbers": report.numbers,
                     "open_imported": report.open_imported, "changes": [
                         sorted(report.changes.tickets) != [], report.changes.deadlines, report.changes.units,
                         report.changes.settings]}
    return json.loads(json.dumps(got, ensure_ascii=False)), writes  # tuples as lists: as the file holds them


def _check(name: str, got: dict[str, Any]) -> None:
    golden = json.loads(GOLDEN_FILE.read_text("utf-8")) if GOLDEN_FILE.exists() else {}
    if os.environ.get(RECORD_ENV):
        golden[name] = got
        GOLDEN_FILE.write_text(json.dumps(golden, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8")
    want = golden[name]
    for table in sorted(set(want) | set(got)):
        assert got.get(table) == want.get(table), table


def test_an_import_writes_the_golden_rows(desk, street, supervisor, operator, tmp_path):
    got, writes = _run(desk, supervisor, operator, tmp_path, SHEET)
    assert got["report"]["numbers"][-1] == "20261122-0002"  # after the call logged today
    assert (writes.begun, writes.committed) == (1, 1)  # one write transaction: the final step
    _check("sheet", got)


def test_an_import_that_adds_what_is_missing_writes_the_golden_rows(desk, street, supervisor, operator, tmp_path):
    got, writes = _run(desk, supervisor, operator, tmp_path, MISSING, add_missing=True)
    assert (writes.begun, writes.committed) == (1, 1)
    _check("missing", got)
