"""The KPI pass: tickets, calls and missed calls fed one at a time into `KpiBuilder`, frozen into a
`QuarterKpis` (console.domain.kpi holds the definitions, the rows and the results).

One pass over a period's rows computes every figure, so a 250,000-ticket quarter is read once; the same
builder serves the window, the workbook, its PDF, the bulletins and the tests (`compute_kpis`).
"""
from __future__ import annotations

import math
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from statistics import median
from typing import Any

from .enums import CallbackOutcome, Channel, RequestType, ReviewStage, Satisfaction, Satisfaction5, Status
from .kpi import (
    DONE_CODES,
    NO_CATEGORY,
    NO_COMMUNITY,
    NO_GRID,
    NO_UNIT,
    REPEAT_WINDOW,
    CallRow,
    GroupStats,
    HotAddress,
    KpiTicket,
    MissedCallRow,
    QuarterKpis,
    RepeatCaller,
    has_callback,
    is_on_time,
    is_overdue,
)
from .satisfaction import FAVOURABLE, FIVE, OPEN_STAGES, THREE, stored_scale, to_three

_ANSWERED = Status.ANSWERED.value
_VOID = Status.VOID.value
_MERGED = Status.MERGED.value
_PHONE = Channel.PHONE.value
_UNREACHABLE = CallbackOutcome.UNREACHABLE.value
_DECLINED = CallbackOutcome.DECLINED.value


def _minutes(a: datetime, b: datetime) -> float:
    return max((b - a).total_seconds() / 60.0, 0.0)


def _mean(values: Sequence[float]) -> float | None:
    return (math.fsum(values) / len(values)) if len(values) else None


def _median(values: Sequence[float]) -> float | None:
    return float(median(values)) if len(values) else None


class _Group:
    __slots__ = ("received", "answered", "dispatched", "done", "on_time", "overdue", "callbacks",
                 "sat_calls", "satisfied", "att_sum", "att_n", "abl_sum", "abl_n", "parent", "presses",
                 "redispatches", "extensions", "returns")

    def __init__(self) -> None:
        self.received = self.answered = self.dispatched = self.done = self.on_time = 0
        self.overdue = self.callbacks = self.sat_calls = self.satisfied = 0
        self.att_sum = self.att_n = self.abl_sum = self.abl_n = 0
        self.parent = ""
        self.presses = self.redispatches = self.extensions = self.returns = 0

    def freeze(self, key: str) -> GroupStats:
        return GroupStats(key, self.received, self.answered, self.dispatched, self.done,
                          self.on_time, self.overdue, self.callbacks, self.sat_calls, self.satisfied,
                          self.att_sum / self.att_n if self.att_n else None,
                          self.abl_sum / self.abl_n if self.abl_n else None, self.parent, self.presses,
                          self.redispatches, self.extensions, self.returns)


def _sorted_groups(groups: dict[str, _Group],
                   by: Callable[[GroupStats], Any] = lambda g: (-g.received, g.key)) -> list[GroupStats]:
    return sorted((g.freeze(k) for k, g in groups.items()), key=by)


def months_between(start: datetime, end: datetime, tz: tzinfo) -> tuple[tuple[int, int], ...]:
    """The local calendar months that [start, end) touches."""
    a, b = start.astimezone(tz), (end - timedelta(microseconds=1)).astimezone(tz)
    out, y, m = [], a.year, a.month
    while (y, m) <= (b.year, b.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return tuple(out)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US = timedelta(microseconds=1)
_WINDOW_US = REPEAT_WINDOW // _US


def _max_in_window(times: Sequence[int]) -> int:
    """The most calls within any REPEAT_WINDOW (inclusive), of call times in microseconds, sorted."""
    best, lo = 0, 0
    for hi, t in enumerate(times):
        while t - times[lo] > _WINDOW_US:
            lo += 1
        best = max(best, hi - lo + 1)
    return best


class _PhoneIndex:
    """Every call of the period by phone number, for 重复来电, in arrays of integers.

    The rule needs every call time of every number (most calls within any 7 days), so a city quarter
    holds a quarter of a million times. As Python lists of datetimes, keyed by the number's string, that
    was ≈ 62 MB at 250,000 tickets; here a call is 12 bytes in two arrays (the number's slot, the time in
    microseconds since 1970 UTC, exact), a number of up to 18 ASCII digits is a dict key as an int ("1"
    before the digits keeps leading zeros), and a number's latest community and category are two references per number.
    """

    __slots__ = ("slots", "call_slot", "call_at", "community", "category", "zone")

    def __init__(self) -> None:
        self.slots: dict[int | str, int] = {}  # the number (an int for ASCII digits) -> its slot
        self.call_slot = array("i")            # per call: the number's slot …
        self.call_at = array("q")              # … and the time, microseconds since 1970 UTC
        self.community: list[str | None] = []  # per slot: of the latest call that knew it
        self.category: list[str | None] = []
        self.zone: tzinfo | None = None        # the times come back in the zone of the first one given

    def add(self, phone: str, at: datetime, community: str | None, category: str | None) -> None:
        key: int | str = int("1" + phone) if len(phone) < 19 and phone.isascii() and phone.isdigit() else phone
        slot = self.slots.get(key)
        if slot is None:
            slot = self.slots[key] = len(self.community)
            self.community.append(community)
            self.category.append(category)
            if self.zone is None:
                self.zone = at.tzinfo
        elif community is not None or category is not None:  # a 追加 call knows neither
            self.community[slot] = community or self.community[slot]
            self.category[slot] = category or self.category[slot]
        self.call_slot.append(slot)
        self.call_at.append((at - _EPOCH) // _US)

    def _grouped(self) -> tuple[array[int], array[int]]:
        """The call times grouped by slot (a counting sort): slot s's are times[starts[s]:starts[s + 1]]."""
        starts = array("q", bytes(8 * (len(self.community) + 1)))
        for s in self.call_slot:
            starts[s + 1] += 1
        for s in range(1, len(starts)):
            starts[s] += starts[s - 1]
        fill = array("q", starts)
        times = array("q", bytes(8 * len(self.call_at)))
        for s, at in zip(self.call_slot, self.call_at, strict=True):
            times[fill[s]] = at
            fill[s] += 1
        return starts, times

    def repeat_callers(self) -> list[RepeatCaller]:
        starts, grouped = self._grouped()
        zone = self.zone or UTC
        out = []
        for key, slot in self.slots.items():
            a, b = starts[slot], starts[slot + 1]
            if b - a < 2:
                continue
            times = sorted(grouped[a:b])
            if not any(y - x <= _WINDOW_US for x, y in zip(times, times[1:], strict=False)):
                continue
            phone = str(key)[1:] if isinstance(key, int) else key
            out.append(RepeatCaller(phone, len(times), _max_in_window(times),
                                    (_EPOCH + times[0] * _US).astimezone(zone),
                                    (_EPOCH + times[-1] * _US).astimezone(zone),
                                    self.community[slot], self.category[slot]))
        return out


class KpiBuilder:
    """Figures for one period, fed one row at a time.

    Streaming, so the quarterly export can write each ticket's detail row
    and count it in the same pass, without holding 250,000 rows twice.
    Rows outside the period are ignored.
    """

    def __init__(self, start: datetime, end: datetime, tz: tzinfo, as_of: datetime):
        self.start, self.end, self.tz, self.as_of = start, end, tz, as_of
        self.months = months_between(start, end, tz)
        self._month_index = {ym: i for i, ym in enumerate(self.months)}
        self.total = _Group()
        self.void = 0
        self.merged = 0
        self.added_calls = 0
        self.phone_calls = 0
        self.missed = self.missed_back = 0
        self.sat_counts: Counter[str] = Counter()  # three-level code (five mapped) -> ratings
        self.scale_counts: dict[int, Counter[str]] = {THREE: Counter(), FIVE: Counter()}
        self.declined = self.unreachable = self.reviews_open = self.reviews_dismissed = 0
        self.att_hist = [0] * 5
        self.abl_hist = [0] * 5
        self.dispatch_minutes = array("d")
        self.resolve_minutes = array("d")
        self.groups: dict[str, dict[str, _Group]] = {
            k: defaultdict(_Group) for k in
            ("category", "category_top", "community", "grid", "unit", "request_type", "channel")}
        self.cat_month: dict[str, list[int]] = defaultdict(lambda: [0] * len(self.months))
        self.hour_weekday = [[0] * 7 for _ in range(24)]
        self.phones = _PhoneIndex()
        self.places: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)

    def add(self, t: KpiTicket) -> None:
        if not (self.start <= t.received_at < self.end):
            return
        if t.status == _VOID:
            self.void += 1
            return
        if t.status == _MERGED:  # the matter is counted on the ticket it went to; the call still counts
            self.merged += 1
            self._call(t.received_at, t.caller_phone, t.channel, t.community, t.category)
            return
        done = t.status in DONE_CODES
        answered = t.status == _ANSWERED
        on_time = done and is_on_time(t)
        overdue = is_overdue(t, self.as_of)
        callback = done and has_callback(t)
        dispatched = t.dispatched_at is not None
        sat = t.satisfaction
        good = sat in FAVOURABLE

        category = t.category or NO_CATEGORY
        community = t.community or NO_COMMUNITY
        grid = t.grid or NO_GRID
        unit = t.unit or NO_UNIT
        cells: tuple[_Group, ...] = (self.total,
                 self.groups["category"][category],
                 self.groups["category_top"][t.category_top or category],
                 self.groups["community"][community],
                 self.groups["grid"][grid],
                 self.groups["request_type"][t.request_type],
                 self.groups["channel"][t.channel])
        if dispatched or t.unit:
            cells += (self.groups["unit"][unit],)
        for g in cells:
            g.received += 1
            if answered:
                g.answered += 1
            if dispatched:
                g.dispatched += 1
            if done:
                g.done += 1
                if on_time:
                    g.on_time += 1
                if callback:
                    g.callbacks += 1
            if overdue:
                g.overdue += 1
            if sat is not None:
                g.sat_calls += 1
                if good:
                    g.satisfied += 1
            if t.attitude is not None:
                g.att_sum += t.attitude
                g.att_n += 1
            if t.ability is not None:
                g.abl_sum += t.ability
                g.abl_n += 1
        top = t.category_top
        self.groups["category"][category].parent = top if top and top != category else ""
        self.groups["community"][community].parent = grid

        if sat is not None:
            self.sat_counts[to_three(sat)] += 1
            self.scale_counts[stored_scale(t.satisfaction_scale)][sat] += 1
        elif t.callback_outcome == _DECLINED:
            self.declined += 1
        elif t.callback_outcome == _UNREACHABLE:
            self.unreachable += 1
        if t.review_stage in OPEN_STAGES:
            self.reviews_open += 1
        elif t.review_stage == ReviewStage.UNJUSTIFIED.value:
            self.reviews_dismissed += 1
        if t.attitude is not None and 1 <= t.attitude <= 5:
            self.att_hist[t.attitude - 1] += 1
        if t.ability is not None and 1 <= t.ability <= 5:
            self.abl_hist[t.ability - 1] += 1
        self._call(t.received_at, t.caller_phone, t.channel, t.community, t.category)
        if t.dispatched_at is not None:  # = dispatched, spelled so the checker sees the datetime
            self.dispatch_minutes.append(_minutes(t.received_at, t.dispatched_at))
        if done and t.resolved_at is not None:
            self.resolve_minutes.append(_minutes(t.received_at, t.resolved_at))

        local = t.received_at.astimezone(self.tz)
        self.hour_weekday[local.hour][local.weekday()] += 1
        mi = self._month_index.get((local.year, local.month))
        if mi is not None:
            self.cat_month[category][mi] += 1

        place = (t.building or t.address or "").strip()
        if place:
            self.places[(t.community or "", place)][category] += 1

    def _call(self, at: datetime, phone: str, channel: str, community: str | None, category: str | None) -> None:
        """One call the desk took: 接通率 and 重复来电."""
        if channel == _PHONE:
            self.phone_calls += 1
        if phone:
            self.phones.add(phone, at, community, category)

    def add_call(self, c: CallRow) -> None:
        """A repeat call (追加) kept on an open ticket, received in the period."""
        if self.start <= c.at < self.end:
            self.added_calls += 1
            self._call(c.at, c.caller_phone, c.channel, None, None)

    def add_unit_steps(self, counts: dict[str, tuple[int, int, int, int]]) -> None:
        """Presses, re-dispatches, extensions and returns per unit (`unit_step_counts`) of the period's tickets."""
        for unit, (presses, redispatches, extensions, returns) in counts.items():
            g = self.groups["unit"][unit]
            g.presses += presses
            g.redispatches += redispatches
            g.extensions += extensions
            g.returns += returns

    def add_missed(self, m: MissedCallRow) -> None:
        if self.start <= m.at < self.end:
            self.missed += 1
            if m.called_back_at is not None:
                self.missed_back += 1

    def _repeat_callers(self) -> tuple[RepeatCaller, ...]:
        out = self.phones.repeat_callers()
        out.sort(key=lambda r: (-r.tickets, -r.most_in_window, -r.last_at.timestamp(), r.phone))
        return tuple(out)

    def _hot_addresses(self, limit: int = 50) -> tuple[HotAddress, ...]:
        rows = []
        for (community, place), cats in self.places.items():
            n = sum(cats.values())
            if n >= 2:
                top = cats.most_common(1)[0][0]
                rows.append(HotAddress(community, place, n, None if top == NO_CATEGORY else top))
        rows.sort(key=lambda h: (-h.tickets, h.community, h.place))
        return tuple(rows[:limit])

    def result(self) -> QuarterKpis:
        g = self.total
        by_type_order = {rt.value: i for i, rt in enumerate(RequestType)}
        by_channel_order = {c.value: i for i, c in enumerate(Channel)}
        cats = self.groups["category"]
        return QuarterKpis(
            start=self.start, end=self.end, tz=str(getattr(self.tz, "key", self.tz)), as_of=self.as_of,
            received=g.received, answered=g.answered, dispatched=g.dispatched, done=g.done,
            on_time=g.on_time, overdue=g.overdue, callbacks=g.callbacks, sat_calls=g.sat_calls,
            satisfaction_counts={s.value: self.sat_counts.get(s.value, 0) for s in Satisfaction},
            scale_counts={THREE: {s.value: self.scale_counts[THREE].get(s.value, 0) for s in Satisfaction},
                          FIVE: {s.value: self.scale_counts[FIVE].get(s.value, 0) for s in Satisfaction5}},
            declined=self.declined, unreachable=self.unreachable, reviews_open=self.reviews_open,
            reviews_dismissed=self.reviews_dismissed,
            attitude_hist=tuple(self.att_hist), ability_hist=tuple(self.abl_hist),
            attitude_avg=g.att_sum / g.att_n if g.att_n else None,
            ability_avg=g.abl_sum / g.abl_n if g.abl_n else None,
            phone_calls=self.phone_calls, missed_calls=self.missed, missed_called_back=self.missed_back,
            void=self.void, merged=self.merged, added_calls=self.added_calls,
            dispatch_minutes_mean=_mean(self.dispatch_minutes),
            dispatch_minutes_median=_median(self.dispatch_minutes),
            resolve_minutes_mean=_mean(self.resolve_minutes),
            resolve_minutes_median=_median(self.resolve_minutes),
            repeat_callers=self._repeat_callers(),
            hot_addresses=self._hot_addresses(),
            months=self.months,
            category_by_month={k: tuple(v) for k, v in sorted(
                self.cat_month.items(), key=lambda kv: (-sum(kv[1]), kv[0]))},
            by_category=tuple(_sorted_groups(cats)),
            by_category_top=tuple(_sorted_groups(self.groups["category_top"])),
            by_community=tuple(_sorted_groups(self.groups["community"],
                                              by=lambda s: (s.parent, -s.received, s.key))),
            by_grid=tuple(_sorted_groups(self.groups["grid"], by=lambda s: s.key)),
            by_unit=tuple(_sorted_groups(self.groups["unit"],
                                         by=lambda s: (-s.dispatched, -s.overdue, s.key))),
            by_request_type=tuple(_sorted_groups(self.groups["request_type"],
                                                 by=lambda s: (by_type_order.get(s.key, 99), s.key))),
            by_channel=tuple(_sorted_groups(self.groups["channel"],
                                            by=lambda s: (by_channel_order.get(s.key, 99), s.key))),
            hour_weekday=tuple(tuple(r) for r in self.hour_weekday),
        )


def unit_step_counts(steps: Iterable[tuple[int, str, str | None]]) -> dict[str, tuple[int, int, int, int]]:
    """Unit → (presses, re-dispatches, extensions granted, returns) from (ticket id, action, unit) rows,
    each ticket's in time order (not undone; void tickets left out). A dispatch after the ticket's first
    counts against the unit it was taken from; a press, a granted extension and a return (退单, agreed or
    not) against their unit."""
    presses: Counter[str] = Counter()
    taken: Counter[str] = Counter()
    extended: Counter[str] = Counter()
    returned: Counter[str] = Counter()
    last: dict[int, str] = {}
    for ticket_id, action, unit in steps:
        name = unit or NO_UNIT
        if action in ("press", "add_call"):  # a supervisor's 督办, or a resident ringing again (催办)
            presses[name] += 1
        elif action == "approve_extension":
            extended[name] += 1
        elif action == "return_dispatch":
            returned[name] += 1
        elif action == "dispatch":
            before = last.get(ticket_id)
            if before is not None and before != name:
                taken[before] += 1
            last[ticket_id] = name
    return {u: (presses[u], taken[u], extended[u], returned[u])
            for u in sorted(set(presses) | set(taken) | set(extended) | set(returned))}


def compute_kpis(tickets: Iterable[KpiTicket], missed_calls: Iterable[MissedCallRow], *,
                 start: datetime, end: datetime, tz: tzinfo, as_of: datetime,
                 calls: Iterable[CallRow] = ()) -> QuarterKpis:
    """All figures for tickets received in [start, end) (aware datetimes)."""
    b = KpiBuilder(start, end, tz, as_of)
    for t in tickets:
        b.add(t)
    for m in missed_calls:
        b.add_missed(m)
    for c in calls:
        b.add_call(c)
    return b.result()
