"""A menu entry's text on a button: "派单(&D)…" → "派单", "&Dispatch…" → "Dispatch".

Windows show the same actions in a menu (with a mnemonic and an ellipsis) and on a
button or tool bar (without them); every room words its buttons through here.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence


def button_text(menu_text: str) -> str:
    """A menu text without its mnemonic and ellipsis."""
    return re.sub(r"\s*\(&\w\)", "", menu_text).replace("…", "").replace("&", "").strip()


def keyed_action(parent: QObject, text: str, slot: Callable[[], object] | None,
                 key: str | QKeySequence.StandardKey | None = None, name: str = "", tip: str = "") -> QAction:
    """A menu action named `name` (tests find it by that), with its shortcut `key` if any — a standard key
    gives the platform's keys (Refresh: F5 and Ctrl+R on Linux) — and a status-bar `tip`, running `slot()`;
    without a slot it starts disabled (its owner enables it and connects it)."""
    a = QAction(text, parent)
    if name:
        a.setObjectName(name)
    if isinstance(key, QKeySequence.StandardKey):
        a.setShortcuts(key)
    elif key:
        a.setShortcut(QKeySequence(key))
    if tip:
        a.setStatusTip(tip)
    if slot is not None:
        a.triggered.connect(lambda _=False: slot())
    else:
        a.setEnabled(False)
    return a
