"""What a step changed, kept with its event, so the step can be taken back (console.domain.undo).

Before a step the services note the ticket's fields that steps change and
the newest deadline row the ticket has; after it, which rows it closed and
which it re-timed (services.deadlines.StepDeadlines). Undoing puts the
fields back, deletes the rows the step opened (every row of the ticket newer
than the noted one: only the latest step is ever undone, and the ticket row
is locked meanwhile), reopens the rows it closed and gives re-timed rows
their old due time. Stored as JSON text in `ticket_events.before_state`.
"""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from ..domain.audit_chain import as_json
from ..domain.deadline_effects import RES
from ..domain.lifecycle import OPEN_STATUS_CODES
from ..store.models import Deadline, Ticket
from .deadlines import StepDeadlines, load_policy, open_deadline

# The ticket's fields a lifecycle step may change (services/tickets.py); `updated_at` and `version`
# move forward on an undo like on any change.
STEP_FIELDS = ("status", "unit_id", "contact_id", "dispatched_at", "escalated_at", "resolved_at", "result",
               "callback_at", "satisfaction", "attitude", "ability", "reopen_count", "void_reason", "paused_at",
               "arrived_at", "satisfaction_scale", "callback_outcome", "review_stage", "solved")
_TIMES = frozenset({"dispatched_at", "escalated_at", "resolved_at", "callback_at", "paused_at", "arrived_at"})


def capture(s: Session, t: Ticket) -> dict[str, Any]:
    """The ticket as it is before a step, and its newest deadline row's id."""
    fields = {f: getattr(t, f) for f in STEP_FIELDS}
    for f in _TIMES:
        if fields[f] is not None:
            fields[f] = fields[f].isoformat()
    newest = s.scalar(select(func.max(Deadline.id)).where(Deadline.ticket_id == t.id))
    return {"fields": fields, "newest_deadline": newest or 0}


def encode(before: dict[str, Any], done: StepDeadlines) -> str:
    return as_json({**before, "closed": done.closed, "retimed": [[i, due.isoformat()] for i, due in done.retimed]})


def restore(s: Session, t: Ticket, state_json: str, step_at: datetime) -> None:
    """Put the ticket and its deadlines back as `state_json` (from `encode`) says.

    A ticket that goes back to an open state is owed an outcome (the deadline
    invariant): when its earlier promise was never a row of its own — a call
    dispatched or answered as it was logged — a resolution deadline opens
    from the step's time, as logging alone would have opened it. A ticket
    that goes back to being paused (挂起) has its pause on record instead."""
    state = json.loads(state_json)
    for f, v in state["fields"].items():
        setattr(t, f, datetime.fromisoformat(v) if f in _TIMES and v is not None else v)
    s.execute(delete(Deadline).where(Deadline.ticket_id == t.id, Deadline.id > state["newest_deadline"]))
    if state["closed"]:
        s.execute(update(Deadline).where(Deadline.id.in_(state["closed"]))
                  .values(done_at=None, done_by=None, outcome=None))
    for i, due in state["retimed"]:
        s.execute(update(Deadline).where(Deadline.id == i).values(due_at=datetime.fromisoformat(due)))
    if t.status in OPEN_STATUS_CODES and t.paused_at is None and not s.scalar(select(func.count()).select_from(Deadline).where(
            Deadline.ticket_id == t.id, Deadline.kind == RES, Deadline.done_at.is_(None))):
        open_deadline(s, load_policy(s), t, RES, step_at)
