"""未接来电: every missed call is called back; the queue reminds the desk."""
from __future__ import annotations

from datetime import datetime

from ..domain.enums import DeadlineKind, DeadlineOutcome
from ..domain.errors import NotFound, ValidationError
from ..domain.phone import normalise_phone
from ..store.models import Deadline, MissedCall, Ticket
from .context import Actor, Changes, Desk, audit
from .deadlines import load_policy

KIND = DeadlineKind.MISSED_CALLBACK.value


def log_missed_call(desk: Desk, actor: Actor, phone: str, at: datetime | None = None) -> int:
    now = desk.now()
    at = at or now
    if at > now:
        raise ValidationError("未接来电时间不能晚于现在。", "A missed call cannot be in the future.")
    number = normalise_phone(phone)
    with desk.db.write() as s:
        mc = MissedCall(phone=number, at=at, logged_by=actor.id, note="")
        s.add(mc)
        s.flush()
        due = load_policy(s).due_at(KIND, at, None, None)
        assert due is not None  # the call-back rule has a built-in default (deadline_policy.DEFAULT_RULES)
        s.add(Deadline(missed_call_id=mc.id, kind=KIND, start_at=at, due_at=due))
        audit(s, actor, now, "log_missed_call", "missed_call", mc.id, None, {"phone": number, "at": at})
        return mc.id


def call_back(desk: Desk, actor: Actor, missed_call_id: int, note: str = "",
              ticket_id: int | None = None) -> Changes:
    """Record the call-back; `ticket_id` links the ticket it turned into, if any."""
    now = desk.now()
    with desk.db.write() as s:
        mc = s.get(MissedCall, missed_call_id)
        if mc is None:
            raise NotFound("未接来电记录不存在。", "No such missed call.")
        if mc.called_back_at is not None:
            raise ValidationError("这个未接来电已经回拨过。", "This missed call was already called back.")
        if ticket_id is not None and s.get(Ticket, ticket_id) is None:
            raise NotFound("工单不存在。", "No such ticket.")
        mc.called_back_at, mc.called_back_by = now, actor.id
        mc.note = (note or "").strip()[:2000]
        mc.ticket_id = ticket_id
        for d in s.query(Deadline).filter(Deadline.missed_call_id == mc.id, Deadline.done_at.is_(None)):
            d.done_at, d.done_by, d.outcome = now, actor.id, DeadlineOutcome.DONE.value
        audit(s, actor, now, "call_back", "missed_call", mc.id, None,
              {"ticket_id": ticket_id, "note": mc.note})
    return Changes(missed_calls=True, deadlines=True)
