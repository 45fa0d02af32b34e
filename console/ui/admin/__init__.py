"""管理 (admin) menu: editors for what the desk owns — its street, categories, request types, accounts,
its holiday calendar.

Supervisors and admins see the menu (accounts: admins only). Every editor
calls the services (which check the role again and audit old → new) and
sends each write's `Changes` through the main window's `apply_changes`, so
the pickers and filter lists of the window follow at once.

The room also holds the database's maintenance from the window (maintenance:
backup, check, restore), the settings dialog (外观与语言) and the audit view (操作记录).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ...domain.permissions import may

if TYPE_CHECKING:  # pragma: no cover
    from ..tickets.desk_windows import DeskHost

# name → (permission, module, class)
EDITORS = {
    "street": ("manage_street", "street_dialog", "StreetDialog"),
    "categories": ("manage_lists", "categories_dialog", "CategoriesEditorDialog"),
    "request_types": ("manage_lists", "request_types_dialog", "RequestTypesDialog"),
    "accounts": ("manage_accounts", "accounts_dialog", "AccountsDialog"),
    "calendar": ("manage_desk", "calendar_dialog", "CalendarDialog"),
}


def may_open(role: str, name: str) -> bool:
    return may(role, EDITORS[name][0])


def open_editor(window: DeskHost, name: str):
    """Open (or raise) one editor, window-modal over the main window; returns the dialog."""
    import importlib

    _perm, module, cls_name = EDITORS[name]
    open_ = window.admin_dialogs
    dlg = open_.get(name)
    if dlg is not None and dlg.isVisible():
        dlg.raise_()
        dlg.activateWindow()
        return dlg
    cls = getattr(importlib.import_module(f"{__name__}.{module}"), cls_name)
    dlg = cls(window.desk, window.actor, window)
    dlg.changed.connect(window.apply_changes)
    dlg.finished.connect(lambda _r, n=name: open_.pop(n, None))
    open_[name] = dlg
    dlg.open()
    return dlg


def close_all(window: DeskHost) -> None:
    """Log out: the editors belong to the person who opened them."""
    for dlg in list(window.admin_dialogs.values()):
        dlg.reject()
