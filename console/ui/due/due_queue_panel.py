"""The due queue beside the ticket list: overdue in red, the rest counting down.

Keyboard first: F4 (in the window) brings the focus here; Enter opens the
item's ticket, R records the call, S snoozes, A says "seen" to every item
that is ringing. The panel only asks (signals); the window runs the
services and the AlertController re-reads the queue afterwards.

Idle cost: the countdown repaints once a second only while an item is
still counting down, and then only the countdown cells of the rows on
screen; with nothing but overdue items it repaints every ten seconds, and
with nothing in the queue (or the panel hidden) not at all.
"""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QFont, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...services.context import Desk
from ...services.deadlines import DueItem
from .alert_controller import REPEAT_CHOICES, AlertSettings, QueueSnapshot
from .due_queue_model import (
    COL_CALLER,
    COL_DUE,
    COL_KIND,
    COL_TICKET,
    COL_UNIT,
    ITEM_ROLE,
    KIND_LABELS,
    DueQueueModel,
    kind_label,
    overdue_text,
)


def set_role(widget: QWidget, role: str) -> None:
    """Colour by purpose (error, hint): the theme's style sheet (light or dark) decides the colour."""
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


TICK_MS = 1_000  # while something counts down
SLOW_TICK_MS = 10_000  # only overdue items: "逾期 12 分" needs no seconds
WIDTHS = {COL_DUE: 92, COL_KIND: 62, COL_TICKET: 102, COL_CALLER: 90, COL_UNIT: 60}
PANEL_WIDTH = 450  # the dock's default width: every column readable at 1366×768


class DueQueuePanel(QWidget):
    open_requested = Signal(object)  # DueItem
    record_requested = Signal(object)  # DueItem
    snooze_requested = Signal(object)  # DueItem
    acknowledge_requested = Signal()  # every ringing item: seen
    settings_changed = Signal(object)  # AlertSettings (mute, repeat)

    def __init__(self, desk: Desk, parent=None, *, alert_settings: AlertSettings | None = None):
        super().__init__(parent)
        self.setObjectName("dueQueuePanel")
        self._desk = desk
        self.alert_settings = alert_settings or AlertSettings()
        self.model = DueQueueModel(desk, self)

        self.counts_label = QLabel()
        self.counts_label.setObjectName("dueQueueCounts")
        self.counts_label.setTextFormat(Qt.TextFormat.PlainText)
        f = self.counts_label.font()
        f.setBold(True)
        self.counts_label.setFont(f)

        self.act_open = self._action(self.tr("打开工单(&O)"), self.open_current, ["Return", "Enter"], "dueOpen")
        self.act_record = self._action(self.tr("记录回电(&R)…"), self.record_current, ["R"], "dueRecord")
        self.act_snooze = self._action(self.tr("推迟提醒(&S)…"), self.snooze_current, ["S"], "dueSnooze")
        self.act_ack = self._action(self.tr("知道了(&A)"), self.acknowledge_requested.emit, ["A"], "dueAcknowledge")
        self.act_ack.setToolTip(self.tr("正在响的提醒不再重复（仍标红，直到办完或推迟）"))

        self.ack_button = QToolButton()
        self.ack_button.setObjectName("dueAckButton")
        self.ack_button.setDefaultAction(self.act_ack)
        self.ack_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.settings_button = QToolButton()
        self.settings_button.setObjectName("dueSettingsButton")
        self.settings_button.setText(self.tr("提醒设置"))
        self.settings_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.settings_menu = QMenu(self.settings_button)
        self.act_mute = QAction(self.tr("静音(&M)"), self)
        self.act_mute.setObjectName("dueMute")
        self.act_mute.setCheckable(True)
        self.act_mute.setChecked(self.alert_settings.mute)
        self.act_mute.toggled.connect(self._on_mute)
        self.settings_menu.addAction(self.act_mute)
        repeat_menu = self.settings_menu.addMenu(self.tr("超时后重复提醒"))
        group = QActionGroup(self)
        self.repeat_actions: dict[int, QAction] = {}
        for minutes in sorted(set(REPEAT_CHOICES) | {self.alert_settings.repeat_minutes}):
            a = QAction(self.tr("每 {n} 分钟").format(n=minutes), self)
            a.setCheckable(True)
            a.setChecked(minutes == self.alert_settings.repeat_minutes)
            a.triggered.connect(lambda _=False, m=minutes: self._on_repeat(m))
            group.addAction(a)
            repeat_menu.addAction(a)
            self.repeat_actions[minutes] = a
        self.settings_button.setMenu(self.settings_menu)

        head = QHBoxLayout()
        head.setContentsMargins(6, 4, 4, 2)
        head.addWidget(self.counts_label, 1)  # the dock's title bar names the panel
        head.addWidget(self.ack_button)
        head.addWidget(self.settings_button)

        self.view = QTableView()
        self.view.setObjectName("dueQueueTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.setTabKeyNavigation(False)
        self.view.setShowGrid(False)
        # the unit (last column) takes what is left and elides; no sideways scrolling in a narrow dock
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.doubleClicked.connect(lambda idx: self._emit_for(self.open_requested, idx))
        vh = self.view.verticalHeader()
        vh.hide()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        hh = self.view.horizontalHeader()
        hh.setStretchLastSection(True)
        hh.setHighlightSections(False)
        hh.setMinimumSectionSize(40)
        bold = QFont(self.view.font())
        bold.setBold(True)
        widest = {  # what the cells can say, in this language (English is wider than Chinese)
            COL_DUE: [overdue_text(m) for m in (59, 23 * 60 + 59, 999 * 1440)],
            COL_KIND: [kind_label(k) for k in KIND_LABELS],
        }
        for col, w in WIDTHS.items():
            texts = [self.model.headerData(col, Qt.Orientation.Horizontal) or ""] + widest.get(col, [])
            need = max(QFontMetrics(bold).horizontalAdvance(t) for t in texts) + 14
            hh.resizeSection(col, max(w, need))
        for a in (self.act_open, self.act_record, self.act_snooze, self.act_ack):
            self.view.addAction(a)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_actions())

        self.empty_label = QLabel(self.tr("一小时内没有到期的事项。"))
        self.empty_label.setObjectName("dueQueueEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        set_role(self.empty_label, "hint")
        self.hint = QLabel(self.tr("Enter 打开 · R 记录 · S 推迟 · A 知道了"))
        self.hint.setObjectName("dueQueueHint")
        set_role(self.hint, "hint")

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addLayout(head)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.empty_label, 1)
        hint_row = QHBoxLayout()
        hint_row.setContentsMargins(6, 2, 6, 2)
        hint_row.addWidget(self.hint)
        lay.addLayout(hint_row)
        self.setFocusProxy(self.view)

        self._ticker = QTimer(self)
        self._ticker.timeout.connect(self.tick)
        self.ticks = 0
        self._show_counts(0, 0)
        self._update_empty()
        self._update_actions()

    def _action(self, text: str, slot, keys: list[str], name: str) -> QAction:
        a = QAction(text, self)
        a.setObjectName(name)
        a.setShortcuts([QKeySequence(k) for k in keys])
        a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        a.triggered.connect(lambda _=False: slot())
        return a

    # -- feeding -----------------------------------------------------------------
    def set_snapshot(self, snapshot: QueueSnapshot) -> None:
        """A fresh read of the queue (AlertController.queue_changed)."""
        self.model.set_items(snapshot.items, snapshot.now)
        self._show_counts(snapshot.due, snapshot.overdue)
        self._update_empty()
        self._update_actions()
        self._schedule_tick()

    def _show_counts(self, due: int, overdue: int) -> None:
        self.counts_label.setText(self.tr("待办 {due} · 超时 {overdue}").format(due=due, overdue=overdue))
        set_role(self.counts_label, "error" if overdue else "")
        self.act_ack.setEnabled(overdue > 0)

    def _update_empty(self) -> None:
        empty = self.model.rowCount() == 0
        self.empty_label.setVisible(empty)
        self.view.setVisible(not empty)

    def _update_actions(self) -> None:
        has = self.current_item() is not None
        for a in (self.act_open, self.act_record, self.act_snooze):
            a.setEnabled(has)

    # -- the countdown ---------------------------------------------------------------
    def _schedule_tick(self) -> None:
        if self.model.rowCount() == 0 or not self.isVisible():
            self._ticker.stop()
            return
        interval = TICK_MS if self.model.has_countdown(self._desk.now()) else SLOW_TICK_MS
        if not self._ticker.isActive() or self._ticker.interval() != interval:
            self._ticker.start(interval)

    def visible_rows(self) -> tuple[int, int]:
        """First and last row on screen (−1, −1 when none)."""
        n = self.model.rowCount()
        if n == 0:
            return -1, -1
        first = self.view.rowAt(0)
        last = self.view.rowAt(self.view.viewport().height() - 1)
        return (0 if first < 0 else first), (n - 1 if last < 0 else last)

    def tick(self) -> None:
        self.ticks += 1
        first, last = self.visible_rows()
        self.model.tick(self._desk.now(), first, last if last >= 0 else -1)
        self._schedule_tick()

    def showEvent(self, e) -> None:  # noqa: N802
        super().showEvent(e)
        self.model.tick(self._desk.now())
        self._schedule_tick()

    def hideEvent(self, e) -> None:  # noqa: N802
        super().hideEvent(e)
        self._ticker.stop()

    @property
    def ticking_interval(self) -> int:
        """The countdown's repaint interval in ms, −1 when it does not run."""
        return self._ticker.interval() if self._ticker.isActive() else -1

    # -- the operator ------------------------------------------------------------------
    def current_item(self) -> DueItem | None:
        idx = self.view.selectionModel().currentIndex()
        return idx.data(ITEM_ROLE) if idx.isValid() else None

    def select_deadline(self, deadline_id: int) -> bool:
        row = self.model.row_of(deadline_id)
        if row < 0:
            return False
        self.view.setCurrentIndex(self.model.index(row, 0))
        return True

    def focus_queue(self) -> None:
        """F4: into the queue, on its first row if nothing is chosen yet."""
        if self.current_item() is None and self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, 0))
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _emit_for(self, signal, idx: QModelIndex | None = None) -> None:
        item = idx.data(ITEM_ROLE) if idx is not None and idx.isValid() else self.current_item()
        if item is not None:
            signal.emit(item)

    def open_current(self) -> None:
        self._emit_for(self.open_requested)

    def record_current(self) -> None:
        self._emit_for(self.record_requested)

    def snooze_current(self) -> None:
        self._emit_for(self.snooze_requested)

    def _context_menu(self, pos) -> None:
        idx = self.view.indexAt(pos)
        if idx.isValid():
            self.view.setCurrentIndex(idx)
        m = QMenu(self)
        m.addActions([self.act_open, self.act_record, self.act_snooze])
        m.addSeparator()
        m.addAction(self.act_ack)
        m.popup(self.view.viewport().mapToGlobal(pos))

    def _on_mute(self, mute: bool) -> None:
        self.alert_settings = AlertSettings(mute=mute, repeat_minutes=self.alert_settings.repeat_minutes)
        self.settings_changed.emit(self.alert_settings)

    def _on_repeat(self, minutes: int) -> None:
        self.alert_settings = AlertSettings(mute=self.alert_settings.mute, repeat_minutes=minutes)
        self.settings_changed.emit(self.alert_settings)
