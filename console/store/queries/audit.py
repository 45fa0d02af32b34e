"""The supervisor's views: the audit trail and the deadline rules."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func, literal, select
from sqlalchemy.orm import Session, aliased

from ..models import (
    Category,
    Deadline,
    Ticket,
)


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    user: str | None  # display name; None for the system or the command line
    action: str
    entity: str
    entity_id: int | None
    ticket_number: str | None  # the ticket the row is about (directly or through its deadline)
    old: str  # JSON text as written by services.context.audit ("" when none)
    new: str


def audit_rows(s: Session, actions=None, limit: int = 500, since: datetime | None = None) -> list[AuditRow]:
    """The newest audit rows, optionally only these actions (e.g. {"snooze"}) and only since a time.

    `since` keeps the scan on the time index of a trail that grows by every
    write of every seat; the supervisor's view passes the last few weeks.
    """
    from ..models import AuditEntry, User

    ticket_id = func.coalesce(Deadline.ticket_id,
                              case((AuditEntry.entity == "ticket", AuditEntry.entity_id), else_=None))
    q = (select(AuditEntry.id, AuditEntry.at, User.display_name, AuditEntry.action, AuditEntry.entity,
                AuditEntry.entity_id, Ticket.number, AuditEntry.old, AuditEntry.new)
         .outerjoin(User, AuditEntry.user_id == User.id)
         .outerjoin(Deadline, and_(AuditEntry.entity == "deadline", Deadline.id == AuditEntry.entity_id))
         .outerjoin(Ticket, Ticket.id == ticket_id))
    if actions:
        q = q.where(AuditEntry.action.in_(sorted(set(actions))))
    if since is not None:
        q = q.where(AuditEntry.at >= since)
        q = q.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    else:
        q = q.order_by(AuditEntry.id.desc())
    return [AuditRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7] or "", r[8] or "")
            for r in s.execute(q.limit(limit))]


@dataclass(frozen=True)
class DeadlineRuleInfo:
    id: int
    kind: str
    category_id: int | None
    category: str | None  # path, e.g. 水电气/停电
    urgency: str | None
    minutes: int
    working_time: bool = False  # the minutes count on working days only


def deadline_rules(s: Session) -> list[DeadlineRuleInfo]:
    """Every stored deadline rule with its category's path (the rules editor's list)."""
    parent = aliased(Category)
    cat_path = func.coalesce(parent.name + literal("/") + Category.name, Category.name)
    from ..models import DeadlineRuleRow

    q = (select(DeadlineRuleRow.id, DeadlineRuleRow.kind, DeadlineRuleRow.category_id, cat_path,
                DeadlineRuleRow.urgency, DeadlineRuleRow.minutes, DeadlineRuleRow.working_time)
         .outerjoin(Category, DeadlineRuleRow.category_id == Category.id)
         .outerjoin(parent, Category.parent_id == parent.id)
         .order_by(DeadlineRuleRow.kind, DeadlineRuleRow.category_id.is_not(None), cat_path,
                   DeadlineRuleRow.urgency.is_not(None), DeadlineRuleRow.urgency, DeadlineRuleRow.id))
    return [DeadlineRuleInfo(*r) for r in s.execute(q)]
