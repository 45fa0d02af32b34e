"""Read-side queries: plain rows out, no rules about what they mean.

Each takes a Session and returns dataclasses or tuples that a widget, a
report or the CLI can use without touching SQLAlchemy.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import Integer, and_, bindparam, case, func, literal, or_, select, text, tuple_
from sqlalchemy.orm import Session, aliased

from ..domain.address import normalise as normalise_address
from ..domain.address import search_key
from .models import (
    Category,
    Community,
    Contact,
    Deadline,
    MissedCall,
    SpecialGroupMember,
    Ticket,
    Unit,
    UnitCategory,
    UnitCommunity,
    User,
)


def has_active_users(s: Session) -> bool:
    """Whether anyone can log in (the window refuses to start without an account)."""
    return s.scalar(select(User.id).where(User.active.is_(True)).limit(1)) is not None


@dataclass(frozen=True)
class TicketBrief:
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


def _brief_select():
    parent = aliased(Category)
    cat_path = func.coalesce(parent.name + literal("/") + Category.name, Category.name)
    return (
        select(Ticket.id, Ticket.number, Ticket.received_at, Ticket.status, Ticket.caller_name,
               Ticket.caller_phone, Community.name, cat_path, Unit.name, Ticket.description)
        .outerjoin(Community, Ticket.community_id == Community.id)
        .outerjoin(Category, Ticket.category_id == Category.id)
        .outerjoin(parent, Category.parent_id == parent.id)
        .outerjoin(Unit, Ticket.unit_id == Unit.id)
    )


@cache
def _caller_history_stmt():
    """Built once: composing the joined select costs ~1 ms, the indexed query ~0.1 ms."""
    return (_brief_select()
            .where(Ticket.caller_phone == bindparam("phone"), Ticket.id != bindparam("exclude"))
            .order_by(Ticket.received_at.desc(), Ticket.id.desc())
            .limit(bindparam("n", type_=Integer)))


def caller_history(s: Session, phone: str, limit: int = 20, exclude_id: int | None = None) -> list[TicketBrief]:
    if not phone:
        return []
    params = {"phone": phone, "exclude": -1 if exclude_id is None else exclude_id, "n": limit}
    return [TicketBrief(*r) for r in s.execute(_caller_history_stmt(), params)]


def recent_ticket_count(s: Session, phone: str, now: datetime, days: int = 7) -> int:
    """Tickets from this phone in the last `days` days (repeat caller: 2 or more)."""
    if not phone:
        return 0
    return s.scalar(select(func.count()).select_from(Ticket).where(
        Ticket.caller_phone == phone, Ticket.received_at >= now - timedelta(days=days),
        Ticket.status != "void")) or 0


def special_group_matches(s: Session, phone: str, community_id: int | None = None,
                          address_key: str = "") -> list[SpecialGroupMember]:
    """Members with this phone, or living at this address (its key, console.domain.address).

    The register's addresses are free text ("12号301室", "12-301"); they are keyed
    here, member by member of the one community (a register is small).
    """
    found: dict[int, SpecialGroupMember] = {}
    if phone:
        found.update((m.id, m) for m in s.scalars(
            select(SpecialGroupMember).where(SpecialGroupMember.phone == phone).limit(10)))
    if community_id is not None and address_key:
        name = _community_name(s, community_id)
        for m in s.scalars(select(SpecialGroupMember).where(SpecialGroupMember.community_id == community_id)
                           .order_by(SpecialGroupMember.id)):
            if m.address and normalise_address(address=m.address, community=name).key == address_key:
                found.setdefault(m.id, m)
    return list(found.values())[:10]


def _community_name(s: Session, community_id: int | None) -> str:
    if community_id is None:
        return ""
    return s.scalar(select(Community.name).where(Community.id == community_id)) or ""


def typed_address_key(s: Session, community_id: int | None, building: str, room: str, address: str) -> str:
    """The key of what is typed on the New Call form, as log_call will store it."""
    return normalise_address(building, room, address, _community_name(s, community_id)).key


def same_address_count(s: Session, community_id: int | None, address_key: str, now: datetime,
                       days: int = 7) -> int:
    """Tickets at this address of this community in the last `days` days (neighbours report one leak)."""
    if community_id is None or not address_key:
        return 0
    return s.scalar(select(func.count()).select_from(Ticket).where(
        Ticket.address_key == address_key, Ticket.community_id == community_id,
        Ticket.received_at >= now - timedelta(days=days), Ticket.status != "void")) or 0


def search_ticket_ids(s: Session, term: str, limit: int = 500) -> list[int]:
    """Newest first, by full text over caller, phone, address and description.

    A term that reads as an address ("12号301", "12-301") also finds the
    tickets stored with that address key, however their address was typed.

    SQLite: FTS5 trigram (3+ characters); shorter terms fall back to LIKE,
    which scans but is rare (a single 漏 is not a useful search anyway).
    PostgreSQL: ILIKE over the very expression the migration's pg_trgm GIN
    index covers (`PG_SEARCH_EXPR`), so the index finds the candidates; the
    per-column ILIKE after it drops matches that only span two columns, so
    the ids agree with SQLite's FTS (a match lies inside one column, case
    ignored). Without pg_trgm the same query runs as a slower scan.
    """
    # NUL is never stored (database._strip_nul) and breaks the FTS MATCH and PostgreSQL's text
    term = (term or "").replace("\x00", "").strip()
    if not term:
        return []
    found = _text_search_ids(s, term, limit)
    key, rest = search_key(term)
    if not key:
        return found
    return sorted(set(found) | set(_address_ids(s, key, rest, limit)), reverse=True)[:limit]


def _address_ids(s: Session, key: str, rest: str, limit: int) -> list[int]:
    """Tickets at this address: "12号" also finds every room of building 12; a rest that
    names a community ("嘉宏三村12号301") keeps that community's only; any other rest, none."""
    rooms = and_(Ticket.address_key > key + "-", Ticket.address_key < key + ".")  # "12-…", on the index
    q = select(Ticket.id).where(or_(Ticket.address_key == key, rooms))
    if rest:
        community = s.scalar(select(Community.id).where(Community.name == rest))
        if community is None:
            return []
        q = q.where(Ticket.community_id == community)
    return list(s.scalars(q.order_by(Ticket.id.desc()).limit(limit)))


def _text_search_ids(s: Session, term: str, limit: int) -> list[int]:
    dialect = s.bind.dialect.name
    if dialect == "sqlite" and len(term) >= 3:
        quoted = '"' + term.replace('"', '""') + '"'
        rows = s.execute(text(
            "SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH :q ORDER BY rowid DESC LIMIT :n"
        ), {"q": quoted, "n": limit})
        return [r[0] for r in rows]
    like = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    cols = (Ticket.caller_name, Ticket.caller_phone, Ticket.address, Ticket.description)
    op = "ilike" if dialect == "postgresql" else "like"
    q = select(Ticket.id).where(or_(*[getattr(c, op)(like, escape="\\") for c in cols]))
    if dialect == "postgresql":
        q = q.where(text(f"({PG_SEARCH_EXPR}) ILIKE :pg_like").bindparams(pg_like=like))
    return list(s.scalars(q.order_by(Ticket.id.desc()).limit(limit)))


# The expression of the GIN trigram index (migration 0001): a query must
# repeat it exactly for PostgreSQL to use the index.
PG_SEARCH_EXPR = "caller_name || ' ' || caller_phone || ' ' || address || ' ' || description"
PG_SEARCH_INDEX = "ix_tickets_search_trgm"


@dataclass(frozen=True)
class DueItem:
    deadline_id: int
    kind: str
    due_at: datetime
    snoozed_until: datetime | None
    ticket_id: int | None
    ticket_number: str | None
    missed_call_id: int | None
    phone: str
    unit: str | None
    category: str | None


def due_queue(s: Session, now: datetime, horizon: timedelta = timedelta(hours=1)) -> list[DueItem]:
    """Open deadlines due before now + horizon, overdue ones included, by due time."""
    q = (
        select(Deadline.id, Deadline.kind, Deadline.due_at, Deadline.snoozed_until,
               Deadline.ticket_id, Ticket.number, Deadline.missed_call_id,
               func.coalesce(Ticket.caller_phone, MissedCall.phone, ""), Unit.name, Category.name)
        .outerjoin(Ticket, Deadline.ticket_id == Ticket.id)
        .outerjoin(MissedCall, Deadline.missed_call_id == MissedCall.id)
        .outerjoin(Unit, Ticket.unit_id == Unit.id)
        .outerjoin(Category, Ticket.category_id == Category.id)
        .where(Deadline.done_at.is_(None), Deadline.due_at < now + horizon)
        .order_by(Deadline.due_at, Deadline.id)
    )
    return [DueItem(*r) for r in s.execute(q)]


def next_due_at(s: Session) -> datetime | None:
    """The earliest open deadline or snooze end: when the timer must fire next."""
    return s.scalar(select(func.min(func.coalesce(Deadline.snoozed_until, Deadline.due_at)))
                    .where(Deadline.done_at.is_(None)))


# The orders the ticket list can be sorted in, each the columns of an index (with the
# id that SQLite keeps in every index entry as the last tie-breaker), so a page is an
# index range however deep the operator has scrolled. Other columns (names, the
# text) would need the whole table sorted for every page: they are not offered.
TICKET_ORDERS = {
    "received": (Ticket.received_at, Ticket.id),  # ix_tickets_received
    "number": (Ticket.number,),  # unique
    "status": (Ticket.status, Ticket.received_at, Ticket.id),  # ix_tickets_status_received
    "phone": (Ticket.caller_phone, Ticket.received_at, Ticket.id),  # ix_tickets_phone_received
}


def ticket_ids_page(s: Session, after: tuple | None, limit: int, where=(), *,
                    order: str = "received", descending: bool = True) -> list[tuple[int, tuple]]:
    """Keyset page: (id, sort key) of the rows after the sort key of the last row seen.

    `order` is a key of TICKET_ORDERS; the default is newest first. Pass the key
    of the last row back as `after` for the next page."""
    cols = TICKET_ORDERS[order]
    q = select(Ticket.id, *cols).where(*where)
    if after is not None:
        key, bound = tuple_(*cols), tuple_(*after)
        q = q.where(key < bound if descending else key > bound)
    q = q.order_by(*(c.desc() if descending else c.asc() for c in cols)).limit(limit)
    return [(r[0], tuple(r[1:])) for r in s.execute(q)]


@dataclass(frozen=True)
class UnitCandidate:
    unit_id: int
    unit_name: str
    unit_kind: str
    contact_id: int | None
    person: str
    role: str
    phones: str
    duty_hours: str
    covers_community: bool
    handles_category: bool


def unit_candidates(s: Session, category_id: int | None, community_id: int | None) -> list[UnitCandidate]:
    """Contacts of active units that handle this category (or its parent) here.

    A unit with no communities listed covers the whole street (power station,
    police); a unit with communities covers only those.
    """
    cat_ids: list[int] = []
    if category_id is not None:
        cat_ids.append(category_id)
        parent = s.scalar(select(Category.parent_id).where(Category.id == category_id))
        if parent is not None:
            cat_ids.append(parent)
    has_any_coverage = select(UnitCommunity.unit_id).where(UnitCommunity.unit_id == Unit.id).exists()
    covers_here = (select(UnitCommunity.unit_id).where(UnitCommunity.unit_id == Unit.id,
                   UnitCommunity.community_id == community_id).exists()
                   if community_id is not None else literal(False))
    exact = (select(UnitCategory.unit_id).where(UnitCategory.unit_id == Unit.id,
             UnitCategory.category_id == category_id).exists()
             if category_id is not None else literal(False))
    q = (select(Unit.id, Unit.name, Unit.kind, Contact.id, Contact.person, Contact.role,
                Contact.phones, Contact.duty_hours, covers_here, exact)
         .outerjoin(Contact, Contact.unit_id == Unit.id)
         .where(Unit.active.is_(True)))
    if cat_ids:
        q = q.where(select(UnitCategory.unit_id).where(
            UnitCategory.unit_id == Unit.id, UnitCategory.category_id.in_(cat_ids)).exists())
    if community_id is not None:
        q = q.where(or_(~has_any_coverage, covers_here))
    q = q.order_by(Unit.name, Contact.id)
    return [UnitCandidate(r[0], r[1], r[2], r[3], r[4] or "", r[5] or "", r[6] or "", r[7] or "",
                          bool(r[8]), bool(r[9])) for r in s.execute(q)]


# --- The ticket list and the detail pane (console.ui) -------------------------
# The window's table holds ids in keyset pages (ticket_ids_page) and asks for
# the rows of one page at a time; filters are WHERE clauses built here, so no
# widget builds SQL and nothing is filtered in a Python proxy.

def ticket_filter(statuses=None, ids=None, shift_id: int | None = None, *,
                  received_from: datetime | None = None, received_to: datetime | None = None,
                  category_ids=None, community_ids=None, unit_id: int | None = None) -> tuple:
    """WHERE clauses for `ticket_ids_page`: a set of status codes and/or the ids a search found,
    and/or the shift the tickets were logged in, the received interval, categories, communities, unit.

    `ids=None` means "no search"; an empty list means "the search found nothing".
    `received_from`/`received_to` are aware UTC bounds of a half-open interval ``[from, to)``
    (a caller turns local days into them with timeutil.local_day_bounds); None leaves a side open.
    `category_ids`/`community_ids`: None means any; the caller expands a parent category into its
    children and a grid into its communities, so the query stays a plain IN.
    `statuses` may hold IMPORTED_OPEN: the imported tickets still open (the filter 导入的未办结).
    """
    where = []
    if received_from is not None:
        where.append(Ticket.received_at >= received_from)
    if received_to is not None:
        where.append(Ticket.received_at < received_to)
    if category_ids is not None:
        where.append(Ticket.category_id.in_(sorted(set(category_ids))))
    if community_ids is not None:
        where.append(Ticket.community_id.in_(sorted(set(community_ids))))
    if unit_id is not None:
        where.append(Ticket.unit_id == unit_id)
    if statuses:
        codes = set(statuses)
        if IMPORTED_OPEN in codes:  # the triage list: imported from an old register, still open
            codes.discard(IMPORTED_OPEN)
            where.append(imported_open_clause())
        if codes:
            where.append(Ticket.status.in_(sorted(codes)))
    if ids is not None:
        where.append(Ticket.id.in_(list(ids)))
    if shift_id is not None:
        where.append(Ticket.shift_id == shift_id)
    return tuple(where)


def ticket_rows_by_ids(s: Session, ids, description_chars: int = 200) -> list[TicketBrief]:
    """The list rows of these tickets, in the order of `ids` (unknown ids are skipped).

    Only the start of the description is read: a list never shows more, and a
    resident's ten-page letter need not cross the wire for one table cell.
    """
    ids = list(ids)
    found: dict[int, TicketBrief] = {}
    parent = aliased(Category)
    cat_path = func.coalesce(parent.name + literal("/") + Category.name, Category.name)
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        q = (
            select(Ticket.id, Ticket.number, Ticket.received_at, Ticket.status, Ticket.caller_name,
                   Ticket.caller_phone, Community.name, cat_path, Unit.name,
                   func.substr(Ticket.description, 1, description_chars))
            .outerjoin(Community, Ticket.community_id == Community.id)
            .outerjoin(Category, Ticket.category_id == Category.id)
            .outerjoin(parent, Category.parent_id == parent.id)
            .outerjoin(Unit, Ticket.unit_id == Unit.id)
            .where(Ticket.id.in_(chunk))
        )
        for r in s.execute(q):
            found[r[0]] = TicketBrief(*r[:9], r[9] or "")
    return [found[i] for i in ids if i in found]


@dataclass(frozen=True)
class TicketEventRow:
    at: datetime
    actor: str | None
    action: str
    from_status: str | None
    to_status: str | None
    unit: str | None
    detail: str


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


def ticket_detail(s: Session, ticket_id: int) -> TicketDetail | None:
    from .models import Grid, TicketEvent, User

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
        TicketEventRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6] or "")
        for r in s.execute(
            select(TicketEvent.at, User.display_name, TicketEvent.action, TicketEvent.from_status,
                   TicketEvent.to_status, Unit.name, TicketEvent.detail)
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
    return TicketDetail(
        id=t.id, number=t.number, version=t.version, status=t.status, received_at=t.received_at,
        channel=t.channel, caller_name=t.caller_name or "", caller_phone=t.caller_phone or "",
        community=community.name if community else None, grid=grid.name if grid else None,
        building=t.building or "", room=t.room or "", address=t.address or "",
        request_type=t.request_type, category=category.path if category else None,
        urgency=t.urgency, description=t.description or "",
        operator=operator.display_name if operator else None,
        unit=unit.name if unit else None,
        contact_person=contact.person if contact else None,
        contact_phones=contact.phones if contact else None,
        dispatched_at=t.dispatched_at, escalated_at=t.escalated_at, resolved_at=t.resolved_at,
        result=t.result or "", callback_at=t.callback_at, satisfaction=t.satisfaction,
        attitude=t.attitude, ability=t.ability, reopen_count=t.reopen_count or 0,
        void_reason=t.void_reason or "", events=events, deadlines=deadlines,
        community_id=t.community_id, category_id=t.category_id,
    )


def ticket_ids_changed_since(s: Session, since: datetime) -> set[int]:
    """Tickets written (by any seat) at or after `since`, from the audit trail's indexed time.

    Every ticket write is audited, so this is how a window notices another
    seat's changes without re-reading everything it shows.
    """
    from .models import AuditEntry

    return set(s.scalars(select(AuditEntry.entity_id).where(
        AuditEntry.entity == "ticket", AuditEntry.at >= since, AuditEntry.entity_id.is_not(None)).distinct()))


# --- Missed calls, the handover, shifts (console.ui missed-call list and shift dialogs) ------

@dataclass(frozen=True)
class MissedCallRow:
    id: int
    phone: str
    at: datetime
    due_at: datetime | None  # the open call-back deadline, None once called back or waived
    called_back_at: datetime | None
    called_back_by: str | None
    note: str
    ticket_id: int | None
    ticket_number: str | None
    waived: bool = False  # not called back, but its call-back deadline was closed (cancelled by a supervisor)


def _missed_deadline_closed():
    return select(Deadline.id).where(Deadline.missed_call_id == MissedCall.id,
                                     Deadline.done_at.is_not(None)).exists()


def _missed_waived():
    """Not called back, yet its call-back deadline is closed: nobody needs to call it any more."""
    return and_(MissedCall.called_back_at.is_(None), _missed_deadline_closed())


def _missed_open():
    return and_(MissedCall.called_back_at.is_(None), ~_missed_deadline_closed())


def missed_calls_page(s: Session, *, open_only: bool = True, after: tuple[datetime, int] | None = None,
                      limit: int = 200) -> list[MissedCallRow]:
    """A keyset page of missed calls.

    Still to call back (`open_only`: not called back, call-back not waived):
    the longest waiting first, the order they should be called back in. All:
    newest first, as a register reads. `after` is the (at, id) of the last
    row of the previous page.
    """
    from .models import User

    due = (select(func.min(Deadline.due_at)).where(Deadline.missed_call_id == MissedCall.id,
                                                    Deadline.done_at.is_(None))
           .correlate(MissedCall).scalar_subquery())
    q = (select(MissedCall.id, MissedCall.phone, MissedCall.at, due, MissedCall.called_back_at,
                User.display_name, MissedCall.note, MissedCall.ticket_id, Ticket.number, _missed_waived())
         .outerjoin(User, User.id == MissedCall.called_back_by)
         .outerjoin(Ticket, Ticket.id == MissedCall.ticket_id))
    key = tuple_(MissedCall.at, MissedCall.id)
    if open_only:
        q = q.where(_missed_open())
        if after is not None:
            q = q.where(key > tuple_(*after))
        q = q.order_by(MissedCall.at, MissedCall.id)
    else:
        if after is not None:
            q = q.where(key < tuple_(*after))
        q = q.order_by(MissedCall.at.desc(), MissedCall.id.desc())
    return [MissedCallRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6] or "", r[7], r[8], bool(r[9]))
            for r in s.execute(q.limit(limit))]


def missed_calls_open_count(s: Session) -> int:
    """Missed calls still to call back (not called back, call-back not waived)."""
    return s.scalar(select(func.count()).select_from(MissedCall).where(_missed_open())) or 0


@dataclass(frozen=True)
class ShiftBrief:
    id: int
    kind: str
    started_at: datetime
    ended_at: datetime | None
    opened_by: str | None
    handover_note: str


def _shift_brief(s: Session, q) -> ShiftBrief | None:
    from .models import Shift, User

    row = s.execute(select(Shift.id, Shift.kind, Shift.started_at, Shift.ended_at, User.display_name,
                           Shift.handover_note).outerjoin(User, User.id == Shift.opened_by)
                    .where(q).order_by(Shift.id.desc()).limit(1)).first()
    return ShiftBrief(row[0], row[1], row[2], row[3], row[4], row[5] or "") if row else None


def shift_brief(s: Session, shift_id: int) -> ShiftBrief | None:
    from .models import Shift

    return _shift_brief(s, Shift.id == shift_id)


def latest_shift(s: Session) -> ShiftBrief | None:
    """The open shift, else the one closed last: "this shift" for the shift's-tickets filter."""
    from .models import Shift

    return _shift_brief(s, Shift.ended_at.is_(None)) or _shift_brief(s, literal(True))


@dataclass(frozen=True)
class HandoverTicket:
    id: int
    number: str
    received_at: datetime
    status: str
    caller_phone: str
    community: str | None
    category: str | None
    unit: str | None
    description: str  # the start only
    resolution_due_at: datetime | None


@dataclass(frozen=True)
class HandoverFollowUp:
    deadline_id: int
    kind: str  # DeadlineKind code: check_back, satisfaction, missed_callback
    due_at: datetime
    ticket_id: int | None
    ticket_number: str | None
    missed_call_id: int | None
    phone: str
    unit: str | None


@dataclass(frozen=True)
class Handover:
    """What the next shift inherits now: open tickets and open call-backs (each list capped)."""

    shift: ShiftBrief | None
    shift_tickets: int  # tickets logged in this shift
    open_tickets: tuple[HandoverTicket, ...]
    open_tickets_total: int
    follow_ups: tuple[HandoverFollowUp, ...]
    follow_ups_total: int
    overdue_follow_ups: int


def _handover_codes() -> tuple[tuple[str, ...], tuple[str, ...]]:
    from ..domain.enums import DeadlineKind
    from ..domain.lifecycle import OPEN_STATUSES

    return (tuple(sorted(st.value for st in OPEN_STATUSES)),
            (DeadlineKind.CHECK_BACK.value, DeadlineKind.SATISFACTION.value, DeadlineKind.MISSED_CALLBACK.value))


HANDOVER_OPEN_STATUSES, HANDOVER_FOLLOW_UPS = _handover_codes()


def shift_handover(s: Session, shift_id: int | None, now: datetime, limit: int = 200) -> Handover:
    """Open tickets (the oldest resolution deadline first) and open call-backs (by due time).

    The lists are the desk's state now, not only the shift's own work: the
    next shift inherits every open ticket and every call-back still to make.
    """
    sh = shift_brief(s, shift_id) if shift_id is not None else None
    shift_tickets = 0
    if shift_id is not None:
        shift_tickets = s.scalar(select(func.count()).select_from(Ticket).where(Ticket.shift_id == shift_id)) or 0
    open_where = Ticket.status.in_(HANDOVER_OPEN_STATUSES)
    open_total = s.scalar(select(func.count()).select_from(Ticket).where(open_where)) or 0
    res_due = (select(func.min(Deadline.due_at)).where(Deadline.ticket_id == Ticket.id,
                                                        Deadline.kind == "resolution",
                                                        Deadline.done_at.is_(None))
               .correlate(Ticket).scalar_subquery())
    parent = aliased(Category)
    cat_path = func.coalesce(parent.name + literal("/") + Category.name, Category.name)
    q = (select(Ticket.id, Ticket.number, Ticket.received_at, Ticket.status, Ticket.caller_phone,
                Community.name, cat_path, Unit.name, func.substr(Ticket.description, 1, 200), res_due)
         .outerjoin(Community, Ticket.community_id == Community.id)
         .outerjoin(Category, Ticket.category_id == Category.id)
         .outerjoin(parent, Category.parent_id == parent.id)
         .outerjoin(Unit, Ticket.unit_id == Unit.id)
         .where(open_where)
         .order_by(res_due.is_(None), res_due, Ticket.received_at, Ticket.id).limit(limit))
    tickets = tuple(HandoverTicket(r[0], r[1], r[2], r[3], r[4] or "", r[5], r[6], r[7], r[8] or "", r[9])
                    for r in s.execute(q))
    fu_where = (Deadline.done_at.is_(None), Deadline.kind.in_(HANDOVER_FOLLOW_UPS))
    fu_total = s.scalar(select(func.count()).select_from(Deadline).where(*fu_where)) or 0
    overdue = s.scalar(select(func.count()).select_from(Deadline).where(*fu_where, Deadline.due_at < now)) or 0
    q = (select(Deadline.id, Deadline.kind, Deadline.due_at, Deadline.ticket_id, Ticket.number,
                Deadline.missed_call_id, func.coalesce(Ticket.caller_phone, MissedCall.phone, ""), Unit.name)
         .outerjoin(Ticket, Deadline.ticket_id == Ticket.id)
         .outerjoin(MissedCall, Deadline.missed_call_id == MissedCall.id)
         .outerjoin(Unit, Ticket.unit_id == Unit.id)
         .where(*fu_where).order_by(Deadline.due_at, Deadline.id).limit(limit))
    follow = tuple(HandoverFollowUp(*r) for r in s.execute(q))
    return Handover(sh, shift_tickets, tickets, open_total, follow, fu_total, overdue)


# --- The due queue's timer and the supervisor's audit view (console.ui) --------------

def due_counts(s: Session, now: datetime, horizon: timedelta = timedelta(hours=1)) -> tuple[int, int]:
    """(due within the horizon but not yet, overdue) of the queue `due_queue` reads, counted on the index.

    Overdue means due_at <= now, the rule of the queue, the alerts and `due --json`.
    """
    row = s.execute(select(func.count(), func.count(case((Deadline.due_at <= now, 1))))
                    .select_from(Deadline)
                    .where(Deadline.done_at.is_(None), Deadline.due_at < now + horizon)).one()
    return row[0] - row[1], row[1]


def next_due_after(s: Session, after: datetime) -> datetime | None:
    """The earliest open deadline due at or after `after`: when the queue's horizon next takes one in.

    One seek on the (done_at, due_at) index, however many deadlines are open,
    unlike `next_due_at`, which must look at every open row's snooze.
    """
    return s.scalar(select(Deadline.due_at)
                    .where(Deadline.done_at.is_(None), Deadline.due_at >= after)
                    .order_by(Deadline.due_at).limit(1))


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    user: str | None  # display name; None for the system or the command line
    action: str
    entity: str
    entity_id: int | None
    ticket_number: str | None  # the ticket the row is about (directly or through its deadline)
    old: str  # JSON text as written by services.context.audit ("" when none)
    new: str


def audit_rows(s: Session, actions=None, limit: int = 500, since: datetime | None = None) -> list[AuditRow]:
    """The newest audit rows, optionally only these actions (e.g. {"snooze"}) and only since a time.

    `since` keeps the scan on the time index of a trail that grows by every
    write of every seat; the supervisor's view passes the last few weeks.
    """
    from .models import AuditEntry, User

    ticket_id = func.coalesce(Deadline.ticket_id,
                              case((AuditEntry.entity == "ticket", AuditEntry.entity_id), else_=None))
    q = (select(AuditEntry.id, AuditEntry.at, User.display_name, AuditEntry.action, AuditEntry.entity,
                AuditEntry.entity_id, Ticket.number, AuditEntry.old, AuditEntry.new)
         .outerjoin(User, AuditEntry.user_id == User.id)
         .outerjoin(Deadline, and_(AuditEntry.entity == "deadline", Deadline.id == AuditEntry.entity_id))
         .outerjoin(Ticket, Ticket.id == ticket_id))
    if actions:
        q = q.where(AuditEntry.action.in_(sorted(set(actions))))
    if since is not None:
        q = q.where(AuditEntry.at >= since)
        q = q.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    else:
        q = q.order_by(AuditEntry.id.desc())
    return [AuditRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7] or "", r[8] or "")
            for r in s.execute(q.limit(limit))]


@dataclass(frozen=True)
class DeadlineRuleInfo:
    id: int
    kind: str
    category_id: int | None
    category: str | None  # path, e.g. 水电气/停电
    urgency: str | None
    minutes: int


def deadline_rules(s: Session) -> list[DeadlineRuleInfo]:
    """Every stored deadline rule with its category's path (the rules editor's list)."""
    parent = aliased(Category)
    cat_path = func.coalesce(parent.name + literal("/") + Category.name, Category.name)
    from .models import DeadlineRuleRow

    q = (select(DeadlineRuleRow.id, DeadlineRuleRow.kind, DeadlineRuleRow.category_id, cat_path,
                DeadlineRuleRow.urgency, DeadlineRuleRow.minutes)
         .outerjoin(Category, DeadlineRuleRow.category_id == Category.id)
         .outerjoin(parent, Category.parent_id == parent.id)
         .order_by(DeadlineRuleRow.kind, DeadlineRuleRow.category_id.is_not(None), cat_path,
                   DeadlineRuleRow.urgency.is_not(None), DeadlineRuleRow.urgency, DeadlineRuleRow.id))
    return [DeadlineRuleInfo(*r) for r in s.execute(q)]


# --- Imported, still open (issue 15: history stays history) -------------------------------
# An old register's rows that it shows as still open are imported open, with no deadline;
# the desk triages them. The window's filter 导入的未办结 and the import's report
# ("N 张导入的未办结工单") both count them with this one clause.

IMPORTED_OPEN = "imported_open"  # a pseudo status code for ticket_filter's `statuses`


def imported_open_clause():
    """Imported (tickets.import_key set) and open."""
    from ..domain.lifecycle import OPEN_STATUSES

    return and_(Ticket.import_key.is_not(None), Ticket.status.in_(sorted(x.value for x in OPEN_STATUSES)))


def imported_open_count(s: Session) -> int:
    return s.scalar(select(func.count()).select_from(Ticket).where(imported_open_clause())) or 0
