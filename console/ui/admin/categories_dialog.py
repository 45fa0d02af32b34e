"""管理 → 问题分类: the two-level category tree — add, rename, move, retire, code.

Keys: Ins a sub-category under the selected top-level one, Ctrl+Ins a
top-level one, F2 rename, Ctrl+M move (under another top-level one or to
the top), Del retire / reinstate, Ctrl+E the code (a city platform's or
GB/T 39666) that exports carry. Tickets keep the category's id, so they
follow every change; a retired category leaves New Call's picker only.
"""
from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QTreeView

from ...services import categories as C
from ...services.context import Actor, Desk
from .base import EditorBase
from .category_tree_model import CategoryTreeModel
from .rows_model import ROW_ROLE

TOP_LEVEL = 0  # the "move to the top" choice (None means Cancel in a prompt)


class CategoriesEditorDialog(EditorBase):
    def __init__(self, desk: Desk, actor: Actor, parent=None):
        super().__init__(desk, actor, parent)
        self.setObjectName("adminCategoriesDialog")
        self.setWindowTitle(self.tr("问题分类"))
        self.model = CategoryTreeModel(self)
        self.tree = QTreeView()
        self.tree.setObjectName("categoryTree")
        self.tree.setModel(self.model)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setAlternatingRowColors(True)
        self.tree.activated.connect(lambda _i: self.rename())
        buttons = QHBoxLayout()
        self.command("actionCategoryAddChild", self.tr("添加子分类(&A)…"), "Ins", self.add_child, buttons)
        self.command("actionCategoryAddTop", self.tr("添加一级分类(&N)…"), "Ctrl+Ins", self.add_top, buttons)
        self.command("actionCategoryRename", self.tr("改名(&R)…"), "F2", self.rename, buttons)
        self.command("actionCategoryMove", self.tr("移动(&M)…"), "Ctrl+M", self.move, buttons)
        self.command("actionCategoryRetire", self.tr("停用/恢复(&T)"), "Del", self.toggle_active, buttons)
        self.command("actionCategoryCode", self.tr("代码(&O)…"), "Ctrl+E", self.set_code, buttons)
        self.finish_layout(self.tree, buttons)
        self.resize(760, 560)
        self.reload()
        self.tree.setFocus()

    def reload(self) -> None:
        keep = self.current()
        self.model.set_choices(C.category_choices(self.desk, include_retired=True))
        self.tree.expandAll()
        self.tree.setColumnWidth(0, 300)
        self.tree.setColumnWidth(1, 140)
        self.select_id(keep.id if keep else None)

    def current(self) -> C.CategoryChoice | None:
        idx = self.tree.selectionModel().currentIndex() if self.tree.selectionModel() else None
        return idx.data(ROW_ROLE) if idx is not None and idx.isValid() else None

    def select_id(self, category_id: int | None) -> None:
        idx = self.model.index_of(category_id) if category_id is not None else None
        if idx is None and self.model.rowCount():
            idx = self.model.index(0, 0)
        if idx is not None:
            self.tree.setCurrentIndex(idx)

    # -- commands ------------------------------------------------------------------
    def _add(self, parent_id: int | None, where: str) -> None:
        name = self.prompt_text(self.tr("添加分类"), where)
        if name is None:
            return
        cid = self.run(C.create_category, name, parent_id)
        if cid:
            self.select_id(cid)

    def add_top(self) -> None:
        self._add(None, self.tr("一级分类名称："))

    def add_child(self) -> None:
        cur = self.current()
        if not self.need(cur, self.tr("一级分类")):
            return
        parent = cur.id if cur.parent_id is None else cur.parent_id
        name = next(c.name for c in self.model.choices if c.id == parent)
        self._add(parent, self.tr("“{parent}”下的子分类名称：").format(parent=name))

    def rename(self) -> None:
        cur = self.current()
        if not self.need(cur, self.tr("分类")):
            return
        name = self.prompt_text(self.tr("分类改名"), self.tr("“{name}”的新名称（旧工单随之显示新名称）：")
                                .format(name=cur.path), cur.name)
        if name is not None:
            self.run(C.rename_category, cur.id, name, expected=cur.name)

    def move(self) -> None:
        cur = self.current()
        if not self.need(cur, self.tr("分类")):
            return
        items = [(self.tr("（作为一级分类）"), TOP_LEVEL)]
        items += [(c.name, c.id) for c in self.model.choices
                  if c.parent_id is None and c.id != cur.id and c.active]
        to = self.prompt_choice(self.tr("移动分类"), self.tr("把“{name}”移到：").format(name=cur.path), items)
        if to is None:
            return
        self.run(C.move_category, cur.id, None if to == TOP_LEVEL else to)

    def toggle_active(self) -> None:
        cur = self.current()
        if not self.need(cur, self.tr("分类")):
            return
        self.run(C.set_category_active, cur.id, not cur.own_active)

    def set_code(self) -> None:
        cur = self.current()
        if not self.need(cur, self.tr("分类")):
            return
        code = self.prompt_text(self.tr("分类代码"), self.tr(
            "“{name}”的代码（市级平台或 GB/T 39666 代码；英文字母、数字和 . - _；留空表示没有）：")
            .format(name=cur.path), cur.code)
        if code is not None:
            self.run(C.set_category_code, cur.id, code, expected=cur.code or "")
