"""Shifts and the handover: the latest shift, what the next shift must follow up."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, literal, select
from sqlalchemy.orm import Session, aliased

from ..models import (
    Category,
    Community,
    Deadline,
    MissedCall,
    Ticket,
    Unit,
)


@dataclass(frozen=True)
class ShiftBrief:
    id: int
    kind: str
    started_at: datetime
    ended_at: datetime | None
    opened_by: str | None
    handover_note: str


def _shift_brief(s: Session, q) -> ShiftBrief | None:
    from ..models import Shift, User

    row = s.execute(select(Shift.id, Shift.kind, Shift.started_at, Shift.ended_at, User.display_name,
                           Shift.handover_note).outerjoin(User, User.id == Shift.opened_by)
                    .where(q).order_by(Shift.id.desc()).limit(1)).first()
    return ShiftBrief(row[0], row[1], row[2], row[3], row[4], row[5] or "") if row else None


def shift_brief(s: Session, shift_id: int) -> ShiftBrief | None:
    from ..models import Shift

    return _shift_brief(s, Shift.id == shift_id)


def latest_shift(s: Session) -> ShiftBrief | None:
    """The open shift, else the one closed last: "this shift" for the shift's-tickets filter."""
    from ..models import Shift

    return _shift_brief(s, Shift.ended_at.is_(None)) or _shift_brief(s, literal(True))


@dataclass(frozen=True)
class HandoverTicket:
    id: int
    number: str
    received_at: datetime
    status: str
    caller_phone: str
    community: str | None
    category: str | None
    unit: str | None
    description: str  # the start only
    resolution_due_at: datetime | None


@dataclass(frozen=True)
class HandoverFollowUp:
    deadline_id: int
    kind: str  # DeadlineKind code: check_back, satisfaction, missed_callback
    due_at: datetime
    ticket_id: int | None
    ticket_number: str | None
    missed_call_id: int | None
    phone: str
    unit: str | None


@dataclass(frozen=True)
class Handover:
    """What the next shift inherits now: open tickets and open call-backs (each list capped)."""

    shift: ShiftBrief | None
    shift_tickets: int  # tickets logged in this shift
    open_tickets: tuple[HandoverTicket, ...]
    open_tickets_total: int
    follow_ups: tuple[HandoverFollowUp, ...]
    follow_ups_total: int
    overdue_follow_ups: int


def _handover_codes() -> tuple[tuple[str, ...], tuple[str, ...]]:
    from ...domain.enums import DeadlineKind
    from ...domain.lifecycle import OPEN_STATUSES

    return (tuple(sorted(st.value for st in OPEN_STATUSES)),
            (DeadlineKind.CHECK_BACK.value, DeadlineKind.SATISFACTION.value, DeadlineKind.MISSED_CALLBACK.value))


HANDOVER_OPEN_STATUSES, HANDOVER_FOLLOW_UPS = _handover_codes()


def shift_handover(s: Session, shift_id: int | None, now: datetime, limit: int = 200) -> Handover:
    """Open tickets (the oldest resolution deadline first) and open call-backs (by due time).

    The lists are the desk's state now, not only the shift's own work: the
    next shift inherits every open ticket and every call-back still to make.
    """
    sh = shift_brief(s, shift_id) if shift_id is not None else None
    shift_tickets = 0
    if shift_id is not None:
        shift_tickets = s.scalar(select(func.count()).select_from(Ticket).where(Ticket.shift_id == shift_id)) or 0
    open_where = Ticket.status.in_(HANDOVER_OPEN_STATUSES)
    open_total = s.scalar(select(func.count()).select_from(Ticket).where(open_where)) or 0
    res_due = (select(func.min(Deadline.due_at)).where(Deadline.ticket_id == Ticket.id,
                                                        Deadline.kind == "resolution",
                                                        Deadline.done_at.is_(None))
               .correlate(Ticket).scalar_subquery())
    parent = aliased(Category)
    cat_path = func.coalesce(parent.name + literal("/") + Category.name, Category.name)
    q = (select(Ticket.id, Ticket.number, Ticket.received_at, Ticket.status, Ticket.caller_phone,
                Community.name, cat_path, Unit.name, func.substr(Ticket.description, 1, 200), res_due)
         .outerjoin(Community, Ticket.community_id == Community.id)
         .outerjoin(Category, Ticket.category_id == Category.id)
         .outerjoin(parent, Category.parent_id == parent.id)
         .outerjoin(Unit, Ticket.unit_id == Unit.id)
         .where(open_where)
         .order_by(res_due.is_(None), res_due, Ticket.received_at, Ticket.id).limit(limit))
    tickets = tuple(HandoverTicket(r[0], r[1], r[2], r[3], r[4] or "", r[5], r[6], r[7], r[8] or "", r[9])
                    for r in s.execute(q))
    fu_where = (Deadline.done_at.is_(None), Deadline.kind.in_(HANDOVER_FOLLOW_UPS))
    fu_total = s.scalar(select(func.count()).select_from(Deadline).where(*fu_where)) or 0
    overdue = s.scalar(select(func.count()).select_from(Deadline).where(*fu_where, Deadline.due_at < now)) or 0
    q = (select(Deadline.id, Deadline.kind, Deadline.due_at, Deadline.ticket_id, Ticket.number,
                Deadline.missed_call_id, func.coalesce(Ticket.caller_phone, MissedCall.phone, ""), Unit.name)
         .outerjoin(Ticket, Deadline.ticket_id == Ticket.id)
         .outerjoin(MissedCall, Deadline.missed_call_id == MissedCall.id)
         .outerjoin(Unit, Ticket.unit_id == Unit.id)
         .where(*fu_where).order_by(Deadline.due_at, Deadline.id).limit(limit))
    follow = tuple(HandoverFollowUp(*r) for r in s.execute(q))
    return Handover(sh, shift_tickets, tickets, open_total, follow, fu_total, overdue)
