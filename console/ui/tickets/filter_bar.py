"""Above the ticket list: free-text search (debounced), status, and on a second row the
received days, category, community/grid and unit filters, with 清除筛选 to reset them all.

The bar only turns choices into ids and UTC bounds (a parent category into itself and its
children, a grid into its communities, local days into the desk's UTC interval); the
WHERE clauses are built by console.store.queries.ticket_filter.
"""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import Status
from ...domain.errors import ValidationError
from ...domain.lifecycle import DONE_STATUSES, OPEN_STATUSES
from ...domain.timeutil import local_day_bounds
from ...services.ticket_list import IMPORTED_OPEN
from ..shell.i18n import current_lang

# Said in the info label when 至 is before the first day (the filter is left as it was).
REVERSED_DATES = ValidationError("结束日期早于开始日期：请改正日期（列表未改变）。",
                                 "The end date is before the start date; correct the dates (the list is unchanged).")
NO_DATE = QDate(2000, 1, 1)  # a date edit showing this is "no bound" (its special value text)
CLEAR_SHORTCUT = "Ctrl+Shift+L"

DEBOUNCE_MS = 300
IMPORTED_OPEN_FILTER = frozenset({IMPORTED_OPEN})  # the status filter 导入的未办结 (store builds its WHERE)


class FilterBar(QWidget):
    """Emits `search_requested(term)` 300 ms after the last keystroke (at once on Enter)."""

    search_requested = Signal(str)
    statuses_changed = Signal(object)  # frozenset of status codes, or None for all
    leave_requested = Signal()  # Down or Esc (on an empty box): back to the list
    # keyword arguments for TicketTableModel.set_filter: received_from, received_to,
    # category_ids, community_ids, unit_id (and statuses=None after 清除筛选)
    filters_changed = Signal(dict)

    def __init__(self, parent=None, *, debounce_ms: int = DEBOUNCE_MS, desk=None, load_choices: bool = True):
        """`load_choices=False`: the category, community and unit lists stay at 全部… until
        reload_choices() (the window fills them after its first paint, console.ui.tickets.main_window)."""
        super().__init__(parent)
        self.setObjectName("filterBar")
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMaxLength(100)
        self.search_edit.setPlaceholderText(self.tr("查找来电人、电话、地址、内容（Ctrl+F）"))
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("statusFilter")
        self.status_combo.addItem(self.tr("全部状态"), None)
        self.status_combo.addItem(self.tr("未办结"), frozenset(s.value for s in OPEN_STATUSES))
        self.status_combo.addItem(self.tr("已办结"), frozenset(s.value for s in DONE_STATUSES))
        # imported from an old register and still open: the triage list after an import
        self.status_combo.addItem(self.tr("导入的未办结"), IMPORTED_OPEN_FILTER)
        for s in Status:
            self.status_combo.addItem(s.label(current_lang()), frozenset({s.value}))
        self.status_combo.setMinimumContentsLength(8)
        self.info_label = QLabel()
        self.info_label.setObjectName("searchInfo")
        self.info_label.setTextFormat(Qt.TextFormat.PlainText)

        find_label = QLabel(self.tr("查找(&D)："))  # Alt+F is the 文件 menu; Ctrl+F also comes here
        find_label.setBuddy(self.search_edit)
        status_label = QLabel(self.tr("状态(&Z)："))
        status_label.setBuddy(self.status_combo)
        self._desk = desk
        self._date_error = False  # the info label says the dates are reversed
        self.from_edit = self._date_edit("receivedFrom")
        self.to_edit = self._date_edit("receivedTo")
        self.category_combo = self._combo("categoryFilter", 10)
        self.community_combo = self._combo("communityFilter", 10)
        self.unit_combo = self._combo("unitFilter", 10)
        self.clear_button = QPushButton(self.tr("清除筛选(&C)"))
        self.clear_button.setObjectName("clearFilters")
        self.clear_button.setToolTip(self.tr("清除全部筛选条件（{key}）").format(
            key=QKeySequence(CLEAR_SHORTCUT).toString(QKeySequence.SequenceFormat.NativeText)))
        self.clear_button.clicked.connect(self.clear_filters)
        self.clear_shortcut = QShortcut(QKeySequence(CLEAR_SHORTCUT), self)
        self.clear_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.clear_shortcut.activated.connect(self.clear_filters)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 2)
        lay.setSpacing(2)
        row1 = QHBoxLayout()
        row1.addWidget(find_label)
        row1.addWidget(self.search_edit, 3)
        row1.addWidget(status_label)
        row1.addWidget(self.status_combo)
        row1.addWidget(self.info_label, 2)
        lay.addLayout(row1)
        row2 = QHBoxLayout()
        row2.addWidget(self._label(self.tr("受理时间(&B)："), self.from_edit))
        row2.addWidget(self.from_edit)
        row2.addWidget(QLabel(self.tr("至")))
        row2.addWidget(self.to_edit)
        row2.addSpacing(8)
        row2.addWidget(self._label(self.tr("分类(&L)："), self.category_combo))
        row2.addWidget(self.category_combo, 1)
        row2.addWidget(self._label(self.tr("社区(&Q)："), self.community_combo))
        row2.addWidget(self.community_combo, 1)
        row2.addWidget(self._label(self.tr("单位(&W)："), self.unit_combo))
        row2.addWidget(self.unit_combo, 1)
        row2.addWidget(self.clear_button)
        lay.addLayout(row2)
        if load_choices or desk is None:
            self.reload_choices()
        else:
            self._fill_empty()

        for edit in (self.from_edit, self.to_edit):
            edit.dateChanged.connect(lambda _d: self._filter_timer.start())
        for combo in (self.category_combo, self.community_combo, self.unit_combo):
            combo.currentIndexChanged.connect(lambda _i: self._emit_filters())

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._fire)
        # a typed date changes on every digit: wait for the operator like the search box does
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(debounce_ms)
        self._filter_timer.timeout.connect(self._emit_filters)
        self.search_edit.textChanged.connect(lambda _t: self._timer.start())
        self.search_edit.returnPressed.connect(self._fire)
        self.search_edit.installEventFilter(self)
        self.status_combo.currentIndexChanged.connect(
            lambda _i: self.statuses_changed.emit(self.status_combo.currentData()))

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        """Keyboard first: Esc clears the box (a second Esc returns to the list), Down goes to the list."""
        if event.type() == QEvent.Type.Show:
            for edit in (getattr(self, "from_edit", None), getattr(self, "to_edit", None)):
                if edit is not None and obj is edit.calendarWidget() and edit.date() == NO_DATE:
                    # the popup would otherwise open on January 2000
                    today = self._desk.local_now().date() if self._desk is not None else date.today()
                    obj.setCurrentPage(today.year, today.month)
        if obj is self.search_edit and event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Escape:
                if self.search_edit.text():
                    self.search_edit.clear()
                    self._fire()
                else:
                    self.leave_requested.emit()
                return True
            if event.key() == Qt.Key.Key_Down:
                self.leave_requested.emit()
                return True
        return super().eventFilter(obj, event)

    def term(self) -> str:
        # NUL is paste debris (writes drop it too) and would break the full-text MATCH
        return self.search_edit.text().replace("\x00", "").strip()

    def _fire(self) -> None:
        self._timer.stop()
        self.search_requested.emit(self.term())

    def statuses(self):
        return self.status_combo.currentData()

    def set_info(self, text: str) -> None:
        self.info_label.setText(text)

    # -- received days, category, community, unit ------------------------------------
    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText(self.tr("不限"))  # shown while the date is NO_DATE: no bound
        edit.setDate(NO_DATE)
        edit.calendarWidget().installEventFilter(self)
        return edit

    def _combo(self, name: str, chars: int) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(chars)
        return combo

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def reload_choices(self) -> None:
        """Fill the category, community and unit lists from the desk (keeping what is chosen).

        Read again when the lists may have changed (categories or the phonebook edited).
        """
        if self._desk is None:
            self._fill_empty()
            return
        from ...services.categories import category_choices, community_choices
        from ...services.phonebook_reads import unit_names

        cats = category_choices(self._desk, include_retired=True)  # old tickets name retired ones too
        children: dict[int, list[int]] = {}
        for c in cats:
            if c.parent_id is not None:
                children.setdefault(c.parent_id, []).append(c.id)
        cat_items = [(c.path if c.parent_id is None else "    " + c.path,
                      (c.id, *children.get(c.id, ()))) for c in cats]

        comms = community_choices(self._desk, include_retired=True)
        by_grid: dict[str, list] = {}
        for c in comms:
            by_grid.setdefault(c.grid, []).append(c)
        comm_items = []
        for grid in sorted(g for g in by_grid if g):
            members = by_grid[grid]
            comm_items.append((self.tr("{grid}（全部社区）").format(grid=grid), tuple(c.id for c in members)))
            comm_items += [("    " + c.name, (c.id,)) for c in members]
        comm_items += [(c.name, (c.id,)) for c in by_grid.get("", [])]

        unit_items = [(u.name if u.active else self.tr("{name}（停用）").format(name=u.name), u.id)
                      for u in unit_names(self._desk)]

        self._fill(self.category_combo, self.tr("全部分类"), cat_items)
        self._fill(self.community_combo, self.tr("全部社区"), comm_items)
        self._fill(self.unit_combo, self.tr("全部单位"), unit_items)

    def _fill_empty(self) -> None:
        for combo, text in ((self.category_combo, self.tr("全部分类")),
                            (self.community_combo, self.tr("全部社区")),
                            (self.unit_combo, self.tr("全部单位"))):
            combo.clear()
            combo.addItem(text, None)

    @staticmethod
    def _fill(combo: QComboBox, all_text: str, items) -> None:
        keep = combo.currentText() if combo.currentIndex() > 0 else None
        combo.blockSignals(True)
        try:
            combo.clear()
            combo.addItem(all_text, None)
            for text, data in items:
                combo.addItem(text, data)
            i = combo.findText(keep, Qt.MatchFlag.MatchExactly) if keep is not None else 0
            combo.setCurrentIndex(max(i, 0))
        finally:
            combo.blockSignals(False)

    def _day(self, edit: QDateEdit) -> date | None:
        d = edit.date()
        return None if d == NO_DATE or not d.isValid() else date(d.year(), d.month(), d.day())

    def filters(self) -> dict:
        """The chosen filters as keyword arguments of TicketTableModel.set_filter."""
        tz = self._desk.tz if self._desk is not None else "Asia/Shanghai"
        first, last = self._day(self.from_edit), self._day(self.to_edit)
        cats, comms = self.category_combo.currentData(), self.community_combo.currentData()
        return {
            "received_from": local_day_bounds(first, tz)[0] if first else None,
            "received_to": local_day_bounds(last, tz)[1] if last else None,  # the whole last day
            "category_ids": tuple(cats) if cats is not None else None,
            "community_ids": tuple(comms) if comms is not None else None,
            "unit_id": self.unit_combo.currentData(),
        }

    def _emit_filters(self) -> None:
        self._filter_timer.stop()
        first, last = self._day(self.from_edit), self._day(self.to_edit)
        if first and last and last < first:  # an empty list would read as "no tickets": say why, change nothing
            self._date_error = True
            self.set_info(REVERSED_DATES.message(current_lang()))
            return
        if self._date_error:
            self._date_error = False
            self.set_info("")
        self.filters_changed.emit(self.filters())

    def apply_now(self) -> None:
        """Send the filters at once (a typed date waits for the debounce otherwise)."""
        self._emit_filters()

    def has_filters(self) -> bool:
        return bool(self.term() or self.statuses() is not None
                    or any(v is not None for v in self.filters().values()))

    def clear_filters(self) -> None:
        """清除筛选: every filter back to "all", the search box emptied; one reload for the lot."""
        widgets = (self.search_edit, self.status_combo, self.from_edit, self.to_edit,
                   self.category_combo, self.community_combo, self.unit_combo)
        for w in widgets:
            w.blockSignals(True)
        try:
            self.search_edit.clear()
            self.status_combo.setCurrentIndex(0)
            self.from_edit.setDate(NO_DATE)
            self.to_edit.setDate(NO_DATE)
            for combo in (self.category_combo, self.community_combo, self.unit_combo):
                combo.setCurrentIndex(0)
        finally:
            for w in widgets:
                w.blockSignals(False)
        self._timer.stop()
        self._filter_timer.stop()
        self.filters_changed.emit({**self.filters(), "statuses": None})
        self.search_requested.emit("")

    def show_imported_open(self) -> None:
        """Choose the status filter 导入的未办结 (after an import told the desk how many there are)."""
        i = self.status_combo.findData(IMPORTED_OPEN_FILTER)
        if i >= 0:
            self.status_combo.setCurrentIndex(i)
