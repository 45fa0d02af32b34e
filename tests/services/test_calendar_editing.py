"""管理 → 节假日日历 through its services: the warning before the calendar runs out, a day added or
removed, the next year imported from a small sheet (all or nothing)."""
from __future__ import annotations

from datetime import date

import pytest

from console.domain.errors import PermissionDenied, ValidationError
from console.domain.work_calendar import HOLIDAY, WORKDAY
from console.services import work_calendar as C
from console.store.queries import work_calendar


def test_the_desk_is_warned_sixty_days_ahead(desk):
    w = C.calendar_warning(desk, today=date(2026, 12, 6))
    assert w is not None and w.first_unknown == date(2027, 1, 1)
    assert "节假日日历缺 2027 年的安排" in w.zh and "2027-01-01" in w.en
    assert C.calendar_warning(desk, today=date(2026, 6, 1)) is None


def test_a_supervisor_adds_and_removes_a_day_an_operator_may_not(desk, supervisor, operator):
    C.set_day(desk, supervisor, date(2027, 1, 1), HOLIDAY, "元旦")
    assert C.calendar_days(desk, 2027)[0].name == "元旦"
    assert (2027, "desk") in C.calendar_years(desk)
    with desk.db.read() as s:
        assert not work_calendar(s).is_workday(date(2027, 1, 1))
    with pytest.raises(PermissionDenied):
        C.set_day(desk, operator, date(2027, 1, 2), HOLIDAY)
    with pytest.raises(ValidationError):
        C.set_day(desk, supervisor, date(2027, 1, 2), "vacation")
    C.remove_day(desk, supervisor, date(2027, 1, 1))
    assert C.calendar_days(desk, 2027) == []


def test_the_next_year_comes_in_from_a_small_sheet(desk, supervisor, tmp_path):
    from helpers import xlsx_file

    sheet = xlsx_file(tmp_path / "2027节假日.xlsx", [
        ["2027年节假日安排"],
        ["日期", "类型", "名称"],
        ["2027-10-01", "放假", "国庆节"],
        [date(2027, 10, 4), "休", "国庆节"],
        ["2027年10月9日", "上班", "国庆节调休"],
    ])
    done = C.import_calendar_file(desk, supervisor, sheet)
    assert done.years == (2027,) and done.days == 3 and "2027 年的 3 天" in done.message()
    assert [(d.day, d.kind) for d in C.calendar_days(desk, 2027)] == [
        (date(2027, 10, 1), HOLIDAY), (date(2027, 10, 4), HOLIDAY), (date(2027, 10, 9), WORKDAY)]
    assert C.calendar_warning(desk, today=date(2026, 12, 6)) is None


def test_a_bad_row_refuses_the_whole_sheet(desk, supervisor, tmp_path):
    from helpers import xlsx_file

    sheet = xlsx_file(tmp_path / "坏表.xlsx", [
        ["日期", "类型", "名称"],
        ["2027-10-01", "放假", "国庆节"],
        ["十月二日", "放假", ""],
        ["2027-10-09", "加班", ""],
    ])
    with pytest.raises(ValidationError) as e:
        C.import_calendar_file(desk, supervisor, sheet)
    assert "第 3 行" in e.value.zh and "第 4 行" in e.value.zh and "放假" in e.value.zh
    assert C.calendar_days(desk, 2027) == []
