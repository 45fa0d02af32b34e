"""The rows of a shift log: what came in, what was missed, what is handed over.

A shift is a window of time: a `Shift` row (opened and closed by an
operator) or a local day or night by the clock (`timeutil.shift_bounds`:
night = the desk's night start (20:00 by default) on the date to its day start
the next day, in the desk's zone; services.desk_settings.shift_hours). The
log describes that window *as of* its end, or as of now while it is still
running, so a log printed next week says what the next shift was handed,
not what happened since:

- every ticket received in the window (and, for a `Shift` row, every ticket
  logged in it), oldest first, with its status and its steps up to that
  moment (`ticket_events`);
- missed calls in the window and their call-backs made by then;
- call-backs made in the window (check-backs, satisfaction calls) on tickets
  the shift did not take (`_callbacks`);
- tickets still open at that moment and follow-ups (check-back, satisfaction
  and missed-call call-backs) still open then: what the next shift inherits.
  The open tickets the shift did not take — its *backlog*, often weeks old —
  are counted by unit × age band (console.domain.backlog); listed only when
  the log asks for the full list (`full_backlog`, up to FULL_BACKLOG_CAP);
- the handover note and the people on duty (whoever opened, closed or
  logged a ticket in the window).

A past ticket's status at that moment is read back from its events, so
only tickets that could have changed since are looked at again
(`_open_at`). Lists the next shift must act on are capped (`LIST_CAP`) and
say how many more there are; the calls of the shift are never capped.

Everything comes out as plain frozen dataclasses of console.domain.report_rows: the PDF builder
(`console.reports.shift_log_pdf`) never sees a session. Phone numbers are
masked here unless the caller asks otherwise, so an unmasked number never
reaches a report that did not ask for one.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, tzinfo

from sqlalchemy import and_, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from ..domain.address import display as display_address
from ..domain.backlog import BacklogItem, BacklogSummary, summarize_backlog
from ..domain.enums import DeadlineKind, ShiftKind, Status
from ..domain.errors import NotFound
from ..domain.lifecycle import NOT_COUNTED_CODES
from ..domain.lifecycle import OPEN_STATUS_CODES as _OPEN
from ..domain.masking import mask_text, private
from ..domain.phone import mask_phone
from ..domain.report_rows import (
    DueFollowUp,
    OpenTicket,
    ShiftCall,
    ShiftCallback,
    ShiftEvent,
    ShiftInfo,
    ShiftLogData,
    ShiftMissedCall,
    category_label,
)
from ..domain.timeutil import DAY_SHIFT_START, NIGHT_SHIFT_START, shift_bounds
from .models import (
    Category,
    Community,
    Deadline,
    MissedCall,
    RequestTypeRow,
    Setting,
    Shift,
    Ticket,
    TicketEvent,
    Unit,
    User,
)

LIST_CAP = 300
FULL_BACKLOG_CAP = 5000  # the full backlog list, when asked for: ~170 pages at the most
CALLBACK_STEPS = ("check_back_came", "check_back_not_yet", "satisfied", "unsatisfied", "co_check_back")
CHUNK = 500
DEFAULT_DESK_NAME = "社区服务热线值班台"
_FOLLOW_UPS = (DeadlineKind.CHECK_BACK.value, DeadlineKind.SATISFACTION.value,
               DeadlineKind.MISSED_CALLBACK.value)


# ------------------------------------------------------------------ queries

def _desk_name(s: Session) -> str:
    v = s.scalar(select(Setting.value).where(Setting.key == "desk_name"))
    return (v or "").strip() or DEFAULT_DESK_NAME


def _names(s: Session) -> dict[int, str]:
    return {i: (d or u) for i, d, u in s.execute(select(User.id, User.display_name, User.username))}


def _shift_info(sh: Shift, names: dict[int, str], mask: bool = False) -> ShiftInfo:
    return ShiftInfo(sh.id, sh.kind, sh.started_at, sh.ended_at, names.get(sh.opened_by),
                     names.get(sh.closed_by) if sh.closed_by else None, _said(sh.handover_note or "", mask))


def _shift_day(sh: Shift, tz: tzinfo) -> tuple[date, bool]:
    """The date a shift row belongs to: a night opened after midnight is the previous date's."""
    local = sh.started_at.astimezone(tz)
    night = sh.kind == ShiftKind.NIGHT.value
    if night and local.time() < time(12):
        return local.date() - timedelta(days=1), True
    return local.date(), night


def shift_log_for_shift(s: Session, shift_id: int, *, tz: tzinfo, now: datetime,
                        mask: bool = True, full_backlog: bool = False) -> ShiftLogData:
    """The log of one `Shift` row: from its opening to its closing (or now)."""
    sh = s.get(Shift, shift_id)
    if sh is None:
        raise NotFound(f"班次 {shift_id} 不存在。", f"Shift {shift_id} does not exist.")
    names = _names(s)
    day, night = _shift_day(sh, tz)
    start, end = sh.started_at, sh.ended_at or now
    return _build(s, day=day, night=night, start=start, end=end, tz=tz, now=now, mask=mask,
                  shifts=[sh], names=names, extra=Ticket.shift_id == sh.id, running=sh.ended_at is None,
                  full_backlog=full_backlog)


def shift_log_for_day(s: Session, day: date, night: bool, *, tz: tzinfo, now: datetime,
                      mask: bool = True, day_start: time = DAY_SHIFT_START,
                      night_start: time = NIGHT_SHIFT_START, full_backlog: bool = False) -> ShiftLogData:
    """The log of the day shift (`day_start`–`night_start`, the desk's; 08:00–20:00 by default)
    or the night shift that starts on `day`.

    Its handover note and opener come from the `Shift` rows that lie mostly
    inside the window (a day shift closed at 20:05 is not the night's).
    """
    start, end = shift_bounds(day, night, tz, day_start, night_start)
    names = _names(s)
    rows = s.scalars(select(Shift).where(
        Shift.started_at < end, or_(Shift.ended_at.is_(None), Shift.ended_at > start)
    ).order_by(Shift.started_at, Shift.id)).all()
    shifts = []
    for sh in rows:
        s_end = sh.ended_at or now
        span = (s_end - sh.started_at).total_seconds()
        overlap = (min(s_end, end) - max(sh.started_at, start)).total_seconds()
        if span <= 0 or overlap > span / 2:
            shifts.append(sh)
    return _build(s, day=day, night=night, start=start, end=end, tz=tz, now=now, mask=mask,
                  shifts=shifts, names=names, extra=None,
                  running=now < end and not (shifts and all(sh.ended_at for sh in shifts)), full_backlog=full_backlog)


def _said(text: str, mask: bool) -> str:
    """Free text as a masked log shows it: any phone or identity-card number inside masked (domain.masking)."""
    return mask_text(text) if mask else text


def _shown(phone: str | None, mask: bool) -> str:
    phone = phone or ""
    return mask_phone(phone) if (mask and phone) else phone


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]


def _cat_path():
    parent = aliased(Category)
    return parent, func.coalesce(parent.name + literal("/") + Category.name, Category.name)


def _build(s: Session, *, day: date, night: bool, start: datetime, end: datetime, tz: tzinfo,
           now: datetime, mask: bool, shifts: list[Shift], names: dict[int, str], extra,
           running: bool, full_backlog: bool = False) -> ShiftLogData:
    as_of = min(end, now)
    calls = _calls(s, start, end, as_of, mask, names, extra)
    own = {c.ticket_id for c in calls}
    missed = _missed(s, start, end, as_of, mask, names)
    open_rows, open_total, backlog = _open_at(s, as_of, mask, own=own, full=full_backlog)
    callbacks = _callbacks(s, start, as_of, names, mask, own)
    due, due_total = _due_at(s, as_of, mask)
    ops: list[str] = []
    for sh in shifts:
        if sh.opened_by in names:
            ops.append(names[sh.opened_by])
    ops.extend(c.operator for c in calls if c.operator)
    for sh in shifts:
        if sh.closed_by in names:
            ops.append(names[sh.closed_by])
    return ShiftLogData(
        desk_name=_desk_name(s), day=day, night=night, start=start, end=end, as_of=as_of,
        generated_at=now, tz=tz, masked=mask, shifts=tuple(_shift_info(sh, names, mask) for sh in shifts),
        operators=tuple(dict.fromkeys(ops)), calls=calls, missed=missed,
        open_tickets=open_rows, open_total=open_total, backlog=backlog, full_backlog=full_backlog,
        callbacks=callbacks, due=due, due_total=due_total, running=running, photos=_photos(s, start, end))


def _photos(s: Session, start: datetime, end: datetime) -> int:
    """现场照片 added during the shift."""
    from .models import TicketPhoto

    return s.scalar(select(func.count()).select_from(TicketPhoto)
                    .where(TicketPhoto.added_at >= start, TicketPhoto.added_at < end)) or 0


def _calls(s: Session, start: datetime, end: datetime, as_of: datetime, mask: bool,
           names: dict[int, str], extra) -> list[ShiftCall]:
    parent, cat_path = _cat_path()
    window = and_(Ticket.received_at >= start, Ticket.received_at < end)
    q = (select(Ticket.id, Ticket.number, Ticket.received_at, Ticket.channel, Ticket.caller_name,
                Ticket.caller_phone, Community.name, Ticket.building, Ticket.room, Ticket.address,
                Ticket.request_type, Ticket.urgency, cat_path, Ticket.description, Unit.name,
                Ticket.status, Ticket.result, Ticket.satisfaction, Ticket.operator_id, Ticket.confidential,
                Category.code)
         .outerjoin(Community, Ticket.community_id == Community.id)
         .outerjoin(Category, Ticket.category_id == Category.id)
         .outerjoin(parent, Category.parent_id == parent.id)
         .outerjoin(Unit, Ticket.unit_id == Unit.id)
         .where(or_(window, extra) if extra is not None else window)
         .order_by(Ticket.received_at, Ticket.id))
    rows = s.execute(q).all()
    events = _events(s, [r[0] for r in rows], as_of, names, mask)
    type_names = dict(s.execute(select(RequestTypeRow.code, RequestTypeRow.name)).all())
    out = []
    for (tid, number, received, channel, cname, phone, community, building, room, address, rtype,
         urgency, category, description, unit, status, result, sat, op, secret, code) in rows:
        evs = events.get(tid, ())
        status_then = next((e.to_status for e in reversed(evs) if e.to_status), None) or status
        place = display_address(community, building or "", room or "", address or "")
        out.append(ShiftCall(
            ticket_id=tid, number=number, received_at=received, channel=channel,
            caller_name=private(_said(cname or "", mask), secret),
            phone=private(_shown(phone, mask), secret), community=community,
            address=private(_said(place, mask), secret),
            request_type=rtype, request_type_name=type_names.get(rtype, ""), urgency=urgency,
            category=category_label(category, code), description=_said(description or "", mask),
            unit=_unit_then(evs, unit), status=status_then,
            result=_said(result or "", mask) if status_then in (Status.ANSWERED.value, Status.RESOLVED.value,
                                                     Status.CLOSED.value) else "",
            satisfaction=sat if status_then in (Status.CLOSED.value, Status.REOPENED.value) else None,
            operator=names.get(op) if op else None, events=tuple(evs)))
    return out


UNIT_STEPS = ("dispatch", "undo")  # the events that set the ticket's unit


def _unit_then(events: tuple[ShiftEvent, ...] | list[ShiftEvent], unit_now: str | None) -> str | None:
    # an undo event names the unit the ticket had once the step was taken back (services.tickets)
    sent = [e.unit for e in events if e.action in UNIT_STEPS]
    if sent:
        return sent[-1]
    return None if events else unit_now


def _events(s: Session, ids: list[int], as_of: datetime,
            names: dict[int, str], mask: bool = False) -> dict[int, list[ShiftEvent]]:
    out: dict[int, list[ShiftEvent]] = {}
    for chunk in _chunks(ids):
        q = (select(TicketEvent.ticket_id, TicketEvent.at, TicketEvent.action, TicketEvent.to_status,
                    Unit.name, TicketEvent.actor_id, TicketEvent.detail)
             .outerjoin(Unit, TicketEvent.unit_id == Unit.id)
             .where(TicketEvent.ticket_id.in_(chunk), TicketEvent.at <= as_of)
             .order_by(TicketEvent.ticket_id, TicketEvent.at, TicketEvent.id))
        for tid, at, action, to_status, unit, actor, detail in s.execute(q):
            out.setdefault(tid, []).append(
                ShiftEvent(at, action, to_status, unit, names.get(actor) if actor else None,
                           _said(detail or "", mask)))
    return out


def _missed(s: Session, start: datetime, end: datetime, as_of: datetime, mask: bool,
            names: dict[int, str]) -> list[ShiftMissedCall]:
    q = (select(MissedCall.id, MissedCall.at, MissedCall.phone, MissedCall.called_back_at,
                MissedCall.called_back_by, MissedCall.note, Ticket.number)
         .outerjoin(Ticket, MissedCall.ticket_id == Ticket.id)
         .where(MissedCall.at >= start, MissedCall.at < end)
         .order_by(MissedCall.at, MissedCall.id))
    out = []
    for mid, at, phone, cb_at, cb_by, note, number in s.execute(q):
        done = cb_at is not None and cb_at <= as_of
        out.append(ShiftMissedCall(mid, at, _shown(phone, mask), cb_at if done else None,
                                   names.get(cb_by) if done and cb_by else None,
                                   _said(note or "", mask) if done else "", number if done else None))
    return out


def _status_at(s: Session, ids: list[int], as_of: datetime) -> dict[int, tuple[str, str | None]]:
    """Each ticket's status at `as_of` (its last status-changing event by then)
    and the unit it had been sent to by then."""
    out: dict[int, tuple[str, str | None]] = {}
    for chunk in _chunks(ids):
        q = (select(TicketEvent.ticket_id, TicketEvent.action, TicketEvent.to_status, Unit.name)
             .outerjoin(Unit, TicketEvent.unit_id == Unit.id)
             .where(TicketEvent.ticket_id.in_(chunk), TicketEvent.at <= as_of,
                    TicketEvent.to_status.is_not(None))
             .order_by(TicketEvent.ticket_id, TicketEvent.at, TicketEvent.id))
        for tid, action, st, unit in s.execute(q):
            prev_unit = out.get(tid, ("", None))[1]
            out[tid] = (st, unit if action in UNIT_STEPS else prev_unit)  # the last one wins
    return out


def _callbacks(s: Session, start: datetime, as_of: datetime, names: dict[int, str], mask: bool,
               own: set[int]) -> list[ShiftCallback]:
    """Check-backs and satisfaction calls made in [start, as_of] on tickets the shift did not take (its own
    calls show theirs in their steps), oldest first; a step taken back since is left out.

    ticket_events has no index on `at`: this reads the events table once (≈ 0.5 s at 5 million events)."""
    q = (select(TicketEvent.at, TicketEvent.ticket_id, Ticket.number, TicketEvent.action,
                Unit.name, TicketEvent.actor_id, TicketEvent.detail)
         .join(Ticket, TicketEvent.ticket_id == Ticket.id)
         .outerjoin(Unit, Ticket.unit_id == Unit.id)
         .where(TicketEvent.at >= start, TicketEvent.at <= as_of, TicketEvent.action.in_(CALLBACK_STEPS),
                or_(TicketEvent.undone_at.is_(None), TicketEvent.undone_at > as_of))
         .order_by(TicketEvent.at, TicketEvent.id))
    return [ShiftCallback(at, number, action, unit, names.get(actor) if actor else None, _said(detail or "", mask))
            for at, tid, number, action, unit, actor, detail in s.execute(q) if tid not in own]


def _open_at(s: Session, as_of: datetime, mask: bool = False, *, own: set[int] | frozenset[int] = frozenset(),
             full: bool = False) -> tuple[list[OpenTicket], int, BacklogSummary]:
    """Tickets open at `as_of`: the backlog among them (not in `own`, the shift's calls) listed when `full`
    (the oldest deadline first, at most FULL_BACKLOG_CAP), how many are open in all, and the backlog counted
    by unit × age band.

    A ticket unchanged since `as_of` has its current status and unit; only tickets
    touched later (updated_at after it) are looked up in their events, and
    of those only the ones that are open now or were closed after `as_of`.
    """
    open_now = Ticket.status.in_(sorted(_OPEN))
    # Closed since: resolved (or answered) after as_of, or voided after it. A
    # ticket resolved before as_of and untouched since was not open then.
    closed_since = and_(Ticket.updated_at > as_of,
                        or_(Ticket.resolved_at > as_of, Ticket.status.in_(sorted(NOT_COUNTED_CODES))))
    cand = s.execute(select(Ticket.id, Ticket.status, Ticket.updated_at, Ticket.received_at, Unit.name)
                     .outerjoin(Unit, Ticket.unit_id == Unit.id)
                     .where(Ticket.received_at < as_of, or_(open_now, closed_since))).all()
    recheck = [c[0] for c in cand if c[2] is not None and c[2] > as_of]
    then = _status_at(s, recheck, as_of)
    status_of: dict[int, str] = {}
    facts: dict[int, tuple[datetime, str | None]] = {}
    for tid, st, _updated, received, unit in cand:
        st_then = then[tid][0] if tid in then else st
        if st_then in _OPEN:
            status_of[tid] = st_then
            facts[tid] = (received, then[tid][1] if tid in then else unit)
    total = len(status_of)
    ids = [i for i in status_of if i not in own]
    due = _resolution_due(s, ids, as_of)
    summary = summarize_backlog((BacklogItem(facts[i][1], facts[i][0], i in due and due[i] < as_of) for i in ids),
                                as_of)
    if not full:
        return [], total, summary
    ids.sort(key=lambda i: (due.get(i) is None, due.get(i) or as_of, i))
    shown = ids[:FULL_BACKLOG_CAP]
    parent, cat_path = _cat_path()
    rows: dict[int, OpenTicket] = {}
    for chunk in _chunks(shown):
        q = (select(Ticket.id, Ticket.number, Ticket.received_at, Community.name, cat_path,
                    func.substr(Ticket.description, 1, 200), Category.code)
             .outerjoin(Community, Ticket.community_id == Community.id)
             .outerjoin(Category, Ticket.category_id == Category.id)
             .outerjoin(parent, Category.parent_id == parent.id)
             .where(Ticket.id.in_(chunk)))
        for tid, number, received, community, category, desc, code in s.execute(q):
            rows[tid] = OpenTicket(number, received, status_of[tid], community, category_label(category, code),
                                   facts[tid][1],
                                   _said(desc or "", mask), due.get(tid))
    return [rows[i] for i in shown if i in rows], total, summary


def _open_deadline_at(as_of: datetime):
    return and_(Deadline.start_at <= as_of,
                or_(Deadline.done_at.is_(None), Deadline.done_at > as_of))


def _resolution_due(s: Session, ids: list[int], as_of: datetime) -> dict[int, datetime]:
    out: dict[int, datetime] = {}
    for chunk in _chunks(ids):
        q = (select(Deadline.ticket_id, Deadline.due_at)
             .where(Deadline.ticket_id.in_(chunk), Deadline.kind == DeadlineKind.RESOLUTION.value,
                    _open_deadline_at(as_of))
             .order_by(Deadline.ticket_id, Deadline.id))
        for tid, due_at in s.execute(q):
            out[tid] = due_at
    return out


def _due_at(s: Session, as_of: datetime, mask: bool) -> tuple[list[DueFollowUp], int]:
    """Follow-up calls open at `as_of` (check-back, satisfaction, missed-call call-back)."""
    where = (Deadline.kind.in_(_FOLLOW_UPS), _open_deadline_at(as_of))
    total = s.scalar(select(func.count()).select_from(Deadline).where(*where)) or 0
    q = (select(Deadline.kind, Deadline.due_at, Ticket.number,
                func.coalesce(Ticket.caller_phone, MissedCall.phone, ""), Unit.name)
         .outerjoin(Ticket, Deadline.ticket_id == Ticket.id)
         .outerjoin(MissedCall, Deadline.missed_call_id == MissedCall.id)
         .outerjoin(Unit, Ticket.unit_id == Unit.id)
         .where(*where).order_by(Deadline.due_at, Deadline.id).limit(LIST_CAP))
    rows = [DueFollowUp(kind, due_at, number, _shown(phone, mask), unit)
            for kind, due_at, number, phone, unit in s.execute(q)]
    return rows, total
