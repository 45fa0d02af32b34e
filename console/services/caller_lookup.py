"""Who is calling, for the New Call form: earlier tickets, the repeat-caller count, the same
address's tickets and special groups (console.ui.new_call.new_call_caller shows them).

The lookups are indexed queries (well under 5 ms at a million tickets), read in one transaction
so the panel's figures agree with each other. The ringing phone's caller card has its own reads
(console.services.calls.caller_card), shaped for the card.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..store import queries
from ..store.queries import TicketBrief
from .context import Desk
from .desk_settings import repeat_days

HISTORY_LIMIT = 20


@dataclass(frozen=True)
class SpecialPerson:
    name: str
    group: str
    needs: str
    grid_worker: str
    address: str


@dataclass
class CallerInfo:
    phone: str
    history: list[TicketBrief] = field(default_factory=list)
    recent_count: int = 0  # tickets from this phone in the last 7 days, before this call
    special: list[SpecialPerson] = field(default_factory=list)
    same_address: int = 0  # tickets at the typed address (same community) in the last `days` days
    nearby_open: list[TicketBrief] = field(default_factory=list)  # open ones there (追加, any caller)
    days: int = 7  # the desk's repeat-call window (services.desk_settings.repeat_days)

    @property
    def repeat(self) -> bool:
        """This call will be the 2nd or later in 7 days."""
        return self.recent_count >= 1


def lookup_caller(desk: Desk, phone: str, community_id: int | None = None,
                  building: str = "", room: str = "", address: str = "",
                  category_id: int | None = None) -> CallerInfo:
    """History, recent count and special-group matches for a normalised phone; the same-address count,
    the open tickets there (of the chosen category) and special groups for the typed address, however it
    is spelt. "Recent" is the desk's repeat-call window (7 days unless the desk set another)."""
    info = CallerInfo(phone)
    typed = community_id is not None and any(x.strip() for x in (building, room, address))
    if not phone and not typed:
        return info
    with desk.db.read() as s:
        days = info.days = repeat_days(s)
        if phone:
            info.history = queries.caller_history(s, phone, limit=HISTORY_LIMIT)
            info.recent_count = queries.recent_ticket_count(s, phone, desk.now(), days=days)
        key = queries.typed_address_key(s, community_id, building, room, address) if typed else ""
        info.same_address = queries.same_address_count(s, community_id, key, desk.now(), days=days)
        info.nearby_open = queries.open_tickets_at(s, community_id, key, category_id, desk.now(), days=days)
        info.special = [
            SpecialPerson(m.name, m.group, m.needs or "", m.grid_worker or "", m.address or "")
            for m in queries.special_group_matches(s, phone, community_id, key)
        ]
    return info
