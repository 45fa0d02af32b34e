"""Who is calling: the caller's history, special groups, the same address."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Integer, bindparam, func, select
from sqlalchemy.orm import Session

from ...domain.address import normalise as normalise_address
from ...domain.lifecycle import OPEN_STATUS_CODES
from ..models import (
    Community,
    SpecialGroupMember,
    Ticket,
)
from ..prepared import Prepared, RawRead
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
    by_phone = list(s.scalars(_MEMBERS_BY_PHONE, {"phone": phone})) if phone else []
    in_community = []
    if community_id is not None and address_key:
        in_community = list(s.scalars(select(SpecialGroupMember).where(
            SpecialGroupMember.community_id == community_id).order_by(SpecialGroupMember.id)))
    return _matching_members(by_phone, in_community, _community_name(s, community_id) if in_community else "",
                             address_key)


def _matching_members(by_phone: Iterable[Any], in_community: Iterable[Any], community: str,
                      address_key: str) -> list[Any]:
    """The members with the phone, then those of the community whose address keys to `address_key`; each once,
    at most 10. Members are anything with `id` and `address` (ORM members, `CardMember` rows)."""
    found = {m.id: m for m in by_phone}
    if address_key:
        for m in in_community:
            if m.address and normalise_address(address=m.address, community=community).key == address_key:
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


# --- The caller card (services.calls.caller_card), in one raw read ---------------------------------------------

class CardMember(NamedTuple):
    """A special-group member as the card shows it."""

    id: int
    name: str
    group: str
    needs: str | None
    grid_worker: str | None
    address: str | None = None


class CardOpenTicket(NamedTuple):
    """An open ticket of the caller's, as the card lists it."""

    number: str
    received_at: datetime
    status: str
    category: str | None


# The columns of a row of `_CARD_HISTORY`: `_brief_select`'s (TicketBrief's order), then where the caller said
# they were (LastCallerTicket's, for a row that turns out to be the last plain one).
_NUMBER, _RECEIVED, _STATUS, _CALLER, _COMMUNITY, _CATEGORY, _CONFIDENTIAL = 1, 2, 3, 4, 6, 7, 10
_COMMUNITY_ID, _BUILDING, _ROOM, _ADDRESS = 11, 12, 13, 14


@dataclass(frozen=True)
class CallerCardReads:
    """What the card is made of: the history's size and its open tickets (newest first), the count of the last
    `days` days, the last ticket that is not 保密, the special-group members by phone or by that address."""

    tickets: int
    open_tickets: list[CardOpenTicket]
    recent: int
    last: LastCallerTicket | None
    members: list[CardMember]


def caller_card_reads(r: RawRead, phone: str, now: datetime, days: int, limit: int = 50,
                      open_limit: int = 5) -> CallerCardReads:
    """The card's reads: the history (`limit` newest, as `caller_history`), then the count of the last `days`
    days (as `recent_ticket_count`) and the last ticket that is not 保密 (as `last_caller_ticket`) — each taken
    from the history when the history provably holds it, else read — and the members (as
    `special_group_matches` with the key of that ticket's address, as `typed_address_key`).

    The history holds every ticket of the phone when it is shorter than `limit`; otherwise it holds every one
    received after its oldest row, so it covers the window when its oldest row is older than the window's
    start, and it holds the last plain ticket when one of its rows is plain (the same order)."""
    history = r.rows(_CARD_HISTORY, {"phone": phone, "n": limit})
    complete = len(history) < limit
    since = now - timedelta(days=days)
    if complete or history[-1][_RECEIVED] < since:
        recent = sum(1 for t in history if t[_RECEIVED] >= since and t[_STATUS] != "void")
    else:
        recent = r.scalar(_RECENT_COUNT_RAW, {"phone": phone, "since": since}) or 0
    plain = next((t for t in history if not t[_CONFIDENTIAL] and t[_STATUS] != "void"), None)
    last: LastCallerTicket | None = None
    if plain is not None:
        last = LastCallerTicket(plain[_NUMBER], plain[_CALLER], plain[_COMMUNITY_ID], plain[_COMMUNITY],
                                plain[_BUILDING], plain[_ROOM], plain[_ADDRESS])
    elif not complete:
        row = r.first(_LAST_CALLER_RAW, {"phone": phone})
        last = LastCallerTicket(*row) if row is not None else None
    by_phone = [CardMember(*m) for m in r.rows(_CARD_MEMBERS_BY_PHONE, {"phone": phone})]
    in_community: list[CardMember] = []
    key, community = "", ""
    if last is not None and last.community_id is not None:
        community = last.community or ""
        key = normalise_address(last.building, last.room, last.address, community).key
        if key:
            in_community = [CardMember(*m) for m in r.rows(_CARD_MEMBERS_IN, {"community": last.community_id})]
    open_tickets = [CardOpenTicket(t[_NUMBER], t[_RECEIVED], t[_STATUS], t[_CATEGORY])
                    for t in history if t[_STATUS] in OPEN_STATUS_CODES][:open_limit]
    return CallerCardReads(len(history), open_tickets, recent, last,
                           _matching_members(by_phone, in_community, community, key))


_CARD_HISTORY = Prepared(_caller_history_stmt().add_columns(
    Ticket.__table__.c.community_id, Ticket.__table__.c.building, Ticket.__table__.c.room,
    Ticket.__table__.c.address).params(exclude=-1))
_RECENT_COUNT_RAW = Prepared(_RECENT_COUNT)
_LAST_CALLER_RAW = Prepared(_last_caller_stmt())
_SG = SpecialGroupMember.__table__.c
_CARD_MEMBERS_BY_PHONE = Prepared(select(_SG.id, _SG.name, _SG.group, _SG.needs, _SG.grid_worker)
                                  .where(_SG.phone == bindparam("phone")).limit(10))
_CARD_MEMBERS_IN = Prepared(select(_SG.id, _SG.name, _SG.group, _SG.needs, _SG.grid_worker, _SG.address)
                            .where(_SG.community_id == bindparam("community")).order_by(_SG.id))
