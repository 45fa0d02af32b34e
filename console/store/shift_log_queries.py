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

The reads run in one read on the driver: a `Database.raw_read` (console.store.prepared), or — in an
`export shift-log` process that never imports SQLAlchemy — a `FrozenRead` (console.store.frozen_sql). Each
statement is written once with SQLAlchemy Core in console.store.shift_log_statements and named here through
its frozen SQLite record (`F.CALLS` …): a raw read compiles the Core statement for its dialect, a frozen
read runs the recorded text; rows come back converted the same way on both. Lists of ticket ids are bound as one JSON array (`InIds`), so a statement's text never
depends on how many ids there are. Everything comes out as plain frozen dataclasses of
console.domain.report_rows: the PDF builder (`console.reports.shift_log_pdf`) never sees a session. Phone numbers are
masked here unless the caller asks otherwise, so an unmasked number never
reaches a report that did not ask for one.
"""
from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any, NamedTuple

from ..domain.address import display as display_address
from ..domain.backlog import BacklogItem, BacklogSummary, summarize_backlog
from ..domain.enums import DeadlineKind, ShiftKind, Status
from ..domain.errors import NotFound
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
from .frozen import shift_log_sqlite as F
from .frozen_sql import StatementReader

LIST_CAP = 300
FULL_BACKLOG_CAP = 5000  # the full backlog list, when asked for: ~170 pages at the most
CALLBACK_STEPS = ("check_back_came", "check_back_not_yet", "satisfied", "unsatisfied", "co_check_back")
DEFAULT_DESK_NAME = "社区服务热线值班台"
FOLLOW_UPS = (DeadlineKind.CHECK_BACK.value, DeadlineKind.SATISFACTION.value,
               DeadlineKind.MISSED_CALLBACK.value)


class _ShiftRow(NamedTuple):
    """A `Shift` row as the log needs it."""

    id: int
    kind: str
    started_at: datetime
    ended_at: datetime | None
    opened_by: int
    closed_by: int | None
    handover_note: str | None



def _ids_param(ids: list[int], **more: Any) -> dict[str, Any]:
    return {"ids": json.dumps(ids), **more}


# ------------------------------------------------------------------ queries

def setting_text(r: StatementReader, key: str, default: str = "") -> str:
    """A desk setting's stored text (`default` when it is not stored), on either kind of read."""
    v = r.scalar(F.SETTING_RAW, {"key": key})
    return default if v is None else v


def _desk_name(r: StatementReader) -> str:
    return setting_text(r, "desk_name").strip() or DEFAULT_DESK_NAME


def _names(r: StatementReader) -> dict[int, str]:
    return {i: (d or u) for i, d, u in r.rows(F.NAMES)}


def _shift_info(sh: _ShiftRow, names: dict[int, str], mask: bool = False) -> ShiftInfo:
    return ShiftInfo(sh.id, sh.kind, sh.started_at, sh.ended_at, names.get(sh.opened_by),
                     names.get(sh.closed_by) if sh.closed_by else None, _said(sh.handover_note or "", mask))


def _shift_day(sh: _ShiftRow, tz: tzinfo) -> tuple[date, bool]:
    """The date a shift row belongs to: a night opened after midnight is the previous date's."""
    local = sh.started_at.astimezone(tz)
    night = sh.kind == ShiftKind.NIGHT.value
    if night and local.time() < time(12):
        return local.date() - timedelta(days=1), True
    return local.date(), night


def shift_log_for_shift(r: StatementReader, shift_id: int, *, tz: tzinfo, now: datetime,
                        mask: bool = True, full_backlog: bool = False) -> ShiftLogData:
    """The log of one `Shift` row: from its opening to its closing (or now)."""
    row = r.first(F.SHIFT, {"id": shift_id})
    if row is None:
        raise NotFound(f"班次 {shift_id} 不存在。", f"Shift {shift_id} does not exist.")
    sh = _ShiftRow(*row)
    names = _names(r)
    day, night = _shift_day(sh, tz)
    start, end = sh.started_at, sh.ended_at or now
    return _build(r, day=day, night=night, start=start, end=end, tz=tz, now=now, mask=mask,
                  shifts=[sh], names=names, shift_id=sh.id, running=sh.ended_at is None,
                  full_backlog=full_backlog)


def shift_log_for_day(r: StatementReader, day: date, night: bool, *, tz: tzinfo, now: datetime,
                      mask: bool = True, day_start: time = DAY_SHIFT_START,
                      night_start: time = NIGHT_SHIFT_START, full_backlog: bool = False) -> ShiftLogData:
    """The log of the day shift (`day_start`–`night_start`, the desk's; 08:00–20:00 by default)
    or the night shift that starts on `day`.

    Its handover note and opener come from the `Shift` rows that lie mostly
    inside the window (a day shift closed at 20:05 is not the night's).
    """
    start, end = shift_bounds(day, night, tz, day_start, night_start)
    names = _names(r)
    rows = [_ShiftRow(*x) for x in r.rows(F.SHIFTS_OVERLAPPING, {"start": start, "end": end})]
    shifts = []
    for sh in rows:
        s_end = sh.ended_at or now
        span = (s_end - sh.started_at).total_seconds()
        overlap = (min(s_end, end) - max(sh.started_at, start)).total_seconds()
        if span <= 0 or overlap > span / 2:
            shifts.append(sh)
    return _build(r, day=day, night=night, start=start, end=end, tz=tz, now=now, mask=mask,
                  shifts=shifts, names=names, shift_id=None,
                  running=now < end and not (shifts and all(sh.ended_at for sh in shifts)), full_backlog=full_backlog)


def _said(text: str, mask: bool) -> str:
    """Free text as a masked log shows it: any phone or identity-card number inside masked (domain.masking)."""
    return mask_text(text) if mask else text


def _shown(phone: str | None, mask: bool) -> str:
    phone = phone or ""
    return mask_phone(phone) if (mask and phone) else phone


def _build(r: StatementReader, *, day: date, night: bool, start: datetime, end: datetime, tz: tzinfo,
           now: datetime, mask: bool, shifts: list[_ShiftRow], names: dict[int, str], shift_id: int | None,
           running: bool, full_backlog: bool = False) -> ShiftLogData:
    as_of = min(end, now)
    calls = _calls(r, start, end, as_of, mask, names, shift_id)
    own = {c.ticket_id for c in calls}
    missed = _missed(r, start, end, as_of, mask, names)
    open_rows, open_total, backlog = _open_at(r, as_of, mask, own=own, full=full_backlog)
    callbacks = _callbacks(r, start, as_of, names, mask, own)
    due, due_total = _due_at(r, as_of, mask)
    ops: list[str] = []
    for sh in shifts:
        if sh.opened_by in names:
            ops.append(names[sh.opened_by])
    ops.extend(c.operator for c in calls if c.operator)
    for sh in shifts:
        if sh.closed_by in names:
            ops.append(names[sh.closed_by])
    return ShiftLogData(
        desk_name=_desk_name(r), day=day, night=night, start=start, end=end, as_of=as_of,
        generated_at=now, tz=tz, masked=mask, shifts=tuple(_shift_info(sh, names, mask) for sh in shifts),
        operators=tuple(dict.fromkeys(ops)), calls=calls, missed=missed,
        open_tickets=open_rows, open_total=open_total, backlog=backlog, full_backlog=full_backlog,
        callbacks=callbacks, due=due, due_total=due_total, running=running,
        photos=r.scalar(F.PHOTOS, {"start": start, "end": end}) or 0)  # 现场照片 added during the shift


def _calls(r: StatementReader, start: datetime, end: datetime, as_of: datetime, mask: bool,
           names: dict[int, str], shift_id: int | None) -> list[ShiftCall]:
    """The shift's calls: received in the window, or (a `Shift` row's log) logged in that shift."""
    if shift_id is None:
        rows = r.rows(F.CALLS, {"start": start, "end": end})
    else:
        rows = r.rows(F.CALLS_OR_SHIFT, {"start": start, "end": end, "shift_id": shift_id})
    events = _events(r, [x[0] for x in rows], as_of, names, mask)
    type_names = dict(r.rows(F.REQUEST_TYPES))
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


def _events(r: StatementReader, ids: list[int], as_of: datetime,
            names: dict[int, str], mask: bool = False) -> dict[int, list[ShiftEvent]]:
    out: dict[int, list[ShiftEvent]] = {}
    if not ids:
        return out
    for tid, at, action, to_status, unit, actor, detail in r.rows(F.EVENTS, _ids_param(ids, as_of=as_of)):
        out.setdefault(tid, []).append(
            ShiftEvent(at, action, to_status, unit, names.get(actor) if actor else None, _said(detail or "", mask)))
    return out


def _missed(r: StatementReader, start: datetime, end: datetime, as_of: datetime, mask: bool,
            names: dict[int, str]) -> list[ShiftMissedCall]:
    out = []
    for mid, at, phone, cb_at, cb_by, note, number in r.rows(F.MISSED, {"start": start, "end": end}):
        done = cb_at is not None and cb_at <= as_of
        out.append(ShiftMissedCall(mid, at, _shown(phone, mask), cb_at if done else None,
                                   names.get(cb_by) if done and cb_by else None,
                                   _said(note or "", mask) if done else "", number if done else None))
    return out


def _status_at(r: StatementReader, ids: list[int], as_of: datetime) -> dict[int, tuple[str, str | None]]:
    """Each ticket's status at `as_of` (its last status-changing event by then)
    and the unit it had been sent to by then."""
    out: dict[int, tuple[str, str | None]] = {}
    if not ids:
        return out
    for tid, action, st, unit in r.rows(F.STATUS_AT, _ids_param(ids, as_of=as_of)):
        prev_unit = out.get(tid, ("", None))[1]
        out[tid] = (st, unit if action in UNIT_STEPS else prev_unit)  # the last one wins
    return out


def _callbacks(r: StatementReader, start: datetime, as_of: datetime, names: dict[int, str], mask: bool,
               own: set[int]) -> list[ShiftCallback]:
    """Check-backs and satisfaction calls made in [start, as_of] on tickets the shift did not take (its own
    calls show theirs in their steps), oldest first; a step taken back since is left out.

    ticket_events has no index on `at`: this reads the events table once (≈ 0.5 s at 5 million events)."""
    return [ShiftCallback(at, number, action, unit, names.get(actor) if actor else None, _said(detail or "", mask))
            for at, tid, number, action, unit, actor, detail in r.rows(F.CALLBACKS, {"start": start, "as_of": as_of})
            if tid not in own]


def _open_at(r: StatementReader, as_of: datetime, mask: bool = False, *, own: set[int] | frozenset[int] = frozenset(),
             full: bool = False) -> tuple[list[OpenTicket], int, BacklogSummary]:
    """Tickets open at `as_of`: the backlog among them (not in `own`, the shift's calls) listed when `full`
    (the oldest deadline first, at most FULL_BACKLOG_CAP), how many are open in all, and the backlog counted
    by unit × age band.

    A ticket unchanged since `as_of` has its current status and unit; only tickets
    touched later (updated_at after it) are looked up in their events, and
    of those only the ones that are open now or were closed after `as_of` (`F.OPEN_CANDIDATES`).
    """
    cand = r.rows(F.OPEN_CANDIDATES, {"as_of": as_of})
    recheck = [c[0] for c in cand if c[2] is not None and c[2] > as_of]
    then = _status_at(r, recheck, as_of)
    status_of: dict[int, str] = {}
    facts: dict[int, tuple[datetime, str | None]] = {}
    for tid, st, _updated, received, unit in cand:
        st_then = then[tid][0] if tid in then else st
        if st_then in _OPEN:
            status_of[tid] = st_then
            facts[tid] = (received, then[tid][1] if tid in then else unit)
    total = len(status_of)
    ids = [i for i in status_of if i not in own]
    due = _resolution_due(r, ids, as_of)
    summary = summarize_backlog((BacklogItem(facts[i][1], facts[i][0], i in due and due[i] < as_of) for i in ids),
                                as_of)
    if not full:
        return [], total, summary
    ids.sort(key=lambda i: (due.get(i) is None, due.get(i) or as_of, i))
    shown = ids[:FULL_BACKLOG_CAP]
    rows: dict[int, OpenTicket] = {}
    if shown:
        for tid, number, received, community, category, desc, code in r.rows(F.OPEN_ROWS, _ids_param(shown)):
            rows[tid] = OpenTicket(number, received, status_of[tid], community, category_label(category, code),
                                   facts[tid][1], _said(desc or "", mask), due.get(tid))
    return [rows[i] for i in shown if i in rows], total, summary


def _resolution_due(r: StatementReader, ids: list[int], as_of: datetime) -> dict[int, datetime]:
    out: dict[int, datetime] = {}
    if not ids:
        return out
    for tid, due_at in r.rows(F.RESOLUTION_DUE, _ids_param(ids, as_of=as_of)):
        out[tid] = due_at
    return out


def _due_at(r: StatementReader, as_of: datetime, mask: bool) -> tuple[list[DueFollowUp], int]:
    """Follow-up calls open at `as_of` (check-back, satisfaction, missed-call call-back)."""
    total = r.scalar(F.DUE_TOTAL, {"as_of": as_of}) or 0
    rows = [DueFollowUp(kind, due_at, number, _shown(phone, mask), unit)
            for kind, due_at, number, phone, unit in r.rows(F.DUE_ROWS, {"as_of": as_of})]
    return rows, total
