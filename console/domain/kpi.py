"""The desk's figures (KPIs), defined once.

The window, the quarterly workbook, the PDF and the tests all take their
numbers from here, so a supervisor never sees two answers to one question.
Input is plain rows (`KpiTicket`, `MissedCallRow`) for one period; output
is a `QuarterKpis`. No database, no Qt: the store turns tables into rows.
This module holds the definitions, the rows and the results; the one pass
that computes them is console.domain.kpi_builder (`KpiBuilder`, `compute_kpis`).

Definitions (DESIGN.md, "KPIs"), for tickets received in ``[start, end)``,
void tickets excluded:

- 受理量 N: tickets received; a matter is counted once. A repeat call kept
  on its open ticket (追加) is a call, not a ticket; a duplicate merged
  into another ticket (并单, status ``merged``) is not counted (`merged`),
  the ticket it went to is. A 追加 call counts in the period it was taken
  (a call on an older ticket still counts now). 直接答复 A: status ``answered``.
- 派单量: tickets ever dispatched (a dispatch time is known).
- 办结量 D: status ``resolved`` or ``closed``. A reopened ticket counts
  again only once it is resolved again.
- 办结率 = (A + D) / N.
- 按时办结率 = on-time done / D. A done ticket is on time when its latest
  resolution deadline was closed as done no later than its due time. Only
  the latest deadline counts: a re-dispatch supersedes the old promise.
  A done ticket with no deadline on record (imported from old sheets) is
  not on time — the rate counts what the desk can show.
- 回访率 = done tickets with a successful satisfaction call made after their
  (latest) resolution / D: a rating or 拒评 (the resident was reached);
  回访不成功 is not a visit. A call about an earlier resolution that was then
  reopened does not count for the new one.
- 满意率 = favourable ratings / ratings (满意度回访量), each on the scale it
  was given on (console.domain.satisfaction): (满意 + 基本满意) on three
  levels, (非常满意 + 满意 + 基本满意) on five. One rating per ticket: the
  latest (the ticket keeps the latest answer, a 再回访's after a review).
  拒评 and 回访不成功 are counted apart (`declined`, `unreachable`) and are
  in neither the numerator nor the denominator. A period with ratings on
  both scales (a desk that switched) is broken down per scale
  (`scale_counts`) and on three levels through the documented mapping
  (`satisfaction_counts`, five → three); the mapping keeps favourable as
  favourable, so 满意率 is one figure either way.
- 差评复核: tickets whose unfavourable rating is still under review at the
  end of the data (待复核, 待整改, 待再回访: `reviews_open`), and reviews
  that ended not upheld (`reviews_dismissed`).
- 接通率 = calls answered by phone / (those + missed calls in the period),
  where a call answered is a phone ticket, a phone 追加 call or a merged
  phone ticket (each was a call the desk took);
  回拨率 = missed calls called back / missed calls.
- 派单用时: received → *first* dispatch (how fast the desk acted; a
  re-dispatch days later after an unhappy resident would say nothing about
  that). 办结用时: received → latest resolution, for done tickets.
  Minutes; mean and median.
- 超期: a ticket whose latest resolution deadline was done late, or is
  still open past its due time at `as_of` (the moment of the report).
  Counted against the ticket's unit (the unit it was last sent to).
- Per unit, 督办 (presses), 改派 (re-dispatches), 延期 (extensions granted) and
  退单 (returns, agreed or not): a press (a supervisor's, or a resident's
  repeat call 追加 on the open ticket), an extension or a return counts
  against its unit; a dispatch after the ticket's first counts as a
  re-dispatch against the unit it was taken from. Steps taken back (撤销)
  do not count (`unit_step_counts`).
- 重复来电: a phone number with 2 or more calls (tickets, 追加 calls and
  merged tickets) within 7 days (inclusive) of each other, both in the
  period. A caller taken over by a merge is counted on the merged ticket,
  never a second time (`CallRow` leaves those out).
- Attitude and ability: averages of the 1–5 scores given.

Every ratio with nothing to divide by is None (shown as "—"), never a
ZeroDivisionError; a period without tickets says so (`is_empty`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from .enums import CallbackOutcome, Channel, RequestType, Status
from .satisfaction import FAVOURABLE, FIVE, THREE

REPEAT_WINDOW = timedelta(days=7)
NO_CATEGORY = "（未分类）"
NO_COMMUNITY = "（未填社区）"
NO_GRID = "（未划网格）"
NO_UNIT = "（未派单）"
WEEKDAYS_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
EMPTY_MESSAGE_ZH = "本季度没有工单"
EMPTY_MESSAGE_EN = "No tickets this quarter"

DONE_CODES = frozenset({Status.RESOLVED.value, Status.CLOSED.value})
_VOID = Status.VOID.value
_MERGED = Status.MERGED.value
_PHONE = Channel.PHONE.value
_GOOD = FAVOURABLE  # 满意 + 基本满意 on three levels, and 非常满意 on five
_UNREACHABLE = CallbackOutcome.UNREACHABLE.value
_DEADLINE_DONE = "done"


@dataclass(slots=True)
class KpiTicket:
    """The facts about one ticket that the figures need (times aware, UTC)."""

    id: int
    received_at: datetime
    status: str
    channel: str = _PHONE
    caller_phone: str = ""
    request_type: str = RequestType.HELP.value
    category: str | None = None          # path, "水电气/停电"
    category_top: str | None = None      # first level, "水电气"
    community: str | None = None
    grid: str | None = None
    building: str = ""
    address: str = ""
    unit: str | None = None              # the unit it was last sent to
    dispatched_at: datetime | None = None   # first dispatch
    resolved_at: datetime | None = None     # latest resolution (or on-the-spot answer)
    resolution_due_at: datetime | None = None    # latest resolution deadline …
    resolution_done_at: datetime | None = None   # … when it was closed …
    resolution_outcome: str | None = None        # … and how (done / superseded / cancelled)
    callback_at: datetime | None = None     # latest satisfaction call
    satisfaction: str | None = None         # the level's code …
    satisfaction_scale: int | None = None   # … on this scale (3 or 5; None: a rating from before, three)
    callback_outcome: str | None = None     # declined (拒评) / unreachable (回访不成功): no rating
    review_stage: str | None = None         # the review of an unfavourable rating (enums.ReviewStage)
    solved: str | None = None               # 已解决 / 部分解决 / 未解决 as the resident said (enums.Solved)
    attitude: int | None = None
    ability: int | None = None


@dataclass(frozen=True, slots=True)
class CallRow:
    """A repeat call kept on an open ticket (追加) rather than a ticket of its own."""

    at: datetime
    caller_phone: str = ""
    channel: str = _PHONE


@dataclass(frozen=True, slots=True)
class MissedCallRow:
    at: datetime
    called_back_at: datetime | None = None


# --- one ticket ------------------------------------------------------------

def is_done(t: KpiTicket) -> bool:
    return t.status in DONE_CODES


def is_on_time(t: KpiTicket) -> bool:
    """Done, and its latest resolution deadline was met."""
    return (t.status in DONE_CODES and t.resolution_outcome == _DEADLINE_DONE
            and t.resolution_due_at is not None and t.resolution_done_at is not None
            and t.resolution_done_at <= t.resolution_due_at)


EARLY_FRACTION = 0.5  # 提前办结: done within this part of the time limit (a desk setting, early_percent)


def is_early(t: KpiTicket, fraction: float = EARLY_FRACTION) -> bool:
    """提前办结: done on time, before `fraction` of its time limit had elapsed — the limit counted from the first
    dispatch to the latest resolution deadline (DESIGN.md, "Rates the bulletins add")."""
    if not is_on_time(t) or t.dispatched_at is None or t.resolution_done_at is None or t.resolution_due_at is None:
        return False
    limit = t.resolution_due_at - t.dispatched_at
    return limit.total_seconds() > 0 and (t.resolution_done_at - t.dispatched_at) <= limit * fraction


def is_overdue(t: KpiTicket, as_of: datetime) -> bool:
    """Its latest resolution deadline was done late, or is open past due."""
    due = t.resolution_due_at
    if due is None or t.status in (_VOID, _MERGED):
        return False
    if t.resolution_done_at is None:
        return as_of > due
    return t.resolution_outcome == _DEADLINE_DONE and t.resolution_done_at > due


def has_callback(t: KpiTicket) -> bool:
    """Done, with a successful satisfaction call (a rating or 拒评, not 回访不成功) about its latest resolution."""
    return (t.status in DONE_CODES and t.callback_at is not None and t.callback_outcome != _UNREACHABLE
            and (t.resolved_at is None or t.callback_at >= t.resolved_at))




def ratio(num: float, den: float) -> float | None:
    return None if not den else num / den






# --- groups ----------------------------------------------------------------

class _Counts(Protocol):
    """What a _Rates host provides (read-only, so a frozen field and a property both do)."""

    @property
    def received(self) -> int: ...
    @property
    def answered(self) -> int: ...
    @property
    def done(self) -> int: ...
    @property
    def on_time(self) -> int: ...
    @property
    def callbacks(self) -> int: ...
    @property
    def sat_calls(self) -> int: ...
    @property
    def satisfied(self) -> int: ...


class _Rates:
    """DESIGN.md's four rates, once, for the whole period and for each group.

    The host provides received, answered, done, on_time, callbacks,
    sat_calls and satisfied (as fields or properties: _Counts).
    """

    @property
    def completion_rate(self: _Counts) -> float | None:
        return ratio(self.answered + self.done, self.received)

    @property
    def on_time_rate(self: _Counts) -> float | None:
        return ratio(self.on_time, self.done)

    @property
    def callback_rate(self: _Counts) -> float | None:
        return ratio(self.callbacks, self.done)

    @property
    def satisfaction_rate(self: _Counts) -> float | None:
        return ratio(self.satisfied, self.sat_calls)


@dataclass(frozen=True)
class GroupStats(_Rates):
    """The same counts as the whole, for one category / community / unit …"""

    key: str
    received: int = 0
    answered: int = 0
    dispatched: int = 0
    done: int = 0
    on_time: int = 0
    overdue: int = 0
    callbacks: int = 0
    sat_calls: int = 0
    satisfied: int = 0       # 满意 + 基本满意
    attitude_avg: float | None = None
    ability_avg: float | None = None
    parent: str = ""         # the grid of a community, the first level of a category
    presses: int = 0         # 督办 of this unit (units only)
    redispatches: int = 0    # tickets taken from this unit and sent to another (units only)
    extensions: int = 0      # 延期 granted to this unit (units only)
    returns: int = 0         # 退单 by this unit, agreed or not (units only)



# --- the whole period ------------------------------------------------------

@dataclass(frozen=True, slots=True)
class RepeatCaller:
    """A number that called again within 7 days (重复来电). Slotted: a city quarter has tens of thousands
    (26,000 at 250,000 tickets), all held in the figures."""

    phone: str               # as stored; the writer masks it
    tickets: int             # calls from this number in the period (tickets, 追加 calls, merged tickets)
    most_in_window: int      # most calls within any 7 days
    first_at: datetime
    last_at: datetime
    community: str | None    # of the latest ticket
    category: str | None     # of the latest ticket


@dataclass(frozen=True)
class HotAddress:
    community: str
    place: str               # building, or the free-text address
    tickets: int
    top_category: str | None


@dataclass(frozen=True)
class QuarterKpis(_Rates):
    start: datetime
    end: datetime
    tz: str
    as_of: datetime
    received: int = 0
    answered: int = 0
    dispatched: int = 0
    done: int = 0
    on_time: int = 0
    overdue: int = 0
    callbacks: int = 0
    sat_calls: int = 0     # ratings (满意度回访量), on either scale
    satisfaction_counts: dict[str, int] = field(default_factory=dict)  # three-level code -> ratings (five mapped)
    scale_counts: dict[int, dict[str, int]] = field(default_factory=dict)  # 3 / 5 -> level code -> ratings
    declined: int = 0      # 拒评: reached, no rating
    unreachable: int = 0   # 回访不成功: not reached at the desk's last attempt
    reviews_open: int = 0  # unfavourable ratings still under review (待复核 / 待整改 / 待再回访)
    reviews_dismissed: int = 0  # reviews that ended not upheld (复核不属实)
    attitude_hist: tuple[int, ...] = (0, 0, 0, 0, 0)   # how many gave 1 … 5
    ability_hist: tuple[int, ...] = (0, 0, 0, 0, 0)
    attitude_avg: float | None = None
    ability_avg: float | None = None
    phone_calls: int = 0
    missed_calls: int = 0
    missed_called_back: int = 0
    void: int = 0
    merged: int = 0        # duplicates merged into another ticket (并单): not in 受理量
    added_calls: int = 0   # repeat calls kept on an open ticket (追加)
    dispatch_minutes_mean: float | None = None
    dispatch_minutes_median: float | None = None
    resolve_minutes_mean: float | None = None
    resolve_minutes_median: float | None = None
    repeat_callers: tuple[RepeatCaller, ...] = ()
    hot_addresses: tuple[HotAddress, ...] = ()
    months: tuple[tuple[int, int], ...] = ()                    # (year, month), local
    category_by_month: dict[str, tuple[int, ...]] = field(default_factory=dict)
    by_category: tuple[GroupStats, ...] = ()
    by_category_top: tuple[GroupStats, ...] = ()
    by_community: tuple[GroupStats, ...] = ()
    by_grid: tuple[GroupStats, ...] = ()
    by_unit: tuple[GroupStats, ...] = ()
    by_request_type: tuple[GroupStats, ...] = ()
    by_channel: tuple[GroupStats, ...] = ()
    hour_weekday: tuple[tuple[int, ...], ...] = tuple((0,) * 7 for _ in range(24))  # [hour][weekday]

    @property
    def is_empty(self) -> bool:
        return self.received == 0

    @property
    def satisfied(self) -> int:
        return sum(self.satisfaction_counts.get(c, 0) for c in _GOOD)

    @property
    def scales(self) -> tuple[int, ...]:
        """The scales the period's ratings were given on (both: a desk that switched)."""
        return tuple(sc for sc in (THREE, FIVE) if sum(self.scale_counts.get(sc, {}).values()))

    @property
    def mixed_scales(self) -> bool:
        return len(self.scales) > 1

    def satisfaction_rate_on(self, scale: int) -> float | None:
        """满意率 of the ratings given on one scale."""
        counts = self.scale_counts.get(scale, {})
        return ratio(sum(n for c, n in counts.items() if c in _GOOD), sum(counts.values()))


    @property
    def answer_rate(self) -> float | None:
        return ratio(self.phone_calls, self.phone_calls + self.missed_calls)

    @property
    def call_back_rate(self) -> float | None:
        return ratio(self.missed_called_back, self.missed_calls)

    @property
    def repeat_caller_count(self) -> int:
        return len(self.repeat_callers)

    @property
    def overdue_by_unit(self) -> dict[str, int]:
        return {g.key: g.overdue for g in self.by_unit if g.overdue}
