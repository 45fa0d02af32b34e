"""The desk's holiday calendar: read it, warn before it runs out, edit a day, import a year.

The calendar (console.domain.work_calendar) decides working-time deadlines
and which offices are reachable on a holiday. A new desk gets the years the
`chinese-calendar` package knows (console.store.calendar_seed); the State
Council publishes the next year's arrangement each autumn, so a supervisor
adds it here — day by day, or as a small sheet (console.sheets.calendar) —
and the desk is warned when the next 60 days are not covered. Supervisors
and admins (`manage_desk`); every change audited.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..domain.errors import NotFound, ValidationError
from ..domain.permissions import require
from ..domain.work_calendar import KINDS, WARN_DAYS, CalendarDay, WorkCalendar
from ..sheets.calendar import MAX_NAME, find_header, parse_row
from ..sheets.sheet_rows import require_rows, rows_under_header
from ..store.models import CalendarDayRow, CalendarYear
from ..store.queries import known_calendar_years
from .context import Actor, Changes, Desk, audit

SOURCE_DESK, SOURCE_IMPORT = "desk", "import"
MAX_IMPORT_ROWS = 2000  # a year has a few dozen exceptions; more is not a holiday sheet


@dataclass(frozen=True)
class CalendarWarning:
    """The first day the calendar does not know, and the sentence that says so."""

    first_unknown: date
    zh: str
    en: str


def calendar_warning(desk: Desk, today: date | None = None) -> CalendarWarning | None:
    """None when the calendar knows the next WARN_DAYS days; otherwise what to tell the desk."""
    today = today or desk.local(desk.now()).date()
    with desk.db.read() as s:
        first = WorkCalendar(known_years=known_calendar_years(s)).unknown_days_ahead(today, WARN_DAYS)
    if first is None:
        return None
    return CalendarWarning(
        first,
        f"节假日日历缺 {first.year} 年的安排：自 {first:%Y-%m-%d} 起按工作日计的时限和“节假日休息”只按周一至周五计算。"
        "请值班领导在 管理 → 节假日日历 中补充或导入。",
        f"The holiday calendar lacks {first.year}: from {first:%Y-%m-%d} working-day limits and holiday closures "
        "follow the Monday–Friday week only. A supervisor can add or import it under Admin → Holiday calendar.")


def calendar_years(desk: Desk) -> list[tuple[int, str]]:
    """(year, source) of every year the desk knows, oldest first."""
    with desk.db.read() as s:
        return [(y.year, y.source) for y in s.scalars(select(CalendarYear).order_by(CalendarYear.year))]


def calendar_days(desk: Desk, year: int) -> list[CalendarDay]:
    with desk.db.read() as s:
        rows = s.scalars(select(CalendarDayRow).where(CalendarDayRow.day >= date(year, 1, 1),
                                                      CalendarDayRow.day <= date(year, 12, 31))
                         .order_by(CalendarDayRow.day))
        return [CalendarDay(r.day, r.kind, r.name) for r in rows]


def _know_year(s: Session, year: int, source: str) -> None:
    row = s.get(CalendarYear, year)
    if row is None:
        s.add(CalendarYear(year=year, source=source))
    else:
        row.source = source


def set_day(desk: Desk, actor: Actor, day: date, kind: str, name: str = "") -> Changes:
    """Add or change one exception (a holiday, or a 调休 working day); its year becomes known."""
    require(actor.role, "manage_desk")
    if kind not in KINDS:
        raise ValidationError("类型应为“放假”或“上班”。", "The kind must be holiday or workday.")
    name = " ".join((name or "").split())
    if len(name) > MAX_NAME:
        raise ValidationError(f"名称太长（最多 {MAX_NAME} 个字）。", f"The name is too long (at most {MAX_NAME}).")
    with desk.db.write() as s:
        row = s.get(CalendarDayRow, day)
        old = {"kind": row.kind, "name": row.name} if row else None
        if row is None:
            s.add(CalendarDayRow(day=day, kind=kind, name=name))
        else:
            row.kind, row.name = kind, name
        _know_year(s, day.year, SOURCE_DESK)
        audit(s, actor, desk.now(), "set_calendar_day", "calendar", None, old,
              {"day": day.isoformat(), "kind": kind, "name": name})
    return Changes(settings=True)


def remove_day(desk: Desk, actor: Actor, day: date) -> Changes:
    """The day follows the week again (its year stays known)."""
    require(actor.role, "manage_desk")
    with desk.db.write() as s:
        row = s.get(CalendarDayRow, day)
        if row is None:
            raise NotFound(f"{day:%Y-%m-%d} 不在节假日日历中。", f"{day:%Y-%m-%d} is not in the holiday calendar.")
        audit(s, actor, desk.now(), "remove_calendar_day", "calendar", None,
              {"day": day.isoformat(), "kind": row.kind, "name": row.name}, None)
        s.delete(row)
    return Changes(settings=True)


@dataclass(frozen=True)
class CalendarImport:
    years: tuple[int, ...]
    days: int

    def message(self, lang: str = "zh_CN") -> str:
        years = "、".join(str(y) for y in self.years)
        if lang.startswith("en"):
            return f"Imported {self.days} day(s) for {', '.join(map(str, self.years))}; those years' earlier entries were replaced."
        return f"已导入 {years} 年的 {self.days} 天安排（这些年份原有的条目已被替换）。"


def import_calendar_file(desk: Desk, actor: Actor, path: str | os.PathLike[str]) -> CalendarImport:
    """A holiday sheet (console.sheets.calendar), all or nothing: each year it names is replaced by
    the sheet's rows and becomes known. A bad row refuses the file with its row numbers."""
    require(actor.role, "manage_desk")
    p = Path(path)
    rows, mapping, data = rows_under_header(p, find_header)
    days: list[CalendarDay] = []
    problems: list[str] = []
    problems_en: list[str] = []
    try:
        for number, values in data:
            if not any(v not in (None, "") for v in values):
                continue
            if len(days) + len(problems) >= MAX_IMPORT_ROWS:
                raise ValidationError(f"文件“{p.name}”超过 {MAX_IMPORT_ROWS} 行，不像节假日安排表。",
                                      f"File '{p.name}' has more than {MAX_IMPORT_ROWS} rows: not a holiday sheet.")
            day, errs = parse_row(values, mapping)
            if errs:
                problems.append(f"第 {number} 行：" + "；".join(e.zh for e in errs))
                problems_en.append(f"row {number}: " + "; ".join(e.en for e in errs))
            elif day is not None:
                days.append(day)
    finally:
        rows.close()
    if problems:
        more = f"（共 {len(problems)} 行有误）" if len(problems) > 3 else ""
        raise ValidationError(f"文件“{p.name}”未导入：" + "；".join(problems[:3]) + more,
                              f"File '{p.name}' not imported: " + "; ".join(problems_en[:3]))
    require_rows(len(days), p)
    seen: set[date] = set()
    for d in days:
        if d.day in seen:
            raise ValidationError(f"文件“{p.name}”中 {d.day:%Y-%m-%d} 出现了两次。",
                                  f"File '{p.name}' names {d.day:%Y-%m-%d} twice.")
        seen.add(d.day)
    years = tuple(sorted({d.day.year for d in days}))
    with desk.db.write() as s:
        for y in years:
            s.execute(delete(CalendarDayRow).where(CalendarDayRow.day >= date(y, 1, 1),
                                                   CalendarDayRow.day <= date(y, 12, 31)))
            _know_year(s, y, SOURCE_IMPORT)
        s.add_all(CalendarDayRow(day=d.day, kind=d.kind, name=d.name) for d in days)
        audit(s, actor, desk.now(), "import_calendar", "calendar", None, None,
              {"file": p.name, "years": list(years), "days": len(days)})
    return CalendarImport(years, len(days))
