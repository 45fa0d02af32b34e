"""派单单: the sheet that goes with a ticket to the unit it is dispatched to.

One A4 page as a rule (a very long call text flows onto a second): the
ticket's facts, the lead unit (主办) and co-units (协办), the deadlines the
dispatch opened (办结时限; 到场时限 for 特急), who dispatched it and when,
what the resident said, and lines for the unit to sign for it. Built from
a `DispatchSheet` (plain rows, console.domain.report_rows), in the desk's
house style (pdf_page); black and white.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, BinaryIO

from ..domain.enums import Channel, RequestType, Urgency
from .fonts import PdfFont, get_font
from .pdf_page import MM
from .pdf_text import paragraphs
from .shift_log_pdf import _label
from .ticket_sheet import build_ticket_sheet, local_time, reply_to, sheet_styles, sign_table

if TYPE_CHECKING:
    from datetime import datetime

    from ..domain.report_rows import DispatchSheet


def _facts(n: DispatchSheet, local) -> list[tuple[str, str]]:
    due = [("办结时限", f"{local(n.resolution_due_at)} 前" if n.resolution_due_at else "（无）")]
    if n.arrival_due_at is not None:
        due.append(("到场时限", f"{local(n.arrival_due_at)} 前（特急）"))
    return [
        ("工单编号", n.number), ("受理时间", local(n.received_at)), ("受理渠道", _label(Channel, n.channel)),
        ("诉求类型", _label(RequestType, n.request_type)), ("问题分类", n.category or "（未分类）"),
        ("紧急程度", _label(Urgency, n.urgency)), ("所在社区", n.community or ""), ("地址", n.address),
        ("来电人", n.caller_name), ("联系电话", n.phone),
        ("主办单位", n.unit + (f"（{n.contact}）" if n.contact else "")),
        ("协办单位", "、".join(n.co_units) or "（无）"), *due,
        ("派单", f"{local(n.dispatched_at)}　{n.dispatched_by or '（导入的工单，派单人不详）'}"),
        ("派单说明", n.note or "（无）"),
    ]


def _story(n: DispatchSheet, font: PdfFont) -> list:
    from reportlab.platypus import Spacer, Table, TableStyle

    st = sheet_styles(font)
    base, title, sub, head, small, p = st.base, st.title, st.sub, st.head, st.small, st.p
    cell = st.cell

    def local(dt: datetime | None) -> str:
        return local_time(dt, n.tz)

    ask = "现将以下工单派你单位办理，请及时联系来电人、核实处理"
    if n.arrival_due_at is not None:
        ask += f"，于 {local(n.arrival_due_at)} 前派人到达现场"
    if n.resolution_due_at is not None:
        ask += f"，于 {local(n.resolution_due_at)} 前办结"
    story: list = [
        p(f"{n.desk_name}　派单单", title),
        p(f"工单 {n.number}　{_label(Urgency, n.urgency)}", sub),
        p(f"致：{n.unit}" + (f"（{n.contact}）" if n.contact else "")),
        p(ask + f"，并将办理结果回复{reply_to(n.duty_phone)}。"),
        Spacer(1, 6),
    ]
    rows = [[p(k, cell), p(v, cell)] for k, v in _facts(n, local)]
    t = Table(rows, colWidths=[24 * MM, 158 * MM])
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0)),
                           ("BACKGROUND", (0, 0), (0, -1), (0.9, 0.9, 0.9)), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(t)
    story.append(p("来电内容", head))
    story.extend(paragraphs(n.description, base, font) or [p("（无）", small)])
    story.append(sign_table([["承办单位签收：", "", "签收时间：", ""],
                             ["派单人：", n.dispatched_by or "", "打印：", n.printed_by]], font, lines=1))
    return story


def build_dispatch_sheet_pdf(sheet: DispatchSheet, out: BinaryIO | str, *, font: PdfFont | None = None) -> int:
    """Write the sheet to `out` (a binary file or a path); returns the page count."""
    font = font or get_font()
    return build_ticket_sheet(out, lambda: _story(sheet, font), font, kind="派单单", desk_name=sheet.desk_name,
                              number=sheet.number, generated_at=sheet.generated_at, tz=sheet.tz, masked=sheet.masked)
