"""The tray icon: due counts in its tooltip, alerts as notifications, the queue in its menu.

Only when the desktop has a tray (`QSystemTrayIcon.isSystemTrayAvailable()`):
offscreen, on some Linux desktops and in the tests there is none, and the
window works the same without it — alerts still show in the queue, the
status bar, the window's title bar flag and the sound. The menu is rebuilt
each time it opens (aboutToShow) from the items the queue shows now, so it
never offers an item another seat has already done.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from ...services.context import Desk
from ...services.deadlines import DueItem
from ..due.due_queue_model import countdown_text, kind_label

MENU_ITEMS = 8


def tray_tooltip(due: int, overdue: int) -> str:
    return QApplication.translate("DeskTray", "社区服务热线值班台\n超时 {overdue} · 一小时内到期 {due}").format(
        due=due, overdue=overdue)


def item_line(item: DueItem, desk: Desk, now) -> str:
    what = item.ticket_number or QApplication.translate("DeskTray", "未接来电")
    return f"{kind_label(item.kind)} {what} · {countdown_text(item.due_at, now)}"


def alert_message(items: Sequence[DueItem], desk: Desk, now) -> tuple[str, str]:
    """(title, text) of the notification for the items that rang."""
    if len(items) == 1:
        title = QApplication.translate("DeskTray", "到期提醒：{kind}").format(kind=kind_label(items[0].kind))
    else:
        title = QApplication.translate("DeskTray", "{n} 项到期提醒").format(n=len(items))
    lines = [item_line(i, desk, now) for i in items[:4]]
    if len(items) > 4:
        lines.append(QApplication.translate("DeskTray", "……还有 {n} 项").format(n=len(items) - 4))
    return title, "\n".join(lines)


class DeskTray(QObject):
    """The tray icon, or nothing at all when the desktop has no tray."""

    show_window = Signal()
    open_item = Signal(object)  # DueItem chosen from the menu
    quit_requested = Signal()

    def __init__(self, desk: Desk, items: Callable[[], Sequence[DueItem]], icon: QIcon, parent=None, *,
                 force: bool = False):
        """`items`: the queue as shown now. `force` builds the menu even without a tray (tests)."""
        super().__init__(parent)
        self._desk = desk
        self._items = items
        self.available = QSystemTrayIcon.isSystemTrayAvailable()
        self.icon: QSystemTrayIcon | None = None
        self.menu: QMenu | None = None
        self.tooltip = tray_tooltip(0, 0)
        self.messages: list[tuple[str, str]] = []
        if not (self.available or force):
            return
        self.menu = QMenu()
        self.menu.aboutToShow.connect(self.rebuild_menu)
        if self.available:
            self.icon = QSystemTrayIcon(icon, self)
            self.icon.setContextMenu(self.menu)
            self.icon.setToolTip(self.tooltip)
            self.icon.activated.connect(self._activated)
            self.icon.messageClicked.connect(self.show_window.emit)
            self.icon.show()
        self.rebuild_menu()

    def _activated(self, reason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.show_window.emit()

    def set_counts(self, due: int, overdue: int) -> None:
        self.tooltip = tray_tooltip(due, overdue)
        if self.icon is not None:
            self.icon.setToolTip(self.tooltip)

    def notify(self, items: Sequence[DueItem]) -> bool:
        """A notification for the items that rang; False when there is no tray to show it."""
        title, text = alert_message(items, self._desk, self._desk.now())
        self.messages.append((title, text))
        if self.icon is None or not QSystemTrayIcon.supportsMessages():
            return False
        self.icon.showMessage(title, text, QSystemTrayIcon.MessageIcon.Warning, 15_000)
        return True

    def rebuild_menu(self) -> None:
        """Fresh from the queue each time the menu opens."""
        m = self.menu
        if m is None:
            return
        m.clear()
        a = QAction(QApplication.translate("DeskTray", "显示值班台"), m)
        a.triggered.connect(lambda _=False: self.show_window.emit())
        m.addAction(a)
        m.addSeparator()
        items = list(self._items())
        now = self._desk.now()
        if not items:
            empty = QAction(QApplication.translate("DeskTray", "一小时内没有到期的事项"), m)
            empty.setEnabled(False)
            m.addAction(empty)
        for it in items[:MENU_ITEMS]:
            a = QAction(item_line(it, self._desk, now), m)
            a.triggered.connect(lambda _=False, it=it: self.open_item.emit(it))
            m.addAction(a)
        if len(items) > MENU_ITEMS:
            more = QAction(QApplication.translate("DeskTray", "……还有 {n} 项").format(n=len(items) - MENU_ITEMS), m)
            more.triggered.connect(lambda _=False: self.show_window.emit())
            m.addAction(more)
        m.addSeparator()
        q = QAction(QApplication.translate("DeskTray", "退出"), m)
        q.triggered.connect(lambda _=False: self.quit_requested.emit())
        m.addAction(q)

    def close(self) -> None:
        if self.icon is not None:
            self.icon.hide()
            self.icon.deleteLater()
            self.icon = None
        if self.menu is not None:
            self.menu.deleteLater()
            self.menu = None
