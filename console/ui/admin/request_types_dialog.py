"""管理 → 诉求类型: rename, add, retire (Ins, F2, Del).

A desk-added type gets a code of its own (x1, x2 …) that tickets point at;
a retired one is no longer offered in New Call, and old tickets keep it.
"""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout

from ...services import request_types as R
from ...services.context import Actor, Desk
from .base import EditorBase
from .request_type_model import RequestTypeModel


class RequestTypesDialog(EditorBase):
    def __init__(self, desk: Desk, actor: Actor, parent=None):
        super().__init__(desk, actor, parent)
        self.setObjectName("adminRequestTypesDialog")
        self.setWindowTitle(self.tr("诉求类型"))
        self.model = RequestTypeModel(self)
        self.view = self.table(self.model, "requestTypeTable")
        self.view.activated.connect(lambda _i: self.rename())
        buttons = QHBoxLayout()
        self.command("actionRequestTypeAdd", self.tr("添加(&A)…"), "Ins", self.add, buttons)
        self.command("actionRequestTypeRename", self.tr("改名(&R)…"), "F2", self.rename, buttons)
        self.command("actionRequestTypeRetire", self.tr("停用/恢复(&T)"), "Del", self.toggle_active, buttons)
        self.finish_layout(self.view, buttons)
        self.resize(560, 400)
        self.reload()
        self.view.setFocus()

    def reload(self) -> None:
        keep = self.current_row(self.view)
        self.model.set_rows(R.list_request_types(self.desk, with_counts=True))
        for col, width in enumerate((140, 100, 90, 70)):  # the status column takes the rest
            self.view.setColumnWidth(col, width)
        self.select(self.view, lambda r: keep is not None and r.code == keep.code)

    def add(self) -> None:
        name = self.prompt_text(self.tr("添加诉求类型"), self.tr("诉求类型名称："))
        if name is None:
            return
        code = self.run(R.add_request_type, name)
        if code:
            self.select(self.view, lambda r: r.code == code)

    def rename(self) -> None:
        row = self.current_row(self.view)
        if not self.need(row, self.tr("诉求类型")):
            return
        name = self.prompt_text(self.tr("诉求类型改名"), self.tr("“{name}”的新名称：").format(name=row.name), row.name)
        if name is not None:
            self.run(R.rename_request_type, row.code, name, expected=row.name)

    def toggle_active(self) -> None:
        row = self.current_row(self.view)
        if self.need(row, self.tr("诉求类型")):
            self.run(R.set_request_type_active, row.code, not row.active)
