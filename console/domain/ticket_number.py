"""Human-readable ticket numbers: ``20261122-0007``.

The number is read out on the phone and written on paper sheets, so it is
the desk's local date plus a per-day sequence: short, sortable, and it says
which day the call came in. The sequence widens past 9999 rather than wrap
or truncate, because a number must never be reused.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date

from .errors import ValidationError

_NUMBER = re.compile(r"(\d{4})(\d{2})(\d{2})-(\d{1,9})")


def day_key(local_date: date) -> str:
    """``20261122``: the day's part of its numbers, and the key of its counter (ticket_counters.day)."""
    d = local_date
    return f"{d.year:04d}{d.month:02d}{d.day:02d}"


def format_ticket_number(local_date: date, seq: int) -> str:
    """``20261122-0007``; ``seq`` ≥ 1 (ValueError otherwise: it comes from the
    store, never from a user)."""
    return number_of_day(day_key(local_date), seq)


def number_of_day(key: str, seq: int) -> str:
    """`format_ticket_number` given the day's `day_key` (a writer that has it already for the counter)."""
    if isinstance(seq, bool) or not isinstance(seq, int) or seq < 1:
        raise ValueError(f"ticket sequence must be a positive int, got {seq!r}")
    return f"{key}-{seq:04d}"


def parse_ticket_number(text: str) -> tuple[date, int]:
    """The date and sequence of a typed ticket number.

    Lenient about width and padding (full-width digits, ``20261122-7``) since
    an operator types it from a paper sheet; look the ticket up by
    ``format_ticket_number(*parse_ticket_number(text))``, the stored form.
    """
    raw = (text or "").strip()
    s = unicodedata.normalize("NFKC", raw).replace(" ", "")
    m = _NUMBER.fullmatch(s)
    try:
        if not m:
            raise ValueError
        day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        seq = int(m.group(4))
        if seq < 1:
            raise ValueError
    except ValueError:
        raise ValidationError(
            f"工单编号“{raw}”格式不对：应为“20261122-0007”（受理日期-序号）。",
            f"Ticket number '{raw}' is malformed: expected '20261122-0007' (date-sequence).",
        ) from None
    return day, seq
