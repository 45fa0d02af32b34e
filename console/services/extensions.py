"""延期 at the desk: record a unit's request for more time, a supervisor's decision on it.

The rule (how many, how long) is console.domain.extensions; the steps are
lifecycle steps (services.tickets._step: event, audit, paused check); an
approval moves the open resolution deadline by the working days granted, on
the desk's calendar (console.domain.work_calendar). Rows live in
`extension_requests`; both steps are audited.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.deadline_effects import RES
from ..domain.errors import NotFound, ValidationError
from ..domain.extensions import ExtensionState, check_request
from ..domain.lifecycle import Action
from ..domain.permissions import require
from ..domain.text import clean_text
from ..domain.work_calendar import add_working_minutes
from ..store.models import Deadline, ExtensionRequest
from .context import Actor, Changes, Desk
from .deadlines import load_policy
from .desk_settings import limit
from .tickets import load_ticket, record_step, run_ticket_write


@dataclass(frozen=True)
class PendingExtension:
    id: int
    requested_at: datetime
    working_days: int
    reason: str


def _running_resolution(s: Session, ticket_id: int) -> Deadline | None:
    return s.scalars(select(Deadline).where(Deadline.ticket_id == ticket_id, Deadline.kind == RES,
                                            Deadline.done_at.is_(None))).first()


def pending_extension(desk: Desk, ticket_id: int) -> PendingExtension | None:
    """The request waiting for a decision on this ticket, if any."""
    with desk.db.read() as s:
        r = s.scalars(select(ExtensionRequest).where(ExtensionRequest.ticket_id == ticket_id,
                                                     ExtensionRequest.decided_at.is_(None))).first()
        return None if r is None else PendingExtension(r.id, r.requested_at, r.working_days, r.reason)


def request_extension(desk: Desk, actor: Actor, ticket_id: int, working_days: int, reason: str,
                      expected_version: int | None = None) -> Changes:
    """The unit asks (by phone, through the operator) for `working_days` more working days."""
    reason = clean_text(reason, "延期原因", "reason", 2000)

    def work(s: Session) -> Changes:
        now = desk.now()
        t = load_ticket(s, ticket_id, expected_version)
        made = s.scalar(select(func.count()).select_from(ExtensionRequest)
                        .where(ExtensionRequest.ticket_id == t.id)) or 0
        pending = bool(s.scalar(select(func.count()).select_from(ExtensionRequest).where(
            ExtensionRequest.ticket_id == t.id, ExtensionRequest.decided_at.is_(None))))
        check_request(ExtensionState(made, pending, t.unit_id is not None,
                                     _running_resolution(s, t.id) is not None), int(working_days), reason,
                      max_requests=limit(s, "extension_requests"), max_days=limit(s, "extension_days"))
        record_step(s, desk, actor, t, Action.REQUEST_EXTENSION, now, unit_id=t.unit_id,
              detail=f"申请延期 {int(working_days)} 个工作日：{reason}")
        s.add(ExtensionRequest(ticket_id=t.id, unit_id=t.unit_id, requested_at=now, requested_by=actor.id,
                               working_days=int(working_days), reason=reason))
        return Changes(tickets={t.id})
    return run_ticket_write(desk, work)


def decide_extension(desk: Desk, actor: Actor, ticket_id: int, approve: bool, note: str = "",
                     expected_version: int | None = None) -> Changes:
    """A supervisor grants the pending request (the resolution deadline moves by its working days on
    the desk's calendar) or refuses it (the unit keeps its limit)."""
    require(actor.role, "decide_extensions")
    note = clean_text(note, "审批意见", "note", 2000)

    def work(s: Session) -> Changes:
        now = desk.now()
        t = load_ticket(s, ticket_id, expected_version)
        r = s.scalars(select(ExtensionRequest).where(ExtensionRequest.ticket_id == t.id,
                                                     ExtensionRequest.decided_at.is_(None))).first()
        if r is None:
            raise NotFound("这张工单没有等待审批的延期申请。", "This ticket has no request for more time to decide.")
        action = Action.APPROVE_EXTENSION if approve else Action.REFUSE_EXTENSION
        detail = (f"同意延期 {r.working_days} 个工作日" if approve else "不同意延期") + (f"：{note}" if note else "")
        record_step(s, desk, actor, t, action, now, unit_id=r.unit_id, detail=detail)
        if approve:
            d = _running_resolution(s, t.id)
            if d is None:
                raise ValidationError("工单没有正在计时的办结时限，无法延期。", "The ticket has no running deadline to extend.")
            policy = load_policy(s)
            d.due_at = add_working_minutes(d.due_at, r.working_days * 1440, policy.calendar, policy.tz)
        r.decided_at, r.decided_by, r.approved, r.decision_note = now, actor.id, approve, note
        return Changes(tickets={t.id}, deadlines=approve)
    return run_ticket_write(desk, work)
