"""The summary table of the figures: each line's name, this period, the one before, and the change.

The workbook's 汇总 sheet and the PDF's first table read these lines, in this
order; the figures themselves are defined in console.domain.kpi.
"""
from __future__ import annotations

from dataclasses import dataclass

from .kpi import QuarterKpis


@dataclass(frozen=True)
class SummaryLine:
    """One line of the summary: name, this period, the one before, change.

    `kind`: 'count', 'rate' (a fraction), 'minutes' or 'score'. `change` is
    in percentage points for rates (3.5 = +3.5 个百分点) and a fraction for
    everything else (0.12 = +12%); None when there is nothing to compare.
    """

    name: str
    name_en: str
    kind: str
    value: float | int | None
    previous: float | int | None
    change: float | None

    @property
    def change_unit(self) -> str:
        return "pp" if self.kind == "rate" else "pct"


# (Chinese name, English name, kind, attribute) — the order of the summary sheet.
SUMMARY_ITEMS: tuple[tuple[str, str, str, str], ...] = (
    ("受理量", "Received", "count", "received"),
    ("直接答复", "Answered on the spot", "count", "answered"),
    ("派单量", "Dispatched", "count", "dispatched"),
    ("办结量", "Done", "count", "done"),
    ("办结率", "Completion rate", "rate", "completion_rate"),
    ("按时办结率", "On-time rate", "rate", "on_time_rate"),
    ("回访率", "Callback rate", "rate", "callback_rate"),
    ("满意率", "Satisfaction rate", "rate", "satisfaction_rate"),
    ("接通率", "Answer rate", "rate", "answer_rate"),
    ("回拨率", "Missed-call call-back rate", "rate", "call_back_rate"),
    ("平均派单用时（分钟）", "Mean minutes to dispatch", "minutes", "dispatch_minutes_mean"),
    ("派单用时中位数（分钟）", "Median minutes to dispatch", "minutes", "dispatch_minutes_median"),
    ("平均办结用时（分钟）", "Mean minutes to resolution", "minutes", "resolve_minutes_mean"),
    ("办结用时中位数（分钟）", "Median minutes to resolution", "minutes", "resolve_minutes_median"),
    ("服务态度平均分", "Attitude (mean score)", "score", "attitude_avg"),
    ("办事能力平均分", "Ability (mean score)", "score", "ability_avg"),
    ("重复来电人数", "Repeat callers", "count", "repeat_caller_count"),
    ("追加来电", "Repeat calls on open tickets", "count", "added_calls"),
    ("并单数", "Merged duplicates", "count", "merged"),
    ("超期工单数", "Overdue tickets", "count", "overdue"),
    ("满意度回访量", "Satisfaction calls", "count", "sat_calls"),
    ("拒评", "Declined to rate", "count", "declined"),
    ("回访不成功", "Could not be reached", "count", "unreachable"),
    ("差评复核中", "Unfavourable ratings under review", "count", "reviews_open"),
    ("未接来电数", "Missed calls", "count", "missed_calls"),
)


def change(kind: str, value: float | None, previous: float | None) -> float | None:
    if value is None or previous is None:
        return None
    if kind == "rate":
        return (value - previous) * 100.0
    if not previous:
        return None
    return (value - previous) / previous


def summary_lines(current: QuarterKpis, previous: QuarterKpis | None = None) -> list[SummaryLine]:
    """The summary table, in the order of the workbook's 汇总 sheet."""
    out = []
    for zh, en, kind, attr in SUMMARY_ITEMS:
        v = getattr(current, attr)
        p = getattr(previous, attr) if previous is not None else None
        out.append(SummaryLine(zh, en, kind, v, p, change(kind, v, p)))
    return out


def quarter_label(year: int, quarter: int) -> str:
    return f"{year}年第{quarter}季度"
