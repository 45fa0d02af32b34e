"""The bulletin (月报 / 季报) as a workbook: the figures a street office is measured on, to work with.

Sheets: 概览 (every line with 环比 and 同比), 渠道与类型, 分类, 热点矩阵 (category × community), 网格, 单位排名
(ranked on the documented score, the units below the minimum sample apart) and 说明 (the definitions).
Built from a `Bulletin` (console.domain.bulletin) — plain figures, no personal data — with XlsxWriter through
`xlsx_book`, like the quarterly workbook: its safe options, its house styles; every name from the desk's data
is written as text (console.reports.safe_cells), so a category called "=1+1" stays a name. Each sheet prints
landscape on A4, fitted to the page width.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import BinaryIO

from ..domain.bulletin import MIN_SAMPLE, SCORE_WEIGHTS, Bulletin, LeagueRow, Period
from ..domain.enums import Channel, RequestType
from ..domain.kpi import GroupStats
from ..domain.timeutil import zone
from .xlsx_book import DASH, PAPER_A4, PCT_CHANGE, PERCENT, PP_CHANGE, Book, Styled

PP_CHANGE_EN = '+0.0" pp";-0.0" pp";0.0" pp"'
_KIND_FORMAT = {"rate": PERCENT, "count": "#,##0", "minutes": "0.0", "score": "0.00"}


@dataclass(frozen=True)
class BulletinInfo:
    """What the bulletin says about itself: whose desk, when, who made it."""

    desk_name: str
    street: str = ""
    tz: tzinfo | str = "Asia/Shanghai"
    as_of: datetime | None = None
    generated_by: str = ""
    lang: str = "zh_CN"  # the language of its words (the user's); the desk's own names stay as entered

    @property
    def title_prefix(self) -> str:
        return " ".join(x for x in (self.street, self.desk_name) if x)

    @property
    def english(self) -> bool:
        return self.lang.startswith("en")

    def t(self, zh: str, en: str) -> str:
        """The report's own words in its language."""
        return en if self.english else zh

    def period(self, p: Period) -> str:
        return p.label_en if self.english else p.label

    def kind(self, p: Period) -> str:
        """热线月报 / Monthly bulletin."""
        return self.t(f"热线{p.kind_zh}", "Monthly bulletin" if p.monthly else "Quarterly bulletin")

    def channel(self, code: str) -> str:
        return _label(Channel, code, self.lang)

    def request_type(self, code: str) -> str:
        return _label(RequestType, code, self.lang)

    def as_of_text(self) -> str:
        """数据截至 … / Figures as of … (empty when unknown)."""
        if self.as_of is None:
            return ""
        return self.t("数据截至 ", "Figures as of ") + f"{self.as_of.astimezone(zone(self.tz)):%Y-%m-%d %H:%M}"


def _label(enum: type[Channel] | type[RequestType], code: str, lang: str) -> str:
    try:
        return enum(code).label(lang)
    except ValueError:
        return code


class _Sheet:
    """One sheet in the house's styles (`xlsx_book`): landscape A4, one page wide (and one page down if
    `one_page`), the margins a spreadsheet program gives a new sheet."""

    def __init__(self, book: Book, title: str, widths: Sequence[float], *, one_page: bool = False) -> None:
        self.sheet = book.sheet(title, widths)
        ws = self.sheet.ws
        ws.set_landscape()
        ws.set_paper(PAPER_A4)
        ws.fit_to_pages(1, 1 if one_page else 0)  # 0: as many pages down as it takes
        ws.set_margins(left=0.75, right=0.75, top=1.0, bottom=1.0)
        ws.set_header("", {"margin": 0.5})
        ws.set_footer("", {"margin": 0.5})

    def append(self, values: Sequence[object] = ()) -> None:
        self.sheet.append(values)

    @staticmethod
    def cell(value: object, number_format: str | None = None, template: str | None = None) -> Styled:
        """A styled cell: None as "—", strings text (`Sheet.append` writes them as text), numbers with
        `number_format`; `template` a house style (header, title, note, dash)."""
        if value is None:
            return Styled(DASH, template or "dash")
        if isinstance(value, str):
            return Styled(value, template)
        return Styled(value, template or number_format)

    def title_rows(self, title: str, note: str) -> None:
        self.append([self.cell(title, template="title")])
        self.append([self.cell(note, template="note")])
        self.append([])

    def headers(self, names: Sequence[str]) -> None:
        self.append([self.cell(n, template="header") for n in names])


def _change_format(kind: str, info: BulletinInfo) -> str:
    if kind != "rate":
        return PCT_CHANGE
    return PP_CHANGE_EN if info.english else PP_CHANGE


def period_heads(info: BulletinInfo) -> list[str]:
    """The columns of a figure beside its two earlier periods (the workbook's and the PDF's)."""
    return [info.t("本期", "This period"), info.t("上期", "Previous"), info.t("环比", "vs previous"),
            info.t("去年同期", "A year ago"), info.t("同比", "vs a year ago")]


def _overview(wb: Book, b: Bulletin, info: BulletinInfo) -> None:
    t = info.t
    sh = _Sheet(wb, t("概览", "Overview"), (24, 13, 13, 15, 13, 15), one_page=True)
    p = b.period
    as_of = info.as_of_text()
    sh.title_rows(f"{info.title_prefix} {info.kind(p)} {info.period(p)}",
                  t(f"环比：与{b.previous.period.label}相比；同比：与{b.year_ago.period.label}相比"
                    f"{f'（{as_of}）' if as_of else ''}。制表：{info.generated_by or '—'}",
                    f"Compared with {b.previous.period.label_en} and with {b.year_ago.period.label_en}"
                    f"{f' ({as_of})' if as_of else ''}. Prepared by {info.generated_by or '—'}"))
    sh.headers([t("指标", "Figure"), *period_heads(info)])  # the periods are named in the line above
    for line in b.lines():
        f = _KIND_FORMAT.get(line.kind)
        cf = _change_format(line.kind, info)
        sh.append([sh.cell(t(line.name, line.name_en)), sh.cell(line.value, f), sh.cell(line.previous, f),
                      sh.cell(line.change_previous, cf), sh.cell(line.year_ago, f), sh.cell(line.change_year_ago, cf)])


def _groups_rows(sh: _Sheet, groups: Sequence[GroupStats], label) -> None:  # noqa: ANN001 - key → text
    for g in groups:
        sh.append([sh.cell(label(g.key)), sh.cell(g.received, "#,##0"), sh.cell(g.answered, "#,##0"),
                      sh.cell(g.dispatched, "#,##0"), sh.cell(g.completion_rate, PERCENT),
                      sh.cell(g.on_time_rate, PERCENT), sh.cell(g.satisfaction_rate, PERCENT)])


def _group_headers(info: BulletinInfo) -> list[str]:
    t = info.t
    return [t("受理量", "Received"), t("直接答复", "Answered"), t("派单", "Dispatched"),
            t("办结率", "Completion rate"), t("按时办结率", "On-time rate"), t("满意率", "Satisfaction rate")]


def _channels(wb: Book, b: Bulletin, info: BulletinInfo, request_type_names) -> None:  # noqa: ANN001 - code → name
    t = info.t
    sh = _Sheet(wb, t("渠道与类型", "Channels and types"), (18, 11, 11, 11, 11, 12, 11))
    k = b.current.kpis
    sh.title_rows(t("受理渠道与诉求类型", "Channels and request types"),
                  t(f"{b.period.label}；直接答复 = 当场答复不派单，派单 = 派给承办单位。",
                    f"{b.period.label_en}; answered = answered on the call, not dispatched; "
                    "dispatched = sent to a handling unit."))
    sh.headers([t("受理渠道", "Channel"), *_group_headers(info)])
    _groups_rows(sh, k.by_channel, info.channel)
    sh.append([])
    sh.headers([t("诉求类型", "Request type"), *_group_headers(info)])
    _groups_rows(sh, k.by_request_type,
                 lambda key: info.request_type(key) if info.english else request_type_names.get(key) or
                 info.request_type(key))


def _categories(wb: Book, b: Bulletin, info: BulletinInfo) -> None:
    t = info.t
    sh = _Sheet(wb, t("分类", "Categories"), (22, 11, 13, 11, 15, 11))
    sh.title_rows(t("问题分类（一级）受理量与变化", "First-level categories and their change"),
                  t(f"本期 {b.period.label}，上期 {b.previous.period.label}，去年同期 {b.year_ago.period.label}；"
                    "按本期受理量排序；变化为受理量的增减幅度。",
                    f"This period {b.period.label_en}, previous {b.previous.period.label_en}, a year ago "
                    f"{b.year_ago.period.label_en}; busiest first; the change is in tickets received."))
    sh.headers([t("问题分类", "Category"), *period_heads(info)])
    for r in b.top_categories(n=len(b.current.kpis.by_category_top)):
        sh.append([sh.cell(r.name), sh.cell(r.received, "#,##0"), sh.cell(r.previous, "#,##0"),
                      sh.cell(r.change_previous, PCT_CHANGE), sh.cell(r.year_ago, "#,##0"),
                      sh.cell(r.change_year_ago, PCT_CHANGE)])


def _matrix(wb: Book, b: Bulletin, info: BulletinInfo) -> None:
    t = info.t
    cats, comms, counts = b.matrix()
    sh = _Sheet(wb, t("热点矩阵", "Hot spots"), (18, *([10] * len(comms)), 9))
    sh.title_rows(t("热点：问题分类 × 社区", "Hot spots: category × community"),
                  t("本期受理量；行、列按受理量从多到少，其余社区合并为“其他”。",
                    "Tickets received this period; busiest rows and columns first, the other communities "
                    "summed as 其他 (other)."))
    sh.headers([t("问题分类 \\ 社区", "Category \\ community"), *comms, t("合计", "Total")])
    for cat, row in zip(cats, counts, strict=True):
        sh.append([sh.cell(cat), *(sh.cell(n or None, "#,##0") if n else sh.cell("") for n in row),
                      sh.cell(sum(row), "#,##0")])


def _grids(wb: Book, b: Bulletin, info: BulletinInfo) -> None:
    t = info.t
    sh = _Sheet(wb, t("网格", "Grids"), (18, 11, 11, 11, 11, 12, 11))
    sh.title_rows(t("网格", "Grids"), t(f"{b.period.label}；按受理量排序。", f"{b.period.label_en}; busiest first."))
    sh.headers([t("网格", "Grid"), *_group_headers(info)])
    _groups_rows(sh, b.current.kpis.by_grid, lambda key: key)


def _league_row(sh: _Sheet, r: LeagueRow) -> list:
    return [sh.cell(r.rank if r.rank is not None else "—"), sh.cell(r.unit), sh.cell(r.sent, "#,##0"),
            sh.cell(r.done, "#,##0"), sh.cell(r.on_time_rate, PERCENT), sh.cell(r.satisfaction_rate, PERCENT),
            sh.cell(r.completion_rate, PERCENT), sh.cell(r.redispatch_rate, PERCENT), sh.cell(r.score, "0.0"),
            sh.cell(r.overdue, "#,##0"), sh.cell(r.presses, "#,##0")]


def _league(wb: Book, b: Bulletin, info: BulletinInfo) -> None:
    t = info.t
    ranked, small = b.league()
    sh = _Sheet(wb, t("单位排名", "Unit league"), (6, 22, 9, 8, 11, 9, 9, 9, 8, 8, 9))
    sh.title_rows(t("承办单位排名", "Handling units ranked"),
                  t(f"得分 = {score_words(info)}（满分 100；没有回访的单位按其余指标折算）。"
                    f"本期派单不少于 {b.min_sample} 件的单位参加排名。",
                    f"Score = {score_words(info)} (out of 100; a unit with no satisfaction call is scored on the "
                    f"rest). Units sent at least {b.min_sample} tickets this period are ranked."))
    names = [t("排名", "Rank"), t("承办单位", "Unit"), t("派单量", "Sent"), t("办结", "Done"),
             t("按时办结率", "On-time rate"), t("满意率", "Satisfaction rate"), t("办结率", "Completion rate"),
             t("被改派率", "Taken away"), t("得分", "Score"), t("超期", "Overdue"), t("督办催办", "Presses")]
    sh.headers(names)
    for r in ranked:
        sh.append(_league_row(sh, r))
    if small:
        sh.append([])
        sh.append([sh.cell(t(f"派单不足 {b.min_sample} 件的单位（样本太少，不排名）",
                                f"Units sent fewer than {b.min_sample} tickets (too few to rank)"), template="note")])
        sh.headers(names)
        for r in small:
            sh.append(_league_row(sh, r))


_WEIGHT_NAMES = {"on_time_rate": ("按时办结率", "on-time rate"), "satisfaction_rate": ("满意率", "satisfaction rate"),
                 "completion_rate": ("办结率", "completion rate"),
                 "kept_rate": ("未被改派的比例", "share not taken away")}


def score_words(info: BulletinInfo) -> str:
    """The league table's score in words: 按时办结率 40%，满意率 30%，… (the workbook's and the PDF's)."""
    sep = info.t("，", ", ")
    return sep.join(f"{info.t(*_WEIGHT_NAMES[name])} {int(w * 100)}%" for name, w in SCORE_WEIGHTS)


def _notes(wb: Book, b: Bulletin, info: BulletinInfo) -> None:
    sh = _Sheet(wb, info.t("说明", "Notes"), (100,))
    for zh, en in (
        ("口径说明", "Definitions"),
        ("受理量：本期受理的工单（作废和并入其他工单的重复件不计，一事一计）。",
         "Received: tickets received in the period (void tickets and duplicates merged into another are not "
         "counted: one matter, one count)."),
        ("办结率 =（直接答复 + 已办结）/ 受理量；按时办结率 = 在办结时限内办结的 / 已办结。",
         "Completion rate = (answered on the call + done) / received; on-time rate = done within the time "
         "limit / done."),
        ("提前办结率 = 用时不超过办结时限一半（本台设置的百分比）即按时办结的 / 已办结；时限从首次派单算起。",
         "Early-completion rate = done within half the time limit (the part is a desk setting) / done; the "
         "limit runs from the first dispatch."),
        ("解决率 = 回访时市民表示“已解决”的工单 / 回访时询问了解决情况的工单（已解决、部分解决、未解决）；未询问的不计入。",
         "Solved rate = tickets the resident called solved / tickets whose satisfaction call asked (solved, "
         "partly solved, not solved); a call that did not ask is left out."),
        ("重派率 = 至少有一次退单获批的工单 / 派单量。",
         "Re-dispatch rate = tickets with at least one approved return / tickets dispatched."),
        ("被改派率（单位排名）= 派给该单位后又改派给其他单位的工单 / 派给该单位的工单。",
         "Taken away (league table) = tickets sent to the unit, then to another unit / tickets sent to it."),
        ("回访率 = 已回访的办结工单 / 已办结；满意率 =（满意 + 基本满意）/ 满意度回访量。",
         "Callback rate = done tickets with a satisfaction call / done; satisfaction rate = favourable ratings "
         "(satisfied, fairly satisfied) / ratings."),
        ("接通率 = 接听的电话 / （接听 + 未接）；回拨率 = 已回拨的未接来电 / 未接来电。",
         "Answer rate = calls answered / (answered + missed); call-back rate = missed calls called back / "
         "missed calls."),
        ("延期次数：批准的延期申请；督办催办次数：值班领导督办与市民再次来电催办。",
         "Extensions: extension requests granted; presses: a supervisor's press and a resident ringing again."),
        (f"单位排名：本期派给该单位不少于 {b.min_sample} 件（含被改派走的）才排名，默认最小样本 {MIN_SAMPLE} 件。",
         f"League table: a unit is ranked when sent at least {b.min_sample} tickets in the period (those taken "
         f"away included); the default minimum is {MIN_SAMPLE}."),
        ("环比：与上一个同长度的期间（上月或上季度）相比；同比：与去年同一期间相比。"
         "比率的变化以百分点表示，数量的变化以增减百分比表示。",
         "vs previous: against the period before of the same length (month or quarter); vs a year ago: against "
         "the same period a year earlier. A rate's change is in percentage points (pp), a count's in per cent."),
    ):
        sh.append([sh.cell(info.t(zh, en))])


def write_bulletin_xlsx(out: BinaryIO, b: Bulletin, info: BulletinInfo,
                        request_type_names: dict[str, str] | None = None) -> None:
    """Write the bulletin workbook to `out` (a binary file the caller made atomic), in `info.lang`.
    `request_type_names`: the desk's own names for the request types (shown in Chinese)."""
    wb = Book(out)
    try:
        _overview(wb, b, info)
        _channels(wb, b, info, request_type_names or {})
        _categories(wb, b, info)
        _matrix(wb, b, info)
        _grids(wb, b, info)
        _league(wb, b, info)
        _notes(wb, b, info)
        wb.set_title(f"{info.kind(b.period)} {info.period(b.period)}")
    except BaseException:
        wb.discard()
        raise
    wb.close()
