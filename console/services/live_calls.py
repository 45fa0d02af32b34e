"""Several seats, one telephone: a ring shows on every seat, the seat that answers takes it, the others see who.

The link that hears the telephone (a seat's in-process link or `calls listen` on a desk PC or server)
writes what it hears into `live_calls` (`publish`); every seat's window reads the new rows
(`rows_since`, one primary-key query a few times a second, console.ui.calls.ring_watch) and shows the
caller card. Taking the call — Enter on a card, or the SIP link's answer on this seat's extension — is
`claim`: ``UPDATE … WHERE taken_by IS NULL``, so exactly one seat wins and every seat reads its name.
A call some seat took is never a missed call: the link asks (`taken_by`) before it records one, the record
asks again in its own write (`taken_by_in`), and a claim written a moment after another seat's leg ended
unanswered takes back the missed call that leg left (`_withdraw_missed`) — writes are one at a time, so
whichever comes second sees the first.

One call may reach the desk as several legs with call ids of their own (a PBX ring group that calls
each seat's extension separately): a ring from a number that already rings, within SHARE_WINDOW, is
the same call, and an answer or an end names the row the same way (`_row`).

The rows are a blackboard, not a record: no audit row for a ring (the missed call and the ticket are
the desk's records, audited as ever), one for a call a person took; rows older than PRUNE_AFTER go
when the next ring is written — all but the newest: SQLite gives a new row the highest id plus one,
and the seats look for ids above the last they saw, so the highest id must never go away.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, and_, delete, exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..domain.calls import Call, CallStage, EndCause, clean_call_id
from ..domain.errors import ValidationError
from ..domain.phone import normalise_phone
from ..store import queries
from ..store.models import AuditEntry, Deadline, LiveCall, MissedCall
from .context import Actor, Desk, audit

SHARE_WINDOW = timedelta(seconds=60)  # another leg of a ringing call: the same number, rung this recently
PRUNE_AFTER = timedelta(days=1)
RING_FRESH = timedelta(seconds=120)  # a shared ring older than this when a seat first reads it: not shown
MAX_TAKER = 80


@dataclass(frozen=True)
class ClaimResult:
    """Who holds the call after a claim: `won` when it was this claim; `taken_by` "" when no such call."""

    won: bool
    taken_by: str


def _row(s: Session, call_id: str, caller: str, at: datetime, *, ringing_only: bool = False) -> LiveCall | None:
    """The desk's row of this call: by its call id, else (another leg) a ring from the same number."""
    row = s.scalar(select(LiveCall).where(LiveCall.call_id == call_id))
    if row is not None or not caller:
        return row
    q = select(LiveCall).where(LiveCall.caller == caller, LiveCall.rang_at >= at - SHARE_WINDOW,
                               LiveCall.rang_at <= at + SHARE_WINDOW)
    if ringing_only:
        q = q.where(LiveCall.ended_at.is_(None))
    return s.scalar(q.order_by(LiveCall.id.desc()).limit(1))


def publish(desk: Desk, stage: CallStage, call: Call) -> None:
    """What a link heard, for every seat: a ring adds the row (once per call, whichever seat's link is
    first), an answer or an end is set on it. Outgoing calls (call-backs) are this seat's own business."""
    if call.outgoing:
        return
    cid = clean_call_id(call.call_id)
    try:
        with desk.db.write() as s:
            row = _row(s, cid, call.caller, call.rang_at, ringing_only=stage is CallStage.RINGING)
            if stage is CallStage.RINGING:
                if row is None:
                    newest = s.scalar(select(func.max(LiveCall.id))) or 0  # kept: ids never go back
                    s.execute(delete(LiveCall).where(LiveCall.rang_at < call.rang_at - PRUNE_AFTER,
                                                     LiveCall.id < newest))
                    s.add(LiveCall(call_id=cid, caller=call.caller, line=call.line[:128],
                                   source=call.source[:16], rang_at=call.rang_at))
                return
            if row is None:  # an answer or an end of a ring nobody published (the ring was dropped)
                row = LiveCall(call_id=cid, caller=call.caller, line=call.line[:128], source=call.source[:16],
                               rang_at=call.rang_at)
                s.add(row)
            if call.answered_at is not None and row.answered_at is None:
                row.answered_at = call.answered_at
            if stage is CallStage.ENDED and row.ended_at is None:
                row.ended_at = call.ended_at
                row.cause = call.cause.value if call.cause is not None else None
    except IntegrityError:  # another seat's link wrote the same call at the same moment: it is there
        return


def claim(desk: Desk, call_id: str, caller: str, taker: str, at: datetime, actor: Actor | None = None) -> ClaimResult:
    """Take the call for `taker` (how the other seats will name this seat: "张三（8001）"); exactly one
    claim wins. A claim by the seat that already holds the call wins again (its card and its softphone
    both say so). `actor`: the person who took it on the card (audited); None for the link's answer."""
    cid = clean_call_id(call_id)
    taker = " ".join((taker or "").split())[:MAX_TAKER] or "?"
    with desk.db.write() as s:
        row = _row(s, cid, caller, at)
        if row is None:
            row = LiveCall(call_id=cid, caller=caller, line="", source="", rang_at=at)
            s.add(row)
            s.flush()
        result = s.execute(update(LiveCall).where(LiveCall.id == row.id, LiveCall.taken_by.is_(None)).values(
            taken_by=taker, taken_at=at, taken_by_user=actor.id if actor else None,
            answered_at=row.answered_at or at))
        won = cast(CursorResult[Any], result).rowcount == 1
        s.refresh(row)
        holder = row.taken_by or ""
        if won and actor is not None:
            audit(s, actor, desk.now(), "take_call", "live_call", row.id, None,
                  {"call_id": row.call_id, "taken_by": holder})
        if won:
            _withdraw_missed(s, row, holder, desk.now(), actor or Actor.system())
    return ClaimResult(won or holder == taker, holder)


def _withdraw_missed(s: Session, row: LiveCall, holder: str, now: datetime, actor: Actor) -> None:
    """Take back what another seat recorded as missed for this call a moment before this claim was written.

    Its leg ended unanswered and its link asked who held the call before the claim was committed: the
    call was answered all the same. Left as missed it would count against the desk's 接通率 and remind the
    desk to call back a resident it has just served. Taken back: a missed call by this call's id, or by
    another leg of it (a call id with no row of its own, the same number, rung within SHARE_WINDOW) — and
    only one nobody has acted on yet (not called back, no ticket, no call-back attempt). Its deadline goes
    with it; the audit row keeps what it was."""
    legs = MissedCall.call_id == row.call_id
    try:
        number = normalise_phone(row.caller) if row.caller else ""
    except ValidationError:
        number = ""
    if number:
        legs = or_(legs, and_(MissedCall.call_id.is_not(None), MissedCall.phone == number,
                              MissedCall.at >= row.rang_at - SHARE_WINDOW, MissedCall.at <= row.rang_at + SHARE_WINDOW,
                              ~exists().where(LiveCall.call_id == MissedCall.call_id)))
    acted = exists().where(AuditEntry.entity == "missed_call", AuditEntry.entity_id == MissedCall.id,
                           AuditEntry.action != "log_missed_call")
    for mc in s.scalars(select(MissedCall).where(legs, MissedCall.called_back_at.is_(None),
                                                 MissedCall.ticket_id.is_(None), ~acted)).all():
        s.execute(delete(Deadline).where(Deadline.missed_call_id == mc.id))
        old = {"phone": mc.phone, "at": mc.at, "call_id": mc.call_id}
        s.delete(mc)
        audit(s, actor, now, "withdraw_missed_call", "missed_call", mc.id, old, {"taken_by": holder})


def taken_by_in(s: Session, call_id: str, caller: str, at: datetime) -> str:
    """Who of the desk took this call ("" nobody), read in the caller's own transaction."""
    row = _row(s, clean_call_id(call_id), caller, at)
    if row is None:
        return ""
    return row.taken_by or ("?" if row.answered_at is not None else "")


def taken_by(desk: Desk, call: Call) -> str:
    """Who of the desk took this call ("" nobody): a call a seat answered is not missed at another."""
    with desk.db.read() as s:
        return taken_by_in(s, call.call_id, call.caller, call.rang_at)


LiveRow = queries.LiveRow  # a row of the live-call board the window's phone link watches


def as_call(row: queries.LiveRow) -> Call:
    """A shared row as the call the seats know (an unknown cause stored by a newer seat: none)."""
    try:
        cause = EndCause(row.cause) if row.cause else None
    except ValueError:
        cause = None
    return Call(row.call_id, row.caller, row.line, row.rang_at, source=row.source or "shared",
                answered_at=row.answered_at, ended_at=row.ended_at, cause=cause)


def worth_showing(row: queries.LiveRow, now: datetime) -> bool:
    """Whether a seat that first reads this ring now should show its card: nobody took it, it has not
    ended, and it is fresh — a seat that was busy (a modal dialog, a long save) for minutes and reads the
    rows afterwards must not pop up a card for a call long over."""
    return not row.taken_by and row.ended_at is None and now - row.rang_at <= RING_FRESH


def rows_since(desk: Desk, after_id: int, watched: tuple[int, ...] = ()) -> list[queries.LiveRow]:
    """New rows after `after_id`, and the `watched` ones (the card a seat shows)."""
    with desk.db.read() as s:
        return queries.live_call_rows(s, after_id, watched)


def last_id(desk: Desk) -> int:
    with desk.db.read() as s:
        return queries.last_live_call_id(s)
