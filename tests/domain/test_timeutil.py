"""Local days, shifts and quarters as UTC intervals (Asia/Shanghai is UTC+8, no DST)."""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from console.domain.errors import ValidationError
from console.domain.timeutil import (
    DAY_SHIFT_START,
    DEFAULT_TZ,
    NIGHT_SHIFT_START,
    local_day_bounds,
    previous_quarter,
    quarter_bounds,
    shift_bounds,
    shift_of,
    to_local,
)

UTC = UTC


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_constants() -> None:
    assert DEFAULT_TZ == "Asia/Shanghai"
    assert DAY_SHIFT_START == time(8) and NIGHT_SHIFT_START == time(20)


def test_to_local() -> None:
    local = to_local(utc(2026, 11, 22, 18, 30))
    assert (local.date(), local.time()) == (date(2026, 11, 23), time(2, 30))
    assert local.utcoffset() == timedelta(hours=8)
    assert to_local(utc(2026, 11, 22, 18, 30), "Europe/London").hour == 18


def test_to_local_takes_naive_as_utc() -> None:
    assert to_local(datetime(2026, 11, 22, 18, 30)) == to_local(utc(2026, 11, 22, 18, 30))


def test_to_local_converts_other_zones() -> None:
    tokyo = datetime(2026, 11, 23, 3, 30, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert to_local(tokyo).hour == 2


def test_unknown_zone_is_a_user_error() -> None:
    with pytest.raises(ValidationError):
        to_local(utc(2026, 1, 1), "Mars/Olympus")


def test_local_day_bounds() -> None:
    start, end = local_day_bounds(date(2026, 11, 22))
    assert start == utc(2026, 11, 21, 16) and end == utc(2026, 11, 22, 16)
    assert start.utcoffset() == timedelta(0)


def test_local_day_bounds_across_a_dst_change() -> None:
    start, end = local_day_bounds(date(2026, 3, 29), "Europe/Berlin")  # clocks go forward
    assert end - start == timedelta(hours=23)


@pytest.mark.parametrize(
    ("q", "start", "end"),
    [
        (1, utc(2025, 12, 31, 16), utc(2026, 3, 31, 16)),
        (2, utc(2026, 3, 31, 16), utc(2026, 6, 30, 16)),
        (3, utc(2026, 6, 30, 16), utc(2026, 9, 30, 16)),
        (4, utc(2026, 9, 30, 16), utc(2026, 12, 31, 16)),
    ],
)
def test_quarter_bounds(q: int, start: datetime, end: datetime) -> None:
    assert quarter_bounds(2026, q) == (start, end)


def test_quarters_tile_the_year() -> None:
    bounds = [quarter_bounds(2026, q) for q in range(1, 5)]
    for (_, end), (start, _) in zip(bounds, bounds[1:], strict=False):
        assert end == start
    assert bounds[0][0] == local_day_bounds(date(2026, 1, 1))[0]
    assert bounds[-1][1] == quarter_bounds(2027, 1)[0]


@pytest.mark.parametrize("q", [0, 5, -1, True, "1", None, 2.0])
def test_bad_quarter(q) -> None:
    with pytest.raises(ValidationError) as err:
        quarter_bounds(2026, q)
    assert err.value.zh == "季度必须是 1 到 4。"
    with pytest.raises(ValidationError):
        previous_quarter(2026, q)


@pytest.mark.parametrize("year", [0, -2026, 1899, 2101, 99999, True, "2026"])
def test_absurd_year(year) -> None:
    with pytest.raises(ValidationError) as err:
        quarter_bounds(year, 1)
    assert "年份" in err.value.zh


@pytest.mark.parametrize(
    ("year", "q", "prev"),
    [(2026, 1, (2025, 4)), (2026, 2, (2026, 1)), (2026, 3, (2026, 2)), (2026, 4, (2026, 3))],
)
def test_previous_quarter(year: int, q: int, prev: tuple[int, int]) -> None:
    assert previous_quarter(year, q) == prev


def test_day_shift() -> None:
    assert shift_bounds(date(2026, 11, 22), night=False) == (utc(2026, 11, 22, 0), utc(2026, 11, 22, 12))


def test_night_shift_runs_into_the_next_day() -> None:
    start, end = shift_bounds(date(2026, 11, 22), night=True)
    assert start == utc(2026, 11, 22, 12) and end == utc(2026, 11, 23, 0)
    assert to_local(start).time() == time(20) and to_local(end).date() == date(2026, 11, 23)


def test_shifts_tile_the_days() -> None:
    d = date(2026, 12, 31)
    _, day_end = shift_bounds(d, night=False)
    night_start, night_end = shift_bounds(d, night=True)
    next_day_start, _ = shift_bounds(d + timedelta(days=1), night=False)
    assert day_end == night_start and night_end == next_day_start


@pytest.mark.parametrize(
    ("local", "shift"),
    [
        (datetime(2026, 11, 22, 8, 0), (date(2026, 11, 22), False)),
        (datetime(2026, 11, 22, 19, 59), (date(2026, 11, 22), False)),
        (datetime(2026, 11, 22, 20, 0), (date(2026, 11, 22), True)),
        (datetime(2026, 11, 22, 23, 59), (date(2026, 11, 22), True)),
        (datetime(2026, 11, 23, 0, 0), (date(2026, 11, 22), True)),
        (datetime(2026, 11, 23, 7, 59), (date(2026, 11, 22), True)),
    ],
)
def test_shift_of_agrees_with_shift_bounds(local: datetime, shift: tuple[date, bool]) -> None:
    moment = local.replace(tzinfo=ZoneInfo(DEFAULT_TZ)).astimezone(UTC)
    assert shift_of(moment) == shift
    start, end = shift_bounds(*shift)
    assert start <= moment < end
