"""管理 → 街道与社区: the street's name, its communities and its grids.

Two tabs (Ctrl+Tab switches) share one set of keys: Ins add, F2 rename or
edit (Enter on a row too), Ctrl+M merge two spellings of a community,
Del retire / reinstate, Shift+Del delete what nothing uses. Old tickets
keep the community's id, so they follow a rename or a merge.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from ...services import street as S
from ...services.context import Actor, Desk
from .base import EditorBase
from .community_model import CommunityModel
from .grid_edit_dialog import GridEditDialog
from .grid_model import GridModel


class StreetDialog(EditorBase):
    def __init__(self, desk: Desk, actor: Actor, parent=None):
        super().__init__(desk, actor, parent)
        self.setObjectName("adminStreetDialog")
        self.setWindowTitle(self.tr("街道与社区"))
        self.street_label = QLabel()
        self.street_label.setObjectName("streetName")
        self.communities = CommunityModel(self)
        self.grids = GridModel(self)
        self.community_view = self.table(self.communities, "communityTable")
        self.grid_view = self.table(self.grids, "gridTable")
        for view in (self.community_view, self.grid_view):
            view.activated.connect(lambda _i: self.rename_or_edit())
        self.tabs = QTabWidget()
        self.tabs.setObjectName("streetTabs")
        self.tabs.addTab(self.community_view, self.tr("社区(&1)"))
        self.tabs.addTab(self.grid_view, self.tr("网格(&2)"))
        self.tabs.currentChanged.connect(lambda _i: self._sync())
        # a test answers the grid form here: GridRow | None → values dict, or None for Cancel
        self.edit_grid_values: Callable[[S.GridRow | None], dict | None] = self._grid_form

        buttons = QHBoxLayout()
        self.command("actionStreetAdd", self.tr("添加(&A)…"), "Ins", self.add, buttons)
        self.command("actionStreetRename", self.tr("改名/编辑(&R)…"), "F2", self.rename_or_edit, buttons)
        self.command("actionStreetMerge", self.tr("合并(&M)…"), "Ctrl+M", self.merge, buttons)
        self.command("actionStreetRetire", self.tr("停用/恢复(&T)"), "Del", self.toggle_active, buttons)
        self.command("actionStreetDelete", self.tr("删除(&D)"), "Shift+Del", self.delete, buttons)
        self.command("actionStreetName", self.tr("街道名称(&S)…"), None, self.rename_street, buttons)

        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.street_label)
        hint = QLabel(self.tr("停用的社区和网格不再出现在新来电的选择中，旧工单照常显示它们的名称。"
                              "同一个地方的两种写法请用“合并”。"))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: gray;")
        lay.addWidget(hint)
        lay.addWidget(self.tabs)
        self.finish_layout(body, buttons)
        self.resize(820, 560)
        self.reload()
        self.community_view.setFocus()

    # -- reading -------------------------------------------------------------------
    def on_grids(self) -> bool:
        return self.tabs.currentWidget() is self.grid_view

    def reload(self) -> None:
        keep_c, keep_g = self.current_row(self.community_view), self.current_row(self.grid_view)
        self.communities.set_rows(S.list_communities(self.desk))
        self.grids.set_rows(S.list_grids(self.desk))
        for view, keep in ((self.community_view, keep_c), (self.grid_view, keep_g)):
            self.select(view, lambda r, k=keep: k is not None and r.id == k.id)
        for view, widths in ((self.community_view, (180, 120, 70)), (self.grid_view, (120, 90, 120, 300))):
            for i, w in enumerate(widths):
                view.setColumnWidth(i, w)
        name = S.street_name(self.desk)
        self.street_label.setText(self.tr("街道：{name}").format(name=name) if name else self.tr("街道：（未填写）"))
        self._sync()

    def _sync(self) -> None:
        self.commands["actionStreetMerge"].setEnabled(not self.on_grids())
        for b in self.findChildren(QWidget, "actionStreetMergeButton"):
            b.setEnabled(not self.on_grids())

    def _selected(self):
        view = self.grid_view if self.on_grids() else self.community_view
        return self.current_row(view)

    # -- commands ------------------------------------------------------------------
    def add(self) -> None:
        if self.on_grids():
            values = self.edit_grid_values(None)
            if values is not None:
                gid = self.run(S.add_grid, values["name"], values["worker"], values["phone"], values["community_ids"])
                if gid:
                    self.select(self.grid_view, lambda r: r.id == gid)
            return
        text = self.prompt_text(self.tr("添加社区"), self.tr("社区名称，每行一个（可以从 Excel 粘贴一列）："),
                                "", True)
        if text is None:
            return
        ids = self.run(S.add_communities, S.split_names(text))
        if ids:
            self.select(self.community_view, lambda r: r.id == ids[-1])

    def rename_or_edit(self) -> None:
        row = self._selected()
        if self.on_grids():
            if not self.need(row, self.tr("网格")):
                return
            values = self.edit_grid_values(row)
            if values is not None:
                self.run(S.edit_grid, row.id, **values, expected=row)
            return
        if not self.need(row, self.tr("社区")):
            return
        name = self.prompt_text(self.tr("社区改名"), self.tr("“{name}”的新名称（旧工单随之显示新名称）：")
                                .format(name=row.name), row.name)
        if name is not None:
            self.run(S.rename_community, row.id, name, expected=row.name)

    def merge(self) -> None:
        if self.on_grids():
            return
        row = self.current_row(self.community_view)
        if not self.need(row, self.tr("社区")):
            return
        items = [(c.name if c.active else self.tr("{name}（已停用）").format(name=c.name), c.id)
                 for c in self.communities.rows if c.id != row.id]
        keep = self.prompt_choice(self.tr("合并社区"), self.tr(
            "把“{name}”合并到哪个社区？它的 {n} 张工单、单位负责范围和重点人群都将移过去，然后删除“{name}”。")
            .format(name=row.name, n=row.tickets), items)
        if keep is None:
            return
        target = next(c for c in self.communities.rows if c.id == keep)
        if not self.confirm(self.tr("合并社区"), self.tr("确定把“{a}”合并到“{b}”吗？此操作不能撤销。")
                            .format(a=row.name, b=target.name)):
            return
        if self.run(S.merge_communities, keep, row.id):
            self.select(self.community_view, lambda r: r.id == keep)

    def toggle_active(self) -> None:
        row = self._selected()
        if not self.need(row, self.tr("网格") if self.on_grids() else self.tr("社区")):
            return
        fn = S.set_grid_active if self.on_grids() else S.set_community_active
        self.run(fn, row.id, not row.active)

    def delete(self) -> None:
        row = self._selected()
        if not self.need(row, self.tr("网格") if self.on_grids() else self.tr("社区")):
            return
        if not self.confirm(self.tr("删除"), self.tr("删除“{name}”吗？").format(name=row.name)):
            return
        self.run(S.delete_grid if self.on_grids() else S.delete_community, row.id)

    def rename_street(self) -> None:
        shown = S.street_name(self.desk)
        name = self.prompt_text(self.tr("街道名称"), self.tr("本值班台服务的街道（报表抬头使用）："), shown)
        if name is not None:
            self.run(S.set_street_name, name, expected=shown)

    def _grid_form(self, grid: S.GridRow | None) -> dict | None:
        dlg = GridEditDialog(grid, self.communities.rows, self)
        return dlg.values() if dlg.exec() == QDialog.DialogCode.Accepted else None
