"""Working days: weekends, statutory holidays and their 调休 make-up days, and time counted on them.

China moves working days around its holidays: 国庆 2026 is 10月1日–7日 off,
and Saturday 10月10日 is a working day (调休). A deadline rule that counts
working days ("3 个工作日") must skip the holiday and count the make-up
Saturday; an office that works 工作日 08:30–17:30 is closed on 10月1日 and
open on 10月10日. This module answers both, from a `WorkCalendar`: the
desk's own list of exceptions to the week (seeded from the `chinese-calendar`
package for the years it covers, edited or imported for later ones), and the
years that list is known for.

Time on working days is counted by local calendar date: a working day's
whole 24 hours count, a holiday's or a weekend's none. So "1 working day"
from Friday 18:00 is Monday 18:00, from Saturday 10:00 the end of Monday, and
from 9月30日 18:00 before 国庆 2026 it is 10月8日 18:00. Outside the known
years the week alone decides (Monday–Friday work), and `unknown_days_ahead`
tells the desk so in time.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

HOLIDAY = "holiday"   # a day off that would be a working day by the week
WORKDAY = "workday"   # a working day that would be a weekend by the week (调休)
KINDS = (HOLIDAY, WORKDAY)
WARN_DAYS = 60        # the desk is warned when the calendar does not know the next 60 days
MAX_WALK_DAYS = 400   # no limit is longer than 30 days; a calendar of only holidays stops here


@dataclass(frozen=True)
class CalendarDay:
    """One exception to the week: a holiday or a make-up working day, with its name (国庆节)."""

    day: date
    kind: str
    name: str = ""


@dataclass(frozen=True)
class WorkCalendar:
    """The desk's working-day calendar: exceptions to the Monday–Friday week, and the years known.

    A year is *known* when the desk has its holidays (seeded, edited or imported); a year
    with no exceptions at all can be known too (a year the desk confirmed as plain weeks)."""

    exceptions: Mapping[date, str] = field(default_factory=dict)  # date -> HOLIDAY / WORKDAY
    known_years: frozenset[int] = frozenset()

    @classmethod
    def of(cls, days: Iterable[CalendarDay], known_years: Iterable[int] = ()) -> WorkCalendar:
        days = list(days)
        return cls({d.day: d.kind for d in days}, frozenset(known_years) | {d.day.year for d in days})

    def is_workday(self, d: date) -> bool:
        kind = self.exceptions.get(d)
        if kind == HOLIDAY:
            return False
        if kind == WORKDAY:
            return True
        return d.weekday() < 5

    def schedule_weekday(self, d: date) -> int:
        """The weekday whose duty hours apply on `d` (0 = Monday): a holiday keeps Sunday's hours,
        a make-up working day Monday's; any other day its own."""
        kind = self.exceptions.get(d)
        if kind == HOLIDAY and d.weekday() < 5:
            return 6
        if kind == WORKDAY and d.weekday() >= 5:
            return 0
        return d.weekday()

    def knows(self, d: date) -> bool:
        return d.year in self.known_years

    def unknown_days_ahead(self, today: date, days: int = WARN_DAYS) -> date | None:
        """The first day within `days` from `today` the calendar has no data for, or None."""
        for offset in range(days + 1):
            d = today + timedelta(days=offset)
            if not self.knows(d):
                return d
        return None


WEEK_ONLY = WorkCalendar()  # no exceptions, no year known: Monday to Friday


def add_working_minutes(start: datetime, minutes: int, calendar: WorkCalendar, tz: tzinfo) -> datetime:
    """`start` plus `minutes` counted only on working days (local dates in `tz`); same tzinfo as `start`.

    A start on a day off begins counting at the next working day's 00:00; a result that
    lands exactly on the end of a working day is that day's 24:00 (the next day's 00:00)."""
    if minutes <= 0:
        return start
    local = start.astimezone(tz).replace(tzinfo=None)
    day, into = local.date(), local - datetime.combine(local.date(), time())
    left = timedelta(minutes=minutes)
    for _ in range(MAX_WALK_DAYS):
        if calendar.is_workday(day):
            room = timedelta(days=1) - into
            if left <= room:
                naive = datetime.combine(day, time()) + into + left
                return naive.replace(tzinfo=tz).astimezone(start.tzinfo)
            left -= room
        day, into = day + timedelta(days=1), timedelta(0)
    raise ValueError("the calendar has no working day within 400 days")


def working_minutes_between(start: datetime, end: datetime, calendar: WorkCalendar, tz: tzinfo) -> int:
    """The whole minutes of working days (local dates in `tz`) from `start` to `end`; 0 when `end` is not
    after `start`. The inverse of `add_working_minutes`: what a paused working-time deadline had left."""
    if end <= start:
        return 0
    a, b = start.astimezone(tz).replace(tzinfo=None), end.astimezone(tz).replace(tzinfo=None)
    total = timedelta(0)
    day = a.date()
    for _ in range(MAX_WALK_DAYS):
        if day > b.date():
            break
        if calendar.is_workday(day):
            lo = max(a, datetime.combine(day, time()))
            hi = min(b, datetime.combine(day + timedelta(days=1), time()))
            if hi > lo:
                total += hi - lo
        day += timedelta(days=1)
    return int(total.total_seconds() // 60)
