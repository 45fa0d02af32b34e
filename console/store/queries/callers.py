"""Who is calling: the caller's history, special groups, the same address."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import Integer, bindparam, func, select
from sqlalchemy.orm import Session

from ...domain.address import normalise as normalise_address
from ..models import (
    Community,
    SpecialGroupMember,
    Ticket,
)
from .ticket_list import TicketBrief, _brief_select


@cache
def _caller_history_stmt():
    """Built once: composing the joined select costs ~1 ms, the indexed query ~0.1 ms."""
    t = Ticket.__table__.c  # Core columns throughout: plain tuples, no ORM loading layer
    return (_brief_select()
            .where(t.caller_phone == bindparam("phone"), t.id != bindparam("exclude"))
            .order_by(t.received_at.desc(), t.id.desc())
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
    return s.scalar(_RECENT_COUNT, {"phone": phone, "since": now - timedelta(days=days)}) or 0


_RECENT_COUNT = select(func.count()).select_from(Ticket.__table__).where(
    Ticket.__table__.c.caller_phone == bindparam("phone"), Ticket.__table__.c.received_at >= bindparam(
        "since", type_=Ticket.__table__.c.received_at.type), Ticket.__table__.c.status != "void")


def special_group_matches(s: Session, phone: str, community_id: int | None = None,
                          address_key: str = "") -> list[SpecialGroupMember]:
    """Members with this phone, or living at this address (its key, console.domain.address).

    The register's addresses are free text ("12号301室", "12-301"); they are keyed
    here, member by member of the one community (a register is small).
    """
    found: dict[int, SpecialGroupMember] = {}
    if phone:
        found.update((m.id, m) for m in s.scalars(_MEMBERS_BY_PHONE, {"phone": phone}))
    if community_id is not None and address_key:
        name = _community_name(s, community_id)
        for m in s.scalars(select(SpecialGroupMember).where(SpecialGroupMember.community_id == community_id)
                           .order_by(SpecialGroupMember.id)):
            if m.address and normalise_address(address=m.address, community=name).key == address_key:
                found.setdefault(m.id, m)
    return list(found.values())[:10]


_MEMBERS_BY_PHONE = select(SpecialGroupMember).where(SpecialGroupMember.phone == bindparam("phone")).limit(10)


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


def open_tickets_at(s: Session, community_id: int | None, address_key: str, category_id: int | None,
                    now: datetime, days: int = 7, limit: int = 10) -> list[TicketBrief]:
    """Open tickets at this address of this community (of this category, when one is chosen) received in
    the last `days` days, newest first: New Call offers them for 追加 whoever calls (a neighbour about the
    same leak)."""
    from ...domain.lifecycle import OPEN_STATUS_CODES

    if community_id is None or not address_key:
        return []
    q = (_brief_select()
         .where(Ticket.address_key == address_key, Ticket.community_id == community_id,
                Ticket.received_at >= now - timedelta(days=days), Ticket.status.in_(sorted(OPEN_STATUS_CODES)))
         .order_by(Ticket.received_at.desc(), Ticket.id.desc()).limit(limit))
    if category_id is not None:
        q = q.where(Ticket.category_id == category_id)
    return [TicketBrief(*r) for r in s.execute(q)]


@dataclass(frozen=True)
class LastCallerTicket:
    """Who the caller said they were, and where, on their latest ticket (New Call pre-filled from a ring)."""

    number: str
    caller_name: str
    community_id: int | None
    community: str | None
    building: str
    room: str
    address: str


def last_caller_ticket(s: Session, phone: str) -> LastCallerTicket | None:
    """The caller's latest ticket that is not 保密 (whose name and address no list shows), or None."""
    if not phone:
        return None
    row = s.execute(_last_caller_stmt(), {"phone": phone}).first()
    return LastCallerTicket(*row) if row is not None else None


@cache
def _last_caller_stmt():
    """Built once (Core columns: a plain tuple back)."""
    t, c = Ticket.__table__.c, Community.__table__.c
    return (select(t.number, t.caller_name, t.community_id, c.name, t.building, t.room, t.address)
            .select_from(Ticket.__table__.outerjoin(Community.__table__, t.community_id == c.id))
            .where(t.caller_phone == bindparam("phone"), t.confidential.is_(False), t.status != "void")
            .order_by(t.received_at.desc(), t.id.desc()).limit(1))


def latest_caller_phone(s: Session) -> str:
    """The phone of the desk's latest ticket that has one and is not 保密 ("" when none): 帮助 → 模拟来电."""
    return s.scalar(select(Ticket.caller_phone)
                    .where(Ticket.caller_phone != "", Ticket.confidential.is_(False), Ticket.status != "void")
                    .order_by(Ticket.received_at.desc(), Ticket.id.desc()).limit(1)) or ""
