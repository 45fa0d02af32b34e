"""Who is calling: earlier tickets, the repeat-caller badge, special groups.

Shown beside the New Call form as soon as the phone field is left, so the
operator knows before asking "what happened?" that this is the third call
about the same leak, or that the caller is an old man living alone. The
lookups are indexed queries (well under 5 ms at a million tickets), so they
run on the spot; nothing slow is called from here.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import Status
from ...services.caller_lookup import CallerInfo
from ...services.context import Desk
from ..shell.i18n import current_lang


def _plain(text: str, *, style: str = "", wrap: bool = True) -> QLabel:
    lbl = QLabel(text)
    lbl.setTextFormat(Qt.TextFormat.PlainText)
    lbl.setWordWrap(wrap)
    if style:
        lbl.setStyleSheet(style)
    return lbl


class CallerPanel(QWidget):
    """The right-hand panel: special-group box, repeat badge, history table."""

    def __init__(self, desk: Desk, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.info: CallerInfo | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)

        self.special_box = QFrame()
        self.special_box.setObjectName("specialBox")
        self.special_box.setStyleSheet(
            "#specialBox { background: #fff3cd; border: 2px solid #d9822b; border-radius: 4px; }")
        self.special_layout = QVBoxLayout(self.special_box)
        self.special_layout.setContentsMargins(8, 6, 8, 6)
        self.special_box.hide()
        lay.addWidget(self.special_box)

        self.badge = _plain("", style="background: #c62828; color: white; font-weight: bold;"
                                      " padding: 3px 8px; border-radius: 3px;")
        self.badge.setObjectName("repeatBadge")
        self.badge.hide()
        lay.addWidget(self.badge)
        self.same_address = _plain("", style="background: #d9822b; color: white; font-weight: bold;"
                                             " padding: 3px 8px; border-radius: 3px;")
        self.same_address.setObjectName("sameAddressBadge")
        self.same_address.hide()
        lay.addWidget(self.same_address)

        self.title = _plain(self.tr("来电历史"), style="font-weight: bold;")
        lay.addWidget(self.title)
        headers = [self.tr("日期"), self.tr("单号"), self.tr("状态"), self.tr("分类"), self.tr("承办单位")]
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from field to field, not here
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        hh.setStretchLastSection(True)
        lay.addWidget(self.table, 1)
        self.empty = _plain(self.tr("输入电话后按 Tab 查看来电历史。"), style="color: #666;")
        lay.addWidget(self.empty)

    def clear(self) -> None:
        self.show_info(CallerInfo(""))

    def show_info(self, info: CallerInfo) -> None:
        self.info = info
        # special groups
        while self.special_layout.count():
            w = self.special_layout.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        if info.special:
            self.special_layout.addWidget(_plain(self.tr("⚠ 重点人群"), style="font-weight: bold; color: #8a4b00;"))
            for p in info.special:
                self.special_layout.addWidget(_plain(f"{p.name}　{p.group}", style="font-weight: bold; font-size: 11pt;"))
                if p.needs:
                    self.special_layout.addWidget(_plain(self.tr("需求：") + p.needs))
                if p.grid_worker:
                    self.special_layout.addWidget(_plain(self.tr("网格员：") + p.grid_worker))
            self.special_box.show()
        else:
            self.special_box.hide()
        # repeat caller
        if info.repeat:
            self.badge.setText(self.tr("重复来电：{days} 天内第 {n} 次").format(days=info.days, n=info.recent_count + 1))
            self.badge.show()
        else:
            self.badge.hide()
        # same address, whoever called from there
        text = self.tr("同一地址 {days} 天内已有 {n} 张工单").format(days=info.days, n=info.same_address)
        if info.nearby_open:
            text += self.tr("，{n} 张未办结，可追加 (Alt+Z)").format(n=len(info.nearby_open))
        self.same_address.setText(text)
        self.same_address.setVisible(info.same_address > 0)
        # history
        self.table.setRowCount(len(info.history))
        for r, t in enumerate(info.history):
            try:
                status = Status(t.status).label(current_lang())
            except ValueError:
                status = t.status
            cells = (self.desk.local(t.received_at).strftime("%Y-%m-%d %H:%M"), t.number, status,
                     t.category or "", t.unit or "")
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))  # items show plain text
        if info.phone:
            self.empty.setText(self.tr("此号码没有来电记录。") if not info.history else "")
        else:
            self.empty.setText(self.tr("输入电话后按 Tab 查看来电历史。"))
        self.empty.setVisible(bool(self.empty.text()))

    def history_numbers(self) -> list[str]:
        return [self.table.item(r, 1).text() for r in range(self.table.rowCount())]
