"""Shifts: who is on duty, and what is handed over at the end."""
from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.enums import ShiftKind
from ..domain.errors import NotFound, ValidationError
from ..store import queries
from ..store.models import Shift
from .context import Actor, Changes, Desk, audit, stale_copy
from .desk_settings import ShiftHours, desk_shift_hours


def current_shift_id(s: Session) -> int | None:
    return s.scalar(select(Shift.id).where(Shift.ended_at.is_(None)).order_by(Shift.id.desc()).limit(1))


def current_shift(s: Session) -> Shift | None:
    sid = current_shift_id(s)
    return s.get(Shift, sid) if sid else None


def kind_for(local_time: time, hours: ShiftHours | None = None) -> str:
    """Day or night for a local time, by the desk's shift boundaries (08:00/20:00 when not given)."""
    h = hours or ShiftHours()
    return ShiftKind.DAY.value if h.day_start <= local_time < h.night_start else ShiftKind.NIGHT.value


def open_shift(desk: Desk, actor: Actor, kind: str | None = None) -> int:
    now = desk.now()
    kind = kind or kind_for(desk.local(now).time(), desk_shift_hours(desk))
    ShiftKind(kind)
    with desk.db.write() as s:
        if current_shift_id(s) is not None:
            raise ValidationError("已有未交班的班次，请先交班。",
                                  "A shift is still open; close it before opening another.")
        sh = Shift(kind=kind, started_at=now, opened_by=actor.id or 0, handover_note="")
        if actor.id is None:
            raise ValidationError("开班需要登录的值班员。", "Opening a shift needs a logged-in operator.")
        s.add(sh)
        s.flush()
        audit(s, actor, now, "open_shift", "shift", sh.id, None, {"kind": kind})
        return sh.id


def _check_note_copy(s: Session, desk: Desk, sh: Shift, note: str, expected: str | None) -> None:
    """Refuse a note written over another seat's newer one: `expected` is the note the form loaded; when the
    stored note is no longer that (and is not already what is saved now), someone else wrote it meanwhile."""
    stored = sh.handover_note or ""
    if expected is not None and stored != expected and stored != note:
        raise stale_copy(s, desk, "shift", sh.id, "交班记录")


def set_handover_note(desk: Desk, actor: Actor, shift_id: int, note: str, expected: str | None = None) -> Changes:
    """Save the shift's handover note; `expected`: the note as the form loaded it (a stale copy is refused)."""
    note = (note or "").strip()
    if len(note) > 20_000:
        raise ValidationError("交班记录太长（最多 20000 字）。", "The handover note is too long (20,000 characters).")
    with desk.db.write() as s:
        sh = s.get(Shift, shift_id, with_for_update=s.get_bind().dialect.name == "postgresql")
        if sh is None:
            raise NotFound("班次不存在。", "No such shift.")
        _check_note_copy(s, desk, sh, note, expected)
        old = {"handover_note": sh.handover_note}
        sh.handover_note = note
        audit(s, actor, desk.now(), "handover_note", "shift", sh.id, old, {"handover_note": note})
    return Changes(shifts=True)


def close_shift(desk: Desk, actor: Actor, shift_id: int, note: str | None = None,
                expected: str | None = None) -> Changes:
    """End the shift, with its handover note; `expected`: the note as the form loaded it."""
    now = desk.now()
    with desk.db.write() as s:
        sh = s.get(Shift, shift_id, with_for_update=s.get_bind().dialect.name == "postgresql")
        if sh is None:
            raise NotFound("班次不存在。", "No such shift.")
        if sh.ended_at is not None:
            raise ValidationError("这个班次已经交班。", "This shift is already closed.")
        if note is not None:
            _check_note_copy(s, desk, sh, note.strip()[:20_000], expected)
            sh.handover_note = note.strip()[:20_000]
        sh.ended_at, sh.closed_by = now, actor.id
        audit(s, actor, now, "close_shift", "shift", sh.id, None,
              {"ended_at": now, "handover_note": sh.handover_note})
    return Changes(shifts=True)


# --- reading a shift (the handover dialogs, the shift-log export, the 本班 filter) ----------------

ShiftBrief = queries.ShiftBrief
Handover = queries.Handover


def latest_shift(desk: Desk) -> ShiftBrief | None:
    """The open shift, or the last one closed (None: the desk never had a shift)."""
    with desk.db.read() as s:
        return queries.latest_shift(s)


def shift_brief(desk: Desk, shift_id: int) -> ShiftBrief | None:
    with desk.db.read() as s:
        return queries.shift_brief(s, shift_id)


def shift_handover(desk: Desk, shift_id: int | None, now: datetime) -> Handover:
    """What the shift hands over at `now`: its tickets, what is due, who waits for a call back."""
    with desk.db.read() as s:
        return queries.shift_handover(s, shift_id, now)


def open_shift_id(desk: Desk) -> int | None:
    """The open shift's id (None: nobody has taken over)."""
    with desk.db.read() as s:
        return current_shift_id(s)
