"""The rows a unit import refused, grouped by problem: one line per kind of error with the
sheet rows it hit ("第 3–7、12 行"), so a sheet with a hundred bad rows is read in a glance."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex, Qt

from ...sheets.sheet_rows import ErrorGroup, RowError, compress_rows, group_errors
from ..shell.i18n import is_english

ERROR_HEADERS = (QT_TRANSLATE_NOOP("ErrorGroupModel", "问题"), QT_TRANSLATE_NOOP("ErrorGroupModel", "行号"),
                 QT_TRANSLATE_NOOP("ErrorGroupModel", "行数"))


class ErrorGroupModel(QAbstractTableModel):
    """A sheet's problems, one line per cause with the rows it hit as ranges (console.sheets.sheet_rows).

    A 3,000-row register naming one unknown community is one line here, not 3,000;
    the per-row errors stay available (`row_errors`) for whoever needs them.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self._errors: list[RowError] = []
        self._groups: list[ErrorGroup] = []

    def set_errors(self, errors: list[RowError]) -> None:
        self.beginResetModel()
        self._errors = list(errors)
        self._groups = group_errors(self._errors)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._groups)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(ERROR_HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(ERROR_HEADERS):
            return QCoreApplication.translate("ErrorGroupModel", ERROR_HEADERS[section])
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._groups):
            return None
        g = self._groups[index.row()]
        lang = "en" if is_english() else "zh_CN"
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == 0:
                return g.cause(lang)
            if index.column() == 1:
                return compress_rows(g.rows, ", " if lang == "en" else "、")
            return str(len(g.rows))
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def groups(self) -> list[ErrorGroup]:
        return list(self._groups)

    def row_errors(self) -> list[RowError]:
        return list(self._errors)

    def row_numbers(self) -> list[int]:
        """Every bad row, once, in order."""
        return sorted({e.row_number for e in self._errors})

    def has_missing_names(self) -> bool:
        return any(g.missing for g in self._groups)
