"""Opening, closing, snoozing deadlines, and the rules that time them.

A deadline is a row, so the due queue is a query: it survives a restart and
every seat sees the same queue.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, bindparam, select, update
from sqlalchemy.orm import Session

from ..domain.deadline_effects import DeadlineEffects, effects_of
from ..domain.deadline_policy import RULE_KINDS, DeadlinePolicy, DeadlineRule, validate_minutes
from ..domain.enums import DeadlineOutcome, Urgency
from ..domain.errors import NotFound, ValidationError
from ..domain.permissions import require
from ..store import queries
from ..store.models import Category, Deadline, DeadlineRuleRow, PolicyStamp, Ticket
from .context import Actor, Changes, Desk, audit, stale_copy, timezone_of


def load_policy(s: Session, stamp: str | None = None, *, stamped: bool = False) -> DeadlinePolicy:
    """The desk's rules, with its working-day calendar and time zone for the rules that count working time.

    Read in the caller's transaction, every time: another seat may have changed a rule, a holiday or the
    time zone a moment ago. What is read each time is only the policy's stamp (store.models.PolicyStamp: a
    random token its triggers renew on any change of those inputs, by any seat or path); the policy built
    from the inputs (the calendar's days as objects, the rule table) is kept by that token, so an unchanged
    desk reuses it and any change builds a new one. `stamped`: the caller read `stamp` already, in this
    transaction (services.ticket_logging reads it with its other checks). No stamp (its row gone): built
    each time, never kept."""
    if not stamped:
        stamp = policy_stamp(s)
    policy = _POLICIES.get(stamp) if stamp is not None else None
    if policy is None:
        rows = s.scalars(select(DeadlineRuleRow)).all()
        policy = DeadlinePolicy(
            (DeadlineRule(kind=r.kind, minutes=r.minutes, category_id=r.category_id, urgency=r.urgency,
                          working_time=r.working_time) for r in rows),
            calendar=queries.work_calendar(s), tz=timezone_of(s))
        if stamp is not None:
            if len(_POLICIES) >= 8:  # a desk's policy changes rarely; a few desks (tests) share the process
                _POLICIES.pop(next(iter(_POLICIES)))
            _POLICIES[stamp] = policy
    return policy


_POLICIES: dict[str, DeadlinePolicy] = {}  # the policy's stamp -> the policy built from its inputs


def cached_policy(stamp: str | None) -> DeadlinePolicy | None:
    """The policy built already for this stamp, if one was (no statement; see load_policy)."""
    return _POLICIES.get(stamp) if stamp is not None else None


def policy_stamp_column() -> ColumnElement[Any]:
    """The policy's stamp as a scalar subquery, for a caller that reads it with other values in one
    statement (None when its row is gone)."""
    return _STAMP.scalar_subquery()


def policy_stamp(s: Session) -> str | None:
    """The deadline policy's stamp now, in `s`'s transaction: another token than before means a rule, the
    calendar or the time zone changed (migration 0025's triggers), by any seat."""
    stamp: str | None = s.scalar(_STAMP)
    return stamp


_STAMP = select(PolicyStamp.__table__.c.token).where(PolicyStamp.__table__.c.id == 1)


def parent_of(s: Session, category_id: int | None) -> int | None:
    """The category's parent (None at the top); asked once per category in a transaction (the rules of a
    ticket's deadlines look at it for each kind): within a write nothing else writes."""
    if category_id is None:
        return None
    memo = s.info.setdefault("hotline_parent_of", {})
    if category_id not in memo:
        memo[category_id] = s.scalar(_PARENT_OF, {"id": category_id})
    parent: int | None = memo[category_id]
    return parent


_PARENT_OF = select(Category.__table__.c.parent_id).where(Category.__table__.c.id == bindparam("id"))


def open_deadline(s: Session, policy: DeadlinePolicy, ticket: Ticket, kind: str,
                  start: datetime, rule_kind: str | None = None) -> Deadline | None:
    """Open one deadline row; None where no rule covers the ticket (an optional kind: the arrival
    deadline of a ticket that is not 特急)."""
    due = policy.due_at(rule_kind or kind, start, ticket.category_id, ticket.urgency,
                                parent_of(s, ticket.category_id))
    if due is None:
        return None
    d = Deadline(ticket_id=ticket.id, kind=kind, start_at=start, due_at=due)
    s.add(d)
    return d


@dataclass
class StepDeadlines:
    """What a step did to existing deadline rows, for taking it back (services/step_undo.py):
    the ids it closed and the ids it re-timed with their due time before."""

    closed: list[int] = field(default_factory=list)
    retimed: list[tuple[int, datetime]] = field(default_factory=list)


def apply_step_effects(s: Session, ticket: Ticket, action: str, at: datetime, actor: Actor,
                       policy: DeadlinePolicy | None = None, fx: DeadlineEffects | None = None) -> StepDeadlines:
    """Open, close, supersede and re-time `ticket`'s deadlines as the step `action` does
    (console.domain.deadline_effects: the one table the services, demo and import share);
    `fx` when the step's effects depend on what follows it (logging: `log_opens`)."""
    fx = effects_of(action) if fx is None else fx
    done = StepDeadlines()
    by_outcome: dict[str, list[str]] = {}
    for kind, outcome in fx.close:
        by_outcome.setdefault(outcome, []).append(kind)
    for outcome, kinds in by_outcome.items():
        done.closed += close_deadlines(s, ticket.id, tuple(kinds), at, actor, outcome)
    if not (fx.retime or fx.open):
        return done
    policy = policy or load_policy(s)
    for kind, rule in fx.retime:
        rows = s.scalars(select(Deadline).where(
            Deadline.ticket_id == ticket.id, Deadline.kind == kind, Deadline.done_at.is_(None))).all()
        if not rows:
            open_deadline(s, policy, ticket, kind, at, rule_kind=rule)
        for d in rows:  # re-timed from when the promise started, not from now
            done.retimed.append((d.id, d.due_at))
            d.due_at = policy.due_at(rule, d.start_at, ticket.category_id, ticket.urgency,
                                     parent_of(s, ticket.category_id)) or d.due_at  # re-timed kinds have rules
    for kind, rule in fx.open:
        open_deadline(s, policy, ticket, kind, at, rule_kind=rule)
    return done


def close_deadlines(s: Session, ticket_id: int, kinds: tuple[str, ...], at: datetime,
                    actor: Actor, outcome: str = DeadlineOutcome.DONE) -> list[int]:
    """Close the ticket's open deadlines of `kinds`; the ids closed."""
    ids = list(s.scalars(select(Deadline.id).where(
        Deadline.ticket_id == ticket_id, Deadline.kind.in_(kinds), Deadline.done_at.is_(None))))
    if ids:
        s.execute(update(Deadline).where(Deadline.id.in_(ids))
                  .values(done_at=at, done_by=actor.id, outcome=str(outcome)))
    return ids


def snooze(desk: Desk, actor: Actor, deadline_id: int, until: datetime, reason: str) -> Changes:
    """Silence an alert until `until`; the deadline itself stays due (and overdue)."""
    now = desk.now()
    if until <= now:
        raise ValidationError("推迟提醒的时间必须晚于现在。", "Snooze until a time after now.")
    if until - now > timedelta(days=7):
        raise ValidationError("提醒最多推迟 7 天。", "An alert can be snoozed for 7 days at most.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请写明推迟提醒的原因。", "Please give a reason for snoozing.")
    with desk.db.write() as s:
        d = s.get(Deadline, deadline_id)
        if d is None or d.done_at is not None:
            raise NotFound("这条提醒已完成或不存在。", "This reminder is already done or does not exist.")
        old = {"snoozed_until": d.snoozed_until}
        d.snoozed_until = until
        d.snooze_reason = reason[:500]
        audit(s, actor, now, "snooze", "deadline", d.id, old,
              {"snoozed_until": until, "reason": d.snooze_reason, "ticket_id": d.ticket_id})
    return Changes(deadlines=True)


def set_rule(desk: Desk, actor: Actor, kind: str, minutes: object, category_id: int | None = None,
             urgency: str | None = None, working_time: bool = False,
             expected: tuple[int, bool] | tuple[()] | None = None) -> Changes:
    """Create or change one rule; applies to deadlines opened from now on.

    `working_time`: its minutes count on working days only (the desk's calendar). `expected`: the rule as
    the form read it ((minutes, working_time), or () when the scope had none): a change another seat made
    meanwhile is not overwritten (None: no check, for the command line and the defaults)."""
    require(actor.role, "edit_deadline_rules")
    if kind not in {k for k, *_ in RULE_KINDS}:
        raise ValidationError(f"未知的时限类型：{kind}", f"Unknown deadline kind: {kind}")
    if urgency is not None:
        urgency = str(Urgency.from_text(urgency))
    minutes = validate_minutes(minutes)
    working_time = bool(working_time)
    with desk.db.write() as s:
        row = s.scalar(select(DeadlineRuleRow).where(
            DeadlineRuleRow.kind == kind,
            DeadlineRuleRow.category_id.is_(None) if category_id is None else DeadlineRuleRow.category_id == category_id,
            DeadlineRuleRow.urgency.is_(None) if urgency is None else DeadlineRuleRow.urgency == urgency,
        ))
        if expected is not None:
            now_there: tuple[int, bool] | tuple[()] = (row.minutes, bool(row.working_time)) if row else ()
            if now_there != tuple(expected) and now_there != (minutes, working_time):
                raise stale_copy(s, desk, "deadline_rule", row.id if row else 0, "时限规则")
        old = {"minutes": row.minutes, "working_time": row.working_time} if row else {}
        if row is None:
            row = DeadlineRuleRow(kind=kind, category_id=category_id, urgency=urgency, minutes=minutes,
                                  working_time=working_time)
            s.add(row)
        else:
            row.minutes, row.working_time = minutes, working_time
        s.flush()
        audit(s, actor, desk.now(), "set_deadline_rule", "deadline_rule", row.id, old,
              {"kind": kind, "category_id": category_id, "urgency": urgency, "minutes": minutes,
               "working_time": working_time})
    return Changes(settings=True)


def delete_rule(desk: Desk, actor: Actor, rule_id: int) -> Changes:
    require(actor.role, "edit_deadline_rules")
    with desk.db.write() as s:
        row = s.get(DeadlineRuleRow, rule_id)
        if row is None:
            raise NotFound("没有这条时限规则。", "No such deadline rule.")
        if row.category_id is None and row.urgency is None:
            raise ValidationError("默认规则不能删除，只能修改分钟数。",
                                  "A default rule cannot be deleted, only changed.")
        audit(s, actor, desk.now(), "delete_deadline_rule", "deadline_rule", row.id,
              {"kind": row.kind, "category_id": row.category_id, "urgency": row.urgency,
               "minutes": row.minutes}, None)
        s.delete(row)
    return Changes(settings=True)


def recompute_open(desk: Desk, actor: Actor) -> int:
    """Re-time every open ticket deadline from its start with the current rules."""
    require(actor.role, "edit_deadline_rules")
    n = 0
    with desk.db.write() as s:
        policy = load_policy(s)
        rows = s.execute(
            select(Deadline, Ticket).join(Ticket, Deadline.ticket_id == Ticket.id)
            .where(Deadline.done_at.is_(None))
        ).all()
        for d, t in rows:
            rule_kind = "escalated_resolution" if (d.kind == "resolution" and t.escalated_at) else d.kind
            due = policy.due_at(rule_kind, d.start_at, t.category_id, t.urgency,
                                        parent_of(s, t.category_id))
            if due is not None and due != d.due_at:  # an arrival deadline no rule covers now: left as it is
                d.due_at = due
                n += 1
        audit(s, actor, desk.now(), "recompute_deadlines", "deadline", None, None, {"changed": n})
    return n


DueItem = queries.DueItem  # a row of the due queue: the window's queue, tray and alerts show these
DeadlineRuleInfo = queries.DeadlineRuleInfo  # a row of the rules dialog


def deadline_rules(desk: Desk) -> list[DeadlineRuleInfo]:
    """Every deadline rule with its category's name, for the rules dialog (store.queries.deadline_rules)."""
    with desk.db.read() as s:
        return queries.deadline_rules(s)


def due_queue_and_next(desk: Desk, now: datetime, horizon: timedelta) -> tuple[list[DueItem], datetime | None]:
    """The queue at `now` (due before now + horizon, overdue included) and the due time of the first
    deadline beyond the horizon, in one read: the alert controller re-arms its timer for it."""
    with desk.db.read() as s:
        return queries.due_queue(s, now, horizon), queries.next_due_after(s, now + horizon)


def due_queue(desk: Desk, now: datetime, horizon: timedelta = timedelta(hours=1)) -> list[queries.DueItem]:
    """What is due before now + horizon, overdue included, by due time (store.queries.due_queue).

    For callers that hold no session, such as the command line's `due`:
    the query stays in the store, the read transaction here.
    """
    with desk.db.read() as s:
        return queries.due_queue(s, now, horizon)
