"""The desk's local time: days, shifts and quarters as UTC intervals.

Time stamps are stored in UTC so seats agree and sorting is simple; people
think in the desk's local time ("last night's shift", "Q3"). These helpers
turn the local notions into half-open UTC intervals ``[start, end)`` that
queries and KPIs use directly, in one place so a report and a query can't
disagree about where a day or a shift begins.
"""
from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import ValidationError

DEFAULT_TZ = "Asia/Shanghai"
DAY_SHIFT_START = time(8)
NIGHT_SHIFT_START = time(20)
MIN_YEAR, MAX_YEAR = 1900, 2100

Interval = tuple[datetime, datetime]


TIMEZONE_KEY = "timezone"  # the desk's zone, in table `settings`


def zone_or_default(name: str) -> ZoneInfo:
    """The desk's zone from its stored name; the default for a bad one (a bad setting must not stop the desk)."""
    try:
        return ZoneInfo(name)
    except Exception:  # noqa: BLE001 - any unreadable name: the default
        return ZoneInfo(DEFAULT_TZ)


def zone(tz: str | tzinfo = DEFAULT_TZ) -> tzinfo:
    """The tzinfo for a name (or a tzinfo passed through); ValidationError if unknown."""
    if isinstance(tz, tzinfo):
        return tz
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValidationError(f"未知的时区“{tz}”。", f"Unknown time zone '{tz}'.") from None


def to_local(dt_utc: datetime, tz_name: str | tzinfo = DEFAULT_TZ) -> datetime:
    """An aware local datetime for a UTC moment.

    A naive value is taken as UTC: that is how the store keeps time stamps,
    and SQLite hands them back without a zone.
    """
    if dt_utc.tzinfo is None:
        dt_utc = dt_utc.replace(tzinfo=UTC)
    return dt_utc.astimezone(zone(tz_name))


def _utc(d: date, t: time, tz: str | tzinfo) -> datetime:
    return datetime.combine(d, t, tzinfo=zone(tz)).astimezone(UTC)


def local_day_bounds(day: date, tz: str | tzinfo = DEFAULT_TZ) -> Interval:
    """Local midnight of ``day`` to the next local midnight, in UTC."""
    return _utc(day, time(0), tz), _utc(day + timedelta(days=1), time(0), tz)


def _check_quarter(year: int, quarter: int) -> None:
    if isinstance(quarter, bool) or not isinstance(quarter, int) or not 1 <= quarter <= 4:
        raise ValidationError("季度必须是 1 到 4。", "The quarter must be 1 to 4.")
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            f"年份“{year}”不合理：请输入 {MIN_YEAR} 到 {MAX_YEAR} 之间的年份。",
            f"The year '{year}' is not plausible: enter a year from {MIN_YEAR} to {MAX_YEAR}.",
        )


def quarter_bounds(year: int, quarter: int, tz: str | tzinfo = DEFAULT_TZ) -> Interval:
    """The quarter's local first day 00:00 to the next quarter's, in UTC."""
    _check_quarter(year, quarter)
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return _utc(start, time(0), tz), _utc(end, time(0), tz)


def month_bounds(year: int, month: int, tz: str | tzinfo = DEFAULT_TZ) -> Interval:
    """The month's local first day 00:00 to the next month's, in UTC."""
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise ValidationError("月份必须是 1 到 12。", "The month must be 1 to 12.")
    _check_quarter(year, 1)  # the same plausible years
    end = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return _utc(date(year, month, 1), time(0), tz), _utc(end, time(0), tz)


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    """The quarter before, for the "change against the previous quarter" KPIs."""
    _check_quarter(year, quarter)
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def shift_bounds(day: date, night: bool, tz: str | tzinfo = DEFAULT_TZ,
                 day_start: time = DAY_SHIFT_START, night_start: time = NIGHT_SHIFT_START) -> Interval:
    """A shift in UTC: day shift ``day_start``–``night_start`` on ``day``; night shift from
    ``night_start`` on ``day`` to ``day_start`` on the next day (the night belongs to the date it
    began). The boundaries are the desk's (services.desk_settings.shift_hours), 08:00/20:00 by default."""
    if night:
        return _utc(day, night_start, tz), _utc(day + timedelta(days=1), day_start, tz)
    return _utc(day, day_start, tz), _utc(day, night_start, tz)


def shift_of(dt_utc: datetime, tz: str | tzinfo = DEFAULT_TZ,
             day_start: time = DAY_SHIFT_START, night_start: time = NIGHT_SHIFT_START) -> tuple[date, bool]:
    """Which shift a moment falls in, as ``(date, night)`` for `shift_bounds`:
    02:00 on the 23rd is the night shift of the 22nd."""
    local = to_local(dt_utc, tz)
    t = local.time()
    if day_start <= t < night_start:
        return local.date(), False
    if t >= night_start:
        return local.date(), True
    return local.date() - timedelta(days=1), True


def parse_hhmm(text: str, what_zh: str = "时间", what_en: str = "time") -> time:
    """``"8:00"`` / ``"08:00"`` → time(8); anything else a ValidationError naming `what`."""
    m = re.fullmatch(r"\s*(\d{1,2})[:：](\d{2})\s*", text or "")
    if m is None or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise ValidationError(f"{what_zh}“{text}”应写成 时:分，例如 08:00。",
                              f"The {what_en} {text!r} should be HH:MM, e.g. 08:00.")
    return time(int(m.group(1)), int(m.group(2)))


def check_shift_hours(day_start: time, night_start: time) -> None:
    """The day shift must begin before the night shift on the same date (both boundaries within a day)."""
    if day_start >= night_start:
        raise ValidationError(
            f"白班开始（{day_start:%H:%M}）必须早于夜班开始（{night_start:%H:%M}）。",
            f"The day shift start ({day_start:%H:%M}) must be earlier than the night shift start "
            f"({night_start:%H:%M}).")
