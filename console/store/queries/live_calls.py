"""Calls ringing at the desk now (table live_calls, console.services.live_calls writes it).

A seat's window asks `live_call_rows` a few times a second, so it is one statement on the primary key:
rows newer than the last it saw, and the row of the card it shows (to see it taken or ended)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..models import LiveCall


@dataclass(frozen=True)
class LiveRow:
    id: int
    call_id: str
    caller: str
    line: str
    source: str
    rang_at: datetime
    answered_at: datetime | None
    ended_at: datetime | None
    cause: str | None
    taken_by: str | None
    taken_at: datetime | None


_COLUMNS = (LiveCall.id, LiveCall.call_id, LiveCall.caller, LiveCall.line, LiveCall.source, LiveCall.rang_at,
            LiveCall.answered_at, LiveCall.ended_at, LiveCall.cause, LiveCall.taken_by, LiveCall.taken_at)


def live_call_rows(s: Session, after_id: int, watched: tuple[int, ...] = ()) -> list[LiveRow]:
    """Rows with an id above `after_id`, and the rows `watched`, oldest first."""
    cond = LiveCall.id > after_id
    if watched:
        cond = or_(cond, LiveCall.id.in_(watched))
    return [LiveRow(*r) for r in s.execute(select(*_COLUMNS).where(cond).order_by(LiveCall.id))]


def last_live_call_id(s: Session) -> int:
    """The newest row's id (0 when none): a window that starts looks only at rows after it."""
    return s.scalar(select(func.max(LiveCall.id))) or 0
