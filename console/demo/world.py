"""The demo desk's world as plain values: the street, its units, the scenarios a call can be, the shifts —
everything console.demo.history's generator draws from (ids already in the database), and its counts.

Kept apart from the generator so the desk builder (console.demo.desk) can describe the world without the
generator's machinery, and the generator stays one responsibility.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from ..domain.deadline_policy import DeadlinePolicy
from ..domain.duty_hours import DutyHours

MIN, HOUR, DAY = 60, 3600, 86400

# The columns of the rows the generator writes (console.store.bulk), in the order it builds them.
TICKET_COLS = ("id", "number", "received_at", "channel", "caller_name", "caller_phone", "community_id",
               "building", "room", "address", "address_key", "grid_id", "request_type", "category_id", "urgency",
               "description", "status", "operator_id", "shift_id", "unit_id", "contact_id",
               "dispatched_at", "escalated_at", "resolved_at", "result", "callback_at", "satisfaction",
               "attitude", "ability", "reopen_count", "void_reason", "import_key", "version", "updated_at",
               "satisfaction_scale", "review_stage", "solved")
EVENT_COLS = ("id", "ticket_id", "at", "actor_id", "action", "from_status", "to_status", "unit_id", "detail")
DEADLINE_COLS = ("id", "ticket_id", "missed_call_id", "kind", "start_at", "due_at", "done_at", "done_by",
                 "outcome", "snoozed_until", "snooze_reason")
MISSED_COLS = ("id", "phone", "at", "called_back_at", "called_back_by", "ticket_id", "note", "logged_by")


@dataclass
class Scenario:
    category_id: int
    parent_id: int | None
    weight: float
    season: list[float]
    night: float
    answer_share: float
    unit_weights: dict[str, float]
    urgency: tuple[list[str], list[float]]
    answer_types: tuple[list[str], list[float]]
    dispatch_types: tuple[list[str], list[float]]
    escalate: float
    resolve_median: float
    resolve_sigma: float
    communities: tuple[list[int], list[float]]  # indexes into World.communities, cumulative weights
    allowed: frozenset[int]                      # community indexes where it can happen
    descriptions: list[str]
    results: list[str]
    answers: list[str]


@dataclass
class CommunityInfo:
    id: int
    name: str
    grid_id: int | None
    buildings: int
    floors: int


@dataclass
class UnitInfo:
    id: int
    kind: str
    categories: set[int]
    communities: set[int]           # empty: the whole street
    contacts: list[tuple[int, DutyHours]]


@dataclass
class ShiftPlan:
    starts: list[int]               # epoch seconds; the last one is the open shift
    kinds: list[str]
    operators: list[int]
    counts: list[list[int]] = field(default_factory=list)  # received, answered, dispatched


@dataclass
class World:
    """Everything the generator needs, as plain values (ids already in the database)."""

    tz: ZoneInfo
    now: int
    start: int
    communities: list[CommunityInfo]
    scenarios: list[Scenario]
    units: list[UnitInfo]
    special: list[tuple[str, str, int, str, str]]   # name, phone, community index, building, room
    texts: dict
    operators: tuple[int, int]      # zhang, wang
    supervisor: int
    policy: DeadlinePolicy
    shifts: ShiftPlan
    first_ids: dict[str, int]       # next id per table


@dataclass
class LiveTicket:
    """A ticket of the open shift with a fixed shape, so the demo always has work due."""

    received_ago: int               # minutes before now
    dispatched_ago: int | None      # None: answered on the spot
    category_id: int
    community_index: int
    urgency: str
    unit_kind: str | None
    special_index: int | None = None


@dataclass
class HistoryStats:
    tickets: int = 0
    events: int = 0
    deadlines: int = 0
    missed_calls: int = 0
    answered: int = 0
    dispatched: int = 0
    voided: int = 0
    counters: dict[str, int] = field(default_factory=dict)


def cumulative(weights: list[float]) -> list[float]:
    """Running totals: the table `bisect` draws a weighted choice from."""
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


def season_of(month: int) -> int:
    """0 spring, 1 summer, 2 autumn, 3 winter."""
    return (0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3)[(month - 3) % 12] if month else 0


def is_night(hour: int) -> bool:
    return hour >= 22 or hour < 6
