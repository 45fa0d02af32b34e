"""Qt's lazy loading for the window's long lists, written once (tickets, missed calls).

A list that grows for years is read a keyset page at a time: the view asks
`canFetchMore` / `fetchMore` as it scrolls, and `reload` starts again from
the top. Two rules keep that correct under any slot connected to the model:

- a reload reads its first page *inside* the reset, so a view gets one reset
  that already holds rows (never a reset followed by an insert);
- while a page is being read and announced (`_loading`), a `fetchMore`
  called back from one of the model's own signals (a view, a completer,
  Qt's QAbstractItemModelTester) does nothing instead of reading the same
  page twice from a half-updated cursor.

A subclass says how a page is read and kept: `_next_page()` (the rows after
the last loaded one; sets `_exhausted` on a short page), `_append(rows)` and
`_forget()` (drop everything loaded, cursor back to the top).
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex


class KeysetTableModel(QAbstractTableModel):
    """A table read in keyset pages; see the module's docstring for what a subclass provides."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._exhausted = False  # the last page read was short: nothing more below
        self._loading = False  # a page is being read and announced: fetchMore called back is ignored

    # -- what a subclass provides ------------------------------------------------
    def _next_page(self) -> list[Any]:
        raise NotImplementedError

    def _append(self, rows: list[Any]) -> None:
        raise NotImplementedError

    def _forget(self) -> None:
        raise NotImplementedError

    # -- Qt's lazy loading -----------------------------------------------------------
    @contextmanager
    def _load(self) -> Iterator[None]:
        """Mark a load (or any change of the loaded rows) as under way."""
        self._loading = True
        try:
            yield
        finally:
            self._loading = False

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: N802, B008
        if parent.isValid() or self._exhausted or self._loading:
            return
        with self._load():
            rows = self._next_page()
            if rows:
                first = self.rowCount()
                self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
                self._append(rows)
                self.endInsertRows()

    def reload(self) -> None:
        """Forget everything loaded and show the first page again, in one reset."""
        with self._load():
            self.beginResetModel()
            self._exhausted = False
            self._forget()
            self._append(self._next_page())
            self.endResetModel()
