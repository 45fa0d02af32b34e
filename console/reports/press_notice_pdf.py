"""督办通知单: the notice a supervisor sends a unit that let a ticket run past its limit.

One A4 page as a rule (a long description or many presses flow onto a
second): the ticket's facts, its deadlines and how late it is, every press
so far, and lines for the unit to sign and state when it will be done.
Built from a `PressNotice` (plain rows, console.domain.report_rows), in
the desk's house style (pdf_page); black and white.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, BinaryIO

from ..domain.enums import DeadlineKind, DeadlineOutcome, Status, Urgency
from .fonts import PdfFont, get_font
from .pdf_page import MM
from .pdf_text import clean, paragraphs
from .rows_flowable import RowsFlowable
from .rows_table import RowsTable
from .shift_log_pdf import _label, _stretch
from .ticket_sheet import build_ticket_sheet, local_time, reply_to, sheet_styles, sign_table

if TYPE_CHECKING:
    from datetime import datetime

    from ..domain.report_rows import PressNotice

DEADLINE_COLUMNS = (("时限", 22.0), ("起算", 26.0), ("应于", 26.0), ("完成", 26.0), ("情况", 20.0))
PRESS_COLUMNS = (("次序", 8.0), ("督办时间", 26.0), ("督办人", 18.0), ("督办意见", 68.0))


def _lateness(minutes: int) -> str:
    days, rest = divmod(max(minutes, 0), 1440)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} 天 {hours} 小时"
    if hours:
        return f"{hours} 小时 {mins} 分"
    return f"{mins} 分钟"


def _story(n: PressNotice, font: PdfFont) -> list:
    from reportlab.platypus import Spacer, Table, TableStyle

    st = sheet_styles(font)
    base, title, sub, head, small, p = st.base, st.title, st.sub, st.head, st.small, st.p

    def local(dt: datetime | None) -> str:
        return local_time(dt, n.tz)

    story: list = [
        p(f"{n.desk_name}　督办通知单", title),
        p(f"工单 {n.number}　第 {len(n.presses)} 次督办", sub),
        p(f"致：{n.unit or '（未派单）'}" + (f"（{n.contact}）" if n.contact else "")),
        p(f"该工单办结时限已于 {local(n.resolution_due_at)} 到期，至今已超时 {_lateness(n.overdue_minutes)}，"
          f"请接此通知后立即处理，并将办理结果和预计办结时间回复{reply_to(n.duty_phone)}。"),
        Spacer(1, 6),
    ]
    facts = [("受理时间", local(n.received_at)), ("来电人", f"{n.caller_name}　{n.phone}".strip()),
             ("地址", n.address), ("问题分类", n.category or ""), ("紧急程度", _label(Urgency, n.urgency)),
             ("当前状态", _label(Status, n.status)), ("派单时间", local(n.dispatched_at))]
    rows = [[k, clean(v, font)] for k, v in facts]
    t = Table(rows, colWidths=[24 * MM, 158 * MM])
    t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), font.name, 9.5), ("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0)),
                           ("BACKGROUND", (0, 0), (0, -1), (0.9, 0.9, 0.9)), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(t)
    story.append(p("来电内容", head))
    story.extend(paragraphs(n.description, base, font) or [p("（无）", small)])
    deadline_rows = [[_label(DeadlineKind, d.kind), local(d.start_at)[5:], local(d.due_at)[5:],
                      local(d.done_at)[5:] if d.done_at else "未完成",
                      _label(DeadlineOutcome, d.outcome) if d.done_at else
                      ("已超时" if d.due_at < n.generated_at else "进行中")] for d in n.deadlines]
    story.append(Spacer(1, 6))
    story.append(RowsFlowable(RowsTable(_stretch(DEADLINE_COLUMNS), deadline_rows, font, title="时限", size=8.5,
                                       leading=11)))
    press_rows = [[str(i), local(x.at), x.by or "", x.note] for i, x in enumerate(n.presses, 1)]
    story.append(Spacer(1, 6))
    story.append(RowsFlowable(RowsTable(_stretch(PRESS_COLUMNS), press_rows, font, title="督办记录", size=8.5,
                                       leading=11)))
    story.append(sign_table([["承办单位签收：", "", "签收时间：", ""], ["预计办结时间：", "", "值班领导：", n.supervisor]],
                            font))
    return story


def build_press_notice_pdf(notice: PressNotice, out: BinaryIO | str, *, font: PdfFont | None = None) -> int:
    """Write the notice to `out` (a binary file or a path); returns the page count."""
    font = font or get_font()
    return build_ticket_sheet(out, lambda: _story(notice, font), font, kind="督办通知单", desk_name=notice.desk_name,
                              number=notice.number, generated_at=notice.generated_at, tz=notice.tz,
                              masked=notice.masked)
