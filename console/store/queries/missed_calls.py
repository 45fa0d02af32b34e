"""Missed calls to call back: pages and the open count."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, select, tuple_
from sqlalchemy.orm import Session

from ..models import (
    Deadline,
    MissedCall,
    Ticket,
)

# --- Missed calls, the handover, shifts (console.ui missed-call list and shift dialogs) ------

@dataclass(frozen=True)
class MissedCallRow:
    id: int
    phone: str
    at: datetime
    due_at: datetime | None  # the open call-back deadline, None once called back or waived
    called_back_at: datetime | None
    called_back_by: str | None
    note: str
    ticket_id: int | None
    ticket_number: str | None
    waived: bool = False  # not called back, but its call-back deadline was closed (cancelled by a supervisor)


def _missed_deadline_closed():
    return select(Deadline.id).where(Deadline.missed_call_id == MissedCall.id,
                                     Deadline.done_at.is_not(None)).exists()


def _missed_waived():
    """Not called back, yet its call-back deadline is closed: nobody needs to call it any more."""
    return and_(MissedCall.called_back_at.is_(None), _missed_deadline_closed())


def _missed_open():
    return and_(MissedCall.called_back_at.is_(None), ~_missed_deadline_closed())


def missed_calls_page(s: Session, *, open_only: bool = True, after: tuple[datetime, int] | None = None,
                      limit: int = 200) -> list[MissedCallRow]:
    """A keyset page of missed calls.

    Still to call back (`open_only`: not called back, call-back not waived):
    the longest waiting first, the order they should be called back in. All:
    newest first, as a register reads. `after` is the (at, id) of the last
    row of the previous page.
    """
    from ..models import User

    due = (select(func.min(Deadline.due_at)).where(Deadline.missed_call_id == MissedCall.id,
                                                    Deadline.done_at.is_(None))
           .correlate(MissedCall).scalar_subquery())
    q = (select(MissedCall.id, MissedCall.phone, MissedCall.at, due, MissedCall.called_back_at,
                User.display_name, MissedCall.note, MissedCall.ticket_id, Ticket.number, _missed_waived())
         .outerjoin(User, User.id == MissedCall.called_back_by)
         .outerjoin(Ticket, Ticket.id == MissedCall.ticket_id))
    key = tuple_(MissedCall.at, MissedCall.id)
    if open_only:
        q = q.where(_missed_open())
        if after is not None:
            q = q.where(key > tuple_(*after))
        q = q.order_by(MissedCall.at, MissedCall.id)
    else:
        if after is not None:
            q = q.where(key < tuple_(*after))
        q = q.order_by(MissedCall.at.desc(), MissedCall.id.desc())
    return [MissedCallRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6] or "", r[7], r[8], bool(r[9]))
            for r in s.execute(q.limit(limit))]


def missed_calls_open_count(s: Session) -> int:
    """Missed calls still to call back (not called back, call-back not waived)."""
    return s.scalar(select(func.count()).select_from(MissedCall).where(_missed_open())) or 0
