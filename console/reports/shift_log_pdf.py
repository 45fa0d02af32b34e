"""The shift log (交接班日志) as a printable A4 PDF.

What the next shift and the leaders read in the morning: who was on duty,
every call in time order, the missed calls and their call-backs, the
call-backs made on older tickets, what is handed over (the older backlog
as one table by unit × age band — console.domain.backlog — and, when asked
for, its full list; the due follow-ups), the handover note, the counts,
and lines to sign. Printed in black and white: grey header rows, black
rules, no colour carries meaning.

Built from a `ShiftLogData` (plain rows, never a session). Tables are drawn
by `RowsTable`, a flowable that wraps each cell itself (`pdf_text.wrap_lines`)
and draws rows straight onto the canvas: a platypus `Table` of `Paragraph`s
re-wraps every cell several times and cannot carry a row over to the next
page, so a 20,000-character description would be a layout error. Here a
row taller than a page continues on the next page line by line, with the
header row repeated. Residents' text never passes through paragraph
markup in the tables (it is drawn as plain strings); the handover note,
which does, is escaped by `pdf_text.paragraphs`.

Page, header and "第 x 页 共 y 页" footer are the house style of `pdf_page`,
shared with the quarterly analysis.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, BinaryIO

from reportlab.platypus.flowables import Flowable

from ..domain.backlog import AGE_BANDS, NOT_DISPATCHED_ZH
from ..domain.enums import Channel, DeadlineKind, RequestType, Status, Urgency
from ..domain.satisfaction import label as sat_label
from ..domain.undo import step_label
from . import ExportCancelled
from .fonts import PdfFont, get_font
from .pdf_page import BODY_H, BODY_W, MM, build_a4
from .pdf_text import clean, markup, paragraphs, wrap_lines

if TYPE_CHECKING:
    from ..domain.report_rows import ShiftCall, ShiftLogData

SIZE = 7.5  # table text, points
LEADING = 9.4
PAD = 2.0
HEADER_GREY = 0.86
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


# ------------------------------------------------------------------ the table

class RowsTable(Flowable):
    """A table of plain-text cells that splits between rows and, when one row
    is taller than a page, inside it (the header row is repeated on every page)."""

    def __init__(self, columns: Sequence[tuple[str, float]], rows: Sequence[Sequence[str]],
                 font: PdfFont, *, title: str = "", size: float = SIZE, leading: float = LEADING,
                 max_height: float = BODY_H, repeat: int = 1, _prepared=None, _header=None,
                 _continued=False):
        super().__init__()
        self.repeat = repeat  # leading columns shown again when a row continues on the next page
        self.font, self.size, self.leading = font, size, leading
        self.col_widths = [w for _, w in columns]
        self.columns = columns
        self.title = title
        self.title_size = size + 2.5
        self.title_h = (self.title_size * 1.7) if title else 0.0
        self.max_height = max_height
        self.continued = _continued
        inner = [w - 2 * PAD for w in self.col_widths]
        if _header is None:
            _header = self._row([h for h, _ in columns], inner)
        self.header = _header
        if _prepared is None:
            _prepared = [self._row([clean(c, font) for c in r], inner) for r in rows]
        self.rows = _prepared
        self.width = sum(self.col_widths)
        self.height = self.title_h + self.header[0] + sum(h for h, _ in self.rows)

    def _row(self, cells, inner):
        lines = [wrap_lines(c, w, self.size, self.font) if c else [] for c, w in zip(cells, inner, strict=False)]
        n = max((len(x) for x in lines), default=0) or 1
        return n * self.leading + 2 * PAD, lines

    def _lines_height(self, n):
        return n * self.leading + 2 * PAD

    def wrap(self, aW, aH):
        return self.width, self.height

    def _part(self, rows, continued):
        title = self.title
        if continued and title and not title.endswith("（续）"):
            title += "（续）"
        return RowsTable(self.columns, (), self.font, title=title, size=self.size,
                         leading=self.leading, max_height=self.max_height, repeat=self.repeat,
                         _prepared=rows, _header=self.header, _continued=continued)

    def _split_row(self, row, k):
        _, cells = row
        top = [c[:k] for c in cells]
        bottom = [c[k:] for c in cells]
        if not bottom[0]:
            bottom[0] = ["（续）"]
        for i in range(1, min(self.repeat, len(cells))):
            if not bottom[i]:
                bottom[i] = list(top[i])  # e.g. the ticket number, so the reader knows whose text this is
        n = max(len(c) for c in bottom) or 1
        return (self._lines_height(k), top), (self._lines_height(n), bottom)

    def split(self, aW, aH):
        fixed = self.title_h + self.header[0]
        room = aH - fixed - 0.5
        if room < self._lines_height(1):
            return []
        used, fit = 0.0, 0
        for h, _ in self.rows:
            if used + h > room:
                break
            used += h
            fit += 1
        if fit == len(self.rows):
            return [self]
        head, rest = list(self.rows[:fit]), list(self.rows[fit:])
        # A row that would fit on an empty page moves there whole; a taller
        # one is cut here, so it can never stop the layout.
        fresh = self.max_height - fixed - 1.0
        if rest[0][0] > fresh:
            k = int((room - used - 2 * PAD) // self.leading)
            if k >= 2 or (k >= 1 and not head):
                top, bottom = self._split_row(rest[0], k)
                head.append(top)
                rest[0] = bottom
        if not head:
            return []
        return [self._part(head, self.continued), self._part(rest, True)]

    def draw(self):
        c = self.canv
        f, size, lead = self.font, self.size, self.leading
        asc = f.ascent / 1000.0 * size
        xs = [0.0]
        for w in self.col_widths:
            xs.append(xs[-1] + w)
        width = xs[-1]
        y = self.height
        if self.title:
            c.setFont(f.name, self.title_size)
            c.drawString(0, y - self.title_size * 1.15, self.title)
            y -= self.title_h
        table_top = y
        hh, hcells = self.header
        c.setFillGray(HEADER_GREY)
        c.rect(0, y - hh, width, hh, stroke=0, fill=1)
        c.setFillGray(0)
        t = c.beginText()
        t.setFont(f.name, size, lead)
        rules = [(0, y, width, y)]
        for h, cells in [(hh, hcells), *self.rows]:
            base = y - PAD - asc
            for i, lines in enumerate(cells):
                if lines:
                    t.setTextOrigin(xs[i] + PAD, base)
                    for line in lines:
                        t.textLine(line)
            y -= h
            rules.append((0, y, width, y))
        c.drawText(t)
        rules.extend((x, table_top, x, y) for x in xs)
        c.setLineWidth(0.5)
        c.lines(rules)


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
    total = sum(w for _, w in columns)
    return tuple((h, w * width / total) for h, w in columns)


def _due_text(due: datetime | None, as_of: datetime, fmt: _Fmt) -> str:
    if due is None:
        return "未派单"
    return fmt.stamp(due)[5:] + ("（已超时）" if due < as_of else "")


# ------------------------------------------------------------------ the document

def _styles(font: PdfFont):
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("base", fontName=font.name, fontSize=9, leading=13, wordWrap="CJK")
    return {
        "base": base,
        "title": ParagraphStyle("title", parent=base, fontSize=17, leading=24, alignment=TA_CENTER),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=10.5, leading=15,
                                   alignment=TA_CENTER, spaceAfter=6),
        "h": ParagraphStyle("h", parent=base, fontSize=SIZE + 2.5, leading=16, spaceBefore=8,
                            spaceAfter=2),
        "note": ParagraphStyle("note", parent=base, fontSize=9, leading=13.5),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=11),
    }


def _esc(text: str, font: PdfFont) -> str:
    return markup(text, font)


def _window_text(data: ShiftLogData, fmt: _Fmt) -> str:
    s, e = fmt.local(data.start), fmt.local(data.end)
    end = f"{e:%H:%M}" if e.date() == s.date() else f"{e.month}月{e.day}日 {e:%H:%M}"
    return f"{s.year}年{s.month}月{s.day}日 {data.kind.zh}（{s:%H:%M} 至 {end}）"


def _story(data: ShiftLogData, font: PdfFont, check: Callable[[], None]) -> list:
    from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

    st = _styles(font)
    fmt = _Fmt(data)
    P = Paragraph
    story: list = [
        P(_esc(f"{data.desk_name}　交接班日志", font), st["title"]),
        P(_esc(_window_text(data, fmt), font), st["subtitle"]),
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
    story.extend(P(_esc(line, font), st["small"]) for line in info)
    story.append(Spacer(1, 6))

    n = data.counts
    story.append(RowsTable(_stretch(tuple((h, 1.0) for h in COUNT_COLUMNS)), [[str(v) for v in (
        n.received, n.phone, n.answered, n.dispatched, n.resolved, n.still_open, n.void, n.missed,
        n.called_back, n.handed_over, n.follow_ups, n.photos)]], font, title="本班统计"))

    def section(title: str, columns, rows, empty: str, more: int = 0, repeat: int = 1):
        if not rows:
            story.append(KeepTogether([P(_esc(title, font), st["h"]), P(_esc(empty, font), st["small"])]))
            return
        story.append(Spacer(1, 8))
        story.append(RowsTable(_stretch(columns), rows, font, title=title, repeat=repeat))
        if more > 0:
            story.append(P(_esc(f"另有 {more} 条未列出，请在系统中查看。", font), st["small"]))

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

    story.append(P(_esc("四、交接事项", font), st["h"]))
    _backlog(story, data, fmt, font, st, section)
    due_rows = [[_label(DeadlineKind, d.kind), _due_text(d.due_at, data.as_of, fmt),
                 d.ticket_number or "未接来电", d.phone, d.unit or ""] for d in data.due]
    section(f"（{'三' if data.full_backlog else '二'}）待办回访（{data.due_total} 项）", DUE_COLUMNS, due_rows,
            "待办回访：无。", more=data.due_total - len(due_rows))

    story.append(P(_esc("五、交班记录", font), st["h"]))
    note = paragraphs(data.handover_note, st["note"], font)
    story.extend(note or [P(_esc("（未填写）", font), st["small"])])

    sig = Table([
        [f"{SIGNERS[0]}：", "", f"{SIGNERS[1]}：", "", f"{SIGNERS[2]}：", ""],
        ["时间：", "", "时间：", "", "时间：", ""]],
        colWidths=[14 * MM, 40 * MM, 14 * MM, 40 * MM, 16 * MM, 40 * MM], rowHeights=[11 * MM, 9 * MM])
    sig.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), font.name, 10),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("ALIGN", (0, 0), (-1, -1), "RIGHT"),
        *(("LINEBELOW", (i, 0), (i, -1), 0.7, (0, 0, 0)) for i in (1, 3, 5)),
    ]))
    story.append(KeepTogether([Spacer(1, 14), P(_esc("签字", font), st["h"]), sig]))
    return story


def _backlog(story: list, data: ShiftLogData, fmt: _Fmt, font: PdfFont, st, section) -> None:
    """（一）未办结工单: the count, the older backlog as one table by unit × age band, and (when asked) its
    full list as （二）."""
    from reportlab.platypus import Paragraph

    b = data.backlog
    own = data.open_total - (b.total if b else 0)
    head = f"（一）未办结工单（{data.open_total} 件）"
    if b is None or not b.total:
        more = f"其中本班受理 {own} 件，见来电记录；没有以前积压的工单。" if own else "无。"
        story.append(Paragraph(_esc(f"{head}：{more}", font), st["small"]))
        return
    story.append(Paragraph(_esc(
        f"{head}：本班受理 {own} 件，见来电记录；以前积压 {b.total} 件，其中已超时 {b.overdue} 件，"
        f"按承办单位和已受理时长统计如下" + ("，明细见（二）。" if data.full_backlog else "（明细可在导出时选择列出）。"),
        font), st["small"]))
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

    return build_a4(out, lambda: _story(data, font, check), font, check,
                    title=clean(f"{data.desk_name} 交接班日志 {data.day:%Y-%m-%d} {data.kind.zh}", font),
                    author=clean(data.desk_name, font), subject="交接班日志", **_page_marks(data, font))
