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
