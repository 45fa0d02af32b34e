"""The open-data file's rows: a period's tickets as `console.domain.open311.Open311Row`s, streamed.

Tickets received in [start, end), oldest first, merged (已并单) and void ones left out (the domain
module says why). The latest step is the newest event of the ticket; the resolution deadline is the
latest one (highest id), as report_queries takes it.
"""
from __future__ import annotations

from collections.abc import Generator
from datetime import datetime
from typing import Any

from sqlalchemy import Row, func, select, type_coerce
from sqlalchemy.orm import Session, aliased

from ..domain.open311 import LEFT_OUT, Open311Row
from .models import Category, Community, Deadline, Ticket, TicketEvent, Unit
from .report_queries import latest_resolution_id
from .types import UTCDateTime

BATCH = 2000


def _period(q, start: datetime, end: datetime):
    return q.where(Ticket.received_at >= start, Ticket.received_at < end, Ticket.status.not_in(LEFT_OUT))


def count_requests(s: Session, start: datetime, end: datetime) -> int:
    return s.scalar(_period(select(func.count()).select_from(Ticket), start, end)) or 0


def period_requests(s: Session, start: datetime, end: datetime) -> Generator[Open311Row, None, None]:
    parent = aliased(Category)
    dl = aliased(Deadline)
    latest_res = latest_resolution_id()
    last_step = (select(func.max(TicketEvent.at)).where(TicketEvent.ticket_id == Ticket.id)
                 .correlate(Ticket).scalar_subquery())
    q = (select(Ticket.number, Ticket.status, Ticket.received_at,
                type_coerce(last_step, UTCDateTime()).label("last_step"), Ticket.category_id,
                func.coalesce(parent.name + "/" + Category.name, Category.name), Category.code,
                Ticket.description, Ticket.result, Unit.name, dl.due_at, Community.name, Ticket.building,
                Ticket.room, Ticket.address, Ticket.caller_name, Ticket.confidential, Ticket.paused_at,
                Ticket.satisfaction)
         .outerjoin(Category, Ticket.category_id == Category.id)
         .outerjoin(parent, Category.parent_id == parent.id)
         .outerjoin(Community, Ticket.community_id == Community.id)
         .outerjoin(Unit, Ticket.unit_id == Unit.id)
         .outerjoin(dl, dl.id == latest_res))
    q = _period(q, start, end).order_by(Ticket.received_at, Ticket.id)
    rows = s.execute(q.execution_options(yield_per=BATCH))
    try:
        yield from (_row(r) for r in rows)
    finally:  # a reader that stops early (cancel, a full disk) must not leave PostgreSQL's server cursor open
        rows.close()


def _row(r: Row[Any]) -> Open311Row:
    """One request's plain row, from a result row of period_requests' select."""
    (number, status, received, last, cat_id, cat_path, code, description, result, unit, due, community,
     building, room, address, caller_name, confidential, paused_at, satisfaction) = r
    return Open311Row(
        number=number, status=status, received_at=received, updated_at=last, category_id=cat_id,
        category=cat_path, category_code=code or "", description=description or "", result=result or "",
        unit=unit, resolution_due_at=due, community=community, building=building or "", room=room or "",
        address=address or "", caller_name=caller_name or "", confidential=bool(confidential),
        paused=paused_at is not None, satisfaction=satisfaction)
