"""The filter bar's second row: received days, category, community/grid, unit, and 清除筛选.

Four tickets on the small street; the local day of t2 (00:30 on the 21st, Shanghai)
is the 20th in UTC, so a date filter that used UTC days would give it away.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtWidgets import QComboBox

from console.services import tickets as T
from console.store import queries
from console.ui.tickets.filter_bar import NO_DATE, FilterBar
from console.ui.tickets.ticket_table_model import TicketTableModel

SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def four(desk, clock, street, operator):
    """t1 20th 23:30 嘉宏三村 停电 → 供电所; t2 21st 00:30 白马小区 漏水 → 白马物业;
    t3 22nd 10:00 嘉宏三村 噪音 → 派出所; t4 now (22nd 22:00) 白马小区, no category, not dispatched."""
    c, k, u = street.communities, street.categories, street.units
    specs = [
        (datetime(2026, 11, 20, 23, 30, tzinfo=SH), "嘉宏三村", "水电气/停电", "城东供电所"),
        (datetime(2026, 11, 21, 0, 30, tzinfo=SH), "白马小区", "水电气/漏水", "白马小区物业"),
        (datetime(2026, 11, 22, 10, 0, tzinfo=SH), "嘉宏三村", "噪音扰民", "城东派出所"),
        (None, "白马小区", None, None),
    ]
    ids = []
    for i, (when, comm, cat, unit) in enumerate(specs, 1):
        call = T.NewCall(description=f"第{i}张", caller_phone="13800138000", community_id=c[comm],
                         category_id=k[cat] if cat else None, received_at=when)
        ids.append(T.log_call(desk, operator, call,
                              dispatch=T.Dispatch(u[unit]) if unit else None).id)
    return dict(zip(("t1", "t2", "t3", "t4"), ids, strict=False))


@pytest.fixture
def bar_and_model(qtbot, desk, four):
    """Wired like the main window; page size 1 so every result is read through keyset pages."""
    bar = FilterBar(desk=desk, debounce_ms=0)
    qtbot.addWidget(bar)
    model = TicketTableModel(desk, page_size=1)
    bar.filters_changed.connect(lambda kw: model.set_filter(**kw))
    bar.statuses_changed.connect(lambda st: model.set_filter(statuses=st))
    return bar, model


def shown(model) -> set[int]:
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    return set(model.loaded_ids())


def pick(combo: QComboBox, text: str) -> None:
    i = combo.findText(text, Qt.MatchFlag.MatchContains)
    assert i > 0, [combo.itemText(j) for j in range(combo.count())]
    combo.setCurrentIndex(i)


def ids(four, *names) -> set[int]:
    return {four[n] for n in names}


def test_no_filter_shows_all_through_keyset_pages(bar_and_model, four):
    bar, model = bar_and_model
    assert shown(model) == set(four.values())
    assert model.pages_loaded >= 4  # one row a page: the keyset cursor did the walking
    assert not bar.has_filters()


def test_date_bounds_are_local_days(qtbot, bar_and_model, four):
    bar, model = bar_and_model
    with qtbot.waitSignal(bar.filters_changed):
        bar.from_edit.setDate(QDate(2026, 11, 21))
    assert shown(model) == ids(four, "t2", "t3", "t4")
    with qtbot.waitSignal(bar.filters_changed):
        bar.to_edit.setDate(QDate(2026, 11, 21))
    assert shown(model) == ids(four, "t2")  # 00:30 local on the 21st; 16:30 UTC on the 20th
    bar.from_edit.setDate(NO_DATE)  # "不限": the lower bound goes away
    bar.to_edit.setDate(QDate(2026, 11, 20))
    bar.apply_now()
    assert shown(model) == ids(four, "t1")  # 23:30 on the 20th counts: the whole last day
    assert bar.from_edit.text() == "不限"


def test_parent_category_matches_its_children(bar_and_model, four):
    bar, model = bar_and_model
    pick(bar.category_combo, "水电气")  # the parent: first match
    assert bar.category_combo.currentText().strip() == "水电气"
    assert shown(model) == ids(four, "t1", "t2")
    pick(bar.category_combo, "水电气/停电")
    assert shown(model) == ids(four, "t1")
    pick(bar.category_combo, "噪音扰民")
    assert shown(model) == ids(four, "t3")


def test_grid_entry_matches_its_communities_and_a_community_itself(bar_and_model, four):
    bar, model = bar_and_model
    pick(bar.community_combo, "第一网格")
    assert shown(model) == ids(four, "t1", "t3")
    pick(bar.community_combo, "白马小区")
    assert shown(model) == ids(four, "t2", "t4")


def test_unit_filter_and_filters_combine(bar_and_model, four):
    bar, model = bar_and_model
    pick(bar.unit_combo, "城东供电所")
    assert shown(model) == ids(four, "t1")
    pick(bar.unit_combo, "白马小区物业")
    pick(bar.community_combo, "第一网格")
    assert shown(model) == set()  # 白马 property works only in 白马小区 here
    pick(bar.community_combo, "第二网格")
    assert shown(model) == ids(four, "t2")


def test_clear_filters_resets_everything_in_one_go(qtbot, bar_and_model, four):
    bar, model = bar_and_model
    bar.status_combo.setCurrentIndex(bar.status_combo.findText("已派单"))
    pick(bar.unit_combo, "城东派出所")
    bar.from_edit.setDate(QDate(2026, 11, 22))
    bar.apply_now()
    assert shown(model) == ids(four, "t3")
    assert bar.has_filters()
    with qtbot.waitSignal(bar.filters_changed) as sig:
        bar.clear_button.click()
    assert sig.args[0]["statuses"] is None
    assert shown(model) == set(four.values())
    assert not bar.has_filters()
    assert bar.from_edit.date() == NO_DATE and bar.unit_combo.currentIndex() == 0


def test_ticket_filter_without_new_kwargs_is_unchanged():
    assert queries.ticket_filter() == ()
    assert len(queries.ticket_filter(["logged"], [1], unit_id=None, category_ids=None)) == 2


def test_main_window_filters_and_shortcut_clears(qtbot, make_window, four):
    w = make_window()
    with qtbot.waitActive(w):  # shortcuts go to the active window
        w.show()
        w.activateWindow()
    bar = w.filter_bar
    pick(bar.category_combo, "水电气")
    assert {w.model.ticket_id(r) for r in range(w.model.rowCount())} == ids(four, "t1", "t2")
    assert w.selected_ticket_id() in ids(four, "t1", "t2")
    w.table.setFocus()
    qtbot.keyClick(w.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert bar.category_combo.currentIndex() == 0
    assert w.model.rowCount() == 4
