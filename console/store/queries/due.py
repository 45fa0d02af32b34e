"""What falls due: the due queue, its counts and the next moment something falls due."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, aliased

from ..models import (
    Category,
    Deadline,
    MissedCall,
    Ticket,
    TicketCoUnit,
    Unit,
)


@dataclass(frozen=True)
class DueItem:
    deadline_id: int
    kind: str
    due_at: datetime
    snoozed_until: datetime | None
    ticket_id: int | None
    ticket_number: str | None
    missed_call_id: int | None
    phone: str
    unit: str | None
    category: str | None
    confidential: bool = False  # 保密: the queue shows no phone


def due_queue(s: Session, now: datetime, horizon: timedelta = timedelta(hours=1)) -> list[DueItem]:
    """Open deadlines due before now + horizon, overdue ones included, by due time."""
    co_unit = aliased(Unit)
    q = (
        select(Deadline.id, Deadline.kind, Deadline.due_at, Deadline.snoozed_until,
               Deadline.ticket_id, Ticket.number, Deadline.missed_call_id,
               func.coalesce(Ticket.caller_phone, MissedCall.phone, ""),
               func.coalesce(co_unit.name, Unit.name), Category.name,  # a 协办 check-back names its own unit
               func.coalesce(Ticket.confidential, False))
        .outerjoin(Ticket, Deadline.ticket_id == Ticket.id)
        .outerjoin(MissedCall, Deadline.missed_call_id == MissedCall.id)
        .outerjoin(TicketCoUnit, Deadline.co_unit_id == TicketCoUnit.id)
        .outerjoin(co_unit, TicketCoUnit.unit_id == co_unit.id)
        .outerjoin(Unit, Ticket.unit_id == Unit.id)
        .outerjoin(Category, Ticket.category_id == Category.id)
        .where(Deadline.done_at.is_(None), Deadline.due_at < now + horizon)
        .order_by(Deadline.due_at, Deadline.id)
    )
    return [DueItem(*r) for r in s.execute(q)]


def next_due_at(s: Session) -> datetime | None:
    """The earliest open deadline or snooze end: when the timer must fire next."""
    return s.scalar(select(func.min(func.coalesce(Deadline.snoozed_until, Deadline.due_at)))
                    .where(Deadline.done_at.is_(None)))


# The orders the ticket list can be sorted in, each the columns of an index (with the
# id that SQLite keeps in every index entry as the last tie-breaker), so a page is an
# index range however deep the operator has scrolled. Other columns (names, the
# text) would need the whole table sorted for every page: they are not offered.


# --- The due queue's timer and the supervisor's audit view (console.ui) --------------

def due_counts(s: Session, now: datetime, horizon: timedelta = timedelta(hours=1)) -> tuple[int, int]:
    """(due within the horizon but not yet, overdue) of the queue `due_queue` reads, counted on the index.

    Overdue means due_at <= now, the rule of the queue, the alerts and `due --json`.
    """
    row = s.execute(select(func.count(), func.count(case((Deadline.due_at <= now, 1))))
                    .select_from(Deadline)
                    .where(Deadline.done_at.is_(None), Deadline.due_at < now + horizon)).one()
    return row[0] - row[1], row[1]


def next_due_after(s: Session, after: datetime) -> datetime | None:
    """The earliest open deadline due at or after `after`: when the queue's horizon next takes one in.

    One seek on the (done_at, due_at) index, however many deadlines are open,
    unlike `next_due_at`, which must look at every open row's snooze.
    """
    return s.scalar(select(Deadline.due_at)
                    .where(Deadline.done_at.is_(None), Deadline.due_at >= after)
                    .order_by(Deadline.due_at).limit(1))


def paused_count(s: Session) -> int:
    """Tickets paused (挂起, waiting on the resident): their deadlines stopped, shown apart from the queue."""
    return s.scalar(select(func.count()).select_from(Ticket).where(Ticket.paused_at.is_not(None))) or 0
