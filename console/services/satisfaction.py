"""A satisfaction call that ends without a rating, and the review of an unfavourable rating.

The rating itself is `tickets.record_satisfaction`. Here (console.domain.satisfaction has the rules):

- 拒评 (`record_declined`): the resident was reached and would not rate; the call is done, no rating.
- 回访不成功 (`record_callback_failed`): nobody answered. The call's deadline keeps its due time (the
  resident is owed the call by then all the same) and is snoozed until the retry (the desk's
  ``callback_retry_minutes``), so the due queue brings it back then — or at once when it is already
  overdue and the retry is later. The desk's ``callback_attempts``-th failure is the last: the call
  ends as 回访不成功 (closed, no rating; counted apart, not a visit for 回访率).
- 回访复核 (`decide_review`, supervisors): upheld opens 整改 (a deadline for the unit); not upheld ends
  the review, the rating stands.
- 整改 (`rectify`): the unit's rectification as reported, then the 再回访 (its own deadline); or, when
  the work must be done again, the ticket is reopened (and re-dispatched at once when a unit is
  given) and its next satisfaction call is the 再回访.

Each is a lifecycle step: audited, in the timeline, its deadlines from console.domain.deadline_effects.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.deadline_effects import REVISIT, SAT
from ..domain.enums import CallbackOutcome, ReviewStage, Status
from ..domain.lifecycle import Action
from ..domain.permissions import require
from ..domain.text import clean_text
from ..store.models import Deadline, Ticket, TicketEvent
from .context import Actor, Changes, Desk
from .desk_settings import limit
from .tickets import Dispatch, dispatch_step, load_ticket, record_step, run_ticket_write


def _revisit(t: Ticket) -> bool:
    return t.status == Status.CLOSED.value and t.review_stage == ReviewStage.REVISIT.value


def _end_call(t: Ticket, outcome: CallbackOutcome, now: datetime, on_closed: bool) -> None:
    """The call ended without a rating (`on_closed`: the ticket was closed before the call: a 再回访 after
    整改). A call about the latest resolution replaces the ticket's answer; a 再回访 on a closed ticket that
    got none leaves the rating the resident gave standing. Either way a waiting review ends there."""
    if t.review_stage == ReviewStage.REVISIT.value:
        t.review_stage = ReviewStage.REVISITED.value
    if on_closed:
        return
    t.satisfaction = t.satisfaction_scale = t.attitude = t.ability = t.solved = None
    t.callback_outcome, t.callback_at = outcome.value, now


def record_declined(desk: Desk, actor: Actor, ticket_id: int, note: str = "",
                    expected_version: int | None = None) -> Changes:
    """拒评: reached, no rating; the call (or the 再回访) is done."""
    note = clean_text(note, "回访记录", "note", 2000)

    def work(s: Session) -> Changes:
        now = desk.now()
        t = load_ticket(s, ticket_id, expected_version)
        on_closed = _revisit(t)
        record_step(s, desk, actor, t, Action.DECLINED, now, detail=note,
                    extra_old={"review_stage": t.review_stage},
                    extra_new={"callback_outcome": CallbackOutcome.DECLINED.value})
        _end_call(t, CallbackOutcome.DECLINED, now, on_closed)
        return Changes(tickets={t.id}, deadlines=True)
    return run_ticket_write(desk, work)


def failed_attempts(s: Session, ticket_id: int) -> int:
    """回访不成功 attempts since the call became due: after the latest 办结 or 整改 (not taken back)."""
    live = TicketEvent.undone_at.is_(None)
    since = s.scalar(select(func.max(TicketEvent.id)).where(
        TicketEvent.ticket_id == ticket_id, TicketEvent.action.in_((Action.RESOLVE.value, Action.RECTIFY.value)),
        live)) or 0
    return s.scalar(select(func.count()).select_from(TicketEvent).where(
        TicketEvent.ticket_id == ticket_id, TicketEvent.action == Action.CALLBACK_FAILED.value,
        TicketEvent.id > since, live)) or 0


def record_callback_failed(desk: Desk, actor: Actor, ticket_id: int, note: str = "",
                           expected_version: int | None = None) -> Changes:
    """回访不成功: try again after the desk's retry minutes, the deadline standing; the last attempt ends the
    call as 回访不成功."""
    note = clean_text(note, "回访记录", "note", 2000)

    def work(s: Session) -> Changes:
        now = desk.now()
        t = load_ticket(s, ticket_id, expected_version)
        on_closed = _revisit(t)
        n = failed_attempts(s, t.id) + 1
        attempts = limit(s, "callback_attempts")
        if n >= attempts:
            detail = f"第 {n} 次回访未接通，回访不成功" + (f"：{note}" if note else "")
            record_step(s, desk, actor, t, Action.CALLBACK_UNREACHABLE, now, detail=detail,
                        extra_old={"review_stage": t.review_stage},
                        extra_new={"callback_outcome": CallbackOutcome.UNREACHABLE.value, "attempt": n})
            _end_call(t, CallbackOutcome.UNREACHABLE, now, on_closed)
            return Changes(tickets={t.id}, deadlines=True)
        retry = now + timedelta(minutes=limit(s, "callback_retry_minutes"))
        detail = f"第 {n} 次回访未接通，{desk.local(retry):%m-%d %H:%M} 再试" + (f"：{note}" if note else "")
        record_step(s, desk, actor, t, Action.CALLBACK_FAILED, now, detail=detail,
                    extra_new={"attempt": n, "retry_at": retry})
        kind = REVISIT if on_closed else SAT
        for d in s.scalars(select(Deadline).where(Deadline.ticket_id == t.id, Deadline.kind == kind,
                                                  Deadline.done_at.is_(None))):
            d.snoozed_until = retry  # out of the queue until the retry; its due time stands
            d.snooze_reason = f"回访不成功（第 {n} 次）"
        return Changes(tickets={t.id}, deadlines=True)
    return run_ticket_write(desk, work)


def decide_review(desk: Desk, actor: Actor, ticket_id: int, upheld: bool, note: str,
                  expected_version: int | None = None) -> Changes:
    """回访复核 by a supervisor: upheld (属实) → 整改; not upheld (不属实) → the review ends, the rating stands."""
    require(actor.role, "review_ratings")
    note = clean_text(note, "复核意见", "review note", 2000, required=True)

    def work(s: Session) -> Changes:
        t = load_ticket(s, ticket_id, expected_version)
        stage = ReviewStage.RECTIFY if upheld else ReviewStage.UNJUSTIFIED
        record_step(s, desk, actor, t, Action.REVIEW_UPHELD if upheld else Action.REVIEW_DISMISSED, desk.now(),
                    detail=note, extra_old={"review_stage": t.review_stage}, extra_new={"review_stage": stage.value})
        t.review_stage = stage.value
        return Changes(tickets={t.id}, deadlines=True)
    return run_ticket_write(desk, work)


def rectify(desk: Desk, actor: Actor, ticket_id: int, note: str, reopen: bool = False,
            redispatch: Dispatch | None = None, expected_version: int | None = None) -> Changes:
    """整改 as the unit reports it, then the 再回访. `reopen`: the work must be done again — the ticket is
    reopened (a reopen, counted as one) and, when `redispatch` names a unit, dispatched at once."""
    note = clean_text(note, "整改情况", "rectification", 5000, required=True)

    def work(s: Session) -> Changes:
        now = desk.now()
        t = load_ticket(s, ticket_id, expected_version)
        record_step(s, desk, actor, t, Action.RECTIFY_REOPEN if reopen else Action.RECTIFY, now, detail=note,
                    extra_old={"review_stage": t.review_stage},
                    extra_new={"review_stage": ReviewStage.REVISIT.value})
        t.review_stage = ReviewStage.REVISIT.value
        if reopen:
            t.reopen_count += 1
            if redispatch is not None:
                dispatch_step(s, desk, actor, t, redispatch, now)
        return Changes(tickets={t.id}, deadlines=True)
    return run_ticket_write(desk, work)
