"""The statutory holidays and 调休 days the `chinese-calendar` package knows, as calendar rows.

The State Council publishes each year's arrangement in the autumn before;
the package carries the years published when it was released. A desk gets
every year the package knows that it does not have yet (migration 0006,
and `init` after an upgrade of the program); years the desk entered or
imported itself are never overwritten.
"""
from __future__ import annotations

from ..domain.work_calendar import HOLIDAY, WORKDAY, CalendarDay

SOURCE = "chinese-calendar"
FIRST_YEAR = 2020  # older holidays matter to no open deadline


def package_years() -> dict[int, list[CalendarDay]]:
    """Year → its exceptions to the week, as the package has them ({} when it is not installed)."""
    try:
        from chinese_calendar import constants
    except ImportError:  # pragma: no cover - a dependency; a stripped build warns through the calendar
        return {}
    names = {"New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节",
             "Labour Day": "劳动节", "Dragon Boat Festival": "端午节", "National Day": "国庆节",
             "Mid-autumn Festival": "中秋节", "Anti-Fascist 70th Day": "抗战胜利纪念日"}
    out: dict[int, list[CalendarDay]] = {}
    for day, holiday in constants.holidays.items():
        if day.year >= FIRST_YEAR and day.weekday() < 5:  # a weekend holiday changes nothing
            out.setdefault(day.year, []).append(CalendarDay(day, HOLIDAY, names.get(str(holiday), str(holiday))))
    for day, holiday in constants.workdays.items():
        if day.year >= FIRST_YEAR and day.weekday() >= 5:
            name = names.get(str(holiday), str(holiday))
            out.setdefault(day.year, []).append(CalendarDay(day, WORKDAY, f"{name}调休"))
    for days in out.values():
        days.sort(key=lambda d: d.day)
    return out


def rows_for_missing_years(known: set[int]) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """(calendar_days rows, calendar_years rows) for the package's years not in `known`."""
    days: list[dict[str, object]] = []
    years: list[dict[str, object]] = []
    for year, entries in sorted(package_years().items()):
        if year in known:
            continue
        years.append({"year": year, "source": SOURCE})
        days += [{"day": d.day, "kind": d.kind, "name": d.name} for d in entries]
    return days, years
