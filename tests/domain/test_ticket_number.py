"""Ticket numbers: date plus a per-day sequence that never truncates."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console.domain.errors import ValidationError
from console.domain.ticket_number import day_key, format_ticket_number, number_of_day, parse_ticket_number


@pytest.mark.parametrize(
    ("day", "seq", "number"),
    [
        (date(2026, 11, 22), 7, "20261122-0007"),
        (date(2026, 1, 2), 1, "20260102-0001"),
        (date(2026, 11, 22), 9999, "20261122-9999"),
        (date(2026, 11, 22), 10000, "20261122-10000"),
        (date(2026, 11, 22), 123456, "20261122-123456"),
        (date(999, 3, 4), 5, "09990304-0005"),
    ],
)
def test_format_and_parse_round_trip(day: date, seq: int, number: str) -> None:
    assert format_ticket_number(day, seq) == number
    assert parse_ticket_number(number) == (day, seq)


def test_numbers_of_one_day_sort_in_sequence_until_9999() -> None:
    numbers = [format_ticket_number(date(2026, 11, 22), n) for n in (1, 2, 10, 100, 9999)]
    assert numbers == sorted(numbers)


@pytest.mark.parametrize("seq", [0, -1, True, 1.0, "7", None])
def test_format_refuses_bad_sequences(seq) -> None:
    with pytest.raises(ValueError):
        format_ticket_number(date(2026, 11, 22), seq)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("  20261122-0007 ", (date(2026, 11, 22), 7)),
        ("２０２６１１２２－０００７", (date(2026, 11, 22), 7)),  # full-width
        ("20261122-7", (date(2026, 11, 22), 7)),
        ("20261122 - 0007", (date(2026, 11, 22), 7)),
    ],
)
def test_parse_is_lenient_about_width(typed: str, expected) -> None:
    assert parse_ticket_number(typed) == expected
    assert format_ticket_number(*parse_ticket_number(typed)) == "20261122-0007"


@pytest.mark.parametrize(
    "junk",
    ["", "   ", None, "abc", "20261122", "202611220007", "20261122-", "20261122-0000", "20261322-0001",
     "20260230-0001", "2026-11-22-0007", "20261122-00a7", "20261122-0007-1", "1" * 200],
)
def test_parse_refuses_junk(junk) -> None:
    with pytest.raises(ValidationError) as err:
        parse_ticket_number(junk)
    assert "工单编号" in err.value.zh and "20261122-0007" in err.value.zh
    assert "Ticket number" in err.value.en


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.dates(min_value=date(1000, 1, 1)), st.integers(1, 10**9))
def test_the_day_key_is_the_counter_s_old_key_and_the_number_s_prefix(d, seq):
    """The counter was keyed by strftime("%Y%m%d") (the years the desk counts in: domain.clock); the logging
    path now formats the day once for the counter and the number."""
    assert day_key(d) == d.strftime("%Y%m%d")
    assert number_of_day(day_key(d), seq) == format_ticket_number(d, seq) == f"{d:%Y%m%d}-{seq:04d}"
