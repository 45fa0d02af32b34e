"""The window's bottom line: where, who, which shift, which database, what is due, what waits.

Read in one transaction on every status refresh (after each write and on the alert timer), so it
stays a handful of indexed counts: the due queue is counted on its index, the calendar is asked
only which years it knows. console.ui.common.status_bar.DeskStatusBar shows the values.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from ..domain.work_calendar import WorkCalendar
from ..store import queries
from .context import Actor, Desk, get_setting
from .shifts import current_shift


@dataclass(frozen=True)
class DeskStatus:
    """Plain values for the status bar (`read_status`)."""

    desk_name: str
    user: str
    role: str
    shift_kind: str | None
    shift_started: datetime | None  # local
    database: str
    due: int
    overdue: int
    calendar_unknown_from: date | None = None  # console.domain.work_calendar: the first day not covered
    paused: int = 0  # tickets 挂起 (waiting on the resident), apart from the queue


def read_status(desk: Desk, actor: Actor) -> DeskStatus:
    now = desk.now()
    with desk.db.read() as s:
        name = get_setting(s, "desk_name", "")
        sh = current_shift(s)
        due, overdue = queries.due_counts(s, now)  # counted on the index, not read row by row
        shift_kind = sh.kind if sh else None
        shift_started = desk.local(sh.started_at) if sh else None
        # the known years only (one tiny read), not the calendar's days
        calendar_gap = WorkCalendar(known_years=queries.known_calendar_years(s)).unknown_days_ahead(
            desk.local(now).date())
        paused = queries.paused_count(s)
    return DeskStatus(desk_name=name, user=actor.display_name or actor.username, role=actor.role,
                      shift_kind=shift_kind, shift_started=shift_started, database=desk.db.display,
                      due=due, overdue=overdue, calendar_unknown_from=calendar_gap, paused=paused)
