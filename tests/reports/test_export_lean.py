"""The quarterly export's leaner ways hold the same figures and cells (issue 21, session 11).

The export's peak memory came down by computing a few things differently; each must give exactly what
the plain way gives: the median of the dispatch and resolution minutes by selection (statistics.median
sorts a list of Python floats), the detail sheet's times with the zone's offset looked up once per UTC day
(a day with a summer-time change looked up per value), and the re-dispatch count from the unit steps of one
ticket at a time.
"""
from __future__ import annotations

import random
import statistics
from array import array
from datetime import UTC, datetime, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from console.domain.kpi_builder import _median, unit_step_counts
from console.domain.report_rows import ReportTicket
from console.reports.quarterly_xlsx import QuarterlyInfo, write_quarterly_xlsx


@pytest.mark.parametrize("n", [0, 1, 2, 3, 10, 4095, 4096, 4097, 8193, 60_001])
@pytest.mark.parametrize("spread", ["continuous", "few values", "sorted"])
def test_the_median_is_statistics_median_to_the_last_bit(n, spread):
    rnd = random.Random(n)
    if spread == "continuous":
        values = [rnd.random() * 3000 for _ in range(n)]
    elif spread == "few values":  # many ties on the pivot
        values = [float(rnd.randrange(4)) for _ in range(n)]
    else:
        values = sorted(rnd.random() * 3000 for _ in range(n))
    expected = float(statistics.median(values)) if values else None
    got = _median(array("d", values))
    assert repr(got) == repr(expected)


def test_detail_times_are_the_desks_wall_clock_across_a_summer_time_change():
    berlin = ZoneInfo("Europe/Berlin")  # 2026-03-29 01:00 UTC: 02:00 → 03:00 local
    start, end = datetime(2026, 1, 1, tzinfo=berlin), datetime(2026, 4, 1, tzinfo=berlin)
    switch = datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    times = [switch + timedelta(minutes=m) for m in (-61, -1, 0, 1, 59, 60 * 22 + 59)]
    times += [switch - timedelta(days=1), switch + timedelta(days=1)]
    tickets = [ReportTicket(id=i, received_at=at, channel="phone", status="logged", number=f"N{i}",
                            resolution_due_at=at + timedelta(hours=30))
               for i, at in enumerate(sorted(times), 1)]
    out = BytesIO()
    write_quarterly_xlsx(out, QuarterlyInfo(2026, 1, start, end, berlin, end), tickets, ())
    ws = load_workbook(BytesIO(out.getvalue()))["明细"]
    shown = [(r[1], r[18]) for r in ws.iter_rows(min_row=2, values_only=True)]
    assert shown == [(t.received_at.astimezone(berlin).replace(tzinfo=None),
                      t.resolution_due_at.astimezone(berlin).replace(tzinfo=None)) for t in tickets]


def test_unit_steps_count_each_tickets_redispatches_only_within_that_ticket():
    steps = [(1, "dispatch", "物业"), (1, "dispatch", "供电所"), (1, "dispatch", "供电所"),
             (2, "dispatch", "供电所"), (2, "press", "供电所"),   # a new ticket: its first dispatch takes nothing
             (3, "press", None), (3, "dispatch", "物业"), (3, "dispatch", None)]
    assert unit_step_counts(steps) == {"物业": (0, 2, 0, 0), "供电所": (1, 0, 0, 0), "（未派单）": (1, 0, 0, 0)}


def test_the_statements_rows_become_the_tickets_field_by_field():
    """report_reads.ticket_rows builds the domain's rows positionally (a keyword call costs twice): a field
    added to KpiTicket or ReportTicket must be placed there too, or this fails."""
    from console.store.report_reads import ticket_rows

    at = datetime(2026, 7, 1, 2, 0, tzinfo=UTC)
    row = (7, at, "resolved", "phone", "13800138000", "help", "水电气/停电", "水电气", "停电", "嘉宏三村", "一网格",
           "12号", "北门", "供电所", None, at + timedelta(hours=2), at + timedelta(hours=5), at + timedelta(days=1),
           at + timedelta(hours=5), "done", at + timedelta(days=2), "satisfied", 5, 4, 3, None, None, "solved",
           "20260701-0001", "张先生", "301", "urgent", "停电了 13800138000", "已修复", "", 1, "王", None, "A0102",
           0)
    got = next(ticket_rows(iter([row]), True))
    assert got == ReportTicket(
        id=7, received_at=at, status="resolved", channel="phone", caller_phone="13800138000", request_type="help",
        category="水电气/停电", category_top="水电气", community="嘉宏三村", grid="一网格", building="12号",
        address="北门", unit="供电所", dispatched_at=at + timedelta(hours=2), resolved_at=at + timedelta(hours=5),
        resolution_due_at=at + timedelta(days=1), resolution_done_at=at + timedelta(hours=5),
        resolution_outcome="done", callback_at=at + timedelta(days=2), satisfaction="satisfied", attitude=5,
        ability=4, satisfaction_scale=3, callback_outcome=None, review_stage=None, solved="solved",
        number="20260701-0001", caller_name="张先生", room="301", urgency="urgent", description="停电了 13800138000",
        result="已修复", void_reason="", reopen_count=1, operator="王", escalated_at=None, category_code="A0102",
        confidential=False)
    kpi = next(ticket_rows(iter([row[:28] + (1,)]), False))  # 保密: no phone, building or address
    assert (kpi.caller_phone, kpi.building, kpi.address, kpi.ability, kpi.solved) == ("", "", "", 4, "solved")
