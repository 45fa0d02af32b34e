"""One grid: its name, grid worker, phone and the communities it covers (ticked)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from ...services.street import CommunityRow, GridRow
from .buttons import ok_cancel


class GridEditDialog(QDialog):
    """Space ticks a community; a community ticked here leaves the grid it was in."""

    def __init__(self, grid: GridRow | None, communities: list[CommunityRow], parent=None):
        super().__init__(parent)
        self.setObjectName("gridEditDialog")
        self.setWindowTitle(self.tr("编辑网格") if grid else self.tr("新建网格"))
        self.name_edit = QLineEdit(grid.name if grid else "")
        self.name_edit.setObjectName("gridName")
        self.worker_edit = QLineEdit(grid.worker if grid else "")
        self.worker_edit.setObjectName("gridWorker")
        self.phone_edit = QLineEdit(grid.phone if grid else "")
        self.phone_edit.setObjectName("gridPhone")
        self.list = QListWidget()
        self.list.setObjectName("gridCommunities")
        for c in communities:
            text = c.name if not c.grid or (grid and c.grid_id == grid.id) else \
                self.tr("{name}（现属 {grid}）").format(name=c.name, grid=c.grid)
            it = QListWidgetItem(text)
            it.setData(Qt.ItemDataRole.UserRole, c.id)
            it.setFlags(it.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            mine = grid is not None and c.grid_id == grid.id
            it.setCheckState(Qt.CheckState.Checked if mine else Qt.CheckState.Unchecked)
            self.list.addItem(it)
        if self.list.count():
            self.list.setCurrentRow(0)
        form = QFormLayout()
        for text, w in ((self.tr("网格名称(&N)："), self.name_edit), (self.tr("网格员(&W)："), self.worker_edit),
                        (self.tr("电话(&P)："), self.phone_edit), (self.tr("负责社区(&M)："), self.list)):
            lab = QLabel(text)
            lab.setBuddy(w)
            form.addRow(lab, w)
        buttons, _ok = ok_cancel(self, self.tr("保存"))
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        hint = QLabel(self.tr("空格键勾选社区；Enter 保存，Esc 取消。"))
        hint.setStyleSheet("color: gray;")
        lay.addWidget(hint)
        lay.addWidget(buttons)
        self.resize(420, 460)
        self.name_edit.setFocus()

    def values(self) -> dict:
        ids = [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
               if self.list.item(i).checkState() == Qt.CheckState.Checked]
        return {"name": self.name_edit.text(), "worker": self.worker_edit.text(), "phone": self.phone_edit.text(),
                "community_ids": ids}
