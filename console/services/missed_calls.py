"""未接来电: every missed call is called back; the queue reminds the desk."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..domain.calls import DialOutcome, clean_call_id
from ..domain.enums import DeadlineKind, DeadlineOutcome
from ..domain.errors import NotFound, ValidationError
from ..domain.phone import normalise_phone
from ..store import queries
from ..store.models import AuditEntry, Deadline, MissedCall, Ticket
from . import live_calls
from .context import Actor, Changes, Desk, audit
from .deadlines import load_policy
from .desk_settings import limit

KIND = DeadlineKind.MISSED_CALLBACK.value


def log_missed_call(desk: Desk, actor: Actor, phone: str, at: datetime | None = None) -> int:
    """F3: a missed call typed by the operator."""
    now = desk.now()
    at = at or now
    if at > now:
        raise ValidationError("未接来电时间不能晚于现在。", "A missed call cannot be in the future.")
    number = normalise_phone(phone)
    with desk.db.write() as s:
        return _add(s, actor, now, number, at, None)


def record_phone_missed_call(desk: Desk, actor: Actor, call_id: str, phone: str,
                             at: datetime) -> tuple[int, datetime] | None:
    """A missed call the telephone link reported: once per call id, whoever reports it.

    The new missed call's id and its call-back deadline; None when the call id is already recorded (a
    replayed event, or another seat's link was first) or a seat of the desk took the call (a ring group's
    other leg answered): nothing is written then. Writers take the desk's write lock one at a time
    (store.database), so the look-up and the insert cannot interleave with another seat's;
    the unique index on missed_calls.call_id stands behind it."""
    now = desk.now()
    at = min(at, now)  # a link's clock a little ahead of ours: the call did not ring in the future
    number = normalise_phone(phone)
    cid = clean_call_id(call_id)
    try:
        with desk.db.write() as s:
            if s.scalar(select(MissedCall.id).where(MissedCall.call_id == cid)) is not None:
                return None
            if live_calls.taken_by_in(s, cid, phone, at):  # a seat took it since the link asked
                return None
            mc_id = _add(s, actor, now, number, at, cid)
            due = s.scalar(select(Deadline.due_at).where(Deadline.missed_call_id == mc_id))
            assert due is not None
            return mc_id, due
    except IntegrityError:  # another writer got there first after all: it is recorded, once
        return None


def _add(s: Session, actor: Actor, now: datetime, number: str, at: datetime, call_id: str | None) -> int:
    mc = MissedCall(phone=number, at=at, logged_by=actor.id, note="", call_id=call_id)
    s.add(mc)
    s.flush()
    due = load_policy(s).due_at(KIND, at, None, None)
    assert due is not None  # the call-back rule has a built-in default (deadline_policy.DEFAULT_RULES)
    s.add(Deadline(missed_call_id=mc.id, kind=KIND, start_at=at, due_at=due))
    new: dict[str, object] = {"phone": number, "at": at}
    if call_id is not None:
        new["call_id"] = call_id
    audit(s, actor, now, "log_missed_call", "missed_call", mc.id, None, new)
    return mc.id


def _not_called_back(s: Session, missed_call_id: int) -> MissedCall:
    """The missed call, still waiting for its call-back; NotFound or a ValidationError otherwise."""
    mc = s.get(MissedCall, missed_call_id)
    if mc is None:
        raise NotFound("未接来电记录不存在。", "No such missed call.")
    if mc.called_back_at is not None:
        raise ValidationError("这个未接来电已经回拨过。", "This missed call was already called back.")
    return mc


def call_back(desk: Desk, actor: Actor, missed_call_id: int, note: str = "",
              ticket_id: int | None = None) -> Changes:
    """Record the call-back; `ticket_id` links the ticket it turned into, if any."""
    now = desk.now()
    with desk.db.write() as s:
        mc = _not_called_back(s, missed_call_id)
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


def record_call_back_outcome(desk: Desk, actor: Actor, missed_call_id: int, outcome: DialOutcome,
                             note: str = "") -> Changes:
    """What the telephone link said of a call-back it dialled (console.telephony.dialer).

    Reached: the call-back is recorded as `call_back` records one by hand (the deadline done). No answer
    or busy: an attempt — the deadline keeps its due time (the resident is owed the call by then all
    the same) and is snoozed until the desk's ``missed_retry_minutes`` from now, so the queue brings it
    back then; the attempt is audited with its outcome and shows as the snooze's reason."""
    if outcome is DialOutcome.REACHED:
        return call_back(desk, actor, missed_call_id, note or "经电话链路回拨，已接通")
    now = desk.now()
    with desk.db.write() as s:
        mc = _not_called_back(s, missed_call_id)
        n = 1 + (s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.entity == "missed_call", AuditEntry.entity_id == mc.id,
            AuditEntry.action == "call_back_attempt")) or 0)
        retry = now + timedelta(minutes=limit(s, "missed_retry_minutes"))
        reason = f"回拨{outcome.label('zh')}（第 {n} 次）"
        for d in s.scalars(select(Deadline).where(Deadline.missed_call_id == mc.id, Deadline.done_at.is_(None))):
            d.snoozed_until, d.snooze_reason = retry, reason
        audit(s, actor, now, "call_back_attempt", "missed_call", mc.id, None,
              {"outcome": outcome.value, "attempt": n, "retry_at": retry, "note": (note or "").strip()[:500]})
    return Changes(missed_calls=True, deadlines=True)


# --- reading the list (the missed-calls window) ----------------------------------------------------

MissedCallRow = queries.MissedCallRow


def missed_calls_page(desk: Desk, *, open_only: bool, after: tuple[datetime, int] | None,
                      limit: int) -> list[MissedCallRow]:
    """A keyset page of missed calls, newest first, after (time, id) of the last row seen."""
    with desk.db.read() as s:
        return list(queries.missed_calls_page(s, open_only=open_only, after=after, limit=limit))


def open_missed_count(desk: Desk) -> int:
    """How many missed calls nobody has called back yet (the window's 未回拨 count)."""
    with desk.db.read() as s:
        return queries.missed_calls_open_count(s)
