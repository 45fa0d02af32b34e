"""The backlog a shift hands over, counted instead of listed.

A shift log lists the shift's own calls, missed calls and call-backs in
full; the tickets still open that it did not take (received before the
shift, often weeks old) are its *backlog*. Listed, a street's backlog runs
to pages nobody reads at 8 a.m. (314 tickets = 10 pages); counted, it is one
table: a row per unit (the unit the ticket was last sent to, or 未派单),
a column per age band, and how many of them are past their resolution
deadline. The full list stays an option (`export shift-log --full-backlog`,
the export dialog's check box).

Age = the log's moment (`as_of`) minus the ticket's `received_at`. The
bands are half-open, lower bound included: a ticket exactly one day old is
in 1–3 天.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

NOT_DISPATCHED_ZH = "未派单"


@dataclass(frozen=True)
class AgeBand:
    zh: str
    en: str
    below: timedelta | None  # the band holds ages < this (None: no upper bound)


AGE_BANDS: tuple[AgeBand, ...] = (
    AgeBand("不足1天", "< 1 day", timedelta(days=1)),
    AgeBand("1–3天", "1–3 days", timedelta(days=3)),
    AgeBand("3–7天", "3–7 days", timedelta(days=7)),
    AgeBand("7–30天", "7–30 days", timedelta(days=30)),
    AgeBand("30天以上", "> 30 days", None),
)


def age_band(received_at: datetime, as_of: datetime) -> int:
    """The index in AGE_BANDS of a ticket received at `received_at`, as of `as_of`."""
    age = as_of - received_at
    for i, band in enumerate(AGE_BANDS):
        if band.below is not None and age < band.below:
            return i
    return len(AGE_BANDS) - 1


@dataclass(frozen=True)
class BacklogItem:
    """One open ticket of the backlog, as much as the summary needs."""

    unit: str | None  # the unit it had been sent to by then (None: not dispatched)
    received_at: datetime
    overdue: bool  # past its open resolution deadline at the log's moment


@dataclass(frozen=True)
class BacklogRow:
    unit: str | None
    by_age: tuple[int, ...]  # one count per AGE_BANDS entry
    overdue: int

    @property
    def total(self) -> int:
        return sum(self.by_age)


@dataclass(frozen=True)
class BacklogSummary:
    rows: tuple[BacklogRow, ...]  # the most tickets first, then by name; 未派单 last
    by_age: tuple[int, ...]
    overdue: int

    @property
    def total(self) -> int:
        return sum(self.by_age)


def summarize_backlog(items: Iterable[BacklogItem], as_of: datetime) -> BacklogSummary:
    """Count the backlog by unit × age band (and overdue per unit)."""
    n = len(AGE_BANDS)
    counts: dict[str | None, list[int]] = {}
    overdue: dict[str | None, int] = {}
    for it in items:
        row = counts.setdefault(it.unit, [0] * n)
        row[age_band(it.received_at, as_of)] += 1
        overdue[it.unit] = overdue.get(it.unit, 0) + (1 if it.overdue else 0)
    rows = [BacklogRow(u, tuple(c), overdue[u]) for u, c in counts.items()]
    rows.sort(key=lambda r: (r.unit is None, -r.total, r.unit or ""))
    totals = tuple(sum(r.by_age[i] for r in rows) for i in range(n))
    return BacklogSummary(tuple(rows), totals, sum(r.overdue for r in rows))
