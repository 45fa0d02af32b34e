"""The missed calls as a keyset-paged table model: when the call came, the number (masked),
the call-back deadline ("还有 20 分钟" / "已超时 …"), whether and how it was called back,
the ticket it became and the note. Grows a page at a time as the operator scrolls."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    Qt,
)

from ...services.context import Desk
from ...services.missed_calls import MissedCallRow, missed_calls_page
from ..common.keyset_model import KeysetTableModel
from ..common.plain_text import tooltip
from ..shell.theme import brush

PAGE_SIZE = 200
MISSED_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2

HEADERS = (
    QT_TRANSLATE_NOOP("MissedCallTableModel", "来电时间"),
    QT_TRANSLATE_NOOP("MissedCallTableModel", "号码"),
    QT_TRANSLATE_NOOP("MissedCallTableModel", "回拨时限"),
    QT_TRANSLATE_NOOP("MissedCallTableModel", "回拨"),
    QT_TRANSLATE_NOOP("MissedCallTableModel", "工单"),
    QT_TRANSLATE_NOOP("MissedCallTableModel", "备注"),
)
COL_AT, COL_PHONE, COL_DUE, COL_BACK, COL_TICKET, COL_NOTE = range(len(HEADERS))


def _t(text: str) -> str:
    return QCoreApplication.translate("MissedCallTableModel", text)


def minutes_text(minutes: int) -> str:
    """"35 分钟", "2 小时 5 分钟" (or English)."""
    h, m = divmod(abs(minutes), 60)
    if h >= 24:
        return QCoreApplication.translate("MissedCallTableModel", "{d} 天 {h} 小时").format(d=h // 24, h=h % 24)
    if h:
        return QCoreApplication.translate("MissedCallTableModel", "{h} 小时 {m} 分钟").format(h=h, m=m)
    return QCoreApplication.translate("MissedCallTableModel", "{m} 分钟").format(m=m)


class MissedCallTableModel(KeysetTableModel):
    """Missed calls, a keyset page at a time: open ones oldest first, or all newest first."""

    def __init__(self, desk: Desk, parent=None, *, open_only: bool = True, page_size: int = PAGE_SIZE):
        super().__init__(parent)
        self._desk = desk
        self._open_only = open_only
        self._page_size = page_size
        self._rows: list[MissedCallRow] = []
        self._now = desk.now()
        self.fetchMore(QModelIndex())

    @property
    def open_only(self) -> bool:
        return self._open_only

    def set_open_only(self, open_only: bool) -> None:
        self._open_only = open_only
        self.reload()

    # -- Qt's lazy loading (console.ui.common.keyset_model) -----------------------------
    def _forget(self) -> None:
        self._rows, self._now = [], self._desk.now()

    def _append(self, rows: list[MissedCallRow]) -> None:
        self._rows.extend(rows)

    def _next_page(self) -> list[MissedCallRow]:
        after = (self._rows[-1].at, self._rows[-1].id) if self._rows else None
        page = missed_calls_page(self._desk, open_only=self._open_only, after=after, limit=self._page_size)
        if len(page) < self._page_size:
            self._exhausted = True
        return page

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(HEADERS):
            return _t(HEADERS[section])
        return None

    def row(self, i: int) -> MissedCallRow | None:
        return self._rows[i] if 0 <= i < len(self._rows) else None

    def row_of(self, missed_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == missed_id), -1)

    def _local(self, dt: datetime | None) -> str:
        return self._desk.local(dt).strftime("%Y-%m-%d %H:%M") if dt else ""

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == MISSED_ID_ROLE:
            return r.id
        if role == ROW_ROLE:
            return r
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_AT:
                return self._local(r.at)
            if col == COL_PHONE:
                return r.phone
            if col == COL_DUE:
                if r.called_back_at is not None or r.due_at is None:
                    return ""
                mins = int((r.due_at - self._now).total_seconds() // 60)
                if mins < 0:
                    return QCoreApplication.translate("MissedCallTableModel", "已超时 {t}").format(t=minutes_text(-mins))
                return QCoreApplication.translate("MissedCallTableModel", "还有 {t}").format(t=minutes_text(mins))
            if col == COL_BACK:
                if r.called_back_at is None and r.waived:
                    return QCoreApplication.translate("MissedCallTableModel", "无需回拨")
                if r.called_back_at is None:
                    return QCoreApplication.translate("MissedCallTableModel", "未回拨")
                who = f" {r.called_back_by}" if r.called_back_by else ""
                return self._local(r.called_back_at) + who
            if col == COL_TICKET:
                return r.ticket_number or ""
            if col == COL_NOTE:
                return (r.note or "").replace("\n", " ")[:80]
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_DUE and r.called_back_at is None \
                and r.due_at is not None and r.due_at < self._now:
            return brush("overdue")
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_NOTE and r.note:
            return tooltip(r.note[:500])
        return None

    def flags(self, index: QModelIndex):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
