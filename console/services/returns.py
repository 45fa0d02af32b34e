"""退单 / 改派 at the desk: record a unit's return of a ticket, a supervisor's decision on it.

The rule (within one working day of the dispatch, before anyone came) is
console.domain.returns; the steps are lifecycle steps (services.tickets);
an agreed return sends the ticket to the unit the supervisor picks, in the
same transaction, as an ordinary dispatch (new deadlines, and a re-dispatch
counted against the first unit). Both steps are audited.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.errors import NotFound, ValidationError
from ..domain.lifecycle import Action
from ..domain.permissions import require
from ..domain.returns import check_return, pending_return
from ..domain.text import clean_text
from ..store.models import TicketEvent
from .context import Actor, Changes, Desk
from .deadlines import load_policy
from .desk_settings import limit
from .tickets import Dispatch, dispatch_step, load_ticket, record_step, run_ticket_write


def _actions(s: Session, ticket_id: int) -> list[str]:
    return list(s.scalars(select(TicketEvent.action).where(TicketEvent.ticket_id == ticket_id,
                                                           TicketEvent.undone_at.is_(None))
                          .order_by(TicketEvent.at, TicketEvent.id)))


def return_dispatch(desk: Desk, actor: Actor, ticket_id: int, reason: str,
                    expected_version: int | None = None) -> Changes:
    """The unit (through the operator) says the ticket is not its own, with its reason."""
    reason = clean_text(reason, "退单原因", "reason", 2000)

    def work(s: Session) -> Changes:
        now = desk.now()
        t = load_ticket(s, ticket_id, expected_version)
        if pending_return(_actions(s, t.id)):
            raise ValidationError("这张工单已有一个退单等待审批。", "A return of this ticket already waits for a decision.")
        policy = load_policy(s)
        check_return(t.dispatched_at, now, reason, policy.calendar, policy.tz, limit(s, "return_days"))
        record_step(s, desk, actor, t, Action.RETURN_DISPATCH, now, unit_id=t.unit_id, detail=reason)
        return Changes(tickets={t.id})
    return run_ticket_write(desk, work)


def decide_return(desk: Desk, actor: Actor, ticket_id: int, approve: bool, redispatch: Dispatch | None = None,
                  note: str = "", expected_version: int | None = None) -> Changes:
    """A supervisor agrees (the ticket goes to `redispatch`'s unit) or refuses (the first unit keeps it)."""
    require(actor.role, "decide_returns")
    note = clean_text(note, "审批意见", "note", 2000)

    def work(s: Session) -> Changes:
        now = desk.now()
        t = load_ticket(s, ticket_id, expected_version)
        if not pending_return(_actions(s, t.id)):
            raise NotFound("这张工单没有等待审批的退单。", "This ticket has no return to decide.")
        if approve and (redispatch is None or redispatch.unit_id == t.unit_id):
            raise ValidationError("同意退单时请选择另一个承办单位。", "To agree, choose another unit to send it to.")
        first_unit = t.unit_id
        record_step(s, desk, actor, t, Action.APPROVE_RETURN if approve else Action.REFUSE_RETURN, now,
                    unit_id=first_unit, detail=note)
        if approve and redispatch is not None:
            dispatch_step(s, desk, actor, t, redispatch, now)
        return Changes(tickets={t.id}, deadlines=approve)
    return run_ticket_write(desk, work)
