"""The ticket list's view: one row per ticket, whole rows selected, no editing, columns sized
for the font in use (a larger 设置 → 字号 widens them) and sortable where an index orders them.

The window connects the signals (selection, sort indicator); this only shapes the view.
"""
from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from ...domain.enums import Status
from .ticket_table_model import (
    COL_CALLER,
    COL_CATEGORY,
    COL_COMMUNITY,
    COL_CONTENT,
    COL_NUMBER,
    COL_PHONE,
    COL_RECEIVED,
    COL_STATUS,
    COL_UNIT,
    DEFAULT_SORT,
    TicketTableModel,
    status_label,
)

DEFAULT_WIDTHS = {COL_NUMBER: 118, COL_RECEIVED: 128, COL_STATUS: 66, COL_CALLER: 72, COL_PHONE: 104,
                  COL_COMMUNITY: 84, COL_CATEGORY: 104, COL_UNIT: 110, COL_CONTENT: 240}


def ticket_table(model: TicketTableModel) -> QTableView:
    """A QTableView over `model`, set up for a keyboard: arrows move, Tab leaves the table."""
    table = QTableView()
    table.setObjectName("ticketTable")
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    vh = table.verticalHeader()
    vh.hide()
    vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row measuring on 100,000 rows
    vh.setDefaultSectionSize(table.fontMetrics().height() + 8)
    hh = table.horizontalHeader()
    hh.setObjectName("ticketTableHeader")
    hh.setStretchLastSection(True)
    hh.setHighlightSections(False)
    fm = table.fontMetrics()
    # widths were chosen for the default font: grow them with a larger font size (设置 → 字号)
    scale = max(1.0, (fm.horizontalAdvance("20261122-0007") + 14) / DEFAULT_WIDTHS[COL_NUMBER])
    for col, w in DEFAULT_WIDTHS.items():
        hh.resizeSection(col, round(w * scale))
    # status labels are longer in English than in Chinese
    hh.resizeSection(COL_STATUS, max(DEFAULT_WIDTHS[COL_STATUS],
                                     max(fm.horizontalAdvance(status_label(s)) for s in Status) + 14))
    # sortable where an index orders the column (console.ui.tickets.ticket_table_model.SORT_KEYS)
    hh.setSectionsClickable(True)
    hh.setSortIndicatorShown(True)
    hh.setSortIndicator(*DEFAULT_SORT)
    return table
