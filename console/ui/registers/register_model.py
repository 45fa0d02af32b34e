"""The registers' table model, for both tabs: the special-group members (who, group,
community, phones, notes) and the handbook entries (question, category, answer). The
columns come in with the rows (MEMBER_HEADERS / HANDBOOK_HEADERS); the window caps a search
at registers_window.LIMIT rows, so the model holds one answer whole."""
from __future__ import annotations

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    Qt,
)

from ...services import registers as R
from ..common.plain_text import tooltip
from ..shell.i18n import is_english

ID_ROLE = Qt.ItemDataRole.UserRole + 1

MEMBER_HEADERS = (
    QT_TRANSLATE_NOOP("RegisterModel", "姓名"),
    QT_TRANSLATE_NOOP("RegisterModel", "人群类别"),
    QT_TRANSLATE_NOOP("RegisterModel", "电话"),
    QT_TRANSLATE_NOOP("RegisterModel", "社区"),
    QT_TRANSLATE_NOOP("RegisterModel", "地址"),
    QT_TRANSLATE_NOOP("RegisterModel", "需求"),
    QT_TRANSLATE_NOOP("RegisterModel", "网格员"),
)
HANDBOOK_HEADERS = (
    QT_TRANSLATE_NOOP("RegisterModel", "分类"),
    QT_TRANSLATE_NOOP("RegisterModel", "问题"),
    QT_TRANSLATE_NOOP("RegisterModel", "关键词"),
)


def _t(text: str) -> str:
    return QCoreApplication.translate("RegisterModel", text)


def _one_line(text: str, limit: int = 80) -> str:
    t = " ".join((text or "").split())
    return t if len(t) <= limit else t[: limit - 1] + "…"


class RegisterModel(QAbstractTableModel):
    """Rows of one register (dataclasses with `.id`), cells from a function per column."""

    def __init__(self, headers: tuple[str, ...], cells, parent=None):
        super().__init__(parent)
        self._headers, self._cells = headers, cells
        self._rows: list = []

    def set_rows(self, rows: list) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, i: int):
        return self._rows[i] if 0 <= i < len(self._rows) else None

    def row_of(self, row_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == row_id), -1)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self._headers):
            return _t(self._headers[section])
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        if role == ID_ROLE:
            return r.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells(r)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(self._cells(r)[index.column()])  # names and needs as typed, never markup
        return None

    def flags(self, index: QModelIndex):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def _member_cells(r: R.SpecialGroupRow) -> tuple[str, ...]:
    return (r.name, r.group, r.phone, r.community, _one_line(r.address), _one_line(r.needs), r.grid_worker)


def _entry_cells(r: R.HandbookRow) -> tuple[str, ...]:
    return (r.category or QCoreApplication.translate("RegisterModel", "通用"), _one_line(r.question), _one_line(r.keywords))


def member_text(r: R.SpecialGroupRow) -> str:
    lines = [f"{r.name} ({r.group})" if is_english() else f"{r.name}（{r.group}）", QCoreApplication.translate("RegisterModel", "电话：{v}").format(v=r.phone or "—"),
             QCoreApplication.translate("RegisterModel", "地址：{v}").format(v=" ".join(x for x in (r.community, r.address) if x) or "—"),
             QCoreApplication.translate("RegisterModel", "网格员：{v}").format(v=r.grid_worker or "—"), "", QCoreApplication.translate("RegisterModel", "需求："), r.needs or "—"]
    if r.notes:
        lines += ["", QCoreApplication.translate("RegisterModel", "备注："), r.notes]
    return "\n".join(lines)


def entry_text(r: R.HandbookRow) -> str:
    lines = [r.question, QCoreApplication.translate("RegisterModel", "分类：{v}").format(v=r.category or QCoreApplication.translate("RegisterModel", "通用"))]
    if r.keywords:
        lines.append(QCoreApplication.translate("RegisterModel", "关键词：{v}").format(v=r.keywords))
    return "\n".join(lines + ["", QCoreApplication.translate("RegisterModel", "答复："), r.answer])
