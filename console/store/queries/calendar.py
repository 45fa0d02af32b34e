"""The desk's working-day calendar as the domain reads it (console.domain.work_calendar)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.work_calendar import CalendarDay, WorkCalendar
from ..models import CalendarDayRow, CalendarYear


def work_calendar(s: Session) -> WorkCalendar:
    days = [CalendarDay(r.day, r.kind, r.name) for r in s.scalars(select(CalendarDayRow))]
    return WorkCalendar.of(days, known_years=s.scalars(select(CalendarYear.year)))


def known_calendar_years(s: Session) -> frozenset[int]:
    """The years whose holidays the desk has: enough to say when the calendar runs out, without its days."""
    return frozenset(s.scalars(select(CalendarYear.year)))
