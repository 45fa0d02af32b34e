"""The quarterly export's reads on either kind of read, as the domain's plain rows (issue 21, session 12).

Reports take plain rows, never a session (DESIGN.md); this module is the one place that knows which
statements a report's figures come from and how their rows become `KpiTicket` / `ReportTicket`,
`MissedCallRow`, `CallRow`. The statements are written once in Core (console.store.report_statements) and
named here through their frozen SQLite record (`Q.TICKETS_DETAIL` …), so this module imports neither
SQLAlchemy nor the models: `reads()` opens a read on a cursor of the caller's transaction — a
`prepared.RawRead` on a session's connection (console.store.report_queries: any engine) or a `FrozenRead` on a
sqlite3 cursor (console.services.quarterly_lite) — one cursor per stream, since a stream may still be open
when the next read starts.

Streams: a 250,000-ticket quarter goes from the cursor to the workbook a batch at a time, never all in memory.

Choices recorded here because the figures depend on them:
- a 保密 ticket's rows carry no phone, building or address (and its name as （保密）): it is counted, but
  named in no repeat-caller or hot-address list;
- the dispatch time is the *first* dispatch (the earliest ``dispatch`` event; `Ticket.dispatched_at`, the
  latest, when a ticket has no events, e.g. imported from old sheets);
- the resolution deadline is the ticket's latest ``resolution`` deadline row (highest id): a re-dispatch
  supersedes older promises.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any

from ..domain.category_tree import Cat, category_codes
from ..domain.enums import Status
from ..domain.kpi import CallRow, KpiTicket, MissedCallRow
from ..domain.masking import private
from ..domain.report_rows import ReportTicket
from .frozen import quarterly_sqlite as Q
from .frozen_sql import StreamReader

BATCH = 250  # rows a fetch: a 2,000-row batch of detail rows held ≈ 10 MB more at the export's peak
_VOID = Status.VOID.value

Reads = Callable[[], AbstractContextManager[StreamReader]]


def _period(start: datetime, end: datetime) -> dict[str, datetime]:
    return {"start": start, "end": end}


def _stream(reads: Reads, stmt: Any, params: dict[str, Any]) -> Iterator[Any]:
    with reads() as r:
        yield from r.stream(stmt, BATCH, params)


def period_tickets(reads: Reads, start: datetime, end: datetime, *, detail: bool = True,
                   include_void: bool = True) -> Iterator[ReportTicket | KpiTicket]:
    """Tickets received in [start, end), oldest first, streamed.

    `detail=False` gives bare `KpiTicket`s (cheaper: the previous quarter's figures need no descriptions).
    Void tickets are included unless asked otherwise: the KPI module counts and skips them."""
    rows = _stream(reads, Q.TICKETS_DETAIL if detail else Q.TICKETS_KPI, _period(start, end))
    tickets = ticket_rows(rows, detail)
    if include_void:
        return tickets
    return (t for t in tickets if t.status != _VOID)


def ticket_rows(result: Iterator[tuple[Any, ...]], detail: bool) -> Iterator[ReportTicket | KpiTicket]:
    """The tickets statements' rows (converted: times aware UTC) as the domain's rows."""
    # The driver makes a new string of every name on every row; the KPI builder keeps a caller's latest
    # community and category for each phone, so a city quarter's copies add up (≈ 20 MB at 250,000
    # tickets). One copy per distinct name instead:
    one: dict[str | None, str | None] = {}
    same = one.setdefault
    kpi, report = KpiTicket, ReportTicket
    for r in result:
        (tid, received, status, channel, phone, rtype, cat_path, cat_parent, cat_name, community,
         grid, building, address, unit, first_raw, dispatched_latest, resolved, due, done_at,
         outcome, callback, sat, att, abl, scale, cb_outcome, stage, solved) = r[:28]
        confidential = bool(r[-1])
        if confidential:  # 保密: no list of repeat callers or hot addresses names them either
            phone, building, address = "", "", ""
        # positional, in the fields' order (KpiTicket's, then ReportTicket's): a keyword call costs twice
        facts = (tid, received, status, channel, phone or "", rtype, same(cat_path, cat_path),
                 same(cat_parent or cat_name, cat_parent or cat_name), same(community, community),
                 same(grid, grid), building or "", address or "", same(unit, unit),
                 first_raw if first_raw is not None else dispatched_latest, resolved, due, done_at, outcome,
                 callback, sat, scale, cb_outcome, stage, solved, att, abl)
        if not detail:
            yield kpi(*facts)
            continue
        (number, caller_name, room, urgency, description, res_text, void_reason, reopens, operator,
         escalated, code) = r[28:39]
        yield report(*facts, number, private(caller_name, confidential), "" if confidential else room or "",
                     urgency, description or "", res_text or "", void_reason or "", reopens or 0, operator or "",
                     escalated, code or "", confidential)


def count_tickets(reads: Reads, start: datetime, end: datetime, *, include_void: bool = False) -> int:
    """Tickets received in [start, end); void and merged ones only with `include_void`."""
    with reads() as r:
        return r.scalar(Q.COUNT_ALL if include_void else Q.COUNT_COUNTED, _period(start, end)) or 0


def period_missed_calls(reads: Reads, start: datetime, end: datetime) -> Iterator[MissedCallRow]:
    """Missed calls in [start, end), oldest first, streamed (a report counts them after its pass over the
    tickets: read then, not held through it)."""
    for a, b in _stream(reads, Q.MISSED_CALLS, _period(start, end)):
        yield MissedCallRow(a, b)


def period_added_calls(reads: Reads, start: datetime, end: datetime) -> Iterator[CallRow]:
    """Repeat calls (追加) taken in [start, end) on tickets that are not void, streamed; the callers a merge
    brought over are left out (the merged ticket counts them: console.domain.kpi)."""
    for a, p, c in _stream(reads, Q.ADDED_CALLS, _period(start, end)):
        yield CallRow(a, p or "", c or "phone")


def period_unit_steps(reads: Reads, start: datetime, end: datetime) -> Iterator[tuple[int, str, str | None]]:
    """(ticket id, action, unit name) of the dispatches, presses (督办), granted extensions, returns and approved
    returns of the non-void tickets received in [start, end), grouped by ticket and each ticket's in time
    order, steps taken back left out (domain.kpi_builder.unit_step_counts); plain tuples, streamed."""
    return _stream(reads, Q.UNIT_STEPS, _period(start, end))


def desk_category_codes(reads: Reads) -> dict[str, str]:
    """Category path → code (domain.category_tree.category_codes), as services.categories.category_codes."""
    with reads() as r:
        return category_codes(Cat(i, p, n, ini, bool(a), code or "") for i, p, n, ini, a, code in r.rows(Q.CATEGORIES))


def request_type_names(reads: Reads) -> dict[str, str]:
    """Request-type code → the desk's name, retired ones too (as services.request_types.names_in)."""
    with reads() as r:
        return dict(r.rows(Q.REQUEST_TYPES))


def setting(reads: Reads, key: str, default: str = "") -> str:
    """A desk setting's stored text, `default` when it is not stored."""
    with reads() as r:
        v = r.scalar(Q.SETTING_RAW, {"key": key})
    return default if v is None else v
