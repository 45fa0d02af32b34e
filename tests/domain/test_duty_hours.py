"""Duty hours as written in the phonebook, and who is on duty when."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from console.domain.duty_hours import (
    ALL_DAYS,
    WEEKEND,
    WORKDAYS,
    DutyHours,
    Window,
    parse_duty_hours,
)
from console.domain.errors import ValidationError

# 2026-11-16 is a Monday; 2026-11-20 a Friday; 21/22 the weekend.
MON, FRI, SAT, SUN = 16, 20, 21, 22


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute)


@pytest.mark.parametrize("text", ["24小时", "24h", "24H", "２４小时", "24 小时", "全天", "全天候", "24小时值班", "00:00-24:00"])
def test_always(text: str) -> None:
    d = parse_duty_hours(text)
    assert d.always and d.known
    assert str(d) == "24小时"
    assert all(d.is_on_duty(at(day, h)) for day in (MON, SAT, SUN) for h in (0, 3, 12, 23))
    assert d.next_on_duty(at(SUN, 3)) == at(SUN, 3)


def test_empty_is_unknown() -> None:
    for text in ("", "   ", None):
        d = parse_duty_hours(text)
        assert not d.known and not d.always and d.windows == ()
        assert not d.is_on_duty(at(MON, 10))
        assert d.next_on_duty(at(MON, 10)) is None
        assert str(d) == ""


@pytest.mark.parametrize(
    ("text", "windows"),
    [
        ("08:30-17:30", (Window(ALL_DAYS, 510, 1050),)),
        ("8:30-17:30", (Window(ALL_DAYS, 510, 1050),)),
        ("08：30～17：30", (Window(ALL_DAYS, 510, 1050),)),
        ("08:30至17:30", (Window(ALL_DAYS, 510, 1050),)),
        ("08:30到17:30", (Window(ALL_DAYS, 510, 1050),)),
        ("08:30—17:30", (Window(ALL_DAYS, 510, 1050),)),
        ("08:30 ~ 17:30", (Window(ALL_DAYS, 510, 1050),)),
        ("8.30-17.30", (Window(ALL_DAYS, 510, 1050),)),
        ("9-17", (Window(ALL_DAYS, 540, 1020),)),
        ("工作日 08:30-17:30", (Window(WORKDAYS, 510, 1050),)),
        ("工作日08:30-17:30", (Window(WORKDAYS, 510, 1050),)),
        ("周一至周五 08:30-17:30", (Window(WORKDAYS, 510, 1050),)),
        ("星期一到星期五 08:30-17:30", (Window(WORKDAYS, 510, 1050),)),
        ("周末 09:00-12:00", (Window(WEEKEND, 540, 720),)),
        ("周六、周日 09:00-12:00", (Window(WEEKEND, 540, 720),)),
        ("周六 09:00-12:00", (Window(frozenset({5}), 540, 720),)),
        ("每天 08:00-20:00", (Window(ALL_DAYS, 480, 1200),)),
        ("全天 08:00-20:00", (Window(ALL_DAYS, 480, 1200),)),
        ("20:00-08:00", (Window(ALL_DAYS, 1200, 480),)),
        (
            "工作日 08:30-11:30、13:30-17:30",
            (Window(WORKDAYS, 510, 690), Window(WORKDAYS, 810, 1050)),
        ),
        (
            "工作日 08:30-17:30，周末 09:00-12:00",
            (Window(WORKDAYS, 510, 1050), Window(WEEKEND, 540, 720)),
        ),
        (
            "工作日 08:30-17:30; 周末 09:00-12:00",
            (Window(WORKDAYS, 510, 1050), Window(WEEKEND, 540, 720)),
        ),
        ("周末 24小时", (Window(WEEKEND, 0, 1440),)),
        ("08:00-12:00,14:00-18:00", (Window(ALL_DAYS, 480, 720), Window(ALL_DAYS, 840, 1080))),
    ],
)
def test_parse(text: str, windows: tuple[Window, ...]) -> None:
    d = parse_duty_hours(text)
    assert d.windows == windows and not d.always and d.known
    assert d.text == text


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("08：30～17：30", "08:30-17:30"),
        ("工作日08:30-11:30,13:30-17:30", "工作日 08:30-11:30、13:30-17:30"),
        ("周六、周日 9:00-12:00", "周末 09:00-12:00"),
        ("工作日 08:30-17:30，周末 09:00-12:00", "工作日 08:30-17:30；周末 09:00-12:00"),
        ("周一至周三 9-17", "周一至周三 09:00-17:00"),
        ("周一、周三 9-17", "周一、周三 09:00-17:00"),
        ("周末 24小时", "周末 24小时"),
        ("20:00-08:00", "20:00-08:00"),
    ],
)
def test_str_is_canonical_and_parses_back(text: str, canonical: str) -> None:
    d = parse_duty_hours(text)
    assert str(d) == canonical
    assert set(parse_duty_hours(canonical).windows) == set(d.windows)


@pytest.mark.parametrize(
    "garbage",
    ["早上", "上午", "工作日", "08:30", "08:30-", "abc", "24", "工作日 早上", "08:30-17:30 早上", "周八 08:00-12:00"],
)
def test_garbage(garbage: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_duty_hours(garbage)
    assert "值班时间" in err.value.zh and "无法识别" in err.value.zh
    assert "Duty hours" in err.value.en


@pytest.mark.parametrize("bad", ["25:00-26:00", "08:60-09:00", "24:00-08:00", "08:00-24:30", "99-100"])
def test_impossible_times(bad: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_duty_hours(bad)
    assert "不是有效的时间" in err.value.zh or "无法识别" in err.value.zh


def test_empty_window_refused() -> None:
    with pytest.raises(ValidationError) as err:
        parse_duty_hours("08:00-08:00")
    assert "相同" in err.value.zh


def test_office_hours_every_day() -> None:
    d = parse_duty_hours("08:30-17:30")
    assert not d.is_on_duty(at(MON, 8, 29))
    assert d.is_on_duty(at(MON, 8, 30))
    assert d.is_on_duty(at(SUN, 17, 29))
    assert not d.is_on_duty(at(SUN, 17, 30))  # end is exclusive


def test_workdays_only() -> None:
    d = parse_duty_hours("工作日 08:30-17:30")
    assert d.is_on_duty(at(FRI, 10))
    assert not d.is_on_duty(at(SAT, 10))
    assert not d.is_on_duty(at(SUN, 10))
    assert d.next_on_duty(at(SAT, 10)) == at(MON + 7, 8, 30)
    assert d.next_on_duty(at(FRI, 18)) == at(MON + 7, 8, 30)
    assert d.next_on_duty(at(MON, 2)) == at(MON, 8, 30)


def test_lunch_break() -> None:
    d = parse_duty_hours("工作日 08:30-11:30、13:30-17:30")
    assert d.is_on_duty(at(MON, 11, 29))
    assert not d.is_on_duty(at(MON, 12))
    assert d.next_on_duty(at(MON, 12)) == at(MON, 13, 30)
    assert d.next_on_duty(at(MON, 17, 30)) == at(MON + 1, 8, 30)


def test_overnight_window_crosses_midnight() -> None:
    d = parse_duty_hours("20:00-08:00")
    assert d.is_on_duty(at(MON, 20))
    assert d.is_on_duty(at(MON, 23, 59))
    assert d.is_on_duty(at(MON + 1, 2))
    assert not d.is_on_duty(at(MON + 1, 8))
    assert not d.is_on_duty(at(MON, 12))
    assert d.next_on_duty(at(MON, 12)) == at(MON, 20)


def test_workday_nights_cover_the_early_hours_after() -> None:
    d = parse_duty_hours("工作日 20:00-08:00")
    assert d.is_on_duty(at(FRI, 23))
    assert d.is_on_duty(at(SAT, 7, 59))  # Friday night runs into Saturday
    assert not d.is_on_duty(at(SAT, 8))
    assert not d.is_on_duty(at(SAT, 21))  # no Saturday night
    assert not d.is_on_duty(at(MON, 2))  # Sunday had no night duty
    assert d.next_on_duty(at(SAT, 21)) == at(MON + 7, 20)
    assert d.next_on_duty(at(SUN, 7)) == at(MON + 7, 20)


def test_next_on_duty_keeps_the_timezone() -> None:
    sh = ZoneInfo("Asia/Shanghai")
    d = parse_duty_hours("工作日 08:30-17:30")
    nxt = d.next_on_duty(datetime(2026, 11, 21, 2, 0, tzinfo=sh))
    assert nxt == datetime(2026, 11, 23, 8, 30, tzinfo=sh) and nxt.tzinfo is sh
    assert d.is_on_duty(datetime(2026, 11, 23, 9, 0, tzinfo=sh))


def test_next_on_duty_looks_ahead_eight_days_only() -> None:
    one_day = DutyHours(windows=(Window(frozenset({0}), 540, 600),), text="周一 09:00-10:00")
    assert one_day.next_on_duty(at(MON, 10)) == at(MON + 7, 9)
    nothing = DutyHours(windows=(Window(frozenset(), 540, 600),), text="")
    assert nothing.next_on_duty(at(MON, 10)) is None


def test_seconds_do_not_matter() -> None:
    d = parse_duty_hours("08:30-17:30")
    assert d.is_on_duty(datetime(2026, 11, 16, 17, 29, 59))
    assert d.next_on_duty(datetime(2026, 11, 16, 8, 29, 59)) == at(MON, 8, 30)


def test_holidays_close_the_working_week_and_make_up_days_open_it():
    """国庆 2026: 10月1日 (a Thursday) off, Saturday 10月10日 at work (console.domain.work_calendar)."""
    from datetime import date

    from console.domain.work_calendar import HOLIDAY, WORKDAY, CalendarDay, WorkCalendar

    cal = WorkCalendar.of([CalendarDay(date(2026, 10, 1), HOLIDAY), CalendarDay(date(2026, 10, 2), HOLIDAY),
                           CalendarDay(date(2026, 10, 10), WORKDAY)], known_years=[2026])
    office = parse_duty_hours("工作日 08:30-17:30")
    night = parse_duty_hours("工作日 20:00-08:00")
    assert office.is_on_duty(datetime(2026, 10, 1, 10))             # by the week alone: a Thursday
    assert not office.is_on_duty(datetime(2026, 10, 1, 10), cal)    # but 国庆
    assert office.is_on_duty(datetime(2026, 10, 10, 10), cal)       # the 调休 Saturday works
    assert not office.is_on_duty(datetime(2026, 10, 10, 10))
    assert office.next_on_duty(datetime(2026, 10, 1, 10), cal) == datetime(2026, 10, 5, 8, 30)
    # an overnight window belongs to the evening it starts: Wednesday night runs into 10月1日's morning,
    # 10月1日's own evening does not start (a holiday)
    assert night.is_on_duty(datetime(2026, 10, 1, 7), cal)
    assert not night.is_on_duty(datetime(2026, 10, 1, 21), cal)
    assert night.is_on_duty(datetime(2026, 10, 11, 7), cal)         # from the 调休 Saturday's evening
