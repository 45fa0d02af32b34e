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
# the groups `KpiBuilder.add` tallies, in the order of its tallies after the total's
TALLIED = ("category", "category_top", "community", "grid", "request_type", "channel", "unit")
# the bits of a ticket's facts signature (`KpiBuilder.add`, which returns them: the quarterly detail row shows
# the same on-time / overdue facts and reads them there instead of asking each ticket again) and the group
# counter each one counts
DONE, ON_TIME, OVERDUE = 4, 8, 32
_FLAG_COUNTS = ((1, "answered"), (2, "dispatched"), (DONE, "done"), (ON_TIME, "on_time"), (16, "callbacks"),
                (OVERDUE, "overdue"),
                (64, "sat_calls"), (128, "satisfied"))


def _minutes(a: datetime, b: datetime) -> float:
    return max((b - a).total_seconds() / 60.0, 0.0)


def _mean(values: Sequence[float]) -> float | None:
    return (math.fsum(values) / len(values)) if len(values) else None


_SMALL = 4096  # below this many values a selection sorts them outright


def _kth(values: Sequence[float], k: int) -> float:
    """The k-th smallest (from 0) of `values` by selection on arrays of doubles: sorting a list of Python
    floats, as statistics.median does, held ≈ 6 MB at 200,000 dispatch times, the export's peak."""
    part = values
    while len(part) > _SMALL:
        a, b, c = part[0], part[len(part) // 2], part[-1]
        pivot = max(min(a, b), min(max(a, b), c))  # the middle of three
        below = array("d", (v for v in part if v < pivot))
        if k < len(below):
            part = below
            continue
        k -= len(below) + part.count(pivot)
        if k < 0:
            return pivot
        part = array("d", (v for v in part if v > pivot))
    return sorted(part)[k]


def _median(values: Sequence[float]) -> float | None:
    """statistics.median (the mean of the two middle values of an even count), without a sorted copy."""
    n = len(values)
    if not n:
        return None
    if n % 2:
        return float(_kth(values, n // 2))
    return (_kth(values, n // 2 - 1) + _kth(values, n // 2)) / 2


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
    holds a quarter of a million calls. A call is 24 bytes in four arrays, with no Python object per call
    or per number while the pass runs (a dict of numbers cost ≈ 16 MB at 250,000 calls from 108,000
    numbers, the largest thing the export held): the number as an int ("1" before its ASCII digits keeps
    leading zeros; any other number an index into `odd`), the time in microseconds since 1970 UTC
    (exact), and the community and category as indexes into one list of names. The calls are grouped by
    number only at the end, a few dozen at a time (`repeat_callers`).
    """

    __slots__ = ("call_key", "call_at", "call_community", "call_category", "names", "_name_code", "odd",
                 "_odd_code", "zone")

    def __init__(self) -> None:
        self.call_key = array("q")        # per call: the number ("1" + ASCII digits), or -1 - its index in odd
        self.call_at = array("q")         # … the time, microseconds since 1970 UTC
        self.call_community = array("i")  # … indexes into names
        self.call_category = array("i")
        self.names: list[str | None] = []
        self._name_code: dict[str | None, int] = {}
        self.odd: list[str] = []          # numbers that are not up to 18 ASCII digits (rare)
        self._odd_code: dict[str, int] = {}
        self.zone: tzinfo | None = None   # the times come back in the zone of the first one given

    def _code(self, name: str | None) -> int:
        code = self._name_code.get(name)
        if code is None:
            code = self._name_code[name] = len(self.names)
            self.names.append(name)
        return code

    def add(self, phone: str, at: datetime, community: str | None, category: str | None) -> None:
        if len(phone) < 19 and phone.isascii() and phone.isdigit():
            key = int("1" + phone)
        else:
            i = self._odd_code.get(phone)
            if i is None:
                i = self._odd_code[phone] = len(self.odd)
                self.odd.append(phone)
            key = -1 - i
        if self.zone is None:
            self.zone = at.tzinfo
        self.call_key.append(key)
        self.call_at.append((at - _EPOCH) // _US)
        self.call_community.append(self._code(community))
        self.call_category.append(self._code(category))

    def _by_bucket(self, buckets: int) -> tuple[array[int], array[int]]:
        """The call indexes grouped by number modulo `buckets` (a counting sort, stable: each bucket's
        calls in the order given): bucket b's are order[starts[b]:starts[b + 1]]."""
        keys = self.call_key
        starts = array("q", bytes(8 * (buckets + 1)))
        for k in keys:
            starts[k % buckets + 1] += 1
        for b in range(1, len(starts)):
            starts[b] += starts[b - 1]
        fill = array("q", starts)
        order = array("i", bytes(4 * len(keys)))
        for i, k in enumerate(keys):
            b = k % buckets
            order[fill[b]] = i
            fill[b] += 1
        return starts, order

    def _phone(self, key: int) -> str:
        return str(key)[1:] if key >= 0 else self.odd[-1 - key]

    def _latest(self, codes: array[int], calls: list[int]) -> str | None:
        """A number's community (or category): of its first call, then of each later call that knew one
        (a 追加 call knows neither)."""
        names = self.names
        name = names[codes[calls[0]]]
        for i in calls[1:]:
            name = names[codes[i]] or name
        return name

    def repeat_callers(self) -> list[RepeatCaller]:
        keys, call_at = self.call_key, self.call_at
        buckets = max(1, len(keys) // 64)  # a few dozen calls a bucket: a small dict at a time
        starts, order = self._by_bucket(buckets)
        zone = self.zone or UTC
        out = []
        for b in range(buckets):
            by_number: dict[int, list[int]] = {}
            for i in order[starts[b]:starts[b + 1]]:
                by_number.setdefault(keys[i], []).append(i)
            for key, calls in by_number.items():
                if len(calls) < 2:
                    continue
                times = sorted(call_at[i] for i in calls)
                if not any(y - x <= _WINDOW_US for x, y in zip(times, times[1:], strict=False)):
                    continue
                out.append(RepeatCaller(self._phone(key), len(times), _max_in_window(times),
                                        (_EPOCH + times[0] * _US).astimezone(zone),
                                        (_EPOCH + times[-1] * _US).astimezone(zone),
                                        self._latest(self.call_community, calls),
                                        self._latest(self.call_category, calls)))
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
        # per group (the total, then TALLIED's): key → (facts signature → tickets); see `add` and `_fold`
        self._tallies: list[defaultdict[Any, Counter[tuple[int, int | None, int | None]]]] = [
            defaultdict(Counter) for _ in range(len(TALLIED) + 1)]

    def _fold(self) -> None:
        """The tallied signatures added into the groups' counters (as if each ticket had been added to each)."""
        for i, tally in enumerate(self._tallies):
            groups = None if i == 0 else self.groups[TALLIED[i - 1]]
            for key, sigs in tally.items():
                g = self.total if groups is None else groups[key]
                for (flags, att, abl), n in sigs.items():
                    g.received += n
                    for bit, name in _FLAG_COUNTS:  # a bit is set only where its counter would have been counted
                        if flags & bit:
                            setattr(g, name, getattr(g, name) + n)
                    for score, total, count in ((att, "att_sum", "att_n"), (abl, "abl_sum", "abl_n")):
                        if score is not None:
                            setattr(g, total, getattr(g, total) + score * n)
                            setattr(g, count, getattr(g, count) + n)
            tally.clear()

    def add(self, t: KpiTicket) -> int | None:
        """Counts the ticket; returns its facts' bits (`DONE`, `ON_TIME`, `OVERDUE` …), None for a ticket the
        figures leave out (received outside the period, void, merged)."""
        if not (self.start <= t.received_at < self.end):
            return None
        if t.status == _VOID:
            self.void += 1
            return None
        if t.status == _MERGED:  # the matter is counted on the ticket it went to; the call still counts
            self.merged += 1
            self._call(t.received_at, t.caller_phone, t.channel, t.community, t.category)
            return None
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
        # The ticket's facts as one signature, tallied per group key (`_fold` adds them into the groups at the
        # end): a few dictionary steps a ticket instead of a dozen counters in each of eight groups.
        sig = (answered | dispatched << 1 | done << 2 | on_time << 3 | callback << 4 | overdue << 5
               | (sat is not None) << 6 | good << 7, t.attitude, t.ability)
        tallies = self._tallies
        tallies[0][None][sig] += 1
        tallies[1][category][sig] += 1
        tallies[2][t.category_top or category][sig] += 1
        tallies[3][community][sig] += 1
        tallies[4][grid][sig] += 1
        tallies[5][t.request_type][sig] += 1
        tallies[6][t.channel][sig] += 1
        if dispatched or t.unit:
            tallies[7][t.unit or NO_UNIT][sig] += 1
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
        return sig[0]

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
        self._fold()
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
    grouped by ticket and each ticket's in time order, as `store.report_queries.period_unit_steps` gives them
    (not undone; void tickets left out). A dispatch after the ticket's first counts against the unit it was
    taken from; a press, a granted extension and a return (退单, agreed or not) against their unit. Only the
    current ticket's latest unit is kept (a dict of every dispatched ticket held ≈ 20 MB for a moment at
    250,000 tickets, the export's largest transient)."""
    presses: Counter[str] = Counter()
    taken: Counter[str] = Counter()
    extended: Counter[str] = Counter()
    returned: Counter[str] = Counter()
    ticket: int | None = None  # the ticket of the latest dispatch …
    last = ""                  # … and its unit
    for ticket_id, action, unit in steps:
        name = unit or NO_UNIT
        if action in ("press", "add_call"):  # a supervisor's 督办, or a resident ringing again (催办)
            presses[name] += 1
        elif action == "approve_extension":
            extended[name] += 1
        elif action == "return_dispatch":
            returned[name] += 1
        elif action == "dispatch":
            if ticket_id == ticket and last != name:
                taken[last] += 1
            ticket, last = ticket_id, name
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
