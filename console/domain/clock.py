"""Where "now" comes from.

Deadlines, the due queue, shift boundaries and duty-hour ranking all depend
on the time. Services take a `Clock` instead of calling `datetime.now()`, so
tests can stand at 02:00 on a Saturday and move forward 31 minutes to see a
check-back fall due — without sleeping and without flaky midnight edges.
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol, runtime_checkable


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
