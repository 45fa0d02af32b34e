"""What the main window reads outside its list: the status bar's values (read_status), a
search's ticket ids (search_ticket_ids, on the worker pool) and the warm-up of those reads
while the operator is still typing the password (warm_up, called by shell.startup_preload).

Plain functions of the Desk, no widgets: they run on any thread."""
from __future__ import annotations

from ...domain.work_calendar import WorkCalendar
from ...services import shifts as shift_service
from ...services.context import Actor, Desk, get_setting
from ...store import queries
from ..common.status_bar import DeskStatus

SEARCH_LIMIT = 500


def search_ticket_ids(desk: Desk, term: str) -> list[int]:
    """Runs on the worker pool: the ids matching `term`, newest first (in a raw read: issue 21)."""
    with desk.db.raw_read() as r:
        return queries.search_ticket_ids(r, term, limit=SEARCH_LIMIT)


def read_status(desk: Desk, actor: Actor) -> DeskStatus:
    now = desk.now()
    with desk.db.read() as s:
        name = get_setting(s, "desk_name", "")
        sh = shift_service.current_shift(s)
        due, overdue = queries.due_counts(s, now)  # counted on the index, not read row by row
        shift_kind = sh.kind if sh else None
        shift_started = desk.local(sh.started_at) if sh else None
        # on every status refresh: the known years only (one tiny read), not the calendar's days
        calendar_gap = WorkCalendar(known_years=queries.known_calendar_years(s)).unknown_days_ahead(
            desk.local(now).date())
        paused = queries.paused_count(s)
    return DeskStatus(desk_name=name, user=actor.display_name or actor.username, role=actor.role,
                      shift_kind=shift_kind, shift_started=shift_started, database=desk.db.display,
                      due=due, overdue=overdue, calendar_unknown_from=calendar_gap, paused=paused)


def warm_up(desk: Desk) -> None:
    """The reads the window makes before its first paint, once, on the start-up thread.

    console.ui.shell.startup_preload calls this while the operator types the password:
    SQLAlchemy compiles each statement the first time it runs (and imports the
    services behind the filter lists lazily), so running them here leaves the
    window's constructor with cached SQL and warm file pages. Results are
    thrown away; a statement missing from this list is only slower, never wrong.
    """
    from ...services.categories import category_choices, community_choices
    from ...services.phonebook_reads import unit_names
    from ..due.alert_controller import HORIZON
    from .ticket_table_model import PAGE_SIZE

    now = desk.now()
    with desk.db.read() as s:
        page = queries.ticket_ids_page(s, None, PAGE_SIZE, where=())
        queries.ticket_rows_by_ids(s, [i for i, _ in page])
        if page:
            queries.ticket_detail(s, page[0][0])
        get_setting(s, "desk_name", "")
        shift_service.current_shift(s)
        queries.due_counts(s, now)
        queries.due_queue(s, now, HORIZON)
        queries.next_due_after(s, now + HORIZON)
    category_choices(desk)
    community_choices(desk)
    unit_names(desk)
