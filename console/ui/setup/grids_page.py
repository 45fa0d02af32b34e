"""c. The grids (网格): name, grid worker, phone, and the communities each covers.

The communities come from the page before (typed, not yet written) plus
those the desk already has; a grid is kept by its names until the
assistant writes the plan (console.ui.setup.plan). Keyboard: type the grid,
Tab to the checkable list (Space ticks a community), "加入网格" (Alt+A) for
another grid, Enter for the next page (a grid still in the fields is added
then too).
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHeaderView,
    QLineEdit,
    QListView,
    QTableView,
)

from ...domain.errors import UserError, ValidationError
from ...domain.phone import normalise_phone
from ...services.street import clean_place_name
from .base import SetupPage
from .plan import STEP_GRIDS, GridPlan


class GridsPage(SetupPage):
    step = STEP_GRIDS

    def __init__(self, existing_grids: list[str], parent=None):
        super().__init__(parent)
        self.existing = set(existing_grids)
        self.communities_source = lambda: []  # set by the assistant: the names known so far
        self.grids: list[GridPlan] = []
        self.setTitle(self.tr("网格"))
        self.setSubTitle(self.tr("每个网格的名称、网格员和电话，以及它负责的社区（空格键勾选）。"
                                 "按“加入网格”再填下一个；可以跳过。"))
        form = QFormLayout()
        self.name = QLineEdit(self)
        self.name.setObjectName("setupGridName")
        self.worker = QLineEdit(self)
        self.worker.setObjectName("setupGridWorker")
        self.phone = QLineEdit(self)
        self.phone.setObjectName("setupGridPhone")
        form.addRow(self.tr("网格名称(&G)："), self.name)
        form.addRow(self.tr("网格员(&W)："), self.worker)
        form.addRow(self.tr("电话(&P)："), self.phone)
        self.covers_model = QStandardItemModel(self)
        self.covers = QListView(self)
        self.covers.setObjectName("setupGridCommunities")
        self.covers.setModel(self.covers_model)
        self.covers.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.covers.setMaximumHeight(self.covers.fontMetrics().lineSpacing() * 6 + 8)
        form.addRow(self.tr("负责社区(&C)："), self.covers)
        self.body.addLayout(form)
        self.add_button, self.remove_button = self.button_row(
            (self.tr("加入网格(&A)"), self.take_grid), (self.tr("删除所选(&D)"), self.remove_selected))
        self.table_model = QStandardItemModel(0, 4, self)
        self.table_model.setHorizontalHeaderLabels([self.tr("网格名称"), self.tr("网格员"), self.tr("电话"),
                                                    self.tr("负责社区")])
        self.table = QTableView(self)
        self.table.setObjectName("setupGridTable")
        self.table.setModel(self.table_model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        QShortcut(QKeySequence.StandardKey.Delete, self.table, self.remove_selected,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.body.addWidget(self.table, 1)
        self.first = self.name
        self.finish_layout()

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        """The communities of the page before, with the ticks kept for names still there."""
        ticked = set(self.ticked())
        self.covers_model.clear()
        taken = {c for g in self.grids for c in g.communities}
        for name in self.communities_source():
            if name in taken:
                continue  # a community belongs to one grid
            item = QStandardItem(name)
            item.setCheckable(True)
            item.setCheckState(Qt.CheckState.Checked if name in ticked else Qt.CheckState.Unchecked)
            self.covers_model.appendRow(item)
        if self.covers_model.rowCount():
            self.covers.setCurrentIndex(self.covers_model.index(0, 0))
        super().initializePage()

    def ticked(self) -> list[str]:
        m = self.covers_model
        return [m.item(r).text() for r in range(m.rowCount()) if m.item(r).checkState() == Qt.CheckState.Checked]

    def take_grid(self) -> bool:
        """The grid in the fields goes into the table (and its communities out of the list)."""
        try:
            name = clean_place_name(self.name.text(), "网格", "grid")
            if name in self.existing or any(g.name == name for g in self.grids):
                raise ValidationError(f"网格“{name}”已存在。", f"The grid {name!r} already exists.")
            worker = " ".join(self.worker.text().split())
            if len(worker) > 64:
                raise ValidationError("网格员姓名太长（最多 64 个字）。",
                                      "The grid worker's name is too long (at most 64).")
            phone = normalise_phone(self.phone.text().strip()) if self.phone.text().strip() else ""
        except UserError as e:
            return self.refuse(e)
        grid = GridPlan(name, worker, phone, self.ticked())
        self.grids.append(grid)
        self.table_model.appendRow([QStandardItem(grid.name), QStandardItem(grid.worker),
                                    QStandardItem(grid.phone), QStandardItem(self.tr("、").join(grid.communities))])
        for w in (self.name, self.worker, self.phone):
            w.clear()
        self.initializePage()
        return True

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()}, reverse=True)
        for r in rows:
            self.table_model.removeRows(r, 1)
            del self.grids[r]
        self.initializePage()

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        if self.name.text().strip():
            return self.take_grid()
        return True
