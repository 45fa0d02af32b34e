"""The entries a picker offers (PickEntry: id, text, pinyin initials), how a typed query
filters and orders them (filter_entries: exact and prefix matches first), and the list
model the completer's popup shows."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from ...domain.initials import matches

ID_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class PickEntry:
    """One line of a picker: what is shown, what is put in the field, what it means."""

    id: int
    text: str  # put into the line edit and matched (嘉宏三村, 水电气/停电)
    initials: tuple[str, ...]  # pinyin initials matched too (jhsc; td and sdqtd)
    hint: str = ""  # shown after the text in the popup (the grid, for communities)


def _rank(query: str, e: PickEntry) -> int:
    """Better matches first: the start of the text or of the initials beats the middle."""
    q = query.strip().lower()
    if e.text == query.strip():
        return 0
    if e.text.startswith(query.strip()) or any(i.startswith(q) for i in e.initials):
        return 1
    return 2


class ChoiceListModel(QAbstractListModel):
    """The entries that match the typed text, in list order, best matches first."""

    def __init__(self, entries: list[PickEntry], parent: QObject | None = None):
        super().__init__(parent)
        self._all = list(entries)
        self._rows = list(entries)

    def set_entries(self, entries: list[PickEntry]) -> None:
        self.beginResetModel()
        self._all = list(entries)
        self._rows = list(entries)
        self.endResetModel()

    def set_filter(self, query: str) -> None:
        self.beginResetModel()
        self._rows = filter_entries(self._all, query)
        self.endResetModel()

    def entries(self) -> list[PickEntry]:
        return list(self._all)

    def rows(self) -> list[PickEntry]:
        return list(self._rows)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        e = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{e.text}　{e.hint}" if e.hint else e.text
        if role == Qt.ItemDataRole.EditRole:
            return e.text
        if role == ID_ROLE:
            return e.id
        return None


def filter_entries(entries: list[PickEntry], query: str) -> list[PickEntry]:
    """Entries whose text or initials contain the query (case, width, spaces ignored)."""
    if not query.strip():
        return list(entries)
    hits = [e for e in entries
            if any(matches(query, e.text, i) for i in e.initials) or matches(query, e.text, "")]
    return sorted(hits, key=lambda e: _rank(query, e))  # sorted() is stable: list order within a rank
