"""The due queue as a table: what is overdue or due within the hour, soonest first.

The rows come from the AlertController's snapshot (a query, never a list
kept here); this model only shows them. The countdown column is the one
thing that changes by itself, so `tick()` announces `dataChanged` for that
column of the rows the panel shows, and the whole row only when an item
has just turned overdue (it turns red). Everything else changes only when
a new snapshot arrives (`set_items`), applied as row removals, insertions
and narrow `dataChanged`s so the selection stays on the same item.
"""
from __future__ import annotations

from datetime import datetime
from difflib import SequenceMatcher

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ...domain.enums import DeadlineKind
from ...domain.masking import private
from ...domain.phone import mask_phone
from ...services.context import Desk
from ...services.deadlines import DueItem
from ..common.plain_text import tooltip
from ..shell.i18n import current_lang

COL_DUE, COL_KIND, COL_TICKET, COL_CALLER, COL_UNIT = range(5)
HEADERS = (
    QT_TRANSLATE_NOOP("DueQueueModel", "到期"),
    QT_TRANSLATE_NOOP("DueQueueModel", "类型"),
    QT_TRANSLATE_NOOP("DueQueueModel", "工单"),
    QT_TRANSLATE_NOOP("DueQueueModel", "来电"),
    QT_TRANSLATE_NOOP("DueQueueModel", "承办单位"),
)

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1  # DueItem
DEADLINE_ID_ROLE = Qt.ItemDataRole.UserRole + 2  # int
OVERDUE_ROLE = Qt.ItemDataRole.UserRole + 3  # bool: due time reached (whether snoozed or not)

RED = QColor(176, 0, 0)
RED_BACKGROUND = QColor(253, 226, 226)
SNOOZED = QColor(110, 110, 110)


def _tr(text: str) -> str:
    return QCoreApplication.translate("DueQueueModel", text)


# Short names for a narrow column (the domain's English labels are long: "Missed-call call-back").
KIND_LABELS = {
    DeadlineKind.CHECK_BACK.value: QT_TRANSLATE_NOOP("DueQueueModel", "派单回访"),
    DeadlineKind.RESOLUTION.value: QT_TRANSLATE_NOOP("DueQueueModel", "办结时限"),
    DeadlineKind.SATISFACTION.value: QT_TRANSLATE_NOOP("DueQueueModel", "满意度回访"),
    DeadlineKind.MISSED_CALLBACK.value: QT_TRANSLATE_NOOP("DueQueueModel", "未接回拨"),
}


def kind_label(kind: str) -> str:
    if kind in KIND_LABELS:
        return QCoreApplication.translate("DueQueueModel", KIND_LABELS[kind])
    try:
        return DeadlineKind(kind).label(current_lang())
    except ValueError:
        return kind


def overdue_text(minutes: int) -> str:
    """"逾期 12 分" / "12 min overdue"; hours once it gets long, whole days past a day (the column is narrow)."""
    if minutes < 1:
        return QCoreApplication.translate("DueQueueModel", "刚到期")
    if minutes < 60:
        return QCoreApplication.translate("DueQueueModel", "逾期 {m} 分").format(m=minutes)
    hours, m = divmod(minutes, 60)
    if hours < 24:
        return QCoreApplication.translate("DueQueueModel", "逾期 {h} 时 {m:02d} 分").format(h=hours, m=m)
    return QCoreApplication.translate("DueQueueModel", "逾期 {d} 天").format(d=hours // 24)


def countdown_text(due_at: datetime, now: datetime) -> str:
    """"还有 17:42" within the hour (minutes:seconds), the overdue text once due."""
    seconds = int((due_at - now).total_seconds())
    if due_at <= now:
        return overdue_text(int((now - due_at).total_seconds() // 60))
    if seconds < 3600:
        return QCoreApplication.translate("DueQueueModel", "还有 {m}:{s:02d}").format(m=seconds // 60, s=seconds % 60)
    return QCoreApplication.translate("DueQueueModel", "还有 {h} 时 {m:02d} 分").format(h=seconds // 3600, m=seconds // 60 % 60)


def is_snoozed(item: DueItem, now: datetime) -> bool:
    return item.snoozed_until is not None and item.snoozed_until > now


class DueQueueModel(QAbstractTableModel):
    """Rows of DueItem, in the order the query gave (due time, then id)."""

    def __init__(self, desk: Desk, parent=None):
        super().__init__(parent)
        self._desk = desk
        self._items: list[DueItem] = []
        self._display: dict[int, tuple[str, str, str, str]] = {}  # kind, ticket, caller, unit
        self._now: datetime = desk.now()
        self._overdue: set[int] = set()

    # -- feeding ---------------------------------------------------------------
    def set_items(self, items, now: datetime) -> None:
        """Show a new snapshot; rows that stay keep their place (and the view's selection)."""
        items = list(items)
        old_by_id = {i.deadline_id: i for i in self._items}
        new_ids = [i.deadline_id for i in items]
        for it in items:  # texts only for new or changed items: a re-read of a long queue stays cheap
            if old_by_id.get(it.deadline_id) != it or it.deadline_id not in self._display:
                self._display[it.deadline_id] = self._texts(it)
        self._apply_ids(new_ids, {i.deadline_id: i for i in items})
        self._items = items
        if len(self._display) > len(new_ids):
            for gone in set(self._display) - set(new_ids):
                self._display.pop(gone, None)
        changed = [r for r, it in enumerate(items)
                   if it.deadline_id in old_by_id and old_by_id[it.deadline_id] != it]
        self._emit_rows(changed)
        self.tick(now)

    def _apply_ids(self, new_ids: list[int], by_id: dict[int, DueItem]) -> None:
        old = [i.deadline_id for i in self._items]
        if old == new_ids:
            return
        self._items = list(self._items)
        ops = SequenceMatcher(a=old, b=new_ids, autojunk=False).get_opcodes()
        for tag, i1, i2, j1, j2 in reversed(ops):  # bottom up: earlier rows keep their index
            if tag in ("delete", "replace"):
                self.beginRemoveRows(QModelIndex(), i1, i2 - 1)
                del self._items[i1:i2]
                self.endRemoveRows()
            if tag in ("insert", "replace"):
                self.beginInsertRows(QModelIndex(), i1, i1 + (j2 - j1) - 1)
                self._items[i1:i1] = [by_id[i] for i in new_ids[j1:j2]]
                self.endInsertRows()

    def _texts(self, it: DueItem) -> tuple[str, str, str, str]:
        ticket = it.ticket_number or (QCoreApplication.translate("DueQueueModel", "未接来电") if it.missed_call_id is not None else "")
        return (kind_label(it.kind), ticket, private(mask_phone(it.phone) if it.phone else "", it.confidential),
                it.unit or "")

    def _emit_rows(self, rows: list[int], first_col: int = 0, last_col: int | None = None) -> None:
        """dataChanged in runs of consecutive rows (one signal per run, not per row)."""
        if not rows:
            return
        last_col = len(HEADERS) - 1 if last_col is None else last_col
        rows = sorted(rows)
        start = prev = rows[0]
        for r in rows[1:] + [None]:
            if r is not None and r == prev + 1:
                prev = r
                continue
            self.dataChanged.emit(self.index(start, first_col), self.index(prev, last_col))
            if r is not None:
                start = prev = r

    def tick(self, now: datetime, first_row: int = 0, last_row: int | None = None) -> None:
        """The clock moved: repaint the countdown of rows first_row..last_row (the visible ones).

        Rows that have just turned overdue repaint whole (they turn red),
        wherever they are, so a scrolled-away row is right when it comes back.
        """
        self._now = now
        overdue = {i.deadline_id for i in self._items if i.due_at <= now}
        flipped = [r for r, i in enumerate(self._items) if (i.deadline_id in overdue) != (i.deadline_id in self._overdue)]
        self._overdue = overdue
        self._emit_rows(flipped)
        if not self._items:
            return
        last = len(self._items) - 1 if last_row is None else min(last_row, len(self._items) - 1)
        first = max(first_row, 0)
        if first <= last:
            self.dataChanged.emit(self.index(first, COL_DUE), self.index(last, COL_DUE),
                                  [Qt.ItemDataRole.DisplayRole])

    # -- reading ------------------------------------------------------------------
    @property
    def now(self) -> datetime:
        return self._now

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return _tr(HEADERS[section])
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        it = self._items[index.row()]
        col = index.column()
        overdue = it.due_at <= self._now
        snoozed = is_snoozed(it, self._now)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_DUE:
                if snoozed:
                    return QCoreApplication.translate("DueQueueModel", "推迟至 {t}").format(t=self._desk.local(it.snoozed_until).strftime("%H:%M"))
                return countdown_text(it.due_at, self._now)
            return self._display[it.deadline_id][col - 1]
        if role == ITEM_ROLE:
            return it
        if role == DEADLINE_ID_ROLE:
            return it.deadline_id
        if role == OVERDUE_ROLE:
            return overdue
        if role == Qt.ItemDataRole.ForegroundRole:
            if overdue:
                return QBrush(RED)
            if snoozed:
                return QBrush(SNOOZED)
            return None
        if role == Qt.ItemDataRole.BackgroundRole and overdue and not snoozed:
            return QBrush(RED_BACKGROUND)
        if role == Qt.ItemDataRole.FontRole and col == COL_DUE and overdue and not snoozed:
            f = QFont()
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(self._tooltip(it, overdue, snoozed))  # unit and category names as typed
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return " ".join(self.data(self.index(index.row(), c)) or "" for c in range(len(HEADERS)))
        return None

    def _tooltip(self, it: DueItem, overdue: bool, snoozed: bool) -> str:
        due = self._desk.local(it.due_at).strftime("%m-%d %H:%M")
        lines = [QCoreApplication.translate("DueQueueModel", "{kind}，{due} 到期（{state}）").format(
            kind=kind_label(it.kind), due=due, state=countdown_text(it.due_at, self._now))]
        if snoozed:
            lines.append(QCoreApplication.translate("DueQueueModel", "提醒已推迟至 {t}").format(t=self._desk.local(it.snoozed_until).strftime("%m-%d %H:%M")))
        if it.unit:
            lines.append(QCoreApplication.translate("DueQueueModel", "承办单位：{u}").format(u=it.unit))
        if it.category:
            lines.append(QCoreApplication.translate("DueQueueModel", "分类：{c}").format(c=it.category))
        return "\n".join(lines)

    def flags(self, index: QModelIndex):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # -- helpers for the panel ------------------------------------------------------
    def item(self, row: int) -> DueItem | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def items(self) -> list[DueItem]:
        return list(self._items)

    def row_of(self, deadline_id: int) -> int:
        for r, it in enumerate(self._items):
            if it.deadline_id == deadline_id:
                return r
        return -1

    def has_countdown(self, now: datetime) -> bool:
        """Is any shown item still counting down (so the panel repaints every second)?"""
        return any(i.due_at > now and not is_snoozed(i, now) for i in self._items)

    def counts(self, now: datetime) -> tuple[int, int]:
        """(due within the horizon, overdue) as shown."""
        overdue = sum(1 for i in self._items if i.due_at <= now)
        return len(self._items) - overdue, overdue
