"""The ticket list and the detail pane: pages by index order, filters, a ticket's whole story, what changed since."""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, NamedTuple, cast

from sqlalchemy import Integer, String, Table, and_, bindparam, func, literal, select, tuple_
from sqlalchemy.orm import Session, aliased

from ..models import (
    Category,
    Community,
    Contact,
    Deadline,
    Ticket,
    Unit,
)
from ..prepared import InIds, Prepared, RawRead, as_utc, rows_of


class TicketBrief(NamedTuple):
    """A ticket as the lists show it. A named tuple (immutable, compared field by field, as the frozen
    dataclass it was): the list reads 200 at a time, and a tuple is made in one step."""

    id: int
    number: str
    received_at: datetime
    status: str
    caller_name: str
    caller_phone: str
    community: str | None
    category: str | None
    unit: str | None
    description: str
    confidential: bool = False  # 保密: lists show no name or phone

    @classmethod
    def of_row(cls, r: Any) -> TicketBrief:
        """From a row of `_rows_stmt`, processed or as the driver gives it: the time made aware UTC (as
        UTCDateTime does), the description (None → "") and the flag (0/1 → bool) made plain, in one step."""
        return _new_tuple(cls, (r[0], r[1], as_utc(r[2]), r[3], r[4], r[5], r[6], r[7], r[8], r[9] or "",
                                bool(r[10])))


_new_tuple = tuple.__new__


def _brief_select():
    """The list's columns of a ticket, joined. Table columns (Core), not the ORM's: the rows come back as
    plain tuples without the ORM's loading layer (they were tuples anyway)."""
    t, cm, un = _table(Ticket).c, _table(Community).c, _table(Unit).c
    cat = _table(Category)
    parent = cat.alias("parent_category")
    cat_path = func.coalesce(parent.c.name + literal("/") + cat.c.name, cat.c.name)
    return (
        select(t.id, t.number, t.received_at, t.status, t.caller_name, t.caller_phone, cm.name, cat_path, un.name,
               t.description, t.confidential)
        .select_from(_table(Ticket)
                     .outerjoin(_table(Community), t.community_id == cm.id)
                     .outerjoin(cat, t.category_id == cat.c.id)
                     .outerjoin(parent, cat.c.parent_id == parent.c.id)
                     .outerjoin(_table(Unit), t.unit_id == un.id))
    )


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)  # a declarative class's __table__ is a Table (typed FromClause)


TICKET_ORDERS = {
    "received": (Ticket.received_at, Ticket.id),  # ix_tickets_received
    "number": (Ticket.number,),  # unique
    "status": (Ticket.status, Ticket.received_at, Ticket.id),  # ix_tickets_status_received
    "phone": (Ticket.caller_phone, Ticket.received_at, Ticket.id),  # ix_tickets_phone_received
}


def ticket_ids_page(s: Session | RawRead, after: tuple | None, limit: int, where=(), *,
                    order: str = "received", descending: bool = True) -> list[tuple[int, tuple]]:
    """Keyset page: (id, sort key) of the rows after the sort key of the last row seen.

    `order` is a key of TICKET_ORDERS; the default is newest first. Pass the key
    of the last row back as `after` for the next page. In a Session or a raw read
    (console.store.prepared: the list's pages). A `ticket_filter` whose values are all
    plain parameters (no IN list: a search's ids, times, shift, unit) runs as a statement
    built once for its shape (`_page_stmt`); any other as a statement built per call."""
    cols = TICKET_ORDERS[order]
    if isinstance(where, TicketWhere) and where.shape is not None:
        params: dict[str, Any] = {**where.values, "page_n": limit}
        if after is not None:
            params.update((f"page_after_{i}", v) for i, v in enumerate(after))
        stmt = _page_stmt(order, descending, after is not None, where)
        if isinstance(s, RawRead):
            return s.rows(stmt, params)  # keyed: (id, key) already
        return [(r[0], tuple(r[1:])) for r in s.execute(stmt.stmt, params)]
    q = select(Ticket.id, *cols).where(*where)
    if after is not None:
        key, bound = tuple_(*cols), tuple_(*after)
        q = q.where(key < bound if descending else key > bound)
    q = q.order_by(*(c.desc() if descending else c.asc() for c in cols)).limit(limit)
    return [(r[0], tuple(r[1:])) for r in rows_of(s, q)]


_PAGE_STMTS: dict[tuple, Prepared] = {}


def _page_stmt(order: str, descending: bool, with_after: bool, where: TicketWhere) -> Prepared:
    """The keyset page of `ticket_ids_page` for one shape of filter, built on first use from the first filter
    of that shape (its values are bound parameters by name: any filter of the shape runs it)."""
    key = (order, descending, with_after, where.shape)
    stmt = _PAGE_STMTS.get(key)
    if stmt is None:
        cols = [_table(Ticket).c[c.key] for c in TICKET_ORDERS[order]]  # the table's columns: Core, no ORM layer
        q = select(_table(Ticket).c.id, *cols).where(*where)
        if with_after:
            bound = tuple_(*(bindparam(f"page_after_{i}", type_=c.type) for i, c in enumerate(cols)))
            q = q.where(tuple_(*cols) < bound if descending else tuple_(*cols) > bound)
        q = q.order_by(*(c.desc() if descending else c.asc() for c in cols))
        stmt = _PAGE_STMTS[key] = Prepared(q.limit(bindparam("page_n", type_=Integer)), keyed=True)
    return stmt


class TicketWhere(tuple):
    """`ticket_filter`'s WHERE clauses, and what lets `ticket_ids_page` run them as one prepared statement:
    the names of the filters set (`shape`; None when one is an IN list, rendered per execution) and their
    values by bind name (`values`)."""

    shape: tuple[str, ...] | None
    values: dict[str, Any]

    def __new__(cls, clauses: Iterable[Any], shape: tuple[str, ...] | None, values: dict[str, Any]):
        self = super().__new__(cls, clauses)
        self.shape, self.values = shape, values
        return self


# --- The ticket list and the detail pane (console.ui) -------------------------
# The window's table holds ids in keyset pages (ticket_ids_page) and asks for
# the rows of one page at a time; filters are WHERE clauses built here, so no
# widget builds SQL and nothing is filtered in a Python proxy.

def ticket_filter(statuses=None, ids=None, shift_id: int | None = None, *,
                  received_from: datetime | None = None, received_to: datetime | None = None,
                  category_ids=None, community_ids=None, unit_id: int | None = None) -> TicketWhere:
    """WHERE clauses for `ticket_ids_page`: a set of status codes and/or the ids a search found,
    and/or the shift the tickets were logged in, the received interval, categories, communities, unit.

    `ids=None` means "no search"; an empty list means "the search found nothing".
    `received_from`/`received_to` are aware UTC bounds of a half-open interval ``[from, to)``
    (a caller turns local days into them with timeutil.local_day_bounds); None leaves a side open.
    `category_ids`/`community_ids`: None means any; the caller expands a parent category into its
    children and a grid into its communities, so the query stays a plain IN.
    `statuses` may hold IMPORTED_OPEN: the imported tickets still open (the filter 导入的未办结).
    """
    where: list[Any] = []
    values: dict[str, Any] = {}
    listed = False  # an IN list among them: no prepared shape (`TicketWhere`)

    def bound(name: str, value: Any, column: Any) -> Any:
        values[name] = value
        return bindparam(name, value, type_=column.type)

    if received_from is not None:
        where.append(Ticket.received_at >= bound("f_from", received_from, Ticket.received_at))
    if received_to is not None:
        where.append(Ticket.received_at < bound("f_to", received_to, Ticket.received_at))
    if category_ids is not None:
        where.append(Ticket.category_id.in_(sorted(set(category_ids))))
        listed = True
    if community_ids is not None:
        where.append(Ticket.community_id.in_(sorted(set(community_ids))))
        listed = True
    if unit_id is not None:
        where.append(Ticket.unit_id == bound("f_unit", unit_id, Ticket.unit_id))
    if statuses:
        listed = True
        codes = set(statuses)
        if IMPORTED_OPEN in codes:  # the triage list: imported from an old register, still open
            codes.discard(IMPORTED_OPEN)
            where.append(imported_open_clause())
        if codes:
            where.append(Ticket.status.in_(sorted(codes)))
    if ids is not None:
        ids_json = json.dumps(list(map(int, ids)))
        values["f_ids"] = ids_json
        where.append(InIds(Ticket.id, bindparam("f_ids", ids_json, type_=String)))
    if shift_id is not None:
        where.append(Ticket.shift_id == bound("f_shift", shift_id, Ticket.shift_id))
    return TicketWhere(where, None if listed else tuple(sorted(values)), values)


def ticket_rows_by_ids(s: Session | RawRead, ids, description_chars: int = 200) -> list[TicketBrief]:
    """The list rows of these tickets, in the order of `ids` (unknown ids are skipped).

    Only the start of the description is read: a list never shows more, and a
    resident's ten-page letter need not cross the wire for one table cell. One
    statement, built once (`_rows_stmt`), the ids bound as one JSON text (`in_ids`).
    In a Session or a raw read (console.store.prepared: the list's pages).
    """
    ids = list(ids)
    if not ids:
        return []
    found: dict[int, TicketBrief] = {}
    params = {"ids": json.dumps(list(map(int, ids))), "chars": description_chars}
    for r in rows_of(s, _rows_stmt(), params, processed=False):
        found[r[0]] = TicketBrief.of_row(r)
    return [found[i] for i in ids if i in found]


@cache
def _rows_stmt() -> Prepared:
    """`_brief_select` with the description cut to :chars, for the ids bound as :ids (`InIds`)."""
    q = _brief_select()
    t = _table(Ticket).c
    cols = [c if c.key != "description" else func.substr(t.description, 1, bindparam("chars", type_=Integer))
            for c in q.selected_columns]
    return Prepared(q.with_only_columns(*cols, maintain_column_froms=True)
                    .where(InIds(t.id, bindparam("ids", type_=String))))


@dataclass(frozen=True)
class TicketEventRow:
    at: datetime
    actor: str | None
    action: str
    from_status: str | None
    to_status: str | None
    unit: str | None
    detail: str
    actor_id: int | None = None
    undone: bool = False
    has_state: bool = False  # the state before it was kept: it can be undone (console.domain.undo)


@dataclass(frozen=True)
class TicketDeadlineRow:
    id: int
    kind: str
    start_at: datetime
    due_at: datetime
    done_at: datetime | None
    outcome: str | None
    snoozed_until: datetime | None


@dataclass(frozen=True)
class TicketCallRow:
    """A further caller on the ticket: a repeat call (追加), or the caller of a merged duplicate (并单)."""

    at: datetime
    caller_name: str
    caller_phone: str
    description: str
    merged_from: str | None  # the merged ticket's number; None for a 追加 call


@dataclass(frozen=True)
class TicketPhotoRow:
    """A photo kept with the ticket (its bytes are read only when shown: services.photos.photo_data)."""

    id: int
    added_at: datetime
    added_by: str | None
    width: int
    height: int
    size_bytes: int
    name: str


@dataclass(frozen=True)
class TicketCoUnitRow:
    """A co-handling unit (协办) of the ticket and whether someone of it came."""

    id: int
    unit: str
    added_at: datetime
    came_at: datetime | None


@dataclass(frozen=True)
class TicketDetail:
    """Everything the detail pane shows about one ticket (plain values, codes not labels)."""

    id: int
    number: str
    version: int
    status: str
    received_at: datetime
    channel: str
    caller_name: str
    caller_phone: str
    community: str | None
    grid: str | None
    building: str
    room: str
    address: str
    request_type: str
    category: str | None
    urgency: str
    description: str
    operator: str | None
    unit: str | None
    contact_person: str | None
    contact_phones: str | None
    dispatched_at: datetime | None
    escalated_at: datetime | None
    resolved_at: datetime | None
    result: str
    callback_at: datetime | None
    satisfaction: str | None
    attitude: int | None
    ability: int | None
    reopen_count: int
    void_reason: str
    events: tuple[TicketEventRow, ...]
    deadlines: tuple[TicketDeadlineRow, ...]
    community_id: int | None = None
    category_id: int | None = None
    paused_at: datetime | None = None  # 挂起 since (waiting on the resident)
    confidential: bool = False  # 保密 (the pane shows the caller, marked; lists and outputs do not)
    satisfaction_scale: int | None = None  # the scale the rating was given on (console.domain.satisfaction)
    solved: str | None = None  # 已解决 / 部分解决 / 未解决 as the resident said (enums.Solved); None: not asked
    callback_outcome: str | None = None    # 拒评 / 回访不成功: the call ended without a rating
    review_stage: str | None = None        # the review of an unfavourable rating
    merged_into: str | None = None  # 并单: the number of the ticket this one was merged into
    arrived_at: datetime | None = None  # someone of the unit on site (到场)
    photos: tuple[TicketPhotoRow, ...] = ()  # 现场照片
    co_units: tuple[TicketCoUnitRow, ...] = ()  # 协办 units, besides the lead unit (主办, `unit`)
    calls: tuple[TicketCallRow, ...] = ()  # further callers, to call back too (追加, 并单)
    category_code: str = ""  # the category's code (city platform / GB/T 39666), "" when it has none


def ticket_detail(s: Session, ticket_id: int) -> TicketDetail | None:
    from ..models import Grid, TicketCall, TicketCoUnit, TicketEvent, TicketPhoto, User

    t = s.get(Ticket, ticket_id)
    if t is None:
        return None
    community = s.get(Community, t.community_id) if t.community_id else None
    grid = s.get(Grid, t.grid_id) if t.grid_id else None
    category = s.get(Category, t.category_id) if t.category_id else None
    unit = s.get(Unit, t.unit_id) if t.unit_id else None
    contact = s.get(Contact, t.contact_id) if t.contact_id else None
    operator = s.get(User, t.operator_id) if t.operator_id else None
    events = tuple(
        TicketEventRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6] or "", r[7], r[8] is not None, bool(r[9]))
        for r in s.execute(
            select(TicketEvent.at, User.display_name, TicketEvent.action, TicketEvent.from_status,
                   TicketEvent.to_status, Unit.name, TicketEvent.detail, TicketEvent.actor_id,
                   TicketEvent.undone_at, TicketEvent.before_state.is_not(None))
            .outerjoin(User, TicketEvent.actor_id == User.id)
            .outerjoin(Unit, TicketEvent.unit_id == Unit.id)
            .where(TicketEvent.ticket_id == t.id)
            .order_by(TicketEvent.at, TicketEvent.id))
    )
    deadlines = tuple(
        TicketDeadlineRow(*r)
        for r in s.execute(
            select(Deadline.id, Deadline.kind, Deadline.start_at, Deadline.due_at, Deadline.done_at,
                   Deadline.outcome, Deadline.snoozed_until)
            .where(Deadline.ticket_id == t.id).order_by(Deadline.due_at, Deadline.id))
    )
    source = aliased(Ticket)
    calls = tuple(
        TicketCallRow(r[0], r[1] or "", r[2] or "", r[3] or "", r[4])
        for r in s.execute(
            select(TicketCall.at, TicketCall.caller_name, TicketCall.caller_phone, TicketCall.description,
                   source.number)
            .outerjoin(source, source.id == TicketCall.source_ticket_id)
            .where(TicketCall.ticket_id == t.id).order_by(TicketCall.at, TicketCall.id))
    )
    merged_into = s.scalar(select(Ticket.number).where(Ticket.id == t.merged_into_id)) if t.merged_into_id else None
    photos = tuple(
        TicketPhotoRow(*r) for r in s.execute(
            select(TicketPhoto.id, TicketPhoto.added_at, User.display_name, TicketPhoto.width, TicketPhoto.height,
                   TicketPhoto.size_bytes, TicketPhoto.name)
            .outerjoin(User, User.id == TicketPhoto.added_by)
            .where(TicketPhoto.ticket_id == t.id).order_by(TicketPhoto.added_at, TicketPhoto.id))
    )
    co_units = tuple(
        TicketCoUnitRow(*r) for r in s.execute(
            select(TicketCoUnit.id, Unit.name, TicketCoUnit.added_at, TicketCoUnit.came_at)
            .join(Unit, Unit.id == TicketCoUnit.unit_id)
            .where(TicketCoUnit.ticket_id == t.id).order_by(TicketCoUnit.id))
    )
    return TicketDetail(
        id=t.id, number=t.number, version=t.version, status=t.status, received_at=t.received_at,
        channel=t.channel, caller_name=t.caller_name or "", caller_phone=t.caller_phone or "",
        community=community.name if community else None, grid=grid.name if grid else None,
        building=t.building or "", room=t.room or "", address=t.address or "",
        request_type=t.request_type, category=category.path if category else None,
        category_code=(category.code or "") if category else "",
        urgency=t.urgency, description=t.description or "",
        operator=operator.display_name if operator else None,
        unit=unit.name if unit else None,
        contact_person=contact.person if contact else None,
        contact_phones=contact.phones if contact else None,
        dispatched_at=t.dispatched_at, escalated_at=t.escalated_at, resolved_at=t.resolved_at,
        result=t.result or "", callback_at=t.callback_at, satisfaction=t.satisfaction,
        attitude=t.attitude, ability=t.ability, reopen_count=t.reopen_count or 0,
        void_reason=t.void_reason or "", events=events, deadlines=deadlines,
        community_id=t.community_id, category_id=t.category_id, paused_at=t.paused_at,
        confidential=bool(t.confidential), satisfaction_scale=t.satisfaction_scale, solved=t.solved,
        callback_outcome=t.callback_outcome, review_stage=t.review_stage, merged_into=merged_into, calls=calls, arrived_at=t.arrived_at, photos=photos, co_units=co_units,
    )


def ticket_ids_changed_since(s: Session, since: datetime) -> set[int]:
    """Tickets written (by any seat) at or after `since`, from the audit trail's indexed time.

    Every ticket write is audited, so this is how a window notices another
    seat's changes without re-reading everything it shows.
    """
    from ..models import AuditEntry

    return set(s.scalars(select(AuditEntry.entity_id).where(
        AuditEntry.entity == "ticket", AuditEntry.at >= since, AuditEntry.entity_id.is_not(None)).distinct()))


# --- Imported, still open (issue 15: history stays history) -------------------------------
# An old register's rows that it shows as still open are imported open, with no deadline;
# the desk triages them. The window's filter 导入的未办结 and the import's report
# ("N 张导入的未办结工单") both count them with this one clause.

IMPORTED_OPEN = "imported_open"  # a pseudo status code for ticket_filter's `statuses`


def imported_open_clause():
    """Imported (tickets.import_key set) and open."""
    from ...domain.lifecycle import OPEN_STATUSES

    return and_(Ticket.import_key.is_not(None), Ticket.status.in_(sorted(x.value for x in OPEN_STATUSES)))


def imported_open_count(s: Session) -> int:
    return s.scalar(select(func.count()).select_from(Ticket).where(imported_open_clause())) or 0
