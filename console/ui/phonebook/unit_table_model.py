"""The phonebook's table: one row per unit (name, kind, who answers now, communities,
categories, phones, skills), and the unit as plain text for the pane beside the list.

The phonebook is hundreds of units, so the model holds one search's whole answer."""
from __future__ import annotations

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    Qt,
)

from ...domain.enums import UnitKind
from ...services import phonebook_reads as PR
from ..common.plain_text import tooltip
from ..shell.i18n import current_lang, is_english
from ..shell.theme import brush

UNIT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
HEADERS = (
    QT_TRANSLATE_NOOP("UnitTableModel", "单位名称"),
    QT_TRANSLATE_NOOP("UnitTableModel", "类别"),
    QT_TRANSLATE_NOOP("UnitTableModel", "现在"),
    QT_TRANSLATE_NOOP("UnitTableModel", "负责社区"),
    QT_TRANSLATE_NOOP("UnitTableModel", "负责分类"),
    QT_TRANSLATE_NOOP("UnitTableModel", "电话"),
    QT_TRANSLATE_NOOP("UnitTableModel", "擅长 / 备注"),
)
COL_NAME, COL_KIND, COL_NOW, COL_COMMUNITIES, COL_CATEGORIES, COL_PHONES, COL_SKILLS = range(len(HEADERS))


def _t(text: str) -> str:
    return QCoreApplication.translate("UnitTableModel", text)


def kind_label(code: str) -> str:
    try:
        return UnitKind(code).label(current_lang())
    except ValueError:
        return code


def sep() -> str:
    """Between names in a list: 、 in Chinese, a comma in English."""
    return ", " if is_english() else "、"


def communities_text(row: PR.UnitRow) -> str:
    return sep().join(row.communities) if row.communities else QCoreApplication.translate("UnitTableModel", "全街道")


def unit_text(row: PR.UnitRow) -> str:
    """The selected unit, as plain text for the pane beside the list (never markup)."""
    kind = f" ({kind_label(row.kind)})" if is_english() else f"（{kind_label(row.kind)}）"
    lines = [row.name + kind + ("" if row.active else "  " + QCoreApplication.translate("UnitTableModel", "已停用"))]
    lines.append(QCoreApplication.translate("UnitTableModel", "负责社区：{v}").format(v=communities_text(row)))
    lines.append(QCoreApplication.translate("UnitTableModel", "负责分类：{v}").format(v=sep().join(row.categories) or QCoreApplication.translate("UnitTableModel", "（未设置）")))
    if row.skills:
        lines.append(QCoreApplication.translate("UnitTableModel", "擅长：{v}").format(v=row.skills))
    if row.notes:
        lines.append(QCoreApplication.translate("UnitTableModel", "备注：{v}").format(v=row.notes))
    lines.append("")
    lines.append(QCoreApplication.translate("UnitTableModel", "联系人："))
    if not row.contacts:
        lines.append("  " + (needs_contacts_text() if row.origin == "import"
                             else QCoreApplication.translate("UnitTableModel", "（没有联系人）")))
    for c in row.contacts:
        who = " ".join(x for x in (c.person, c.role) if x) or QCoreApplication.translate("UnitTableModel", "（未填姓名）")
        state = QCoreApplication.translate("UnitTableModel", "现在在岗") if c.reachable_now else QCoreApplication.translate("UnitTableModel", "现在不在岗")
        duty = c.duty_hours or QCoreApplication.translate("UnitTableModel", "值班时间不详")
        lines.append(f"  {'●' if c.reachable_now else '○'} {who}  {c.phones}")
        lines.append(f"      {duty} — {state}")
    return "\n".join(lines)


def needs_contacts_text() -> str:
    """A unit an import created because a sheet named it: the desk still has to add its contacts."""
    return QCoreApplication.translate("UnitTableModel", "（导入时新建，待补充联系人：请编辑本单位添加联系人和值班时间）")


class UnitTableModel(QAbstractTableModel):
    """The units one search found (the phonebook is small enough to hold whole)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[PR.UnitRow] = []

    def set_rows(self, rows: list[PR.UnitRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(HEADERS):
            return _t(HEADERS[section])
        return None

    def unit(self, row: int) -> PR.UnitRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, unit_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == unit_id), -1)

    def names(self) -> list[str]:
        return [r.name for r in self._rows]

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == UNIT_ID_ROLE:
            return r.id
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_NAME:
                return r.name
            if col == COL_KIND:
                return kind_label(r.kind)
            if col == COL_NOW:
                if not r.active:
                    return QCoreApplication.translate("UnitTableModel", "停用")
                if not r.contacts:
                    return QCoreApplication.translate("UnitTableModel", "待补充联系人")
                return QCoreApplication.translate("UnitTableModel", "可联系") if r.reachable_now else QCoreApplication.translate("UnitTableModel", "不在岗")
            if col == COL_COMMUNITIES:
                return communities_text(r)
            if col == COL_CATEGORIES:
                return sep().join(r.categories)
            if col == COL_PHONES:
                on = [c for c in r.contacts if c.reachable_now] or list(r.contacts)
                return on[0].phones if on else ""
            if col == COL_SKILLS:
                return (r.skills or r.notes).replace("\n", " ")[:80]
        if role == Qt.ItemDataRole.ForegroundRole:
            if not r.active:
                return brush("dim")
            if col == COL_NOW and r.reachable_now:
                return brush("ok")
            if col == COL_NOW and not r.contacts:
                return brush("overdue")
        if role == Qt.ItemDataRole.ToolTipRole and col in (COL_COMMUNITIES, COL_CATEGORIES, COL_SKILLS):
            return tooltip(self.data(index, Qt.ItemDataRole.DisplayRole))
        return None

    def flags(self, index: QModelIndex):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
