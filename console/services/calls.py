"""The telephone's use cases: who is calling (the caller card), and a call nobody answered.

The card gathers, in one read, what New Call shows beside its form once the
number is typed — the name and address the caller gave last time, the
special-group card, the repeat-caller count, the open tickets — so the
operator knows who it is before lifting the handset. A missed call goes
through services.missed_calls (its call-back deadline from the deadline
policy), once per call id.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ..domain.calls import Call
from ..domain.enums import Status
from ..domain.errors import UserError
from ..store import queries
from ..store.setting_reads import raw_setting
from .context import Actor, Desk
from .desk_settings import limit_of
from .missed_calls import record_phone_missed_call

OPEN_LIMIT = 5  # open tickets the card lists (the newest)
HISTORY_LIMIT = 50  # the caller's tickets the card looks at (the newest)


@dataclass(frozen=True)
class CardPerson:
    """A special-group member the number (or the last address) matches."""

    name: str
    group: str
    needs: str
    grid_worker: str


@dataclass(frozen=True)
class CardTicket:
    number: str
    received_at: datetime
    status: Status
    category: str


@dataclass(frozen=True)
class CallerCard:
    phone: str  # the desk's form of the number; "" when withheld
    name: str = ""  # as given on the last ticket that is not 保密
    from_ticket: str = ""  # that ticket's number: the name and address below come from it
    community_id: int | None = None
    community: str = ""
    building: str = ""
    room: str = ""
    address: str = ""
    special: list[CardPerson] = field(default_factory=list)
    recent_count: int = 0  # tickets from this number within `days` days
    days: int = 7
    tickets: int = 0  # tickets from this number seen (up to the history's limit)
    open_tickets: list[CardTicket] = field(default_factory=list)

    @property
    def known(self) -> bool:
        return self.tickets > 0 or bool(self.special)

    @property
    def repeat(self) -> bool:
        """This call is the second or later within the desk's repeat-call window."""
        return self.recent_count >= 1

    def prefill(self) -> dict[str, object]:
        """New Call's fields from this card (the draft's shape, console.ui.new_call.draft)."""
        return {"phone": self.phone, "caller_name": self.name, "community_id": self.community_id,
                "community_text": self.community, "building": self.building, "room": self.room,
                "address": self.address}


def caller_card(desk: Desk, phone: str) -> CallerCard:
    """What the desk knows of the number `phone` (already in the desk's form), in one read.

    A ring shows it before the operator lifts the handset, so it is read the fast way: one raw read
    transaction of prepared statements (console.store.prepared), the count and the last plain ticket taken
    from the history when it holds them (queries.caller_card_reads)."""
    if not phone:
        return CallerCard("")
    now = desk.now()
    with desk.db.raw_read() as r:
        days = limit_of("repeat_days", raw_setting(r, "repeat_days"))
        got = queries.caller_card_reads(r, phone, now, days, limit=HISTORY_LIMIT, open_limit=OPEN_LIMIT)
    special = [CardPerson(m.name, m.group, m.needs or "", m.grid_worker or "") for m in got.members]
    open_tickets = [CardTicket(t.number, t.received_at, Status(t.status), t.category or "") for t in got.open_tickets]
    last = got.last
    if last is None:
        return CallerCard(phone, special=special, recent_count=got.recent, days=days, tickets=got.tickets,
                          open_tickets=open_tickets)
    return CallerCard(phone, last.caller_name, last.number, last.community_id, last.community or "",
                      last.building, last.room, last.address, special, got.recent, days, got.tickets, open_tickets)


def latest_caller(desk: Desk) -> str:
    """A number to ring the demo desk with (帮助 → 模拟来电): its latest caller's."""
    with desk.db.read() as s:
        return queries.latest_caller_phone(s)


@dataclass(frozen=True)
class MissedResult:
    """What became of a call that ended unanswered."""

    missed_call_id: int | None  # None: not recorded (see `reason`)
    reason: str = ""  # "recorded", "already", "withheld"
    due_at: datetime | None = None  # the call-back deadline of a recorded one


def record_missed(desk: Desk, actor: Actor, call: Call) -> MissedResult:
    """A call that ended unanswered becomes a missed call with its call-back deadline; once per call id.
    A withheld number cannot be called back: not recorded (the link says so in its log)."""
    if not call.missed:
        raise UserError("这个电话已接听，不是未接来电。", "This call was answered: it is not a missed call.")
    if not call.caller:
        return MissedResult(None, "withheld")
    done = record_phone_missed_call(desk, actor, call.call_id, call.caller, call.rang_at)
    if done is None:
        return MissedResult(None, "already")
    return MissedResult(done[0], "recorded", done[1])
