"""How long the desk has for each follow-up, per category and urgency.

The rules live in the database so every seat agrees; this module decides
which rule applies. Defaults come from the field: call the resident back
30 minutes after dispatch (15 when 特急), solve simple problems within
1 day and escalated ones within 3 days, make the satisfaction call within
1 day of resolution, call back a missed call within 15 minutes, and for a
特急 ticket have someone on site within 15 minutes of dispatch (the seeds'
15-minute service circle).

The on-site arrival deadline is *optional*: it is opened only where a rule
names it (by default for 特急 tickets only; a desk may add one for 紧急), so
`rule_or_none` answers None for a ticket no arrival rule covers.

Minutes are elapsed time by default: a resident with a leak at night waits
through the night too. A rule can count working time instead (`working_time`:
only the minutes of working days count, console.domain.work_calendar), as the
12345 rules do for a street office's 3 个工作日.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import NamedTuple

from .enums import DeadlineKind, Urgency
from .errors import ValidationError
from .work_calendar import WEEK_ONLY, WorkCalendar, add_working_minutes

MAX_MINUTES = 30 * 24 * 60  # 43200: past a month a "deadline" is a wish


class RuleKind(NamedTuple):
    code: str
    zh: str
    en: str


CHECK_BACK = "check_back"
RESOLUTION = "resolution"
ESCALATED_RESOLUTION = "escalated_resolution"
SATISFACTION = "satisfaction"
MISSED_CALLBACK = "missed_callback"
ARRIVAL = "arrival"
REVIEW = "review"      # 回访复核: a supervisor decides on an unfavourable rating
RECTIFY = "rectify"    # 整改: the unit's rectification
REVISIT = "revisit"    # 再回访: the second call once rectified
OPTIONAL_KINDS = frozenset({ARRIVAL})  # opened only where a rule covers the ticket


def _from_enum(kind: DeadlineKind) -> RuleKind:
    return RuleKind(kind.value, kind.zh, kind.en)


# escalated_resolution is a rule kind only: the deadline row it produces is
# still a `resolution` deadline (DeadlineKind), just with more minutes.
RULE_KINDS: tuple[RuleKind, ...] = (
    _from_enum(DeadlineKind.CHECK_BACK),
    _from_enum(DeadlineKind.RESOLUTION),
    RuleKind(ESCALATED_RESOLUTION, "上报后办结时限", "Resolution after escalation"),
    _from_enum(DeadlineKind.SATISFACTION),
    _from_enum(DeadlineKind.MISSED_CALLBACK),
    _from_enum(DeadlineKind.ARRIVAL),
    _from_enum(DeadlineKind.REVIEW),
    _from_enum(DeadlineKind.RECTIFY),
    _from_enum(DeadlineKind.REVISIT),
)
_KIND_CODES = frozenset(k.code for k in RULE_KINDS)
_URGENCY_CODES = frozenset(u.value for u in Urgency)


def validate_minutes(value: object) -> int:
    """A time limit in whole minutes, 1 to 43200, from a form, a sheet or code.

    Accepts an int, an integral float (spreadsheets give 30.0) or digit text;
    refuses fractions, booleans, zero, negatives and more than 30 days.
    """
    n: int | None = None
    if isinstance(value, bool):
        n = None
    elif isinstance(value, int):
        n = value
    elif isinstance(value, float) and value.is_integer():
        n = int(value)
    elif isinstance(value, str):
        s = unicodedata.normalize("NFKC", value).strip()
        if s.isascii() and s.isdigit():
            n = int(s)
    if n is None or not 1 <= n <= MAX_MINUTES:
        raise ValidationError(
            f"时限必须是 1 到 {MAX_MINUTES} 分钟之间的整数。",
            f"A time limit must be a whole number of minutes from 1 to {MAX_MINUTES}.",
        )
    return n


def _check_kind(kind: str) -> str:
    if kind not in _KIND_CODES:
        raise ValueError(f"unknown deadline rule kind {kind!r}")
    return str(kind)


def _check_urgency(urgency: str | None) -> str | None:
    if urgency is None:
        return None
    if str(urgency) not in _URGENCY_CODES:
        raise ValueError(f"unknown urgency {urgency!r}")
    return str(urgency)


@dataclass(frozen=True)
class DeadlineRule:
    """One row of the rule table; None for category or urgency means "any"."""

    kind: str
    minutes: int
    category_id: int | None = None
    urgency: str | None = None
    working_time: bool = False  # the minutes count on working days only

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", _check_kind(self.kind))
        object.__setattr__(self, "minutes", validate_minutes(self.minutes))
        object.__setattr__(self, "urgency", _check_urgency(self.urgency))


DEFAULT_RULES: tuple[DeadlineRule, ...] = (
    DeadlineRule(CHECK_BACK, 30),
    DeadlineRule(CHECK_BACK, 15, urgency=Urgency.CRITICAL.value),
    DeadlineRule(RESOLUTION, 1440),
    DeadlineRule(ESCALATED_RESOLUTION, 4320),
    DeadlineRule(SATISFACTION, 1440),
    DeadlineRule(MISSED_CALLBACK, 15),
    DeadlineRule(ARRIVAL, 15, urgency=Urgency.CRITICAL.value),
    # the review of an unfavourable rating (console.domain.satisfaction): the supervisor decides within a
    # day, the unit rectifies within 3 days (a street office's limit; 好差评 allows up to 15 working days,
    # a desk sets its own), the second call within a day of the rectification, like the first
    DeadlineRule(REVIEW, 1440),
    DeadlineRule(RECTIFY, 4320),
    DeadlineRule(REVISIT, 1440),
)

_Key = tuple[str, int | None, str | None]


def _index(rules: Iterable[DeadlineRule]) -> dict[_Key, tuple[int, bool]]:
    # Two rules for the same key can exist (a unique index does not stop
    # duplicate NULLs); the shorter limit wins so the answer never depends on
    # row order and the resident is never the one who waits longer (elapsed
    # time before working time at equal minutes).
    table: dict[_Key, tuple[int, bool]] = {}
    for r in rules:
        key = (r.kind, r.category_id, r.urgency)
        table[key] = min(table.get(key, (r.minutes, r.working_time)), (r.minutes, r.working_time))
    return table


_BUILTIN = _index(DEFAULT_RULES)


class DeadlinePolicy:
    """The rule table, answering "how many minutes for this ticket, and when is that?"."""

    def __init__(self, rules: Iterable[DeadlineRule] = DEFAULT_RULES, calendar: WorkCalendar = WEEK_ONLY,
                 tz: tzinfo = UTC):
        """`calendar` and `tz` (the desk's) place the rules that count working time."""
        self._table = _index(rules)
        self.calendar, self.tz = calendar, tz
        # rule_or_none's answers: a policy never changes once built (a changed rule builds a new one), and a
        # desk asks the same few questions on every call (services.deadlines keeps the policy between calls)
        self._answers: dict[tuple[str, int | None, str | None, int | None], tuple[int, bool] | None] = {}

    def rule(
        self,
        kind: str,
        category_id: int | None,
        urgency: str | None,
        parent_category_id: int | None = None,
    ) -> tuple[int, bool]:
        """(minutes, working_time) of the most specific rule: (category, urgency) > (category, any) >
        (parent, urgency) > (parent, any) > (any, urgency) > (any, any) > the built-in default (same
        order over `DEFAULT_RULES`)."""
        found = self.rule_or_none(kind, category_id, urgency, parent_category_id)
        if found is None:
            raise AssertionError(f"no rule for {kind!r} here")  # every kind but the optional ones has a default
        return found

    def rule_or_none(
        self,
        kind: str,
        category_id: int | None,
        urgency: str | None,
        parent_category_id: int | None = None,
    ) -> tuple[int, bool] | None:
        """`rule`, or None where none applies: only for an optional kind (`OPTIONAL_KINDS`)."""
        asked = (kind, category_id, urgency, parent_category_id)
        try:
            return self._answers[asked]
        except KeyError:
            pass
        found = self._answers[asked] = self._lookup(kind, category_id, urgency, parent_category_id)
        return found

    def _lookup(self, kind: str, category_id: int | None, urgency: str | None,
                parent_category_id: int | None) -> tuple[int, bool] | None:
        kind, urgency = _check_kind(kind), _check_urgency(urgency)
        cats = [c for c in (category_id, parent_category_id) if c is not None] + [None]
        keys = [(kind, c, u) for c in cats for u in (urgency, None)]
        # an optional kind only where the desk's own table has it: deleting its rule turns it off
        for table in (self._table,) if kind in OPTIONAL_KINDS else (self._table, _BUILTIN):
            for key in keys:
                if key in table:
                    return table[key]
        return None

    def minutes(
        self,
        kind: str,
        category_id: int | None,
        urgency: str | None,
        parent_category_id: int | None = None,
    ) -> int:
        """The applicable rule's minutes (`rule`)."""
        return self.rule(kind, category_id, urgency, parent_category_id)[0]

    def due_at(
        self,
        kind: str,
        start: datetime,
        category_id: int | None,
        urgency: str | None,
        parent_category_id: int | None = None,
    ) -> datetime | None:
        """``start`` plus the applicable minutes — elapsed, or on working days when the rule says so
        — in start's tzinfo; None where no rule applies (an optional kind: no deadline to open)."""
        found = self.rule_or_none(kind, category_id, urgency, parent_category_id)
        if found is None:
            return None
        minutes, working = found
        if working:
            return add_working_minutes(start, minutes, self.calendar, self.tz)
        return start + timedelta(minutes=minutes)
