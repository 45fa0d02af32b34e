"""Read-side queries: plain rows out, no rules about what they mean.

Each takes a Session and returns dataclasses or tuples that a widget, a
report or the CLI can use without touching SQLAlchemy.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, func, literal, or_, select, text, tuple_
from sqlalchemy.orm import Session, aliased

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
)


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


def caller_history(s: Session, phone: str, limit: int = 20, exclude_id: int | None = None) -> list[TicketBrief]:
    if not phone:
        return []
    q = _brief_select().where(Ticket.caller_phone == phone)
    if exclude_id is not None:
        q = q.where(Ticket.id != exclude_id)
    q = q.order_by(Ticket.received_at.desc(), Ticket.id.desc()).limit(limit)
    return [TicketBrief(*r) for r in s.execute(q)]


def recent_ticket_count(s: Session, phone: str, now: datetime, days: int = 7) -> int:
    """Tickets from this phone in the last `days` days (repeat caller: 2 or more)."""
    if not phone:
        return 0
    return s.scalar(select(func.count()).select_from(Ticket).where(
        Ticket.caller_phone == phone, Ticket.received_at >= now - timedelta(days=days),
        Ticket.status != "void")) or 0


def special_group_matches(s: Session, phone: str, community_id: int | None = None,
                          address: str = "") -> list[SpecialGroupMember]:
    conds = []
    if phone:
        conds.append(SpecialGroupMember.phone == phone)
    if community_id is not None and address.strip():
        conds.append(and_(SpecialGroupMember.community_id == community_id,
                          SpecialGroupMember.address == address.strip()))
    if not conds:
        return []
    return list(s.scalars(select(SpecialGroupMember).where(or_(*conds)).limit(10)))


def search_ticket_ids(s: Session, term: str, limit: int = 500) -> list[int]:
    """Newest first, by full text over caller, phone, address and description.

    SQLite: FTS5 trigram (3+ characters); shorter terms fall back to LIKE,
    which scans but is rare (a single 漏 is not a useful search anyway).
    """
    term = (term or "").strip()
    if not term:
        return []
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
    return list(s.scalars(q.order_by(Ticket.id.desc()).limit(limit)))


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


def ticket_ids_page(s: Session, after: tuple[datetime, int] | None, limit: int,
                    where=()) -> list[tuple[int, datetime]]:
    """Keyset page, newest first: ids after the (received_at, id) of the last row seen."""
    q = select(Ticket.id, Ticket.received_at).where(*where)
    if after is not None:
        q = q.where(tuple_(Ticket.received_at, Ticket.id) < tuple_(*after))
    q = q.order_by(Ticket.received_at.desc(), Ticket.id.desc()).limit(limit)
    return [(r[0], r[1]) for r in s.execute(q)]


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
