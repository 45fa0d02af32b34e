"""The main window's menu bar and tool bar: where each of its actions sits.

The actions themselves are the window's and its rooms' (MainWindow._build_actions, TicketActions,
DeskPrinting, DueAlerts); this only arranges them — each print beside the step whose sheet it prints, the
administrators' menu for those who may — so the arrangement reads as one table and the window's own module
keeps to its behaviour.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QToolBar

from ...domain.lifecycle import Action
from ..common.menu_text import button_text

if TYPE_CHECKING:
    from .main_window import MainWindow


class WindowMenus(QObject):
    """Builds the menus and the tool bar of `w` (once, at start); keeps `w.view_menu`, `w.admin_menu` and
    `w.toolbar` on the window, where the role switch and the layout find them."""

    def __init__(self, w: MainWindow) -> None:
        super().__init__(w)
        self.w = w

    def build(self) -> None:
        self._menus()
        self._toolbar()

    def _menus(self) -> None:
        w = self.w
        mb = w.menuBar()
        m = mb.addMenu(self.tr("文件(&F)"))
        m.addAction(w.act_backup)
        export_menu = m.addMenu(self.tr("导出(&E)"))
        export_menu.setObjectName("exportMenu")
        export_menu.addActions([w.act_export_shift_log, w.act_export_quarterly, w.act_export_bulletin,
                                w.act_export_open311])
        m.addAction(w.act_import_tickets)
        m.addAction(w.printing.act_print_shift_log)
        m.addSeparator()
        m.addAction(w.act_log_out)
        m.addAction(w.act_quit)
        m = mb.addMenu(self.tr("工单(&T)"))
        m.addActions([w.act_new_call, w.act_missed, w.act_missed_list, w.act_find])
        m.addSeparator()
        from .ticket_actions import MENU_GROUPS
        prints = {Action.DISPATCH: w.printing.act_print_dispatch, Action.PRESS: w.printing.act_print_notice}
        for group in MENU_GROUPS:
            for a in group:  # each print beside the step whose sheet it prints
                m.addActions([w.ticket_actions.actions[a]] + ([prints[a]] if a in prints else []))
            if Action.ADD_PHOTO in group:
                m.addAction(w.ticket_actions.paste_photo_action)
                m.addAction(w.ticket_actions.confidential_action)
            m.addSeparator()
        m.addAction(w.ticket_actions.undo_action)
        m.addSeparator()
        m.addAction(w.due.act_snooze)
        m = mb.addMenu(self.tr("电话簿(&P)"))
        m.addActions([w.act_phonebook, w.act_registers])
        m = mb.addMenu(self.tr("班次(&S)"))
        m.addActions([w.act_open_shift, w.act_handover_note, w.act_close_shift])
        m.addSeparator()
        m.addAction(w.act_shift_tickets)
        w.view_menu = mb.addMenu(self.tr("视图(&V)"))
        w.view_menu.addAction(w.act_refresh)
        sort_menu = w.view_menu.addMenu(self.tr("排序(&O)"))
        sort_menu.setObjectName("sortMenu")
        sort_menu.addActions(list(w.sort_actions.values()))
        sort_menu.addSeparator()
        sort_menu.addAction(w.act_sort_descending)
        w.view_menu.addSeparator()
        dock_toggle = w.detail_dock.toggleViewAction()
        dock_toggle.setText(self.tr("工单详情(&D)"))
        w.view_menu.addAction(dock_toggle)
        w.view_menu.addAction(w.due.act_focus)
        w.view_menu.addAction(w.due.act_audit)
        m = mb.addMenu(self.tr("设置(&E)"))
        m.addAction(w.act_settings)  # everyone's; the rules entry shows only for supervisors
        m.addAction(w.act_phone_link)
        m.addAction(w.act_setup_assistant)
        m.addAction(w.due.act_rules)
        w.admin_menu = mb.addMenu(self.tr("管理(&A)"))  # supervisors and admins (console.ui.admin)
        w.admin_menu.setObjectName("adminMenu")
        w.admin_menu.addActions(list(w.admin_actions.values()))
        w.admin_menu.addSeparator()
        w.admin_menu.addActions([w.act_check_db, w.act_restore_db])
        w.apply_role()
        m = mb.addMenu(self.tr("帮助(&H)"))
        m.addActions([w.act_simulate_ring, w.act_logs, w.act_about])

    def _toolbar(self) -> None:
        w = self.w
        tb = QToolBar(self.tr("工具栏"), w)
        tb.setObjectName("mainToolBar")
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        tb.setMovable(False)
        tb.addActions([w.act_new_call, w.act_missed, w.act_phonebook])
        tb.addSeparator()
        ta = w.ticket_actions.actions
        tb.addActions([ta[Action.DISPATCH], ta[Action.CHECK_BACK_CAME], ta[Action.RESOLVE], ta[Action.SATISFIED]])
        tb.addSeparator()
        tb.addAction(w.act_refresh)
        for a in tb.actions():  # "新来电(&N)…" reads "新来电" on a button
            if not a.isSeparator():
                a.setIconText(button_text(a.text()))
        w.addToolBar(Qt.ToolBarArea.TopToolBarArea, tb)
        w.toolbar = tb
        toggle = tb.toggleViewAction()
        toggle.setText(self.tr("工具栏(&T)"))
        w.view_menu.addAction(toggle)
