"""Where "now" comes from.

Deadlines, the due queue, shift boundaries and duty-hour ranking all depend
on the time. Services take a `Clock` instead of calling `datetime.now()`, so
tests can stand at 02:00 on a Saturday and move forward 31 minutes to see a
check-back fall due — without sleeping and without flaky midnight edges.
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol, runtime_checkable

from .errors import UserError

FIRST_YEAR, LAST_YEAR = 2000, 2999  # deadlines and numbers are counted within these years


@runtime_checkable
class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, timezone-aware, in UTC."""
        ...


class SystemClock:
    """The real clock of the machine."""

    def now(self) -> datetime:
        return datetime.now(UTC)


def _aware_utc(dt: datetime) -> datetime:
    # A naive datetime has no meaning across seats in different zones; letting
    # one in would shift every deadline by the machine's UTC offset.
    if not isinstance(dt, datetime) or dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"FakeClock needs a timezone-aware datetime, got {dt!r}")
    return dt.astimezone(UTC)


class FakeClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, start: datetime):
        self._now = _aware_utc(start)

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta: float) -> datetime:
        """Move forward by ``timedelta(**delta)`` (negative jumps back); returns the new now."""
        self._now += timedelta(**delta)
        return self._now

    def set(self, dt: datetime) -> datetime:
        """Jump to ``dt`` (any timezone-aware datetime); returns the new now."""
        self._now = _aware_utc(dt)
        return self._now


def checked_now(clock: Clock) -> datetime:
    """The clock's time; a UserError (one line, nothing written) when the computer's clock is outside
    the years the desk can count in (a CMOS battery gone flat reads 2000 or 2099; a typo 9999). Every
    process asks through here — the window's Desk and the SQLAlchemy-free shift-log export alike."""
    now = clock.now()
    if not FIRST_YEAR <= now.year <= LAST_YEAR:
        raise UserError(f"计算机时钟显示 {now:%Y-%m-%d}，不在 {FIRST_YEAR}–{LAST_YEAR} 年之间：请先校准系统时间，"
                        "再使用值班台（未做任何改动）。",
                        f"The computer's clock says {now:%Y-%m-%d}, outside {FIRST_YEAR}–{LAST_YEAR}: set the "
                        "system time first (nothing was changed).")
    return now
