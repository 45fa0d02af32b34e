"""The main window's layout across runs: size and place, docks, the list's columns and order.

Kept in QSettings (mainWindow/geometry, mainWindow/state, mainWindow/tableHeader) when
the window closes or the operator logs out, and put back when it opens. A settings file
edited by hand (or damaged) may hold anything under those keys: such a value is
dropped with a log line, and the default layout is used, never a crash at every start.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QGuiApplication

from ..due.due_queue_panel import PANEL_WIDTH as DUE_PANEL_WIDTH

if TYPE_CHECKING:  # pragma: no cover
    from .main_window import MainWindow

log = logging.getLogger(__name__)

GEOMETRY, STATE, TABLE_HEADER = "mainWindow/geometry", "mainWindow/state", "mainWindow/tableHeader"


def saved_bytes(settings: QSettings, key: str) -> QByteArray | None:
    """A saved geometry or state, or None: a settings file edited by hand (or damaged) may hold
    text or numbers here, which Qt's restore functions refuse with a TypeError at every start."""
    v = settings.value(key)
    if isinstance(v, (QByteArray, bytes, bytearray)):
        return QByteArray(bytes(v)) if not isinstance(v, QByteArray) else v
    if v is not None:
        log.warning("ignoring %s in the settings: not a saved window state (%s)", key, type(v).__name__)
        settings.remove(key)
    return None


def restore_layout(w: MainWindow) -> None:
    """Put back what the last run saved; the default size and docks where nothing usable was saved."""
    geo = saved_bytes(w.settings, GEOMETRY)
    if geo is None or not w.restoreGeometry(geo):
        screen = QGuiApplication.primaryScreen()
        avail = screen.availableGeometry() if screen else None
        if avail is not None and avail.width() > 0:
            w.resize(min(1366, avail.width()), min(768, avail.height()))
        else:
            w.resize(1366, 768)
    state = saved_bytes(w.settings, STATE)
    if state is not None and not w.restoreState(state):
        state = None  # not a state this window can use: the default layout below
    header = saved_bytes(w.settings, TABLE_HEADER)
    if header is not None:
        hh = w.table.horizontalHeader()
        hh.restoreState(header)  # with the order the list was left in
        w._on_sort_indicator(hh.sortIndicatorSection(), hh.sortIndicatorOrder())
    if state is None:
        w.resizeDocks([w.detail_dock], [380], Qt.Orientation.Horizontal)
        w.resizeDocks([w.due.dock], [DUE_PANEL_WIDTH], Qt.Orientation.Horizontal)
        w.resizeDocks([w.due.dock, w.detail_dock], [300, 370], Qt.Orientation.Vertical)


def save_layout(w: MainWindow) -> None:
    s = w.settings
    s.setValue(GEOMETRY, w.saveGeometry())
    s.setValue(STATE, w.saveState())
    s.setValue(TABLE_HEADER, w.table.horizontalHeader().saveState())
    s.sync()
