"""The old hotline sheet's pure rules (console.sheets.tickets): dates as desks type them, the
status words, and whether a row's status agrees with its times. No desk, no session."""
from __future__ import annotations

from datetime import datetime

import pytest

from console.domain.errors import ValidationError
from console.sheets.tickets import RowCheck, final_status, parse_when, status_code


def test_dates_in_the_ways_desks_write_them():
    want = datetime(2025, 3, 4, 14, 5)
    for text in (datetime(2025, 3, 4, 14, 5), "2025/3/4 14:05", "2025-03-04 14:05", "2025-03-04T14:05:00",
                 "2025年3月4日 14时05分", "2025年3月4日14:05", "2025.3.4 14:05", "２０２５／３／４　１４：０５",
                 "2025年3月4日 14点05分", "2025-03-04 14:05:00.000", 45720 + (14 * 60 + 5) / 1440):
        w = parse_when(text, "受理时间", "received")
        assert w.local == want and w.has_time, text
    assert parse_when("2025-03-04", "x", "x").has_time is False
    assert parse_when(None, "x", "x") is None and parse_when("  ", "x", "x") is None
    for bad in ("昨天晚上", "2025-13-01 10:00", "2025-03-04 25:00", "14:05", 13800138000):
        with pytest.raises(ValidationError):
            parse_when(bad, "受理时间", "received")


def test_status_words_desks_use_and_a_status_that_contradicts_the_row():
    assert status_code("已回访") == "closed" and status_code(" 处理中 ") == "in_progress"
    with pytest.raises(ValidationError):
        status_code("差不多了")
    chk = RowCheck()
    times = {"received_at": True, "dispatched_at": False, "resolved_at": False, "callback_at": False}
    got = final_status(chk, "已办结", "resolved", unit_id=None, has_unit=False, dispatched=None, resolved=None,
                       callback=None, sat=None, raw_times=times)
    assert got == "resolved" and [e.en for e in chk.errors] == ["status '已办结' needs a resolved time"]
