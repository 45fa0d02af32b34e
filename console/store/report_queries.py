"""Rows for reports: tickets and missed calls of a period, as plain objects.

Reports take plain rows, never a session (DESIGN.md), and the KPI module is
pure; this module is the one place that knows which tables and columns a
report's figures come from.

`period_tickets` streams (`store.prepared.session_stream`: the DBAPI cursor of the session's own
connection, a batch at a time): a 250,000-ticket quarter goes from the cursor to the workbook, never all
in memory at once, with no SQLAlchemy Row per ticket.
Each row carries what the KPIs need (`KpiTicket`) plus what the detail sheet
shows (`ReportTicket`).

Choices recorded here because the figures depend on them:
- a 保密 ticket's rows carry no phone, building or address (and its name as
  （保密）): it is counted, but named in no repeat-caller or hot-address list;
- the dispatch time is the *first* dispatch (the earliest ``dispatch``
  event; `Ticket.dispatched_at`, the latest, when a ticket has no events,
  e.g. imported from old sheets);
- the resolution deadline is the ticket's latest ``resolution`` deadline
  row (highest id): a re-dispatch supersedes older promises.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, type_coerce
from sqlalchemy.orm import Session, aliased

from ..domain.enums import DeadlineKind, Status
from ..domain.kpi import CallRow, KpiTicket, MissedCallRow
from ..domain.lifecycle import NOT_COUNTED_CODES
from ..domain.masking import private
from ..domain.report_rows import ReportTicket
from .models import Category, Community, Deadline, Grid, MissedCall, Ticket, TicketCall, TicketEvent, Unit, User
from .prepared import session_stream
from .types import UTCDateTime

BATCH = 250  # rows a fetch: a 2,000-row batch of detail rows held ≈ 10 MB more at the export's peak


def latest_resolution_id():
    """The id of a ticket's latest resolution deadline (a re-dispatch supersedes older promises), as a
    subquery correlated to `Ticket`."""
    d2 = aliased(Deadline)
    return (select(func.max(d2.id))
            .where(d2.ticket_id == Ticket.id, d2.kind == DeadlineKind.RESOLUTION.value)
            .correlate(Ticket).scalar_subquery())


def _select(start: datetime, end: datetime, *, detail: bool, include_void: bool = True):
    parent = aliased(Category)
    dl = aliased(Deadline)
    latest_res = latest_resolution_id()
    first_dispatch = (select(func.min(TicketEvent.at))
                      .where(TicketEvent.ticket_id == Ticket.id, TicketEvent.action == "dispatch",
                             TicketEvent.undone_at.is_(None))  # a dispatch taken back was never made
                      .correlate(Ticket).scalar_subquery())
    cols = [
        Ticket.id, Ticket.received_at, Ticket.status, Ticket.channel, Ticket.caller_phone,
        Ticket.request_type,
        func.coalesce(parent.name + "/" + Category.name, Category.name), parent.name, Category.name,
        Community.name, Grid.name, Ticket.building, Ticket.address, Unit.name,
        type_coerce(first_dispatch, UTCDateTime()).label("first_dispatch"), Ticket.dispatched_at,
        Ticket.resolved_at, dl.due_at, dl.done_at, dl.outcome,
        Ticket.callback_at, Ticket.satisfaction, Ticket.attitude, Ticket.ability,
        Ticket.satisfaction_scale, Ticket.callback_outcome, Ticket.review_stage, Ticket.solved,
    ]
    if detail:
        cols += [Ticket.number, Ticket.caller_name, Ticket.room, Ticket.urgency, Ticket.description,
                 Ticket.result, Ticket.void_reason, Ticket.reopen_count, User.display_name,
                 Ticket.escalated_at, Category.code]
    cols.append(Ticket.confidential)  # last: 保密 rows carry no name, phone or address (below)
    q = (select(*cols)
         .outerjoin(Category, Ticket.category_id == Category.id)
         .outerjoin(parent, Category.parent_id == parent.id)
         .outerjoin(Community, Ticket.community_id == Community.id)
         .outerjoin(Grid, Ticket.grid_id == Grid.id)
         .outerjoin(Unit, Ticket.unit_id == Unit.id)
         .outerjoin(dl, dl.id == latest_res))
    if detail:
        q = q.outerjoin(User, Ticket.operator_id == User.id)
    q = q.where(Ticket.received_at >= start, Ticket.received_at < end)
    if not include_void:
        q = q.where(Ticket.status != Status.VOID.value)
    return q.order_by(Ticket.received_at, Ticket.id)


def period_tickets(s: Session, start: datetime, end: datetime, *, detail: bool = True,
                   include_void: bool = True) -> Iterator[ReportTicket | KpiTicket]:
    """Tickets received in [start, end), oldest first, streamed.

    `detail=False` gives bare `KpiTicket`s (cheaper: the previous quarter's
    figures need no descriptions). Void tickets are included unless asked
    otherwise: the KPI module counts and skips them.
    """
    with session_stream(s) as raw:
        yield from _period_tickets(raw.stream(_select(start, end, detail=detail, include_void=include_void),
                                              BATCH), detail)


def _period_tickets(result: Iterator[tuple[Any, ...]], detail: bool) -> Iterator[ReportTicket | KpiTicket]:
    """`_select`'s rows (processed: times aware UTC) as the domain's rows."""
    # The driver makes a new string of every name on every row; the KPI builder keeps a caller's latest
    # community and category for each phone, so a city quarter's copies add up (≈ 20 MB at 250,000
    # tickets). One copy per distinct name instead:
    one: dict[str | None, str | None] = {}
    same = one.setdefault
    for r in result:
        (tid, received, status, channel, phone, rtype, cat_path, cat_parent, cat_name, community,
         grid, building, address, unit, first_raw, dispatched_latest, resolved, due, done_at,
         outcome, callback, sat, att, abl, scale, cb_outcome, stage, solved) = r[:28]
        cat_path, cat_parent, cat_name = same(cat_path, cat_path), same(cat_parent, cat_parent), same(cat_name, cat_name)
        community, grid, unit = same(community, community), same(grid, grid), same(unit, unit)
        confidential = bool(r[-1])
        if confidential:  # 保密: no list of repeat callers or hot addresses names them either
            phone, building, address = "", "", ""
        base = dict(
            id=tid, received_at=received, status=status, channel=channel, caller_phone=phone or "",
            request_type=rtype, category=cat_path, category_top=cat_parent or cat_name,
            community=community, grid=grid, building=building or "", address=address or "",
            unit=unit, dispatched_at=first_raw if first_raw is not None else dispatched_latest,
            resolved_at=resolved, resolution_due_at=due, resolution_done_at=done_at,
            resolution_outcome=outcome, callback_at=callback, satisfaction=sat, attitude=att,
            ability=abl, satisfaction_scale=scale, callback_outcome=cb_outcome, review_stage=stage,
            solved=solved)
        if not detail:
            yield KpiTicket(**base)
            continue
        (number, caller_name, room, urgency, description, res_text, void_reason, reopens, operator,
         escalated, code) = r[28:39]
        yield ReportTicket(**base, number=number, caller_name=private(caller_name, confidential),
                           room="" if confidential else room or "", confidential=confidential,
                           urgency=urgency, description=description or "", result=res_text or "",
                           void_reason=void_reason or "", reopen_count=reopens or 0,
                           operator=operator or "", escalated_at=escalated, category_code=code or "")


def count_tickets(s: Session, start: datetime, end: datetime, *, include_void: bool = False) -> int:
    q = select(func.count()).select_from(Ticket).where(
        Ticket.received_at >= start, Ticket.received_at < end)
    if not include_void:
        q = q.where(Ticket.status.not_in(NOT_COUNTED_CODES))
    return s.scalar(q) or 0


def period_missed_calls(s: Session, start: datetime, end: datetime) -> Iterator[MissedCallRow]:
    """Missed calls in [start, end), oldest first, streamed (a report counts them after its pass over the
    tickets: read then, not held through it)."""
    q = (select(MissedCall.at, MissedCall.called_back_at)
         .where(MissedCall.at >= start, MissedCall.at < end).order_by(MissedCall.at))
    with session_stream(s) as raw:
        for a, b in raw.stream(q, BATCH):
            yield MissedCallRow(a, b)


def period_added_calls(s: Session, start: datetime, end: datetime) -> Iterator[CallRow]:
    """Repeat calls (追加) taken in [start, end) on tickets that are not void, streamed; the callers a merge
    brought over are left out (the merged ticket counts them: console.domain.kpi)."""
    q = (select(TicketCall.at, TicketCall.caller_phone, TicketCall.channel)
         .join(Ticket, Ticket.id == TicketCall.ticket_id)
         .where(TicketCall.at >= start, TicketCall.at < end, TicketCall.source_ticket_id.is_(None),
                Ticket.status != Status.VOID.value)
         .order_by(TicketCall.at, TicketCall.id))
    with session_stream(s) as raw:
        for a, p, c in raw.stream(q, BATCH):
            yield CallRow(a, p or "", c or "phone")


def period_unit_steps(s: Session, start: datetime, end: datetime) -> Iterator[tuple[int, str, str | None]]:
    """(ticket id, action, unit name) of the dispatches, presses (督办), granted extensions, returns and approved
    returns of the non-void tickets received in [start, end), grouped by ticket and each ticket's in time
    order, steps taken back left out (domain.kpi_builder.unit_step_counts); plain tuples, streamed."""
    q = (select(TicketEvent.ticket_id, TicketEvent.action, Unit.name)
         .join(Ticket, Ticket.id == TicketEvent.ticket_id)
         .outerjoin(Unit, Unit.id == TicketEvent.unit_id)
         .where(Ticket.received_at >= start, Ticket.received_at < end, Ticket.status.not_in(NOT_COUNTED_CODES),
                TicketEvent.action.in_(("dispatch", "press", "add_call", "approve_extension", "return_dispatch",
                                                "approve_return")),
                TicketEvent.undone_at.is_(None))
         .order_by(TicketEvent.ticket_id, TicketEvent.at, TicketEvent.id))
    with session_stream(s) as raw:
        yield from raw.stream(q, BATCH)
