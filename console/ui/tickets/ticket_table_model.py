"""The ticket list: newest first, loaded a page at a time as the operator scrolls.

A desk keeps every ticket for years, so the model never loads them all: it
holds the ids and display strings of the pages fetched so far and asks the
store for the next keyset page (`received_at, id` below the last row seen)
in `fetchMore`. Filters (status, the ids a search found, received days,
category, community, unit) are WHERE clauses
built by console.store.queries, never a Python proxy.

The list can be sorted by the columns an index orders (number, received
time, status, phone: console.store.queries.TICKET_ORDERS); the other columns
would need the whole table sorted for every page, so `sort` ignores them.

After a write, `refresh()` re-reads the loaded window and applies the
difference as row removals, insertions and narrow `dataChanged`s, so the
view's selection (a persistent index) stays on the same ticket.
"""
from __future__ import annotations

from collections.abc import Iterable
from difflib import SequenceMatcher

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ...domain.enums import Status
from ...domain.lifecycle import NOT_COUNTED_CODES
from ...domain.masking import private
from ...domain.phone import mask_phone
from ...services.context import Desk
from ...services.ticket_list import ListRead, TicketBrief, TicketWhere, list_filter, list_read
from ..common.keyset_model import KeysetTableModel
from ..common.plain_text import tooltip
from ..shell.i18n import current_lang

PAGE_SIZE = 200
CONTENT_CHARS = 60

COL_NUMBER, COL_RECEIVED, COL_STATUS, COL_CALLER, COL_PHONE, COL_COMMUNITY, COL_CATEGORY, COL_UNIT, \
    COL_CONTENT = range(9)


HEADERS = (
    QT_TRANSLATE_NOOP("TicketTableModel", "编号"),
    QT_TRANSLATE_NOOP("TicketTableModel", "受理时间"),
    QT_TRANSLATE_NOOP("TicketTableModel", "状态"),
    QT_TRANSLATE_NOOP("TicketTableModel", "来电人"),
    QT_TRANSLATE_NOOP("TicketTableModel", "电话"),
    QT_TRANSLATE_NOOP("TicketTableModel", "社区"),
    QT_TRANSLATE_NOOP("TicketTableModel", "分类"),
    QT_TRANSLATE_NOOP("TicketTableModel", "承办单位"),
    QT_TRANSLATE_NOOP("TicketTableModel", "内容"),
)

# column -> console.store.queries.TICKET_ORDERS key
SORT_KEYS = {COL_NUMBER: "number", COL_RECEIVED: "received", COL_STATUS: "status", COL_PHONE: "phone"}
DEFAULT_SORT = (COL_RECEIVED, Qt.SortOrder.DescendingOrder)  # newest first

TICKET_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # int: the ticket's id
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # TicketBrief: the row as read (description cut short)

_DIM = QBrush(QColor(128, 128, 128))


def status_label(code: str) -> str:
    try:
        return Status(code).label(current_lang())
    except ValueError:
        return code


def first_line(text: str, limit: int = CONTENT_CHARS) -> str:
    line = next((ln.strip() for ln in (text or "").splitlines() if ln.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"


class TicketTableModel(KeysetTableModel):
    """Tickets newest first, keyset-paged; a role gives each row's ticket id."""

    def __init__(self, desk: Desk, parent=None, *, page_size: int = PAGE_SIZE):
        super().__init__(parent)
        self._desk = desk
        self._page_size = page_size
        self._statuses: frozenset[str] | None = None
        self._search_ids: list[int] | None = None
        self._shift_id: int | None = None
        self._received_from = None  # aware UTC datetime or None: [from, to) on received_at
        self._received_to = None
        self._category_ids: frozenset[int] | None = None
        self._community_ids: frozenset[int] | None = None
        self._unit_id: int | None = None
        self._sort_column, self._sort_order = DEFAULT_SORT
        self._ids: list[int] = []
        self._rows: dict[int, TicketBrief] = {}
        self._display: dict[int, tuple[str, ...]] = {}
        self._cursor = None  # sort key of the last loaded row (keyset paging)
        self.pages_loaded = 0
        self.fetchMore(QModelIndex())  # the first page at once: the window opens with rows

    # -- filters -------------------------------------------------------------
    @property
    def page_size(self) -> int:
        return self._page_size

    @property
    def statuses(self) -> frozenset[str] | None:
        return self._statuses

    @property
    def search_ids(self) -> list[int] | None:
        return self._search_ids

    @property
    def shift_id(self) -> int | None:
        return self._shift_id

    @property
    def received_range(self) -> tuple:
        return self._received_from, self._received_to

    @property
    def category_ids(self) -> frozenset[int] | None:
        return self._category_ids

    @property
    def community_ids(self) -> frozenset[int] | None:
        return self._community_ids

    @property
    def unit_id(self) -> int | None:
        return self._unit_id

    def set_filter(self, *, statuses: Iterable[str] | None = ..., search_ids: Iterable[int] | None = ...,
                   shift_id: int | None = ..., received_from=..., received_to=...,
                   category_ids: Iterable[int] | None = ..., community_ids: Iterable[int] | None = ...,
                   unit_id: int | None = ...) -> None:
        """Change any of the filters (None clears one, an omitted one stays); reloads from the top.

        `received_from`/`received_to`: aware UTC bounds, half-open. `category_ids`/`community_ids`:
        the ids to keep (already expanded from a parent category or a grid), None for any.
        """
        if received_from is not ...:
            self._received_from = received_from
        if received_to is not ...:
            self._received_to = received_to
        if category_ids is not ...:
            self._category_ids = frozenset(category_ids) if category_ids is not None else None
        if community_ids is not ...:
            self._community_ids = frozenset(community_ids) if community_ids is not None else None
        if unit_id is not ...:
            self._unit_id = unit_id
        if shift_id is not ...:
            self._shift_id = shift_id
        if statuses is not ...:
            self._statuses = frozenset(statuses) if statuses else None
        if search_ids is not ...:
            self._search_ids = list(search_ids) if search_ids is not None else None
        self.reload()

    # -- order -----------------------------------------------------------------
    @staticmethod
    def is_sortable(column: int) -> bool:
        return column in SORT_KEYS

    @property
    def sort_order(self) -> tuple[int, Qt.SortOrder]:
        return self._sort_column, self._sort_order

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order the list by `column` (reloads from the top); a column without an index is ignored."""
        if column not in SORT_KEYS or (column, order) == (self._sort_column, self._sort_order):
            return
        self._sort_column, self._sort_order = column, order
        self.reload()

    def _page(self, read: ListRead, after, limit: int) -> list[tuple[int, tuple]]:
        return read.page(self._where(), after, limit, order=SORT_KEYS[self._sort_column],
                         descending=self._sort_order == Qt.SortOrder.DescendingOrder)

    def _where(self) -> TicketWhere:
        return list_filter(self._statuses, self._search_ids, shift_id=self._shift_id,
                           received_from=self._received_from, received_to=self._received_to,
                           category_ids=self._category_ids, community_ids=self._community_ids,
                           unit_id=self._unit_id)

    # -- Qt's lazy loading (console.ui.common.keyset_model) -----------------------------
    def _forget(self) -> None:
        self._ids, self._rows, self._display = [], {}, {}
        self._cursor, self.pages_loaded = None, 0

    def _next_page(self) -> list[TicketBrief]:
        """The keyset page after the cursor (moving it on), without rows already loaded; in a raw read
        (console.store.prepared: the page after a search is on the hot path of issue 21)."""
        with list_read(self._desk) as read:
            page = self._page(read, self._cursor, self._page_size)
            rows = read.rows([i for i, _ in page])
        if len(page) < self._page_size:
            self._exhausted = True
        if page:
            self._cursor = page[-1][1]
            self.pages_loaded += 1
        return [r for r in rows if r.id not in self._rows]

    def _append(self, rows: list[TicketBrief]) -> None:
        for r in rows:
            self._store(r)
            self._ids.append(r.id)

    # -- reading ---------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return QCoreApplication.translate("TicketTableModel", HEADERS[section])
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        tid = self._ids[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display[tid][col]
        if role == TICKET_ID_ROLE:
            return tid
        if role == ROW_ROLE:
            return self._rows[tid]
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_CONTENT:
            return tooltip(self._rows[tid].description[:200])  # the resident's words, never markup
        if role == Qt.ItemDataRole.ForegroundRole and self._rows[tid].status in NOT_COUNTED_CODES:  # 作废, 并单
            return _DIM
        return None

    def flags(self, index: QModelIndex):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def ticket_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, ticket_id: int) -> int:
        """The row showing this ticket, or -1 when it is not loaded."""
        try:
            return self._ids.index(ticket_id)
        except ValueError:
            return -1

    def loaded_ids(self) -> list[int]:
        return list(self._ids)

    @property
    def exhausted(self) -> bool:
        return self._exhausted

    def _store(self, r: TicketBrief) -> None:
        self._rows[r.id] = r
        self._display[r.id] = (
            r.number,
            self._desk.local(r.received_at).strftime("%Y-%m-%d %H:%M"),
            status_label(r.status),
            private(r.caller_name, r.confidential),
            private(mask_phone(r.caller_phone) if r.caller_phone else "", r.confidential),
            r.community or "",
            r.category or "",
            r.unit or "",
            first_line(r.description),
        )

    # -- after a write -------------------------------------------------------------
    def refresh(self, changed: Iterable[int] | None = None) -> None:
        """Re-read the loaded window after a write (ours or another seat's).

        `changed`: ids whose rows must be re-read; None re-reads all loaded rows.
        New tickets appear where the order puts them (the top, newest first), tickets that left the filter disappear,
        the rest stay where they are (and stay selected).
        """
        with self._load():  # a slot on the row signals below must not page on from a half-applied window
            self._refresh(changed)

    def _refresh(self, changed: Iterable[int] | None) -> None:
        # A raw read like `_next_page`: after every write of every seat, the list re-reads its loaded window.
        want = max(len(self._ids), self._page_size)
        with list_read(self._desk) as read:
            page = self._page(read, None, want)
            new_ids = [i for i, _ in page]
            old_set = set(self._ids)
            reread = [i for i in new_ids if i not in old_set]
            if changed is None:
                reread += [i for i in new_ids if i in old_set]
            else:
                changed = set(changed)
                reread += [i for i in new_ids if i in old_set and i in changed]
            rows = read.rows(reread)
        exhausted = len(page) < want
        cursor = page[-1][1] if page else None
        for r in rows:
            self._store(r)
        self._apply_ids(new_ids)
        for tid in set(self._rows) - set(new_ids):
            self._rows.pop(tid, None)
            self._display.pop(tid, None)
        self._cursor, self._exhausted = cursor, exhausted
        updated = old_set & {r.id for r in rows}
        if updated:
            rows_idx = sorted(i for i, tid in enumerate(self._ids) if tid in updated)
            start = prev = rows_idx[0]
            for i in rows_idx[1:] + [None]:
                if i is not None and i == prev + 1:
                    prev = i
                    continue
                self.dataChanged.emit(self.index(start, 0), self.index(prev, len(HEADERS) - 1))
                if i is not None:
                    start = prev = i

    def _apply_ids(self, new_ids: list[int]) -> None:
        """Turn the loaded id list into `new_ids` with row removals and insertions."""
        old = self._ids
        if old == new_ids:
            return
        ops = SequenceMatcher(a=old, b=new_ids, autojunk=False).get_opcodes()
        for tag, i1, i2, j1, j2 in reversed(ops):  # from the bottom up: earlier rows keep their index
            if tag in ("delete", "replace"):
                self.beginRemoveRows(QModelIndex(), i1, i2 - 1)
                del self._ids[i1:i2]
                self.endRemoveRows()
            if tag in ("insert", "replace"):
                self.beginInsertRows(QModelIndex(), i1, i1 + (j2 - j1) - 1)
                self._ids[i1:i1] = new_ids[j1:j2]
                self.endInsertRows()
