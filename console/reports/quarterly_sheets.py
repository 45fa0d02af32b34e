"""The quarterly workbook's small sheets, filled from the quarter's figures after the detail pass.

汇总 (the KPIs beside the previous quarter, notes, two charts), 分类 (category × month, request types,
channels, a stacked chart), 社区 (community and grid), 承办单位, 时段 (hour × weekday with a colour scale
and a chart), 满意度 (each scale in use, reviews, scores, a pie) and 重复来电与热点. Each is a few hundred
rows at most; every name from the desk's data goes through `Sheet.append`, which writes text as text.
Charts are native (Excel/WPS/LibreOffice draw them from the cells).
"""
from __future__ import annotations

from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from ..domain.enums import LabelledEnum, Satisfaction, Satisfaction5
from ..domain.kpi import EMPTY_MESSAGE_ZH, NO_CATEGORY, WEEKDAYS_ZH, QuarterKpis
from ..domain.kpi_summary import summary_lines
from ..domain.masking import mask_text
from ..domain.phone import mask_phone
from ..domain.satisfaction import is_favourable
from .quarterly_detail import CHANNEL_ZH
from .xlsx_book import DASH, Book, Sheet, Styled, chart, dash_or

if TYPE_CHECKING:
    from .quarterly_xlsx import QuarterlyInfo

MAX_REPEAT_ROWS = 2000


def _local(dt: datetime | None, tz: tzinfo) -> datetime | None:
    return None if dt is None else dt.astimezone(tz).replace(tzinfo=None)


def _header(names) -> list[Styled]:
    return [Styled(n, "header") for n in names]


def _rate(v: float | None) -> Styled:
    return dash_or(v, "percent")


def _series(name_cell: list | str, values: list, categories: list | None = None) -> dict:
    s = {"name": name_cell, "values": values}
    if categories is not None:
        s["categories"] = categories
    return s


def summary(book: Book, sh: Sheet, info: QuarterlyInfo, k: QuarterKpis, prev: QuarterKpis | None,
            detail_rows: int, detail_limit: int) -> None:
    name = sh.ws.name
    sh.widths((24, 16, 16, 16))
    sh.print_setup()
    sh.append(_header(("指标", info.label, info.previous_label or "上季度", "变化")))
    lines = summary_lines(k, prev)
    if k.is_empty:
        sh.append([Styled(EMPTY_MESSAGE_ZH, "bold")])
    else:
        for line in lines:
            fmt = {"rate": "percent", "minutes": "minutes", "score": "score"}.get(line.kind, "integer")
            ch = "pp" if line.change_unit == "pp" else "pct"
            sh.append([line.name, dash_or(line.value, fmt), dash_or(line.previous, fmt), dash_or(line.change, ch)])
    notes = [
        ("统计范围", f"{info.label}受理的工单（{_local(info.start, info.tz):%Y-%m-%d} 至 "
                     f"{_local(info.end, info.tz):%Y-%m-%d} 前，{k.tz} 时间），不含已作废工单"),
        ("已作废工单", f"{k.void} 张（不计入各项指标）"),
        ("一事一计", f"同一诉求只计一次受理量：并入其他工单的重复工单 {k.merged} 张不计入受理量，"
                     f"追加到原工单的重复来电 {k.added_calls} 次不另立工单；两者都计入接通率和重复来电"),
        ("明细行数", f"{detail_rows}" if detail_rows <= detail_limit else
         f"{detail_rows}（超过 Excel 单表上限，明细表只列出前 {detail_limit} 张）"),
        ("变化", "比率为与上季度相差的百分点，其余为增减百分比；无可比数据时显示“—”"),
        ("按时办结", "以最近一次派单的办结时限为准；超期含逾期办结和逾期未办结"),
        ("电话号码", "已打码" if info.mask else "未打码（值班领导导出，已记入操作日志）"),
        ("数据截至", f"{_local(info.as_of, info.tz):%Y-%m-%d %H:%M}"),
        ("导出人", info.generated_by or "—"),
    ]
    sh.append()
    for a, b in notes:
        sh.append([Styled(a, "note"), Styled(b, "note")])
    if k.is_empty:
        return
    counts = chart(book, "column", "受理与办结", size_cm=(7.5, 15), y_axis={"name": "张"})
    for col in (1, 2):  # this quarter, the previous one: the first four lines are counts
        counts.add_series(_series([name, 0, col], [name, 1, col, 4, col], [name, 1, 0, 4, 0]))
    sh.ws.insert_chart("F2", counts)
    rate_rows = [i + 1 for i, line in enumerate(lines) if line.kind == "rate"]  # 0-based rows of the table
    rates = chart(book, "column", "各项比率", size_cm=(7.5, 15),
                  y_axis={"num_format": "0%", "min": 0, "max": 1})
    for col, title in ((1, info.label), (2, info.previous_label or "上季度")):
        rates.add_series(_series(title, [name, rate_rows[0], col, rate_rows[-1], col],
                                 [name, rate_rows[0], 0, rate_rows[-1], 0]))
    sh.ws.insert_chart("F18", rates)


def categories(book: Book, sh: Sheet, k: QuarterKpis, info: QuarterlyInfo) -> None:
    months = [f"{y}年{m}月" for y, m in k.months]
    sh.widths([18, 10] + [11] * len(months) + [9, 9, 9, 9])
    sh.print_setup(title_rows=(0, 0))
    sh.append(_header(["问题分类", "一级分类", *months, "合计", "占比", "办结率", "满意率", "分类代码"]))
    n = 0
    for g in k.by_category:
        per_month = k.category_by_month.get(g.key, (0,) * len(months))
        sh.append([g.key, g.parent or DASH, *per_month, g.received,
                   _rate(g.received / k.received if k.received else None),
                   _rate(g.completion_rate), _rate(g.satisfaction_rate), info.category_codes.get(g.key) or None])
        n += 1
    if not n:
        sh.append([EMPTY_MESSAGE_ZH])
    sh.append()
    sh.append(_header(["诉求类型", "受理量", "占比", "办结率", "满意率"]))
    for g in k.by_request_type:
        sh.append([info.request_type_label(g.key) or g.key, g.received,
                   _rate(g.received / k.received if k.received else None),
                   _rate(g.completion_rate), _rate(g.satisfaction_rate)])
    sh.append()
    sh.append(_header(["来电渠道", "受理量", "占比"]))
    for g in k.by_channel:
        sh.append([CHANNEL_ZH.get(g.key, g.key), g.received, _rate(g.received / k.received if k.received else None)])
    if not n:
        return
    top = min(n, 10)
    c = chart(book, "column", "问题分类（前 10 类，按月）", subtype="stacked", size_cm=(9, 18),
              y_axis={"name": "张"})
    name = sh.ws.name
    for col in range(2, 2 + len(months)):
        c.add_series({**_series([name, 0, col], [name, 1, col, top, col], [name, 1, 0, top, 0]), "overlap": 100})
    sh.ws.insert_chart(1, len(months) + 7, c)


def communities(sh: Sheet, k: QuarterKpis) -> None:
    head = ["受理量", "直接答复", "派单量", "办结量", "办结率", "按时办结率", "满意率", "超期"]
    sh.widths([14, 16] + [10] * len(head))
    sh.print_setup(title_rows=(0, 0))

    def figures(g):
        return [g.received, g.answered, g.dispatched, g.done, _rate(g.completion_rate),
                _rate(g.on_time_rate), _rate(g.satisfaction_rate), g.overdue]

    sh.append(_header(["网格", "社区", *head]))
    for g in k.by_community:
        sh.append([g.parent, g.key, *figures(g)])
    if not k.by_community:
        sh.append([EMPTY_MESSAGE_ZH])
    sh.append()
    sh.append(_header(["网格", "", *head]))
    for g in k.by_grid:
        sh.append([g.key, None, *figures(g)])


def units(sh: Sheet, k: QuarterKpis) -> None:
    sh.widths([22, 9, 9, 9, 11, 9, 9, 9, 9, 9, 9, 9, 10, 10])
    sh.print_setup(title_rows=(0, 0))
    sh.append(_header(["承办单位", "派单量", "办结量", "按时办结", "按时办结率", "超期", "退单", "改派",
                       "督办", "延期", "回访量", "满意率", "服务态度", "办事能力"]))
    for g in k.by_unit:
        sh.append([g.key, g.dispatched, g.done, g.on_time, _rate(g.on_time_rate), g.overdue, g.returns,
                   g.redispatches, g.presses, g.extensions, g.sat_calls, _rate(g.satisfaction_rate),
                   dash_or(g.attitude_avg, "score"), dash_or(g.ability_avg, "score")])
    if not k.by_unit:
        sh.append(["本季度没有派单"])


def hours(book: Book, sh: Sheet, k: QuarterKpis) -> None:
    sh.widths([13] + [8] * 8)
    sh.print_setup()
    sh.append(_header(["时段", *WEEKDAYS_ZH, "合计"]))
    for h in range(24):
        row = list(k.hour_weekday[h])
        sh.append([f"{h:02d}:00-{h + 1:02d}:00", *row, sum(row)])
    totals = [sum(k.hour_weekday[h][d] for h in range(24)) for d in range(7)]
    sh.append([Styled("合计", "bold"), *totals, sum(totals)])
    sh.ws.conditional_format("B2:H25", {
        "type": "3_color_scale", "min_type": "min", "min_color": "#FFFFFF", "mid_type": "percentile",
        "mid_value": 50, "mid_color": "#FFE699", "max_type": "max", "max_color": "#F8696B"})
    if k.is_empty:
        return
    c = chart(book, "column", "各时段来电量", size_cm=(8, 20), y_axis={"name": "张"}, legend=False)
    name = sh.ws.name
    c.add_series(_series([name, 0, 8], [name, 1, 8, 24, 8], [name, 1, 0, 24, 0]))
    sh.ws.insert_chart("K2", c)


def satisfaction(book: Book, sh: Sheet, k: QuarterKpis) -> None:
    """Ratings by level of the scale in use (console.domain.satisfaction); both scales and the mapped three-level
    table when the desk switched during the period; calls without a rating and reviews apart; the scores."""
    sh.widths((22, 10, 10))
    sh.print_setup()
    tables: list[tuple[str, tuple[LabelledEnum, ...], dict[str, int]]] = []
    if 5 in k.scales:
        tables.append(("满意度（五级，好差评）", tuple(Satisfaction5), k.scale_counts.get(5, {})))
    if 3 in k.scales or not k.scales:
        three_only = k.scale_counts.get(3, {}) if k.mixed_scales else k.satisfaction_counts
        tables.append(("满意度（三级）" if k.mixed_scales else "满意度", tuple(Satisfaction), three_only))
    if k.mixed_scales:
        tables.append(("满意度（合计，五级按对照表折为三级）", tuple(Satisfaction), k.satisfaction_counts))
    first: tuple[int, int] | None = None  # 0-based rows of the first table's levels
    for title, levels, counts in tables:
        head = sh.append(_header([title, "回访量", "占比"]))
        total = sum(counts.values())
        for lv in levels:
            n = counts.get(lv.value, 0)
            sh.append([lv.zh, n, _rate(n / total if total else None)])
        good = sum(n for c, n in counts.items() if is_favourable(c))
        sh.append([Styled("合计", "bold"), total, _rate(good / total if total else None)])
        first = first or (head + 1, head + len(levels))
        sh.append()
    if k.mixed_scales:
        sh.append(["对照表：非常满意、满意 → 满意；基本满意 → 基本满意；不满意、非常不满意 → 不满意（满意率不因折算而变）"])
        sh.append()
    sh.append(_header(["未评价的回访与差评复核", "件数", ""]))
    for label, n in (("拒评", k.declined), ("回访不成功", k.unreachable), ("差评复核中", k.reviews_open),
                     ("复核不属实", k.reviews_dismissed)):
        sh.append([label, n])
    sh.append()
    sh.append(_header(["评分", "服务态度", "办事能力"]))
    for score in range(5, 0, -1):
        sh.append([f"{score} 分", k.attitude_hist[score - 1], k.ability_hist[score - 1]])
    sh.append([Styled("平均分", "bold"), dash_or(k.attitude_avg, "score"), dash_or(k.ability_avg, "score")])
    if not k.sat_calls or first is None:
        return
    pie = chart(book, "pie", "满意度分布", size_cm=(7, 10))
    name = sh.ws.name
    pie.add_series(_series([name, first[0] - 1, 1], [name, first[0], 1, first[1], 1], [name, first[0], 0, first[1], 0]))
    sh.ws.insert_chart("E2", pie)


def repeats(sh: Sheet, k: QuarterKpis, info: QuarterlyInfo) -> None:
    sh.widths((16, 12, 12, 17, 17, 14, 18))
    sh.print_setup(title_rows=(1, 1))
    mask = mask_phone if info.mask else (lambda p: p)
    sh.append([Styled("重复来电（同一号码 7 天内来电 2 次及以上）", "title")])
    sh.append(_header(["来电号码", "本季度来电", "7天内最多", "首次来电", "最近来电", "社区", "最近问题分类"]))
    for r in k.repeat_callers[:MAX_REPEAT_ROWS]:
        sh.append([mask(r.phone), r.tickets, r.most_in_window,
                   dash_or(_local(r.first_at, info.tz), "date"), dash_or(_local(r.last_at, info.tz), "date"),
                   r.community or DASH, r.category or NO_CATEGORY])
    if not k.repeat_callers:
        sh.append(["本季度没有重复来电"])
    elif len(k.repeat_callers) > MAX_REPEAT_ROWS:
        sh.append([Styled(f"另有 {len(k.repeat_callers) - MAX_REPEAT_ROWS} 个号码未列出", "note")])
    sh.append()
    sh.append([Styled("热点地址（本季度 2 张及以上工单）", "title")])
    sh.append(_header(["社区", "地址", "工单数", "主要问题分类"]))
    for h in k.hot_addresses:
        place = mask_text(h.place) if info.mask else h.place
        sh.append([h.community or DASH, place, h.tickets, h.top_category or NO_CATEGORY])
    if not k.hot_addresses:
        sh.append(["本季度没有热点地址"])
