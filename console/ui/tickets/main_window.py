"""The desk's main window: the ticket list, the selected ticket, what is due.

Collaborators are passed in (the Desk, the logged-in Actor, QSettings, a
TaskRunner); nothing reaches for a global. Every write returns a `Changes`
value that goes through `apply_changes`, one place where the list, the
detail pane and the status bar refresh what they show. A timer re-reads
the loaded rows and the due counts, which is how another seat's work
reaches this window (DeskSync, desk_sync.py, owns the clocks and the watcher).

On PostgreSQL the change watcher also tells whether the server is there;
the status bar says so (console.ui.common.status_bar.DeskStatusBar.set_connection), a failed
write shows the one-line database message instead of a crash report, and
when the server comes back the window re-reads what it missed.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ... import __version__, paths
from ...domain.errors import UserError
from ...domain.permissions import may
from ...services import shifts as shift_service
from ...services.context import Actor, Changes, Desk
from ...services.desk_status import read_status
from ...services.ticket_list import SEARCH_LIMIT, search_ids, ticket_detail
from ..common.errors import failed_search_text, one_line, report_bug
from ..common.menu_text import keyed_action
from ..common.status_bar import DeskStatusBar
from ..common.workers import TaskRunner
from ..due.due_alerts import DueAlerts
from ..new_call.launcher import NewCallLauncher
from ..shell.i18n import current_lang
from .desk_printing import DeskPrinting
from .desk_sync import DeskSync
from .desk_windows import DeskWindows
from .detail_pane import TicketDetailView
from .filter_bar import FilterBar
from .ticket_actions import TicketActions
from .ticket_table_model import (
    COL_NUMBER,
    COL_PHONE,
    COL_RECEIVED,
    COL_STATUS,
    SORT_KEYS,
    TICKET_ID_ROLE,
    TicketTableModel,
)
from .ticket_table_view import ticket_table
from .window_layout import restore_layout, save_layout
from .window_menus import WindowMenus

log = logging.getLogger(__name__)

# How long a save on the GUI thread waits for another program's write lock before saying so
# (workers — New Call's busy path, imports, exports — wait the full store default).
GUI_BUSY_MS = 2000


class MainWindow(QMainWindow):
    changed = Signal(object)  # Changes: after any write, ours or noticed from another seat
    detail_loaded = Signal(object)  # TicketDetail | None

    def __init__(self, desk: Desk, actor: Actor, *, settings: QSettings | None = None,
                 runner: TaskRunner | None = None, demo: bool = False, watcher=None,
                 quick_start: bool = False, parent=None):
        """`watcher`: a ChangeWatcher-like object (state, message, changed(), close()) to use
        instead of making one (tests); the window closes it when it closes (DeskSync).

        `quick_start`: leave the filter lists and the due-queue check to finish_start(),
        which the launcher calls once the list has painted — the operator sees the
        tickets ≈ 100 ms sooner after Enter, and the alerts follow a moment later."""
        super().__init__(parent)
        self.desk, self.actor, self.demo = desk, actor, demo
        # saves made on this (the GUI) thread wait at most GUI_BUSY_MS for another program's write lock
        desk.db.set_thread_busy_ms(GUI_BUSY_MS)
        self.settings = settings if settings is not None else QSettings()
        self.runner = runner or TaskRunner(self)
        self.search_fn: Callable[[Desk, str], list[int]] = search_ids
        self.closed_cleanly = False
        self.admin_dialogs: dict[str, Any] = {}  # 管理 editors open now (console.ui.admin)
        self.login_dialog = None  # shown while nobody is logged in (log_out)
        # questions a person answers; tests answer them here
        self.ask_restore_draft: Callable[[], bool] = self._ask_restore_draft
        self.ask_quit_from_login: Callable[[], bool] = self._ask_quit_from_login
        self.setObjectName("mainWindow")

        # the list
        self.model = TicketTableModel(desk, self)
        self.table = ticket_table(self.model)
        hh = self.table.horizontalHeader()
        hh.sortIndicatorChanged.connect(self._on_sort_indicator)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)

        self.filter_bar = FilterBar(self, desk=desk, load_choices=not quick_start)
        self.filter_bar.search_requested.connect(self.search)
        self.filter_bar.statuses_changed.connect(self._on_statuses)
        self.filter_bar.filters_changed.connect(lambda kw: self._set_filter(**kw))
        self.filter_bar.leave_requested.connect(self.table.setFocus)

        central = QWidget()
        lay = QVBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.filter_bar)
        lay.addWidget(self.table)
        self.setCentralWidget(central)

        # the selected ticket
        self.detail_view = TicketDetailView(desk)
        self.detail_dock = QDockWidget(self.tr("工单详情"), self)
        self.detail_dock.setObjectName("detailDock")
        self.detail_dock.setWidget(self.detail_view)
        self.detail_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                                     | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.detail_dock)

        self.ticket_actions = TicketActions(desk, actor, self.runner, self)
        self.ticket_actions.changed.connect(self.apply_changes)
        self.ticket_actions.notice_saved.connect(lambda path: self.statusBar().showMessage(
            self.tr("督办通知单已保存：{path}").format(path=path), 15_000))
        self.printing = DeskPrinting(self)  # 打印交接班日志, 派单单, 督办通知单 (with a preview)
        self.changed.connect(self._on_changed)

        self.status = DeskStatusBar(self)
        self.setStatusBar(self.status)
        # what is due: a dock above the detail pane (console.ui.due.due_alerts)
        self.due = DueAlerts(self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.due.dock)
        self.splitDockWidget(self.due.dock, self.detail_dock, Qt.Orientation.Vertical)
        self.windows = DeskWindows(self)  # phonebook, missed calls, registers, shift dialogs, settings
        self.new_calls = NewCallLauncher(self)  # F2: one form at a time, and the draft a crash left
        self.new_calls.saved.connect(self._on_new_call_saved)
        self.new_calls.closed.connect(self.table.setFocus)
        from ..calls.phone_link import PhoneLink

        self.phone = PhoneLink(self)  # the seat's telephone link, its caller card, its status (console.ui.calls)
        self._build_actions()
        WindowMenus(self).build()  # the menu bar and the tool bar (window_menus.py)

        self.sync = DeskSync(self, watcher)  # watcher, resync, status clock, online state

        self.refresh_status()
        self.sync.mark_synced()
        self._restore_state()
        self._started = False
        if not quick_start:
            self.finish_start()
        self.sync.start()
        self.phone.start()  # a link that cannot start says so in the status bar and nowhere else
        if self.model.rowCount():
            self.select_ticket(self.model.ticket_id(0))
        self.table.setFocus()

    def finish_start(self) -> None:
        """The part of start-up the first paint need not wait for: filter lists and due alerts."""
        if self._started:
            return
        self._started = True
        self.sync.quietly(self.filter_bar.reload_choices)
        self.due.start()
        log.info("window ready: filter lists filled, due alerts started")

    # -- building ----------------------------------------------------------------
    def _build_actions(self) -> None:
        from ..admin.maintenance import DeskMaintenance

        self.maintenance = DeskMaintenance(self)
        self.act_backup = keyed_action(self, self.tr("备份数据库(&B)…"), lambda: self.maintenance.backup(),
                                       name="actionBackup")
        self.act_check_db = keyed_action(self, self.tr("检查数据库(&K)…"), self.maintenance.check, name="actionCheckDatabase")
        self.act_restore_db = keyed_action(self, self.tr("从备份恢复(&E)…"), lambda: self.maintenance.restore(),
                                           name="actionRestoreDatabase")
        self.act_export_shift_log = keyed_action(self, self.tr("交接班日志(&S)…"), self.windows.export_shift_log,
                                                 name="actionExportShiftLog")
        self.act_export_quarterly = keyed_action(self, self.tr("季度分析(&Q)…"), self.windows.export_quarterly,
                                                 name="actionExportQuarterly")
        self.act_export_bulletin = keyed_action(self, self.tr("月报/季报(&B)…"), self.windows.export_bulletin,
                                                name="actionExportBulletin")
        self.act_export_open311 = keyed_action(self, self.tr("开放数据（Open311）(&O)…"), self.windows.export_open311,
                                               name="actionExportOpen311")
        self.act_import_tickets = keyed_action(self, self.tr("导入历史工单(&I)…"), self.windows.import_tickets,
                                               name="actionImportTickets")
        self.act_quit = keyed_action(self, self.tr("退出(&X)"), self.close, "Ctrl+Q", name="actionQuit")
        self.act_log_out = keyed_action(self, self.tr("注销 / 切换用户(&L)…"), self.log_out, "Ctrl+L", name="actionLogOut",
                                        tip=self.tr("换人值班：不退出程序，到期提醒照常"))
        from ..admin import EDITORS
        self.admin_actions: dict[str, QAction] = {}
        for key, text in (("street", self.tr("街道与社区(&S)…")), ("categories", self.tr("问题分类(&C)…")),
                          ("request_types", self.tr("诉求类型(&R)…")), ("calendar", self.tr("节假日日历(&H)…")),
                          ("accounts", self.tr("账号(&A)…"))):
            assert key in EDITORS
            self.admin_actions[key] = keyed_action(self, text, lambda k=key: self.open_admin(k),
                                                   name="actionAdmin" + key.title().replace("_", ""))
        self.act_new_call = keyed_action(self, self.tr("新来电(&N)…"), self.new_call, "F2", name="actionNewCall")
        self.act_missed = keyed_action(self, self.tr("未接来电(&M)…"), self.log_missed_call, "F3", name="actionMissedCall")
        self.act_find = keyed_action(self, self.tr("查找(&F)"), self.focus_search, QKeySequence.StandardKey.Find,
                                     name="actionFind")
        self.act_phonebook = keyed_action(self, self.tr("电话簿(&P)…"), self.windows.open_phonebook, "Ctrl+B",
                                          name="actionPhonebook")
        self.act_missed_list = keyed_action(self, self.tr("未接来电列表(&L)…"), self.windows.open_missed_calls,
                                            "Shift+F3", name="actionMissedList")
        self.act_registers = keyed_action(self, self.tr("登记册：重点人群、服务手册(&R)…"), self.windows.open_registers,
                                          "Ctrl+G", name="actionRegisters")
        self.act_handover_note = keyed_action(self, self.tr("交班记录(&H)…"), self.windows.edit_handover_note,
                                              name="actionHandoverNote")
        self.act_shift_tickets = keyed_action(self, self.tr("只看本班工单(&T)"), None, "Ctrl+T", name="actionShiftTickets")
        self.act_shift_tickets.setEnabled(True)
        self.act_shift_tickets.setCheckable(True)
        self.act_shift_tickets.toggled.connect(self.windows.set_shift_filter)
        self.act_settings = keyed_action(self, self.tr("外观与语言(&A)…"), self.windows.open_settings,
                                         name="actionSettings")
        self.act_setup_assistant = keyed_action(self, self.tr("设置向导(&W)…"), self.windows.open_setup_assistant,
                                                name="actionSetupAssistant")
        self.act_setup_assistant.setVisible(may(self.actor.role, "manage_accounts"))  # administrators
        self.act_open_shift = keyed_action(self, self.tr("开班(&O)"), self.open_shift, name="actionOpenShift")
        self.act_close_shift = keyed_action(self, self.tr("交班(&C)…"), self.close_shift, name="actionCloseShift")
        self.act_refresh = keyed_action(self, self.tr("刷新(&R)"), self.reload_all, QKeySequence.StandardKey.Refresh,
                                        name="actionRefresh")
        self.act_logs = keyed_action(self, self.tr("打开日志文件夹(&L)"), self.open_logs, name="actionLogs")
        self.sort_actions: dict[int, QAction] = {}
        group = QActionGroup(self)
        for col, text in ((COL_RECEIVED, self.tr("按受理时间(&T)")), (COL_NUMBER, self.tr("按编号(&N)")),
                          (COL_STATUS, self.tr("按状态(&S)")), (COL_PHONE, self.tr("按电话(&P)"))):
            act = keyed_action(self, text, lambda _=False, c=col: self.sort_tickets(c), name=f"actionSort{SORT_KEYS[col]}")
            act.setCheckable(True)
            group.addAction(act)
            self.sort_actions[col] = act
        self.act_sort_descending = keyed_action(self, self.tr("倒序(&D)"), lambda: self.sort_tickets(descending=self.act_sort_descending.isChecked()),
                                                name="actionSortDescending")
        self.act_sort_descending.setCheckable(True)
        self._sync_sort_actions()
        self.act_about = keyed_action(self, self.tr("关于(&A)"), self.about, name="actionAbout")
        self.act_phone_link = keyed_action(self, self.tr("电话链路(&P)…"), self.phone.edit_settings, name="actionPhoneLink")
        self.act_simulate_ring = keyed_action(self, self.tr("模拟来电(&R)"), self.phone.simulate_ring,
                                              name="actionSimulateRing",
                                              tip=self.tr("没有电话链路时，看看来电时值班台会显示什么"))

    # -- state across runs ---------------------------------------------------------
    def _restore_state(self) -> None:
        restore_layout(self)  # size, docks, the list's columns and order (window_layout.py)

    def save_state(self) -> None:
        save_layout(self)

    def discard(self) -> None:
        """Dispose of a window that was never shown (built ahead for a login that went elsewhere).

        Unlike closing, nothing is saved: a hidden window's layout is not the operator's."""
        self._started = True
        self.sync.stop()
        self.due.stop()
        self.phone.close()
        self.closed_cleanly = self.runner.shutdown()
        self.deleteLater()
        log.info("a window built ahead was not used")

    def closeEvent(self, e: QCloseEvent) -> None:  # noqa: N802
        if not self.windows.may_close():  # an unsaved handover note: Save / Discard / Cancel
            e.ignore()
            return
        self._started = True  # closed before finish_start(): nothing to start any more
        self.sync.stop()
        self.due.stop()
        self.phone.close()
        self.save_state()
        done = self.runner.shutdown()
        self.closed_cleanly = done
        log.info("main window closed (workers finished: %s)", done)
        super().closeEvent(e)

    # -- the list and the selection --------------------------------------------------
    def selected_ticket_id(self) -> int | None:
        idx = self.table.selectionModel().currentIndex()
        return idx.data(TICKET_ID_ROLE) if idx.isValid() else None

    def select_ticket(self, ticket_id: int | None) -> bool:
        if ticket_id is None:
            return False
        row = self.model.row_of(ticket_id)
        if row < 0:
            return False
        idx = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(idx)
        return True

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.load_detail(current.data(TICKET_ID_ROLE) if current.isValid() else None)

    def load_detail(self, ticket_id: int | None) -> None:
        detail = None
        if ticket_id is not None:
            detail = ticket_detail(self.desk, ticket_id)
        now = self.desk.now()
        if not self.detail_view.is_current(detail, now):  # else keep the reader's scroll position
            self.detail_view.show_detail(detail, now)
        self.ticket_actions.set_ticket(detail)
        self.printing.set_ticket(detail)
        self.detail_loaded.emit(detail)

    # -- search and filter -------------------------------------------------------------
    def focus_search(self) -> None:
        self.filter_bar.search_edit.setFocus()
        self.filter_bar.search_edit.selectAll()

    def search(self, term: str) -> None:
        term = term.strip()
        if not term:
            self.runner.invalidate("search")  # a search still running must not come back
            self.filter_bar.set_info("")
            if self.model.search_ids is not None:
                self._set_filter(search_ids=None)
            return
        self.filter_bar.set_info(self.tr("正在查找…"))
        self.runner.submit(self.search_fn, self.desk, term, key="search",
                           on_result=lambda ids, term=term: self._show_search(term, ids),
                           on_error=self._search_failed)

    def _show_search(self, term: str, ids: list[int]) -> None:
        self._set_filter(search_ids=ids)
        if len(ids) >= SEARCH_LIMIT:
            self.filter_bar.set_info(self.tr("找到 {n} 条以上，只显示最新的 {n} 条").format(n=SEARCH_LIMIT))
        elif ids:
            self.filter_bar.set_info(self.tr("找到 {n} 条").format(n=len(ids)))
        else:
            self.filter_bar.set_info(self.tr("没有找到“{term}”").format(term=term))

    def _search_failed(self, e: BaseException) -> None:
        self.filter_bar.set_info(failed_search_text(e, self.desk.db.display))

    def _on_statuses(self, statuses) -> None:
        self._set_filter(statuses=statuses)

    # -- order ----------------------------------------------------------------------------
    def sort_tickets(self, column: int | None = None, *, descending: bool | None = None) -> None:
        """Sort the list (menu 视图 → 排序, or a click on a column header); the header shows it."""
        current, order = self.model.sort_order
        col = current if column is None else column
        if descending is None:
            descending = order == Qt.SortOrder.DescendingOrder if col == current \
                else col == COL_RECEIVED  # a new column: times newest first, the rest A→Z
        self.table.horizontalHeader().setSortIndicator(
            col, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)

    def _on_sort_indicator(self, column: int, order: Qt.SortOrder) -> None:
        hh = self.table.horizontalHeader()
        if not self.model.is_sortable(column):  # put the arrow back where the list really is sorted
            hh.blockSignals(True)
            hh.setSortIndicator(*self.model.sort_order)
            hh.blockSignals(False)
            self.statusBar().showMessage(self.tr(
                "这一列不能排序（要把全部工单逐行排序）。可按编号、受理时间、状态、电话排序。"), 6000)
            return
        keep = self.selected_ticket_id()
        self.model.sort(column, order)
        self._sync_sort_actions()
        if not self.select_ticket(keep) and self.model.rowCount():
            self.select_ticket(self.model.ticket_id(0))

    def _sync_sort_actions(self) -> None:
        col, order = self.model.sort_order
        for c, act in self.sort_actions.items():
            act.setChecked(c == col)
        self.act_sort_descending.setChecked(order == Qt.SortOrder.DescendingOrder)

    def _set_filter(self, **kw) -> None:
        keep = self.selected_ticket_id()
        self.model.set_filter(**kw)
        if not self.select_ticket(keep):
            if self.model.rowCount():
                self.select_ticket(self.model.ticket_id(0))
            else:
                self.load_detail(None)

    # -- after a write ----------------------------------------------------------------------
    def apply_changes(self, changes: Changes) -> None:
        """The one place a write's effects reach the views."""
        self.changed.emit(changes)

    def imported_open_told(self, n: int) -> None:
        """After an import of old tickets: say how many are still open (status filter 导入的未办结 lists them)."""
        if n:
            self.statusBar().showMessage(self.tr(
                "{n} 张导入的未办结工单：在状态筛选中选“导入的未办结”列出它们。").format(n=n))

    def _on_changed(self, changes: Changes) -> None:
        if changes.tickets:
            self.model.refresh(changes.tickets)
            sel = self.selected_ticket_id()
            if sel is not None and sel in changes.tickets:
                self.load_detail(sel)
        if changes.deadlines or changes.shifts or changes.settings or changes.missed_calls or changes.tickets:
            self.refresh_status()
        if changes.settings and self._started:  # an editor in 管理 renamed, merged or retired a list entry
            self.sync.quietly(self.filter_bar.reload_choices)
            self.model.refresh(None)
            self.load_detail(self.selected_ticket_id())
        self.due.on_changes(changes)

    def reload_all(self) -> None:
        """F5: re-read every loaded row, the selected ticket and the status bar."""
        self.sync.mark_synced()
        self.filter_bar.reload_choices()  # categories, communities or units may have been edited
        self.model.refresh(None)
        self.load_detail(self.selected_ticket_id())
        self.refresh_status()

    def refresh_status(self) -> None:
        st = read_status(self.desk, self.actor)
        self.status.show_status(st, current_lang())
        title = self.tr("社区服务热线值班台")
        if st.desk_name:
            title = self.tr("社区服务热线值班台 — {desk}").format(desk=st.desk_name)
        if self.demo:
            title += self.tr("（演示）")
        title += f" — {st.user}"  # who is at the desk: a switch of user shows at a glance
        self.setWindowTitle(title)
        self.act_open_shift.setEnabled(st.shift_kind is None)
        self.act_close_shift.setEnabled(st.shift_kind is not None)
        self.act_handover_note.setEnabled(st.shift_kind is not None)

    # -- commands ----------------------------------------------------------------------------
    def _run_write(self, fn, *args, on_done=None) -> None:
        def done(changes):
            if isinstance(changes, Changes):
                self.apply_changes(changes)
            if on_done:
                on_done(changes)
        self.runner.submit(fn, *args, on_result=done, on_error=self.write_failed)

    def write_failed(self, e: BaseException) -> None:
        """A UserError, or a database that cannot be reached (classify), in one line; else a bug."""
        text = one_line(e, self.desk.db.display)
        if text is not None:
            if not isinstance(e, UserError):
                log.warning("write failed: database unavailable (%s)", e)
            QMessageBox.warning(self, self.tr("无法完成"), text)
        else:
            report_bug(e)

    @property
    def new_call_dialog(self):
        """The New Call form being filled now, or None (DeskHost)."""
        return self.new_calls.dialog

    def new_call(self, phone: str = "", draft: dict | None = None) -> None:
        """F2: the New Call form (console.ui.new_call.new_call_dialog), window-modal."""
        self.new_calls.open(phone, draft)

    def _on_new_call_saved(self, saved) -> None:
        """`saved` is a services.tickets.Logged (id, number, changes) or a bare Changes."""
        changes = getattr(saved, "changes", saved)
        if isinstance(changes, Changes):
            self.apply_changes(changes)
        new_id = getattr(saved, "id", None)
        if new_id is None and isinstance(changes, Changes) and changes.tickets:
            new_id = max(changes.tickets)
        if new_id is not None:
            if self.model.row_of(new_id) < 0 and self.model.search_ids is not None:
                self.filter_bar.search_edit.clear()  # a search hid the new ticket: show all again
                self.search("")
            self.select_ticket(new_id)
        number = getattr(saved, "number", "")
        if number:
            self.status.showMessage(self.tr("已保存工单 {number}").format(number=number), 8000)

    def _ask_restore_draft(self) -> bool:
        answer = QMessageBox.question(
            self, self.tr("恢复未保存的来电"),
            self.tr("上次有一张新来电没有保存（程序意外关闭或注销时正在填写）。现在恢复并继续填写吗？\n"
                    "选择“否”将丢弃这份草稿。"))
        return answer == QMessageBox.StandardButton.Yes

    def offer_draft(self) -> None:
        """After a crash or a log out: bring back the call this user was typing (NewCallLauncher)."""
        self.new_calls.offer_draft(self.ask_restore_draft)

    def log_missed_call(self) -> None:
        """F3: the number, Enter — the time defaults to now (console.ui.missed_calls.missed_call_dialog)."""
        self.windows.log_missed_call()

    def open_shift(self) -> None:
        def work(desk, actor):
            shift_service.open_shift(desk, actor)
            return Changes(shifts=True)
        self._run_write(work, self.desk, self.actor)

    def close_shift(self) -> None:
        """交班: the handover (open tickets, call-backs due) and the note (console.ui.shifts.shift_dialogs)."""
        self.windows.close_shift()

    def pause_database(self) -> bool:
        """Stop everything that reads the database (before a restore replaces it); False if busy."""
        if self.runner.pending_count:
            QMessageBox.information(self, self.tr("请稍候"), self.tr("还有操作没有完成，请稍后再试。"))
            return False
        self.sync.stop()
        self.due.stop()
        self.phone.pause()
        self.desk.db.dispose()
        return True

    def resume_database(self) -> None:
        """After a refused restore: the database is as it was; read it again as at start."""
        self.sync.resume()
        self.due.start()
        self.phone.resume()
        self.sync.quietly(self.refresh_status)

    def open_logs(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths.logs_dir())))

    def about(self) -> None:
        try:
            from ...store.migrate import head_revision
            head = head_revision()
        except Exception:  # noqa: BLE001 - the About box must open even without migrations
            log.warning("cannot read the schema head", exc_info=True)
            head = "?"
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("关于"), self.tr(
            "社区服务热线值班台\n版本 {version}\n数据库结构版本 {head}\n\n"
            "数据库：{db}\n日志：{logs}").format(version=__version__, head=head, db=self.desk.db.display,
                                             logs=str(paths.logs_dir())), QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setObjectName("aboutBox")
        self._about_box = box
        box.open()

    # -- who is at the desk (console.ui.login.switch_user, console.ui.admin) -------------------------
    def apply_role(self) -> None:
        """Menus by role: the 管理 menu for supervisors and admins (accounts: admins only)."""
        from ..admin import may_open

        for key, act in self.admin_actions.items():
            ok = may_open(self.actor.role, key)
            act.setVisible(ok)
            act.setEnabled(ok)
        for act in (self.act_check_db, self.act_restore_db):  # the maintenance service's: administrators
            act.setVisible(may(self.actor.role, "manage_accounts"))
        self.admin_menu.menuAction().setVisible(any(a.isVisible() for a in self.admin_actions.values()))
        self.act_import_tickets.setVisible(may(self.actor.role, "import_tickets"))

    def open_admin(self, key: str):
        """管理 → one editor (console.ui.admin); the services check the role again."""
        from ..admin import may_open, open_editor

        if not may_open(self.actor.role, key):
            return None
        return open_editor(self, key)

    def log_out(self) -> bool:
        """Ctrl+L: the next person logs in over this same window (console.ui.login.switch_user)."""
        if not hasattr(self, "switch_user"):
            from ..login.switch_user import SwitchUser

            self.switch_user = SwitchUser(self)
        return self.switch_user.log_out()

    def set_actor(self, actor: Actor) -> None:
        """After a log in over this window: everything that acts for someone acts for `actor`."""
        self.actor = actor
        self.ticket_actions.set_actor(actor)
        self.due.set_actor(actor)
        self.apply_role()
        self.refresh_status()
        self.load_detail(self.selected_ticket_id())

    def _ask_quit_from_login(self) -> bool:
        from ..common import ask

        return ask.confirm(self, self.tr("退出值班台"),
                           self.tr("没有人登录。要退出值班台程序吗？\n选择“否”回到登录窗口。"))
