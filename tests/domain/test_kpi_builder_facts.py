"""The facts `KpiBuilder.add` hands back for a ticket (console.domain.kpi_builder).

The quarterly detail row shows 按时办结 (是 / 否 / 超期) from these bits instead of asking `is_on_time` /
`is_overdue` of the ticket again, so they must answer exactly as those do, for every status and deadline
case, and be None for a ticket that has no row (received outside the period, void, merged)."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import product

from console.domain.enums import DeadlineOutcome, Status
from console.domain.kpi import DONE_CODES, KpiTicket, is_on_time, is_overdue
from console.domain.kpi_builder import DONE, ON_TIME, OVERDUE, KpiBuilder

T0 = datetime(2026, 7, 1, tzinfo=UTC)
END = T0 + timedelta(days=92)
AS_OF = T0 + timedelta(days=30)
HOUR = timedelta(hours=1)


def _tickets() -> list[KpiTicket]:
    """Every status against every deadline case: none, open before / after as_of, done early / late, closed
    another way (cancelled, superseded) early / late."""
    due_cases: list[tuple[datetime | None, datetime | None, str | None]] = [(None, None, None)]
    for d in (AS_OF - HOUR, AS_OF + HOUR):
        due_cases.append((d, None, None))
        for how, when in product((DeadlineOutcome.DONE, DeadlineOutcome.CANCELLED, DeadlineOutcome.SUPERSEDED),
                                 (d - HOUR, d, d + HOUR)):
            due_cases.append((d, when, how.value))
    rows = []
    for i, (status, (due, done_at, outcome)) in enumerate(product(Status, due_cases)):
        rows.append(KpiTicket(id=i, received_at=T0 + timedelta(minutes=i), status=status.value,
                              dispatched_at=T0 + timedelta(minutes=i + 5), resolution_due_at=due,
                              resolution_done_at=done_at, resolution_outcome=outcome))
    return rows


def test_the_returned_bits_answer_as_is_on_time_and_is_overdue() -> None:
    b = KpiBuilder(T0, END, UTC, AS_OF)
    seen = 0
    for t in _tickets():
        facts = b.add(t)
        if t.status in (Status.VOID.value, Status.MERGED.value):
            assert facts is None
            continue
        assert facts is not None
        assert bool(facts & DONE) == (t.status in DONE_CODES)
        assert bool(facts & ON_TIME) == is_on_time(t)
        assert bool(facts & OVERDUE) == is_overdue(t, AS_OF)
        seen += 1
    assert seen == (len(Status) - 2) * 21  # 21 deadline cases each


def test_a_ticket_received_outside_the_period_has_no_facts() -> None:
    b = KpiBuilder(T0, END, UTC, AS_OF)
    assert b.add(KpiTicket(id=1, received_at=T0 - HOUR, status=Status.CLOSED.value)) is None
    assert b.add(KpiTicket(id=2, received_at=END, status=Status.CLOSED.value)) is None
    assert b.add(KpiTicket(id=3, received_at=T0, status=Status.CLOSED.value)) == DONE
