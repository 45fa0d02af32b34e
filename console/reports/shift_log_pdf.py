"""The shift log (交接班日志) as a printable A4 PDF.

What the next shift and the leaders read in the morning: who was on duty,
every call in time order, the missed calls and their call-backs, the
call-backs made on older tickets, what is handed over (the older backlog
as one table by unit × age band — console.domain.backlog — and, when asked
for, its full list; the due follow-ups), the handover note, the counts,
and lines to sign. Printed in black and white: grey header rows, black
rules, no colour carries meaning.

Built from a `ShiftLogData` (plain rows, never a session) and drawn straight
on a reportlab canvas (`canvas_flow`): the whole log is paragraphs, spaces
and tables, and reportlab's layout engine (`reportlab.platypus`, ≈ 160 ms
to import: more than the render of a night) is never imported by the
process that prints it (issue 21; a test holds it so). Every text is
wrapped by `pdf_text.wrap_lines`, measured with the embedded font's widths,
and drawn as plain strings: residents' text is never read as markup.
Tables are `rows_table.RowsTable`s, which wrap each cell once and split
between rows or, when one row is taller than a page, inside it, the header
row and the ticket's number repeated on the next page.

Page, header and "第 x 页 共 y 页" footer are the house style of `pdf_page`,
shared with the PDFs that platypus lays out (the quarterly analysis).
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, BinaryIO

from ..domain.backlog import AGE_BANDS, NOT_DISPATCHED_ZH
from ..domain.enums import Channel, DeadlineKind, RequestType, Status, Urgency
from ..domain.satisfaction import label as sat_label
from ..domain.undo import step_label
from . import ExportCancelled
from .canvas_flow import Block, Flow, Space, Together, draw_a4, text
from .fonts import PdfFont, get_font
from .pdf_page import BODY_H as BODY_H  # named here by the tests of the table
from .pdf_page import BODY_W, MM
from .pdf_text import clean
from .rows_table import SIZE, RowsTable, stretch

if TYPE_CHECKING:
    from ..domain.report_rows import ShiftCall, ShiftLogData

SIGNERS = ("交班人", "接班人", "值班领导")
SUMMARY_CHARS = 60  # an open ticket's description in the handover list

# shorter than the timeline's names (console.domain.undo.step_label), for the table's narrow column
ACTION_SHORT = {
    "check_back_came": "回访已到场",
    "check_back_not_yet": "回访未到场",
    "unsatisfied": "回访不满意",
    "note": "备注",
}


def _label(enum, code: str | None) -> str:
    if not code:
        return ""
    try:
        return enum(code).zh
    except ValueError:
        return code


# ------------------------------------------------------------------ formatting

class _Fmt:
    def __init__(self, data: ShiftLogData):
        self.tz = data.tz
        self.day = data.day

    def local(self, dt: datetime) -> datetime:
        return dt.astimezone(self.tz)

    def time(self, dt: datetime | None) -> str:
        """22:05 on the shift's date, 11-23 02:15 on another."""
        if dt is None:
            return ""
        d = self.local(dt)
        return f"{d:%H:%M}" if d.date() == self.day else f"{d:%m-%d %H:%M}"

    def stamp(self, dt: datetime | None) -> str:
        return "" if dt is None else f"{self.local(dt):%Y-%m-%d %H:%M}"


def _happened(c: ShiftCall, fmt: _Fmt) -> str:
    lines = []
    sat_events = [i for i, e in enumerate(c.events) if e.action in ("satisfied", "revisit")]
    # The unit column names the unit; the steps name it only when the ticket was sent on.
    redispatched = sum(1 for e in c.events if e.action == "dispatch") > 1
    for i, e in enumerate(c.events):
        if e.action == "log":
            continue
        label = ACTION_SHORT.get(e.action) or step_label(e.action)
        if e.action == "dispatch" and e.unit and (redispatched or e.unit != c.unit):
            label += f" {e.unit}"
        if e.action in ("satisfied", "revisit") and sat_events and i == sat_events[-1] and c.satisfaction:
            label += f"：{sat_label(c.satisfaction)}"  # five-level codes name themselves (非常满意 …)
        line = f"{fmt.time(e.at)} {label}"
        if e.detail:
            line += f"：{e.detail}"
        lines.append(line)
    return "\n".join(lines)


def _call_row(c: ShiftCall, fmt: _Fmt) -> list[str]:
    who = c.caller_name
    if c.channel != Channel.PHONE.value:
        who = "\n".join(p for p in (who, _label(Channel, c.channel)) if p)
    if c.phone:
        who = f"{who}\n{c.phone}" if who else c.phone
    where = c.address  # community included, printed once (console.domain.address)
    tags = ""
    if c.urgency and c.urgency != Urgency.NORMAL.value:
        tags += f"【{_label(Urgency, c.urgency)}】"
    if c.request_type:
        tags += f"【{c.request_type_name or _label(RequestType, c.request_type)}】"
    return [fmt.time(c.received_at), c.number, who, where, c.category or "", tags + c.description,
            c.unit or "", _label(Status, c.status), _happened(c, fmt)]


CALL_COLUMNS = (("时间", 11 * MM), ("编号", 21 * MM), ("来电人", 19 * MM), ("社区/地址", 17 * MM),
                ("问题分类", 16.5 * MM), ("来电内容", 43 * MM), ("承办单位", 17.5 * MM),
                ("状态", 12.5 * MM), ("办理情况", 26 * MM))
MISSED_COLUMNS = (("来电时间", 20 * MM), ("来电号码", 26 * MM), ("回拨时间", 20 * MM),
                  ("回拨人", 18 * MM), ("回拨情况", 74 * MM), ("转为工单", 24 * MM))
OPEN_COLUMNS = (("编号", 21 * MM), ("受理时间", 17 * MM), ("社区", 17 * MM), ("问题分类", 16.5 * MM),
                ("来电内容摘要", 47 * MM), ("承办单位", 19 * MM), ("状态", 12.5 * MM),
                ("办结时限", 32 * MM))
CALLBACK_COLUMNS = (("时间", 20 * MM), ("工单", 24 * MM), ("事项", 24 * MM), ("承办单位", 30 * MM),
                    ("回访人", 18 * MM), ("回访情况", 66 * MM))
BACKLOG_COLUMNS = (("承办单位", 46 * MM), *((b.zh, 16 * MM) for b in AGE_BANDS), ("合计", 16 * MM),
                   ("已超时", 16 * MM))
DUE_COLUMNS = (("事项", 24 * MM), ("到期时间", 30 * MM), ("工单", 24 * MM), ("电话", 28 * MM),
               ("承办单位", 76 * MM))
COUNT_COLUMNS = ("受理", "其中电话", "直接答复", "派单", "已办结", "未办结", "作废", "未接来电",
                 "已回拨", "交接未结", "待办回访", "现场照片")


def _stretch(columns, width=BODY_W):
    """Scale column widths to the body width exactly."""
    return stretch(columns, width)


def _due_text(due: datetime | None, as_of: datetime, fmt: _Fmt) -> str:
    if due is None:
        return "未派单"
    return fmt.stamp(due)[5:] + ("（已超时）" if due < as_of else "")


# ------------------------------------------------------------------ the document

# size, leading, centred, space before, space after (points): the log's paragraph styles
STYLES: dict[str, tuple[float, float, bool, float, float]] = {
    "title": (17, 24, True, 0, 0),
    "subtitle": (10.5, 15, True, 0, 6),
    "h": (SIZE + 2.5, 16, False, 8, 2),
    "note": (9, 13.5, False, 0, 0),
    "small": (8, 11, False, 0, 0),
}


def _p(value: object, font: PdfFont, style: str = "small") -> Block:
    """A paragraph in one of the log's `STYLES`; desk data and residents' words alike are drawn as plain
    strings (cleaned by `canvas_flow.text`), never read as markup."""
    size, leading, centred, before, after = STYLES[style]
    return text(value, font, size, leading, centred=centred, space_before=before, space_after=after)


class _Signatures:
    """交班人 / 接班人 / 值班领导, each with a line to sign on and a line for the time; centred on the page."""

    space_before = space_after = 0.0
    WIDTHS = (14 * MM, 40 * MM, 14 * MM, 40 * MM, 16 * MM, 40 * MM)
    HEIGHTS = (11 * MM, 9 * MM)
    SIZE = 10.0
    PAD_X, PAD_BOTTOM = 6.0, 3.0

    def __init__(self, font: PdfFont):
        self.font = font
        self.width, self.height = sum(self.WIDTHS), sum(self.HEIGHTS)
        self.rows = ([f"{SIGNERS[0]}：", "", f"{SIGNERS[1]}：", "", f"{SIGNERS[2]}：", ""],
                     ["时间：", "", "时间：", "", "时间：", ""])

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, aW: float, aH: float) -> list[Block]:
        return []

    def draw_on(self, c: Any, x: float, top: float) -> None:
        x0 = x + (BODY_W - self.width) / 2
        c.setFont(self.font.name, self.SIZE)
        c.setLineWidth(0.7)
        y = top
        for row, h in zip(self.rows, self.HEIGHTS, strict=True):
            y -= h
            left = x0
            for i, (cell, w) in enumerate(zip(row, self.WIDTHS, strict=True)):
                if cell:  # right-aligned, at the foot of the cell (a line's leading is 1.2 × the size)
                    c.drawRightString(left + w - self.PAD_X, y + self.PAD_BOTTOM + 0.2 * self.SIZE, cell)
                if i % 2:
                    c.line(left, y, left + w, y)
                left += w


def _window_text(data: ShiftLogData, fmt: _Fmt) -> str:
    s, e = fmt.local(data.start), fmt.local(data.end)
    end = f"{e:%H:%M}" if e.date() == s.date() else f"{e.month}月{e.day}日 {e:%H:%M}"
    return f"{s.year}年{s.month}月{s.day}日 {data.kind.zh}（{s:%H:%M} 至 {end}）"


def _story(data: ShiftLogData, font: PdfFont, check: Callable[[], None]) -> list[Block | Together]:
    fmt = _Fmt(data)
    story: list[Block | Together] = [
        _p(f"{data.desk_name}　交接班日志", font, "title"),
        _p(_window_text(data, fmt), font, "subtitle"),
    ]
    ops = "、".join(data.operators) or "（无记录）"
    info = [f"值班人员：{ops}"]
    for sh in data.shifts:
        opened = f"开班 {fmt.stamp(sh.started_at)}（{sh.opened_by or '—'}）"
        closed = (f"交班 {fmt.stamp(sh.ended_at)}（{sh.closed_by or '—'}）" if sh.ended_at
                  else "尚未交班")
        info.append(f"班次 {sh.id}：{opened}；{closed}")
    if not data.shifts:
        info.append("本时段没有开班记录。")
    if data.running:
        info.append(f"班次进行中：状态和交接事项截至 {fmt.stamp(data.as_of)}。")
    info.append(f"打印时间：{fmt.stamp(data.generated_at)}；电话号码"
                + ("已打码。" if data.masked else "未打码（含完整号码，注意保密）。"))
    story.extend(_p(line, font) for line in info)
    story.append(Space(6))

    n = data.counts
    story.append(RowsTable(_stretch(tuple((h, 1.0) for h in COUNT_COLUMNS)), [[str(v) for v in (
        n.received, n.phone, n.answered, n.dispatched, n.resolved, n.still_open, n.void, n.missed,
        n.called_back, n.handed_over, n.follow_ups, n.photos)]], font, title="本班统计"))

    def section(title: str, columns, rows, empty: str, more: int = 0, repeat: int = 1):
        if not rows:
            story.append(Together([_p(title, font, "h"), _p(empty, font)]))
            return
        story.append(Space(8))
        story.append(RowsTable(_stretch(columns), rows, font, title=title, repeat=repeat))
        if more > 0:
            story.append(_p(f"另有 {more} 条未列出，请在系统中查看。", font))

    rows = []
    for i, c in enumerate(data.calls):
        rows.append(_call_row(c, fmt))
        if i % 250 == 249:
            check()
    section(f"一、来电记录（{len(rows)} 条）", CALL_COLUMNS, rows, "本班没有来电记录。", repeat=2)
    check()

    missed_rows = [[fmt.time(m.at), m.phone, fmt.time(m.called_back_at) if m.called_back_at else "未回拨",
                    m.called_back_by or "", m.note, m.ticket_number or ""] for m in data.missed]
    section(f"二、未接来电及回拨（{len(missed_rows)} 条）", MISSED_COLUMNS, missed_rows, "本班没有未接来电。")

    callback_rows = [[fmt.time(b.at), b.ticket_number, ACTION_SHORT.get(b.action) or step_label(b.action),
                      b.unit or "", b.actor or "", b.detail] for b in data.callbacks]
    section(f"三、本班对以前工单的回访（{len(callback_rows)} 条）", CALLBACK_COLUMNS, callback_rows,
            "本班没有对以前工单的回访。")
    check()

    story.append(_p("四、交接事项", font, "h"))
    _backlog(story, data, fmt, font, section)
    due_rows = [[_label(DeadlineKind, d.kind), _due_text(d.due_at, data.as_of, fmt),
                 d.ticket_number or "未接来电", d.phone, d.unit or ""] for d in data.due]
    section(f"（{'三' if data.full_backlog else '二'}）待办回访（{data.due_total} 项）", DUE_COLUMNS, due_rows,
            "待办回访：无。", more=data.due_total - len(due_rows))

    story.append(_p("五、交班记录", font, "h"))
    note = clean(data.handover_note, font)
    story.append(_p(note, font, "note") if note else _p("（未填写）", font))
    story.append(Together([Space(14), _p("签字", font, "h"), _Signatures(font)]))
    return story


def _backlog(story: list[Block | Together], data: ShiftLogData, fmt: _Fmt, font: PdfFont, section) -> None:
    """（一）未办结工单: the count, the older backlog as one table by unit × age band, and (when asked) its
    full list as （二）."""
    b = data.backlog
    own = data.open_total - (b.total if b else 0)
    head = f"（一）未办结工单（{data.open_total} 件）"
    if b is None or not b.total:
        more = f"其中本班受理 {own} 件，见来电记录；没有以前积压的工单。" if own else "无。"
        story.append(_p(f"{head}：{more}", font))
        return
    story.append(_p(
        f"{head}：本班受理 {own} 件，见来电记录；以前积压 {b.total} 件，其中已超时 {b.overdue} 件，"
        f"按承办单位和已受理时长统计如下" + ("，明细见（二）。" if data.full_backlog else "（明细可在导出时选择列出）。"),
        font))
    rows = [[r.unit or NOT_DISPATCHED_ZH, *(str(v) if v else "" for v in r.by_age), str(r.total),
             str(r.overdue) if r.overdue else ""] for r in b.rows]
    rows.append(["合计", *(str(v) for v in b.by_age), str(b.total), str(b.overdue)])
    section("以前积压工单（按承办单位和已受理时长）", BACKLOG_COLUMNS, rows, "")
    if data.full_backlog:
        open_rows = []
        for o in data.open_tickets:
            desc = o.description if len(o.description) <= SUMMARY_CHARS else o.description[:SUMMARY_CHARS] + "…"
            open_rows.append([o.number, fmt.stamp(o.received_at)[5:], o.community or "", o.category or "",
                              desc, o.unit or "", _label(Status, o.status),
                              _due_text(o.resolution_due_at, data.as_of, fmt)])
        section(f"（二）以前积压工单明细（{b.total} 件）", OPEN_COLUMNS, open_rows, "（二）以前积压工单明细：无。",
                more=b.total - len(open_rows))


def _page_marks(data: ShiftLogData, font: PdfFont) -> dict[str, str]:
    """What the header and footer of every page say (`pdf_page.numbered_canvas`)."""
    fmt = _Fmt(data)
    return dict(left_head=clean(f"{data.desk_name} 交接班日志", font),
                right_head=f"{data.day:%Y-%m-%d} {data.kind.zh}",
                left_foot=f"打印 {fmt.stamp(data.generated_at)}",
                right_foot="电话号码已打码" if data.masked else "含完整电话号码 注意保密")


def build_shift_log_pdf(data: ShiftLogData, out: BinaryIO | str, *, font: PdfFont | None = None,
                        cancelled: Callable[[], bool] | None = None) -> int:
    """Write the shift log to `out` (a binary file or a path); returns the page count.

    `cancelled()` is asked between pages; when it says yes, ExportCancelled
    is raised (the caller's atomic file then leaves nothing behind).
    """
    font = font or get_font()

    def check():
        if cancelled is not None and cancelled():
            raise ExportCancelled()

    def draw(flow: Flow) -> None:
        for block in _story(data, font, check):
            flow.add(block)

    return draw_a4(out, draw, font, check,
                    title=clean(f"{data.desk_name} 交接班日志 {data.day:%Y-%m-%d} {data.kind.zh}", font),
                    author=clean(data.desk_name, font), subject="交接班日志", **_page_marks(data, font))
