"""The selected ticket: its fields, its timeline (who, when) and its deadlines.

Residents' words are inserted as plain text through QTextCursor.insertText,
which never interprets markup: a caller who says "<b>" sees "<b>".
"""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextImageFormat,
    QTextTableFormat,
)
from PySide6.QtWidgets import QTextBrowser

from ...domain.address import display as display_address
from ...domain.enums import Channel, DeadlineKind, DeadlineOutcome, RequestType, ReviewStage, Solved, Status, Urgency
from ...domain.satisfaction import label as sat_label
from ...domain.undo import step_label
from ...services.context import Desk
from ...services.ticket_list import TicketDetail
from ..shell.i18n import current_lang, is_english

THUMB = 120  # thumbnail side, pixels


def label(enum_cls, code: str | None) -> str:
    if code is None or code == "":
        return ""
    try:
        return enum_cls(code).label(current_lang())
    except ValueError:
        return code


def action_label(code: str) -> str:
    """The step's name in the timeline (console.domain.undo.step_label), capitalised in English."""
    text = step_label(code, current_lang())
    return text[:1].upper() + text[1:] if is_english() else text


class TicketDetailView(QTextBrowser):
    """Read-only view of one ticket, rebuilt on every selection or change."""

    def __init__(self, desk: Desk, parent=None):
        super().__init__(parent)
        self._desk = desk
        self.setObjectName("ticketDetail")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)
        self.anchorClicked.connect(self.open_photo)
        self.detail: TicketDetail | None = None
        self._thumbs: dict[int, QImage] = {}  # photo id → its thumbnail (a few KB each)
        self._shown_at: datetime | None = None
        self.show_placeholder()

    def _t(self, dt: datetime | None) -> str:
        return self._desk.local(dt).strftime("%Y-%m-%d %H:%M") if dt else ""

    def show_placeholder(self) -> None:
        self.detail = None
        self.clear()
        c = QTextCursor(self.document())
        fmt = QTextCharFormat()
        fmt.setForeground(QColor(120, 120, 120))
        c.insertText(self.tr("在列表中选择一张工单，这里显示它的内容、处理经过和时限。"), fmt)

    def show_detail(self, d: TicketDetail | None, now: datetime | None = None) -> None:
        if d is None:
            self.show_placeholder()
            return
        self.detail = d
        now = now or self._desk.now()
        self._shown_at = now
        self.clear()
        doc = self.document()
        c = QTextCursor(doc)
        bold = QTextCharFormat()
        bold.setFontWeight(QFont.Weight.Bold)
        head = QTextCharFormat(bold)
        head.setFontPointSize(max(self.font().pointSizeF() * 1.25, 11))
        plain = QTextCharFormat()
        dim = QTextCharFormat()
        dim.setForeground(QColor(110, 110, 110))
        red = QTextCharFormat(bold)
        red.setForeground(QColor(190, 30, 30))

        c.insertText(f"{d.number}  ", head)
        c.insertText(label(Status, d.status), red if d.status in (Status.VOID.value, Status.MERGED.value) else head)
        c.insertBlock()

        # once, even where an older ticket repeats building and room in its free text
        address = display_address(d.community, d.building, d.room, d.address)
        fields = [
            (self.tr("受理时间"), self._t(d.received_at)),
            (self.tr("来电渠道"), label(Channel, d.channel)),
            (self.tr("来电人"), d.caller_name),
            (self.tr("电话"), d.caller_phone),
            (self.tr("地址"), address),
            (self.tr("网格"), d.grid or ""),
            (self.tr("诉求类型"), self._request_type_label(d.request_type)),
            (self.tr("问题分类"), d.category or ""),
            (self.tr("紧急程度"), label(Urgency, d.urgency)),
            (self.tr("首问受理人"), d.operator or ""),
        ]
        if d.unit:
            contact = " ".join(x for x in (d.contact_person or "", d.contact_phones or "") if x)
            fields.append((self.tr("主办单位") if d.co_units else self.tr("承办单位"),
                           self.tr("{unit}（{contact}）").format(unit=d.unit, contact=contact) if contact else d.unit))
        if d.co_units:
            fields.append((self.tr("协办单位"), "、".join(
                self.tr("{unit}（{t} 到场）").format(unit=u.unit, t=self._t(u.came_at)) if u.came_at
                else self.tr("{unit}（待回访）").format(unit=u.unit) for u in d.co_units)))
        if d.dispatched_at:
            fields.append((self.tr("派单时间"), self._t(d.dispatched_at)))
        if d.arrived_at:
            fields.append((self.tr("到场时间"), self._t(d.arrived_at)))
        if d.escalated_at:
            fields.append((self.tr("上报时间"), self._t(d.escalated_at)))
        if d.resolved_at:
            fields.append((self.tr("办结时间"), self._t(d.resolved_at)))
        if d.satisfaction:
            scores = []
            if d.attitude:
                scores.append(self.tr("态度 {n}").format(n=d.attitude))
            if d.ability:
                scores.append(self.tr("能力 {n}").format(n=d.ability))
            fields.append((self.tr("满意度"), " · ".join([sat_label(d.satisfaction, d.satisfaction_scale, current_lang()),
                                                       *scores])))
            if d.solved:
                fields.append((self.tr("解决情况"), label(Solved, d.solved)))
        elif d.callback_outcome:  # 拒评 / 回访不成功: the call ended without a rating
            fields.append((self.tr("满意度"), sat_label(d.callback_outcome, None, current_lang())))
        if d.review_stage:
            fields.append((self.tr("回访复核"), label(ReviewStage, d.review_stage)))
        if d.reopen_count:
            fields.append((self.tr("重新办理次数"), str(d.reopen_count)))
        if d.paused_at:
            fields.append((self.tr("挂起"), self.tr("自 {t} 起等待居民，时限暂停（工单 → 恢复办理）").format(
                t=self._t(d.paused_at))))
        if d.confidential:
            fields.append((self.tr("保密"), self.tr("来电人姓名、电话、地址不出现在任何列表和导出中")))
        if d.merged_into:
            fields.append((self.tr("并单"), self.tr("已并入工单 {n}，在该工单继续办理和回访").format(n=d.merged_into)))
        self._table(c, fields, bold, plain)

        self._section(c, self.tr("来电内容"), bold)
        c.insertText(d.description, plain)
        if d.calls:
            self._section(c, self.tr("其他来电人（{n} 次，回访时逐一答复）").format(n=len(d.calls)), bold)
            for i, call in enumerate(d.calls):
                if i:
                    c.insertBlock()
                who = " ".join(x for x in (call.caller_name, call.caller_phone) if x) or self.tr("来电人")
                c.insertText(f"{self._t(call.at)}  ", dim)
                c.insertText(who, bold)
                if call.merged_from:
                    c.insertText("  " + self.tr("（并单自 {n}）").format(n=call.merged_from), dim)
                c.insertBlock()
                c.insertText("    " + call.description, plain)
        if d.result:
            self._section(c, self.tr("办理结果"), bold)
            c.insertText(d.result, plain)
        if d.void_reason:
            self._section(c, self.tr("作废原因"), bold)
            c.insertText(d.void_reason, plain)

        if d.photos:
            self._photos(c, d, bold, dim)

        if d.deadlines:
            self._section(c, self.tr("时限"), bold)
            first = True
            for dl in d.deadlines:
                if not first:
                    c.insertBlock()
                first = False
                kind = label(DeadlineKind, dl.kind)
                if dl.done_at:
                    c.insertText(self.tr("{kind}：应于 {due} 前，{outcome}于 {done}").format(
                        kind=kind, due=self._t(dl.due_at), outcome=label(DeadlineOutcome, dl.outcome),
                        done=self._t(dl.done_at)), dim)
                elif dl.due_at < now:
                    c.insertText(self.tr("{kind}：已超时（应于 {due} 前）").format(
                        kind=kind, due=self._t(dl.due_at)), red)
                else:
                    c.insertText(self.tr("{kind}：{due} 前").format(kind=kind, due=self._t(dl.due_at)), plain)
                if not dl.done_at and dl.snoozed_until and dl.snoozed_until > now:
                    c.insertText(self.tr("（提醒推迟到 {t}）").format(t=self._t(dl.snoozed_until)), dim)

        self._section(c, self.tr("处理经过"), bold)
        first = True
        for e in d.events:
            if not first:
                c.insertBlock()
            first = False
            c.insertText(f"{self._t(e.at)}  ", dim)
            c.insertText(e.actor or self.tr("系统"), bold)
            c.insertText("  " + action_label(e.action), plain)
            if e.from_status and e.to_status and e.from_status != e.to_status:
                c.insertText(self.tr("（{old} → {new}）").format(
                    old=label(Status, e.from_status), new=label(Status, e.to_status)), dim)
            if e.unit:
                c.insertText("  " + e.unit, plain)
            if e.undone:
                c.insertText("  " + self.tr("（已撤销）"), dim)
            if e.detail:
                c.insertBlock()
                c.insertText("    " + e.detail, plain)
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def _photos(self, c: QTextCursor, d: TicketDetail, bold: QTextCharFormat, dim: QTextCharFormat) -> None:
        """现场照片 as thumbnails (click one to see it whole), each with who added it and when."""
        from .photo_viewer import photo_image

        self._section(c, self.tr("现场照片（{n} 张，点击查看）").format(n=len(d.photos)), bold)
        for i, p in enumerate(d.photos):
            if i:
                c.insertText("  ")
            url = QUrl(f"photo:{p.id}")
            thumb = self._thumbs.get(p.id)
            if thumb is None:  # read and scaled once per photo: the pane is rebuilt on every change
                try:
                    image = photo_image(self._desk, p.id)
                except Exception:  # noqa: BLE001 - a photo that cannot be read must not stop the pane
                    image = QImage()
                thumb = image if image.isNull() else image.scaled(
                    THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
                self._thumbs[p.id] = thumb  # a kept photo never changes (it can only be added)
            if thumb.isNull():
                c.insertText(self.tr("（照片无法显示）"), dim)
                continue
            self.document().addResource(QTextDocument.ResourceType.ImageResource, url, thumb)
            link = QTextCharFormat()
            link.setAnchor(True)
            link.setAnchorHref(url.toString())
            link.setToolTip(self.tr("{who} {t} 添加，{w}×{h}").format(
                who=p.added_by or "", t=self._t(p.added_at), w=p.width, h=p.height))
            image_format = QTextImageFormat()
            image_format.setName(url.toString())
            image_format.merge(link)
            c.insertImage(image_format)

    def open_photo(self, url: QUrl) -> None:
        """A thumbnail clicked: the photo at its size, with 另存为."""
        from .photo_viewer import PhotoViewer

        d = self.detail
        if d is None or url.scheme() != "photo":
            return
        photo = next((p for p in d.photos if str(p.id) == url.path()), None)
        if photo is not None:
            PhotoViewer(self._desk, d.number, photo, self).exec()

    def is_current(self, d: TicketDetail | None, now: datetime) -> bool:
        """Whether the pane already shows `d` as it should look at `now` (no deadline fell due since)."""
        if d is None or d != self.detail or self._shown_at is None:
            return False
        return not any(dl.done_at is None and self._shown_at < dl.due_at <= now for dl in d.deadlines)

    def _section(self, c: QTextCursor, title: str, fmt: QTextCharFormat) -> None:
        c.insertBlock()
        c.insertBlock()
        c.insertText(title, fmt)
        c.insertBlock()

    def _table(self, c: QTextCursor, fields, bold, plain) -> None:
        fields = [(k, v) for k, v in fields if v]
        if not fields:
            return
        tf = QTextTableFormat()
        tf.setBorder(0)
        tf.setCellPadding(1)
        tf.setCellSpacing(0)
        table = c.insertTable(len(fields), 2, tf)
        for row, (k, v) in enumerate(fields):
            table.cellAt(row, 0).firstCursorPosition().insertText(k + "  ", bold)
            table.cellAt(row, 1).firstCursorPosition().insertText(v, plain)
        c.movePosition(QTextCursor.MoveOperation.End)

    def _request_type_label(self, code: str | None) -> str:
        """The desk's name for the type (a desk-added one has no built-in label); read each time,
        so a rename in 管理 → 诉求类型 shows at once (six rows)."""
        from ...services.request_types import label_for, request_type_names

        try:
            names = request_type_names(self._desk)
        except Exception:  # noqa: BLE001 - a label must never stop the pane
            return label(RequestType, code)
        return label_for(code or "", names, current_lang())

