"""The ticket list model: keyset pages on demand, filters in SQL, refresh by id."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from sqlalchemy import select

from console.services import tickets as T
from console.store.models import Ticket
from console.ui.tickets.ticket_table_model import (
    COL_CONTENT,
    COL_NUMBER,
    COL_PHONE,
    COL_RECEIVED,
    COL_STATUS,
    ROW_ROLE,
    TICKET_ID_ROLE,
    TicketTableModel,
)

DISPLAY = Qt.ItemDataRole.DisplayRole


def all_ids_newest_first(desk, where=()):
    with desk.db.read() as s:
        return list(s.scalars(select(Ticket.id).where(*where)
                              .order_by(Ticket.received_at.desc(), Ticket.id.desc())))


def test_model_passes_qt_model_tester(qtmodeltester, named_desk, some_tickets):
    model = TicketTableModel(named_desk)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 5


def test_rows_show_local_time_chinese_status_masked_phone_and_first_line(named_desk, some_tickets):
    model = TicketTableModel(named_desk)
    newest = model.index(0, 0)
    assert newest.data(TICKET_ID_ROLE) == some_tickets[-1]
    row_dispatched = model.row_of(some_tickets[1])
    cell = lambda col: model.index(row_dispatched, col).data(DISPLAY)  # noqa: E731
    assert cell(COL_NUMBER) == "20261122-0002"
    assert cell(COL_RECEIVED) == "2026-11-22 22:01"  # Shanghai time, not UTC (14:01)
    assert cell(COL_STATUS) == "已派单"
    assert cell(COL_PHONE) == "138****8000"
    assert cell(COL_CONTENT) == "第1号来电：楼道停电"
    assert model.index(row_dispatched, 0).data(ROW_ROLE).caller_phone == "13800138000"
    assert model.headerData(COL_STATUS, Qt.Orientation.Horizontal) == "状态"


def test_first_page_only_then_fetch_more_in_keyset_order(bulk_desk):
    model = TicketTableModel(bulk_desk, page_size=200)
    assert model.rowCount() == 200 and model.pages_loaded == 1
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 600 and model.pages_loaded == 3
    expected = all_ids_newest_first(bulk_desk)
    assert len(expected) == 20_000
    assert model.loaded_ids() == expected[:600]  # same order as SQL, ties broken by id, no gaps


def test_a_view_loads_only_what_it_shows(qtbot, bulk_desk):
    from PySide6.QtWidgets import QTableView

    model = TicketTableModel(bulk_desk, page_size=200)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(900, 600)
    view.show()
    qtbot.waitExposed(view)
    assert model.pages_loaded <= 2
    view.scrollToBottom()  # the view asks for more when it reaches the end
    qtbot.waitUntil(lambda: model.pages_loaded >= 2)
    assert model.rowCount() >= 400


def test_filters_are_sql_where_clauses(bulk_desk):
    model = TicketTableModel(bulk_desk)
    model.set_filter(statuses={"dispatched"})
    assert model.rowCount() == 200
    assert {model.index(r, 0).data(ROW_ROLE).status for r in range(model.rowCount())} == {"dispatched"}
    wanted = all_ids_newest_first(bulk_desk, (Ticket.status == "dispatched",))
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.loaded_ids() == wanted and len(wanted) == 4000

    model.set_filter(statuses=None, search_ids=[5, 7, 9_999_999])
    assert sorted(model.loaded_ids()) == [5, 7] and not model.canFetchMore(QModelIndex())
    model.set_filter(search_ids=[])
    assert model.rowCount() == 0
    model.set_filter(search_ids=None)
    assert model.rowCount() == 200


@pytest.mark.slow
def test_paging_over_100000_tickets(template_db, tmp_path):
    import shutil

    from ui_data import insert_bulk_tickets

    from console.services.context import Desk
    from console.store.database import Database

    path = tmp_path / "big.sqlite3"
    shutil.copyfile(template_db, path)
    db = Database(path)
    try:
        insert_bulk_tickets(db, 100_000)
        desk = Desk(db)
        model = TicketTableModel(desk)
        assert model.rowCount() == 200 and model.pages_loaded == 1
        for _ in range(10):
            model.fetchMore(QModelIndex())
        assert model.rowCount() == 2200
        assert model.loaded_ids() == all_ids_newest_first(desk)[:2200]
    finally:
        db.dispose()


def test_refresh_after_a_write_is_narrow_and_keeps_the_selection(qtbot, named_desk, some_tickets, street,
                                                                 operator, clock):
    model = TicketTableModel(named_desk)
    selected = QPersistentModelIndex(model.index(model.row_of(some_tickets[1]), 0))
    changed, inserted, removed, resets = [], [], [], []
    model.dataChanged.connect(lambda a, b, *_: changed.append((a.row(), b.row())))
    model.rowsInserted.connect(lambda _p, a, b: inserted.append((a, b)))
    model.rowsRemoved.connect(lambda _p, a, b: removed.append((a, b)))
    model.modelReset.connect(lambda: resets.append(1))

    # a status change of a loaded ticket: one row repainted, nothing moves
    ch = T.resolve(named_desk, operator, some_tickets[1], "已恢复供电")
    model.refresh(ch.tickets)
    row = model.row_of(some_tickets[1])
    assert changed == [(row, row)] and not inserted and not removed and not resets
    assert model.index(row, COL_STATUS).data(DISPLAY) == "已办结"

    # a new call: inserted on top; the selection still holds the same ticket
    clock.advance(minutes=5)
    new = T.log_call(named_desk, operator, T.NewCall(description="新的来电"))
    model.refresh(new.changes.tickets)
    assert inserted == [(0, 0)] and model.ticket_id(0) == new.id
    assert selected.isValid() and selected.data(TICKET_ID_ROLE) == some_tickets[1]

    # a ticket that leaves the filter disappears; the others stay selected
    model.set_filter(statuses={"logged", "dispatched"})
    keep = QPersistentModelIndex(model.index(model.row_of(some_tickets[0]), 0))
    gone = new.id
    ch = T.dispatch(named_desk, operator, gone, T.Dispatch(street.units["城东供电所"]))
    model.refresh(ch.tickets)
    assert model.row_of(gone) >= 0  # still dispatched: still listed
    ch = T.resolve(named_desk, operator, gone, "修好了")
    removed.clear()
    model.refresh(ch.tickets)
    assert model.row_of(gone) == -1 and removed == [(0, 0)]
    assert keep.isValid() and keep.data(TICKET_ID_ROLE) == some_tickets[0]


@pytest.mark.parametrize("column, cols", [
    (COL_NUMBER, (Ticket.number,)),
    (COL_STATUS, (Ticket.status, Ticket.received_at, Ticket.id)),
    (COL_PHONE, (Ticket.caller_phone, Ticket.received_at, Ticket.id)),
    (COL_RECEIVED, (Ticket.received_at, Ticket.id)),
])
@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_sorting_by_an_indexed_column_pages_in_that_order(bulk_desk, column, cols, order):
    model = TicketTableModel(bulk_desk, page_size=200)
    model.sort(column, order)
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    desc = order == Qt.SortOrder.DescendingOrder
    with bulk_desk.db.read() as s:
        expected = list(s.scalars(select(Ticket.id).order_by(*(c.desc() if desc else c.asc() for c in cols))
                                  .limit(600)))
    assert model.sort_order == (column, order)
    assert model.loaded_ids() == expected  # three keyset pages, no gap and no repeat at the seams


def test_sorting_by_a_column_without_an_index_changes_nothing(bulk_desk):
    model = TicketTableModel(bulk_desk, page_size=50)
    before = model.loaded_ids()
    model.sort(COL_CONTENT, Qt.SortOrder.AscendingOrder)
    assert model.loaded_ids() == before
    assert model.sort_order == (COL_RECEIVED, Qt.SortOrder.DescendingOrder)
    assert not model.is_sortable(COL_CONTENT) and model.is_sortable(COL_STATUS)


def test_a_refresh_keeps_the_chosen_order(qtbot, named_desk, some_tickets, street, operator, clock):
    model = TicketTableModel(named_desk)
    model.sort(COL_RECEIVED, Qt.SortOrder.AscendingOrder)  # oldest first
    assert model.loaded_ids() == some_tickets
    clock.advance(minutes=5)
    new = T.log_call(named_desk, operator, T.NewCall(description="新来电", caller_phone="13900000000",
                                                      category_id=street.categories["水电气/停电"])).id
    model.refresh([new])
    assert model.loaded_ids() == some_tickets + [new]  # at the end, where the order puts it
