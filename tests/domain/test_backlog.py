"""The backlog counted by unit × age band (console.domain.backlog), counted by hand."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from console.domain.backlog import AGE_BANDS, BacklogItem, age_band, summarize_backlog

SH = ZoneInfo("Asia/Shanghai")
AS_OF = datetime(2026, 11, 23, 8, 0, tzinfo=SH)


def ago(**kw) -> datetime:
    return AS_OF - timedelta(**kw)


def test_bands_are_half_open_with_the_lower_bound_included():
    assert [b.zh for b in AGE_BANDS] == ["不足1天", "1–3天", "3–7天", "7–30天", "30天以上"]
    assert age_band(ago(hours=23, minutes=59), AS_OF) == 0
    assert age_band(ago(days=1), AS_OF) == 1          # exactly one day: 1–3 天
    assert age_band(ago(days=2, hours=23), AS_OF) == 1
    assert age_band(ago(days=3), AS_OF) == 2
    assert age_band(ago(days=7), AS_OF) == 3
    assert age_band(ago(days=29, hours=23), AS_OF) == 3
    assert age_band(ago(days=30), AS_OF) == 4
    assert age_band(ago(days=400), AS_OF) == 4
    assert age_band(AS_OF + timedelta(minutes=5), AS_OF) == 0  # a clock a little ahead: the youngest band


def test_summary_by_unit_and_age_most_first_not_dispatched_last():
    items = [
        BacklogItem("城东供电所", ago(hours=5), False),
        BacklogItem("城东供电所", ago(days=2), True),
        BacklogItem("城东供电所", ago(days=40), True),
        BacklogItem("城东派出所", ago(days=10), True),
        BacklogItem("白马小区物业", ago(days=10), False),
        BacklogItem(None, ago(hours=1), False),
        BacklogItem(None, ago(days=5), False),
        BacklogItem(None, ago(days=6), True),
    ]
    b = summarize_backlog(items, AS_OF)
    assert [(r.unit, r.by_age, r.total, r.overdue) for r in b.rows] == [
        ("城东供电所", (1, 1, 0, 0, 1), 3, 2),
        ("城东派出所", (0, 0, 0, 1, 0), 1, 1),     # ties by name (code point order)
        ("白马小区物业", (0, 0, 0, 1, 0), 1, 0),
        (None, (1, 0, 2, 0, 0), 3, 1),             # 未派单 last, although it has as many as the first
    ]
    assert b.by_age == (2, 1, 2, 2, 1) and b.total == 8 and b.overdue == 4


def test_an_empty_backlog():
    b = summarize_backlog([], AS_OF)
    assert b.rows == () and b.by_age == (0,) * len(AGE_BANDS) and b.total == 0 and b.overdue == 0
