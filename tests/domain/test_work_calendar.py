"""Working days across 国庆 and 春节 2026 with their 调休 (chinese-calendar's data), weekends,
midnight and the year end, table by table."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from console.domain.work_calendar import (
    HOLIDAY,
    WEEK_ONLY,
    WORKDAY,
    CalendarDay,
    WorkCalendar,
    add_working_minutes,
    working_minutes_between,
)

SH = ZoneInfo("Asia/Shanghai")
DAY = 24 * 60
# 2026 as the State Council published it (and chinese-calendar 1.11 carries it)
CAL = WorkCalendar.of(
    [CalendarDay(date(2026, 10, d), HOLIDAY, "国庆节") for d in range(1, 8)]
    + [CalendarDay(date(2026, 10, 10), WORKDAY, "国庆节调休")]
    + [CalendarDay(date(2026, 2, d), HOLIDAY, "春节") for d in range(15, 24)]
    + [CalendarDay(date(2026, 2, 14), WORKDAY, "春节调休"), CalendarDay(date(2026, 2, 28), WORKDAY, "春节调休")]
    + [CalendarDay(date(2026, 1, d), HOLIDAY, "元旦") for d in (1, 2)]  # 1月3日 is a Saturday
    + [CalendarDay(date(2026, 1, 4), WORKDAY, "元旦调休")], known_years=[2026])


def at(m, d, h=0, mi=0, y=2026):
    return datetime(y, m, d, h, mi, tzinfo=SH)


@pytest.mark.parametrize("start, minutes, due", [
    (at(12, 4, 18), DAY, at(12, 7, 18)),                 # Friday evening + 1 working day: Monday evening
    (at(12, 5, 10), DAY, at(12, 8, 0)),                  # Saturday: counting starts Monday 00:00 → its end
    (at(12, 7, 23, 30), 60, at(12, 8, 0, 30)),           # across midnight between two working days
    (at(12, 4, 23, 30), 60, at(12, 7, 0, 30)),           # Friday night: the weekend does not count
    (at(9, 30, 18), DAY, at(10, 8, 18)),                 # the eve of 国庆: 1–7 off
    (at(9, 30, 18), 3 * DAY, at(10, 10, 18)),            # 8, 9, then the make-up Saturday 10月10日
    (at(10, 9, 18), DAY, at(10, 10, 18)),                # Friday + 1 working day = the 调休 Saturday
    (at(2, 13, 18), DAY, at(2, 14, 18)),                 # 春节: the Saturday before works
    (at(2, 14, 18), DAY, at(2, 24, 18)),                 # … then 15–23 off
    (at(2, 27, 9), DAY, at(2, 28, 9)),                   # the second 调休 Saturday
    (at(12, 31, 18, y=2025), DAY, at(1, 4, 18)),         # the year end: 元旦 1–2 off, Sunday 1月4日 works
    (at(12, 4, 18), 0, at(12, 4, 18)),
])
def test_working_time_skips_days_off_and_counts_make_up_days(start, minutes, due):
    assert add_working_minutes(start, minutes, CAL, SH) == due


@pytest.mark.parametrize("start, minutes, due", [
    (at(12, 4, 18), DAY, at(12, 7, 18)),
    (at(12, 7, 23, 30), 60, at(12, 8, 0, 30)),
    (at(9, 30, 18), 3 * DAY, at(10, 10, 18)),
    (at(2, 14, 18), DAY, at(2, 24, 18)),
    (at(12, 31, 18, y=2025), DAY, at(1, 4, 18)),
])
def test_the_working_minutes_between_two_moments_undo_the_addition(start, minutes, due):
    assert working_minutes_between(start, due, CAL, SH) == minutes
    assert working_minutes_between(due, start, CAL, SH) == 0


def test_a_paused_working_time_deadline_resumes_with_the_working_time_it_had_left():
    from console.domain.deadline_effects import resumed_due

    due = at(12, 8, 12)          # Tuesday noon
    paused = at(12, 7, 12)       # Monday noon: one working day left
    resumed = at(12, 11, 18)     # Friday evening
    assert resumed_due(due, paused, resumed, (CAL, SH)) == at(12, 14, 18)  # the weekend does not count
    assert resumed_due(due, paused, resumed) == at(12, 12, 18)             # elapsed rule: Saturday evening
    assert resumed_due(paused, due, resumed, (CAL, SH)) == resumed           # overdue when paused: due at once


def test_the_answer_keeps_the_starts_time_zone():
    from datetime import UTC

    start = at(9, 30, 18).astimezone(UTC)
    got = add_working_minutes(start, DAY, CAL, SH)
    assert got.tzinfo is UTC and got == at(10, 8, 18)


def test_days_and_their_schedules():
    assert not CAL.is_workday(date(2026, 10, 1)) and CAL.is_workday(date(2026, 10, 10))
    assert CAL.schedule_weekday(date(2026, 10, 1)) == 6   # a Thursday off: Sunday's hours
    assert CAL.schedule_weekday(date(2026, 10, 10)) == 0  # a Saturday at work: Monday's hours
    assert CAL.schedule_weekday(date(2026, 10, 3)) == 5   # a Saturday off stays a Saturday
    assert WEEK_ONLY.is_workday(date(2027, 10, 1))        # not known: the week alone decides


def test_the_desk_is_told_before_the_calendar_runs_out():
    assert CAL.unknown_days_ahead(date(2026, 10, 1)) is None
    assert CAL.unknown_days_ahead(date(2026, 12, 6)) == date(2027, 1, 1)
    assert WorkCalendar.of([], known_years=[2026, 2027]).unknown_days_ahead(date(2026, 12, 6)) is None


def test_a_calendar_without_working_days_stops_instead_of_looping():
    nothing = WorkCalendar({date(2026, 1, 1) + timedelta(days=i): HOLIDAY for i in range(800)},
                           frozenset({2026, 2027, 2028}))
    with pytest.raises(ValueError):
        add_working_minutes(at(1, 1), DAY, nothing, SH)
