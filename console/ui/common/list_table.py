"""The read-only list table shared by the desk's list windows.

Why: the missed-calls, phonebook and registers windows show their rows the same
way (whole-row single selection, no editing, Tab leaves the table, compact fixed
rows, last column stretched); one function keeps them alike.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


def list_table(model: QAbstractItemModel, object_name: str, parent: QWidget | None = None) -> QTableView:
    """A QTableView on `model` set up as a read-only, one-row-at-a-time list."""
    table = QTableView(parent)
    table.setObjectName(object_name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    vh = table.verticalHeader()
    vh.hide()
    vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vh.setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.horizontalHeader().setStretchLastSection(True)
    return table
