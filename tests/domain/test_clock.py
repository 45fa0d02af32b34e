"""Clocks: the real one is UTC-aware; the fake one moves only when told."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from console.domain.clock import Clock, FakeClock, SystemClock

SH = ZoneInfo("Asia/Shanghai")


def test_system_clock_is_aware_utc_and_close_to_now() -> None:
    now = SystemClock().now()
    assert now.tzinfo is not None and now.utcoffset() == timedelta(0)
    assert abs(now - datetime.now(UTC)) < timedelta(seconds=5)


def test_both_satisfy_the_protocol() -> None:
    assert isinstance(SystemClock(), Clock)
    assert isinstance(FakeClock(datetime(2026, 11, 22, tzinfo=UTC)), Clock)


def test_fake_clock_stands_still_and_advances() -> None:
    start = datetime(2026, 11, 22, 18, 0, tzinfo=UTC)
    clock = FakeClock(start)
    assert clock.now() == start
    assert clock.now() == start
    assert clock.advance(minutes=31) == start + timedelta(minutes=31)
    clock.advance(hours=1, seconds=5)
    assert clock.now() == start + timedelta(minutes=91, seconds=5)
    clock.advance(days=-1)
    assert clock.now() == start + timedelta(days=-1, minutes=91, seconds=5)


def test_fake_clock_stores_utc_whatever_zone_it_is_given() -> None:
    clock = FakeClock(datetime(2026, 11, 23, 2, 0, tzinfo=SH))
    assert clock.now() == datetime(2026, 11, 22, 18, 0, tzinfo=UTC)
    assert clock.now().utcoffset() == timedelta(0)
    clock.set(datetime(2027, 1, 1, 8, 0, tzinfo=SH))
    assert clock.now() == datetime(2027, 1, 1, 0, 0, tzinfo=UTC)
    assert clock.now().tzinfo is UTC


def test_fake_clock_rejects_naive_datetimes() -> None:
    with pytest.raises(ValueError):
        FakeClock(datetime(2026, 11, 22, 2, 0))
    clock = FakeClock(datetime(2026, 11, 22, tzinfo=UTC))
    with pytest.raises(ValueError):
        clock.set(datetime(2026, 11, 22, 2, 0))
    assert clock.now() == datetime(2026, 11, 22, tzinfo=UTC)  # unchanged after refusal
