"""The monthly and quarterly bulletin (月报 / 季报): a period beside the one before (环比) and the same period a
year earlier (同比), the rates street offices are measured on, the hot-spot matrix and the unit league table.

The figures come from console.domain.kpi (one `QuarterKpis` per period, whatever its length); this module adds
only what a bulletin needs beyond it, each rule written once:

- 提前办结率 = tickets done before half their time limit had elapsed (`kpi.is_early`; the part a desk setting)
  / tickets done;
- 解决率 = tickets the resident said were solved (已解决) / tickets whose satisfaction call asked (已解决, 部分解决
  or 未解决; `enums.Solved`) — a call that did not ask is left out, as are ratings recorded before it was asked;
- 重派率 = dispatched tickets with at least one approved return (退单) / tickets dispatched (`returned_tickets`);
- 延期 and 督办 counts (granted extensions; a supervisor's press or a resident ringing again, 催办);
- the category × community matrix (first-level categories × communities, tickets received);
- the unit league table: units sent at least `MIN_SAMPLE` tickets in the period ranked on `SCORE_WEIGHTS`,
  the others listed apart, unranked — one dispatch must not top or sink a league table.

Reports take a `Bulletin` (plain figures): never a session.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, tzinfo

from .enums import Solved
from .errors import ValidationError
from .kpi import (
    EARLY_FRACTION,
    NO_CATEGORY,
    NO_COMMUNITY,
    GroupStats,
    KpiTicket,
    QuarterKpis,
    is_done,
    is_early,
    ratio,
)
from .kpi_summary import SUMMARY_ITEMS, change
from .lifecycle import NOT_COUNTED_CODES
from .timeutil import Interval, month_bounds, quarter_bounds

MIN_SAMPLE = 5  # tickets sent to a unit in the period before it is ranked
# The league table's score: a weighted mean of the unit's rates (each 0–1), weights summing to 1. A rate the
# unit has no figure for (no satisfaction call yet) is left out and the other weights scaled up.
SCORE_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("on_time_rate", 0.4),       # 按时办结率
    ("satisfaction_rate", 0.3),  # 满意率
    ("completion_rate", 0.2),    # 办结率
    ("kept_rate", 0.1),          # 1 − 被改派率 (tickets sent to it and not taken away to another unit)
)
MATRIX_CATEGORIES = 12  # the matrix's rows: the first-level categories with the most tickets
MATRIX_COMMUNITIES = 15  # its columns


@dataclass(frozen=True)
class Period:
    """A calendar month or quarter of the desk's local time."""

    year: int
    month: int | None = None
    quarter: int | None = None

    def __post_init__(self) -> None:
        if (self.month is None) == (self.quarter is None):
            raise ValidationError("请指定月份或季度（二者选一）。", "Name a month or a quarter (one of them).")
        if self.month is not None:
            month_bounds(self.year, self.month)  # the checks, with their messages
        else:
            assert self.quarter is not None
            quarter_bounds(self.year, self.quarter)

    @property
    def monthly(self) -> bool:
        return self.month is not None

    def bounds(self, tz: str | tzinfo) -> Interval:
        if self.month is not None:
            return month_bounds(self.year, self.month, tz)
        assert self.quarter is not None
        return quarter_bounds(self.year, self.quarter, tz)

    def previous(self) -> Period:
        """The period before (环比)."""
        if self.month is not None:
            return Period(self.year - 1, 12) if self.month == 1 else Period(self.year, self.month - 1)
        assert self.quarter is not None
        return Period(self.year - 1, quarter=4) if self.quarter == 1 else Period(self.year, quarter=self.quarter - 1)

    def year_ago(self) -> Period:
        """The same period a year earlier (同比)."""
        return Period(self.year - 1, self.month, self.quarter)

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月" if self.month is not None else f"{self.year}年第{self.quarter}季度"

    @property
    def label_en(self) -> str:
        return f"{self.year}-{self.month:02d}" if self.month is not None else f"{self.year} Q{self.quarter}"

    @property
    def kind_zh(self) -> str:
        return "月报" if self.monthly else "季报"

    @property
    def file_stem(self) -> str:
        """热线月报-2026-11 / 热线季报-2026Q4."""
        if self.month is not None:
            return f"热线月报-{self.year}-{self.month:02d}"
        return f"热线季报-{self.year}Q{self.quarter}"

    def file_stem_in(self, lang: str) -> str:
        """The file's name in the user's language: 热线月报-2026-11 or hotline-bulletin-2026-11."""
        if not lang.startswith("en"):
            return self.file_stem
        return "hotline-bulletin-" + (f"{self.year}-{self.month:02d}" if self.month is not None
                                      else f"{self.year}Q{self.quarter}")


@dataclass(frozen=True)
class Extras:
    """What a bulletin counts beyond `QuarterKpis`, for one period."""

    early: int = 0              # 提前办结
    solved_asked: int = 0       # tickets whose satisfaction call asked whether it was solved …
    solved: int = 0             # … and the resident said 已解决
    unsolved: int = 0           # … or 未解决 (部分解决 is the rest)
    returned: int = 0           # tickets with at least one approved return (退单)
    extensions: int = 0         # 延期 granted
    presses: int = 0            # 督办 and 催办
    returns: int = 0            # 退单
    matrix: dict[tuple[str, str], int] = field(default_factory=dict)  # (first-level category, community) → tickets


class ExtrasBuilder:
    """`Extras` fed one ticket at a time, beside kpi_builder.KpiBuilder in the same pass (rows outside the period
    ignored, void and merged tickets not counted: the KPI module's rule, lifecycle.NOT_COUNTED_CODES)."""

    def __init__(self, start: datetime, end: datetime, early_fraction: float = EARLY_FRACTION) -> None:
        self.start, self.end, self.early_fraction = start, end, early_fraction
        self.early = 0
        self.solved: Counter[str] = Counter()
        self.matrix: Counter[tuple[str, str]] = Counter()

    def add(self, t: KpiTicket) -> None:
        if not (self.start <= t.received_at < self.end) or t.status in NOT_COUNTED_CODES:
            return
        if is_done(t) and is_early(t, self.early_fraction):
            self.early += 1
        if t.solved:
            self.solved[t.solved] += 1
        # the first level as kpi_builder.KpiBuilder's by_category_top keys it (a top-level category is its own)
        self.matrix[(t.category_top or t.category or NO_CATEGORY, t.community or NO_COMMUNITY)] += 1

    def result(self, unit_steps: dict[str, tuple[int, int, int, int]], returned: int = 0) -> Extras:
        """With the period's unit steps (kpi_builder.unit_step_counts: presses, re-dispatches, extensions, returns) and
        the number of tickets with an approved return (`returned_tickets`)."""
        sums = [sum(v[i] for v in unit_steps.values()) for i in range(4)]
        return Extras(early=self.early, solved_asked=sum(self.solved.values()),
                      solved=self.solved[Solved.SOLVED.value], unsolved=self.solved[Solved.UNSOLVED.value],
                      returned=returned, extensions=sums[2], presses=sums[0], returns=sums[3],
                      matrix=dict(self.matrix))


def returned_tickets(steps: Iterable[tuple[int, str, str | None]]) -> int:
    """Tickets with at least one approved return (退单 agreed by a supervisor), from the same (ticket id,
    action, unit) steps as kpi_builder.unit_step_counts."""
    return len({ticket_id for ticket_id, action, _unit in steps if action == "approve_return"})


@dataclass(frozen=True)
class PeriodFigures:
    period: Period
    kpis: QuarterKpis
    extras: Extras

    @property
    def early_rate(self) -> float | None:
        return ratio(self.extras.early, self.kpis.done)

    @property
    def solved_rate(self) -> float | None:
        return ratio(self.extras.solved, self.extras.solved_asked)

    @property
    def redispatch_rate(self) -> float | None:
        return ratio(self.extras.returned, self.kpis.dispatched)

    def value(self, attr: str) -> float | int | None:
        """A summary line's figure: on the extras first (the bulletin's own), else on the KPIs."""
        host: object = self if attr in _OWN_RATES else self.extras if attr in _OWN_COUNTS else self.kpis
        value: float | int | None = getattr(host, attr)
        return value


# The bulletin's summary lines beyond the quarterly's (kpi_summary.SUMMARY_ITEMS), placed after 按时办结率.
OWN_ITEMS: tuple[tuple[str, str, str, str], ...] = (
    ("提前办结率", "Early-completion rate", "rate", "early_rate"),
    ("解决率", "Solved rate", "rate", "solved_rate"),
    ("重派率", "Re-dispatch rate", "rate", "redispatch_rate"),
    ("延期次数", "Extensions granted", "count", "extensions"),
    ("督办催办次数", "Presses and reminders", "count", "presses"),
    ("退单次数", "Returns", "count", "returns"),
    ("未解决件数", "Not solved", "count", "unsolved"),
)
_OWN_RATES = {"early_rate", "solved_rate", "redispatch_rate"}
_OWN_COUNTS = {"extensions", "presses", "returns", "unsolved"}


def _items() -> tuple[tuple[str, str, str, str], ...]:
    at = next(i for i, item in enumerate(SUMMARY_ITEMS) if item[3] == "on_time_rate") + 1
    return SUMMARY_ITEMS[:at] + OWN_ITEMS + SUMMARY_ITEMS[at:]


BULLETIN_ITEMS = _items()


@dataclass(frozen=True)
class BulletinLine:
    """One line of the bulletin's summary: this period, the one before (环比) and a year earlier (同比).

    Changes as in kpi_summary.SummaryLine: percentage points for rates, a fraction for everything else."""

    name: str
    name_en: str
    kind: str
    value: float | int | None
    previous: float | int | None
    year_ago: float | int | None
    change_previous: float | None
    change_year_ago: float | None


@dataclass(frozen=True)
class LeagueRow:
    rank: int | None          # None: fewer than the minimum sample, listed apart
    unit: str
    sent: int                 # tickets sent to it in the period (kept + taken away)
    done: int
    on_time_rate: float | None
    satisfaction_rate: float | None
    completion_rate: float | None
    redispatch_rate: float | None  # 被改派率: sent to it, then taken away to another unit
    score: float | None
    overdue: int = 0
    presses: int = 0


@dataclass(frozen=True)
class CategoryChange:
    name: str
    received: int
    previous: int
    year_ago: int
    change_previous: float | None   # fraction
    change_year_ago: float | None


@dataclass(frozen=True)
class Bulletin:
    """Everything a bulletin prints, as plain figures."""

    current: PeriodFigures
    previous: PeriodFigures
    year_ago: PeriodFigures
    min_sample: int = MIN_SAMPLE

    @property
    def period(self) -> Period:
        return self.current.period

    def lines(self) -> list[BulletinLine]:
        out = []
        for zh, en, kind, attr in BULLETIN_ITEMS:
            v, p, y = (f.value(attr) for f in (self.current, self.previous, self.year_ago))
            out.append(BulletinLine(zh, en, kind, v, p, y, change(kind, v, p), change(kind, v, y)))
        return out

    def league(self) -> tuple[list[LeagueRow], list[LeagueRow]]:
        """(ranked units, units below the minimum sample): see `league_table`."""
        return league_table(self.current.kpis.by_unit, self.min_sample)

    def top_categories(self, n: int = 10) -> list[CategoryChange]:
        """The first-level categories with the most tickets, with their change against both periods."""
        prev = {g.key: g.received for g in self.previous.kpis.by_category_top}
        ago = {g.key: g.received for g in self.year_ago.kpis.by_category_top}
        rows = []
        for g in self.current.kpis.by_category_top[:n]:
            p, y = prev.get(g.key, 0), ago.get(g.key, 0)
            rows.append(CategoryChange(g.key, g.received, p, y, change("count", g.received, p),
                                       change("count", g.received, y)))
        return rows

    def matrix(self, rows: int = MATRIX_CATEGORIES, cols: int = MATRIX_COMMUNITIES
               ) -> tuple[list[str], list[str], list[list[int]]]:
        """(categories, communities, counts[category][community]): the busiest of each, busiest first; the
        rest of the communities summed in a last column 其他 when there are more."""
        return hot_spot_matrix(self.current.extras.matrix, rows, cols)


def _unit_rates(g: GroupStats) -> dict[str, float | None]:
    sent = g.dispatched + g.redispatches
    redispatch = ratio(g.redispatches, sent)
    return {"on_time_rate": g.on_time_rate, "satisfaction_rate": g.satisfaction_rate,
            "completion_rate": ratio(g.done, g.dispatched), "redispatch_rate": redispatch,
            "kept_rate": None if redispatch is None else 1.0 - redispatch}


def unit_score(rates: dict[str, float | None]) -> float | None:
    """The weighted mean of `SCORE_WEIGHTS` over the rates the unit has (×100, one decimal's precision kept)."""
    have = [(rates[name], w) for name, w in SCORE_WEIGHTS if rates.get(name) is not None]
    total = sum(w for _, w in have)
    if not have or not total:
        return None
    return 100.0 * sum(float(v) * w for v, w in have if v is not None) / total


def league_table(units: Sequence[GroupStats], min_sample: int = MIN_SAMPLE
                 ) -> tuple[list[LeagueRow], list[LeagueRow]]:
    """Units sent at least `min_sample` tickets, ranked by score (then more tickets, then name; equal scores
    share a rank), and the others apart (most tickets first), unranked."""
    rows = []
    for g in units:
        sent = g.dispatched + g.redispatches
        if sent == 0:
            continue
        rates = _unit_rates(g)
        rows.append(LeagueRow(None, g.key, sent, g.done, rates["on_time_rate"], rates["satisfaction_rate"],
                              rates["completion_rate"], rates["redispatch_rate"], unit_score(rates), g.overdue,
                              g.presses))
    big = sorted((r for r in rows if r.sent >= min_sample),
                 key=lambda r: (-(r.score if r.score is not None else -1.0), -r.sent, r.unit))
    ranked: list[LeagueRow] = []
    for i, r in enumerate(big):
        prev = ranked[-1] if ranked else None
        tied = (prev is not None and prev.score is not None and r.score is not None
                and abs(prev.score - r.score) < 1e-9)
        rank = prev.rank if tied and prev is not None else i + 1
        ranked.append(replace(r, rank=rank))
    small = sorted((r for r in rows if r.sent < min_sample), key=lambda r: (-r.sent, r.unit))
    return ranked, small


def hot_spot_matrix(cells: dict[tuple[str, str], int], rows: int = MATRIX_CATEGORIES,
                    cols: int = MATRIX_COMMUNITIES) -> tuple[list[str], list[str], list[list[int]]]:
    by_cat: Counter[str] = Counter()
    by_comm: Counter[str] = Counter()
    for (cat, comm), n in cells.items():
        by_cat[cat] += n
        by_comm[comm] += n
    cats = [c for c, _ in sorted(by_cat.items(), key=lambda kv: (-kv[1], kv[0]))[:rows]]
    ordered = [c for c, _ in sorted(by_comm.items(), key=lambda kv: (-kv[1], kv[0]))]
    comms, rest = ordered[:cols], ordered[cols:]
    counts = [[cells.get((cat, comm), 0) for comm in comms] for cat in cats]
    if rest:
        comms = [*comms, "其他"]
        for row, cat in zip(counts, cats, strict=True):
            row.append(sum(cells.get((cat, comm), 0) for comm in rest))
    return cats, comms, counts
