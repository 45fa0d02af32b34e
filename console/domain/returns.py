"""退单 / 改派: a unit says a dispatched ticket is not its own; a supervisor decides.

国办函〔2025〕66号 asks for a 派单目录 and a way back for a wrong dispatch: the
unit returns the ticket with its reason within a limit (one working day from
the dispatch, on the desk's calendar), before anyone has gone out; the
hotline's supervisor either agrees — the ticket is sent to another unit, a
re-dispatch counted against the first unit (console.domain.kpi) — or
refuses, and the first unit stays responsible with its deadlines running.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo

from .errors import ValidationError
from .work_calendar import WorkCalendar, add_working_minutes

RETURN_WINDOW_DAYS = 1  # working days after the dispatch (the default; a desk setting: services.desk_settings)


def pending_return(actions: Sequence[str]) -> bool:
    """Whether a ticket's timeline (event actions, oldest first) ends with an undecided return
    (a new dispatch or a decision ends it)."""
    for a in reversed(actions):
        if a == "return_dispatch":
            return True
        if a in ("approve_return", "refuse_return", "dispatch"):
            return False
    return False


def check_return(dispatched_at: datetime | None, now: datetime, reason: str, calendar: WorkCalendar,
                 tz: tzinfo, window_days: int = RETURN_WINDOW_DAYS) -> None:
    """A ValidationError when the unit's return cannot be recorded now (within the desk's working days)."""
    if dispatched_at is None:
        raise ValidationError("工单还没有派单，无从退单。", "The ticket was not dispatched.")
    if now > add_working_minutes(dispatched_at, window_days * 24 * 60, calendar, tz):
        raise ValidationError(f"退单须在派单后 {window_days} 个工作日内提出；已超过时限，承办单位应继续办理。",
                              f"A return must come within {window_days} working day(s) of the dispatch; "
                              "the unit keeps the ticket.")
    if not reason.strip():
        raise ValidationError("请写明退单原因（为什么不属于该单位）。", "Please give the unit's reason.")
