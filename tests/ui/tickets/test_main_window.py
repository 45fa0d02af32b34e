"""The main window on a migrated desk: what it shows, what it does, how it closes."""
from __future__ import annotations

import sys
import threading
import types

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox
from ui_data import DESK_NAME

from console.domain.lifecycle import Action
from console.services import shifts
from console.services import tickets as T


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch):
    """A modal message box would hang an offscreen test; record them instead."""
    shown = []
    for name in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(
            lambda *a, _n=name, **k: shown.append((_n, a[1] if len(a) > 1 else "", a[2] if len(a) > 2 else ""))
            or QMessageBox.StandardButton.Ok))
    return shown


def test_window_opens_shows_desk_and_operator_and_closes_cleanly(qtbot, make_window, some_tickets):
    w = make_window()
    w.show()
    qtbot.waitExposed(w)
    assert w.windowTitle() == f"社区服务热线值班台 — {DESK_NAME} — 张值班"  # who is at the desk
    st = w.status
    assert st.desk_label.text() == DESK_NAME
    assert st.user_label.text() == "值班员：张值班（话务员）"
    assert st.shift_label.text() == "未开班"
    assert "desk.sqlite3" in st.db_label.toolTip()
    assert w.model.rowCount() == 5
    assert w.selected_ticket_id() == some_tickets[-1]  # the newest is selected at once
    assert "第4号来电" in w.detail_view.toPlainText()

    w.close()
    assert w.closed_cleanly and w.runner.is_shut_down and w.runner.active_thread_count() == 0


def test_status_bar_counts_due_and_overdue_and_shows_the_shift(qtbot, make_window, named_desk, operator,
                                                                some_tickets, clock):
    shifts.open_shift(named_desk, operator)
    w = make_window()
    assert w.status.shift_label.text().startswith("班次：夜班")
    # ticket #1 was dispatched at 22:01: check-back due 22:31 (within the hour), resolution the next day
    assert w.status.due_label.text() == "待办 1 · 超时 0"
    clock.advance(minutes=40)
    w.refresh_status()
    assert w.status.due_label.text() == "待办 0 · 超时 1"
    assert not w.act_open_shift.isEnabled() and w.act_close_shift.isEnabled()


def test_detail_is_plain_text_with_timeline_and_deadlines(qtbot, make_window, named_desk, operator, street):
    t = T.log_call(named_desk, operator, T.NewCall(description="<b>不是粗体</b><img src=x>",
                                                   caller_name="<i>王</i>"),
                   dispatch=T.Dispatch(street.units["城东供电所"]))
    w = make_window()
    assert w.select_ticket(t.id)
    text = w.detail_view.toPlainText()
    assert "<b>不是粗体</b><img src=x>" in text and "<i>王</i>" in text
    assert "张值班" in text and "受理" in text and "派单" in text and "城东供电所" in text
    assert "派单回访" in text and "办结时限" in text
    assert "<b>" not in w.detail_view.toHtml().replace("&lt;b&gt;", "")


def test_lifecycle_actions_follow_the_ticket_and_the_role(qtbot, make_window, some_tickets, supervisor):
    w = make_window()
    acts = w.ticket_actions.actions
    w.select_ticket(some_tickets[0])  # logged
    assert acts[Action.DISPATCH].isEnabled() and acts[Action.ANSWER].isEnabled()
    assert not acts[Action.RESOLVE].isEnabled()
    assert not acts[Action.VOID].isEnabled()  # operators may not void
    w.select_ticket(some_tickets[1])  # dispatched
    assert acts[Action.RESOLVE].isEnabled() and acts[Action.CHECK_BACK_CAME].isEnabled()
    assert acts[Action.DISPATCH].isEnabled()  # re-dispatch to another unit is allowed
    lead = make_window(actor=supervisor)
    lead.select_ticket(some_tickets[0])
    assert lead.ticket_actions.actions[Action.VOID].isEnabled()


def test_resolving_through_the_menu_refreshes_row_detail_and_keeps_selection(qtbot, make_window, monkeypatch,
                                                                             some_tickets):
    from console.ui.tickets import ticket_actions

    class FakePrompt:
        def __init__(self, *a, **k):
            pass

        def exec(self):
            return 1

        def text(self):
            return "已恢复供电"

    monkeypatch.setattr(ticket_actions, "TextPromptDialog", FakePrompt)
    w = make_window()
    w.select_ticket(some_tickets[1])
    with qtbot.waitSignal(w.changed, timeout=30_000):
        w.ticket_actions.actions[Action.RESOLVE].trigger()
    assert w.selected_ticket_id() == some_tickets[1]
    row = w.model.row_of(some_tickets[1])
    assert w.model.index(row, 2).data() == "已办结"
    assert "已恢复供电" in w.detail_view.toPlainText()
    assert w.ticket_actions.actions[Action.SATISFIED].isEnabled()


def test_a_conflicting_step_is_explained_and_the_ticket_reloaded(qtbot, make_window, monkeypatch, some_tickets,
                                                                 named_desk, supervisor, no_message_boxes):
    from console.ui.tickets import ticket_actions

    class FakePrompt:
        def __init__(self, *a, **k):
            pass

        def exec(self):
            return 1

        def text(self):
            return "修好了"

    monkeypatch.setattr(ticket_actions, "TextPromptDialog", FakePrompt)
    w = make_window()
    w.select_ticket(some_tickets[1])
    T.add_note(named_desk, supervisor, some_tickets[1], "另一席位的备注")  # the version moves on
    with qtbot.waitSignal(w.changed, timeout=30_000):
        w.ticket_actions.actions[Action.RESOLVE].trigger()
    assert no_message_boxes and no_message_boxes[0][0] == "warning"
    assert "另一席位" in no_message_boxes[0][2] or "李站长" in no_message_boxes[0][2]
    assert "另一席位的备注" in w.detail_view.toPlainText()


def test_new_call_saved_refreshes_the_list_and_selects_the_new_ticket(qtbot, make_window, monkeypatch,
                                                                       named_desk, operator, some_tickets):
    from PySide6.QtCore import Signal
    from PySide6.QtWidgets import QDialog

    opened = []

    class FakeNewCall(QDialog):
        saved = Signal(object)

        def __init__(self, desk, actor, parent=None, *, phone=""):
            super().__init__(parent)
            opened.append((actor.username, phone))

        def open(self):
            logged = T.log_call(named_desk, operator, T.NewCall(description="F2 登记的来电"))
            self.saved.emit(logged)
            self.accept()

    monkeypatch.setitem(sys.modules, "console.ui.new_call.new_call_dialog",
                        types.SimpleNamespace(NewCallDialog=FakeNewCall))
    w = make_window()
    # offscreen windows are never "active", so shortcuts do not fire: check the key, trigger the action
    assert w.act_new_call.shortcut() == QKeySequence("F2")
    w.act_new_call.trigger()
    assert opened == [("op", "")]
    assert w.model.rowCount() == 6
    assert w.selected_ticket_id() == w.model.ticket_id(0)
    assert "F2 登记的来电" in w.detail_view.toPlainText()
    assert w.new_call_dialog is None


def test_without_the_new_call_dialog_f2_explains(qtbot, make_window, monkeypatch, no_message_boxes):
    monkeypatch.setitem(sys.modules, "console.ui.new_call.new_call_dialog", None)  # import raises ImportError
    w = make_window()
    w.act_new_call.trigger()
    assert no_message_boxes == [("information", "新来电", "新来电登记窗口尚未安装。")]


def test_status_filter_is_applied_in_sql(qtbot, make_window, some_tickets):
    w = make_window()
    combo = w.filter_bar.status_combo
    combo.setCurrentIndex(combo.findText("已派单"))
    assert w.model.loaded_ids() == [some_tickets[1]]
    assert w.selected_ticket_id() == some_tickets[1]
    combo.setCurrentIndex(combo.findText("未办结"))
    assert sorted(w.model.loaded_ids()) == sorted([some_tickets[i] for i in (0, 1, 3, 4)])


def test_search_is_debounced_and_runs_off_the_gui_thread(qtbot, make_window, some_tickets):
    w = make_window()
    calls = []
    real = w.search_fn

    def spy(desk, term):
        calls.append((term, threading.current_thread() is threading.main_thread()))
        return real(desk, term)

    w.search_fn = spy
    w.show()
    # ASCII keystrokes only (keyClicks aborts on Chinese): part of the phone number
    qtbot.keyClicks(w.filter_bar.search_edit, "8000")
    assert calls == []  # nothing yet: the operator may still be typing
    qtbot.waitUntil(lambda: len(calls) == 1, timeout=30_000)
    assert calls == [("8000", False)]
    qtbot.waitUntil(lambda: w.model.search_ids is not None, timeout=30_000)
    assert sorted(w.model.loaded_ids()) == sorted(some_tickets)
    assert w.filter_bar.info_label.text() == "找到 5 条"

    w.filter_bar.search_edit.clear()
    qtbot.waitUntil(lambda: w.model.search_ids is None, timeout=30_000)
    assert len(calls) == 1  # clearing needs no search


def test_a_slow_search_never_overwrites_a_newer_one(qtbot, make_window, some_tickets):
    w = make_window()
    release = threading.Event()
    started = threading.Event()

    def search(desk, term):
        if term == "slow":
            started.set()
            release.wait(10)
            return [some_tickets[0]]
        return [some_tickets[4]]

    w.search_fn = search
    w.search("slow")
    assert started.wait(5)
    w.search("fast")
    qtbot.waitUntil(lambda: w.model.search_ids == [some_tickets[4]], timeout=30_000)
    with qtbot.waitSignal(w.runner.stale, timeout=30_000):
        release.set()
    assert w.model.search_ids == [some_tickets[4]]
    assert w.model.loaded_ids() == [some_tickets[4]]


def test_window_and_header_state_survive_a_restart(qtbot, make_window, some_tickets):
    w = make_window()
    w.resize(700, 500)  # the offscreen screen is 800 × 600
    w.table.horizontalHeader().resizeSection(0, 177)
    w.close()
    again = make_window()
    assert again.table.horizontalHeader().sectionSize(0) == 177
    assert (again.width(), again.height()) == (700, 500)


def test_about_names_version_and_schema_head(qtbot, make_window):
    from console import __version__
    from console.store.migrate import head_revision

    w = make_window()
    w.act_about.trigger()
    box = w._about_box
    assert __version__ in box.text() and head_revision() in box.text()
    box.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_alt_key_in_the_window_means_one_thing(qtbot, make_window, some_tickets, lang):
    """Alt+F opens the 文件 menu (it focused the search box: its label said 查找(&F))."""
    from mnemonics import clashing_mnemonics

    from console.ui.shell.i18n import install_translators, remove_translators

    app = QApplication.instance()
    translators = install_translators(app, "en") if lang == "en" else []
    try:
        w = make_window()
        w.show()
        qtbot.waitExposed(w)
        assert clashing_mnemonics(w) == {}
        w.close()
    finally:
        remove_translators(app, translators)


def test_english_window_has_no_chinese_in_menus_actions_or_status_bar(qtbot, make_window, some_tickets,
                                                                      operator):
    from console.ui.shell.i18n import install_translators, remove_translators

    app = QApplication.instance()
    translators = install_translators(app, "en")
    try:
        assert translators, "hotline_en.qm was not found"
        w = make_window()
        texts = []
        for menu_action in w.menuBar().actions():
            texts.append(menu_action.text())
            for a in menu_action.menu().actions():
                texts.append(a.text())
        texts += [a.text() for a in w.toolbar.actions()]
        data = (DESK_NAME, operator.display_name)
        for lab in w.status.labels():
            t = lab.toolTip() if lab is w.status.db_label else lab.text()
            for d in data:
                t = t.replace(d, "")
            texts.append(t)
        texts += [w.model.headerData(c, Qt.Orientation.Horizontal) for c in range(w.model.columnCount())]
        texts += [w.filter_bar.status_combo.itemText(i) for i in range(w.filter_bar.status_combo.count())]
        texts.append(w.windowTitle().replace(DESK_NAME, "").replace(operator.display_name, ""))
        chinese = [t for t in texts if any("\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" for ch in t)]
        assert chinese == []
        assert "&Tickets" in texts
        assert w.status.user_label.text() == f"On duty: {operator.display_name} (Operator)"
        assert w.model.index(0, 2).data() == "Logged"
    finally:
        remove_translators(app, translators)


def test_another_seats_changes_show_up_on_the_next_sync(qtbot, make_window, named_desk, supervisor, operator,
                                                       some_tickets, clock):
    w = make_window()
    w.select_ticket(some_tickets[1])
    clock.advance(minutes=1)
    T.resolve(named_desk, supervisor, some_tickets[1], "另一席位办结")  # not through this window
    new = T.log_call(named_desk, supervisor, T.NewCall(description="另一席位登记"))
    row = w.model.row_of(some_tickets[1])
    assert w.model.index(row, 2).data() == "已派单"  # not yet seen
    w.sync.resync()
    assert w.model.ticket_id(0) == new.id
    assert w.model.index(w.model.row_of(some_tickets[1]), 2).data() == "已办结"
    assert w.selected_ticket_id() == some_tickets[1] and "另一席位办结" in w.detail_view.toPlainText()


def test_an_open_deadline_turns_red_when_it_falls_due(qtbot, make_window, some_tickets, clock):
    w = make_window()
    w.select_ticket(some_tickets[1])  # dispatched 22:01: check-back due 22:31
    assert "已超时" not in w.detail_view.toPlainText()
    clock.advance(minutes=40)
    w.sync.resync()
    assert "派单回访：已超时" in w.detail_view.toPlainText()


def test_search_box_keys_escape_clears_then_returns_to_the_list(qtbot, make_window, some_tickets):
    w = make_window()
    edit = w.filter_bar.search_edit
    w.focus_search()
    qtbot.keyClicks(edit, "8000")
    qtbot.keyClick(edit, Qt.Key.Key_Return)  # Enter searches at once, no waiting for the debounce
    qtbot.waitUntil(lambda: w.model.search_ids is not None, timeout=30_000)
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert edit.text() == "" and w.model.search_ids is None
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert w.focusWidget() is w.table


def test_the_change_watcher_brings_another_seats_write_within_one_poll(qtbot, make_window, named_desk, supervisor,
                                                                        some_tickets, clock):
    w = make_window()
    assert w.sync.watcher is not None
    w.sync.poll_changes()  # nothing written since the window opened
    row = w.model.row_of(some_tickets[1])
    clock.advance(minutes=1)
    T.resolve(named_desk, supervisor, some_tickets[1], "另一席位办结")
    w.sync.poll_changes()
    assert w.model.index(row, 2).data() == "已办结"
    assert w.status.db_label.text().startswith("数据库：")
    w.close()
    assert w.sync.watcher is None


def test_the_list_sorts_by_indexed_columns_from_the_menu_and_remembers_it(qtbot, make_window, some_tickets):
    from console.ui.tickets.ticket_table_model import COL_CONTENT, COL_RECEIVED, COL_STATUS, ROW_ROLE

    w = make_window()
    hh = w.table.horizontalHeader()
    assert w.model.sort_order == (COL_RECEIVED, Qt.SortOrder.DescendingOrder)
    assert w.sort_actions[COL_RECEIVED].isChecked() and w.act_sort_descending.isChecked()
    assert w.model.loaded_ids() == some_tickets[::-1]

    w.sort_actions[COL_STATUS].trigger()  # another column: A→Z, even coming from newest first
    assert w.model.sort_order == (COL_STATUS, Qt.SortOrder.AscendingOrder)
    w.sort_actions[COL_RECEIVED].trigger()  # back to time: newest first again
    assert w.model.sort_order == (COL_RECEIVED, Qt.SortOrder.DescendingOrder)
    w.sort_actions[COL_RECEIVED].trigger()  # same column: keeps its direction
    assert w.model.sort_order == (COL_RECEIVED, Qt.SortOrder.DescendingOrder)
    w.act_sort_descending.trigger()  # 倒序 off: oldest first
    assert w.model.loaded_ids() == some_tickets
    assert (hh.sortIndicatorSection(), hh.sortIndicatorOrder()) == (COL_RECEIVED, Qt.SortOrder.AscendingOrder)

    w.sort_actions[COL_STATUS].trigger()
    assert w.model.sort_order == (COL_STATUS, Qt.SortOrder.AscendingOrder)
    assert hh.sortIndicatorSection() == COL_STATUS and not w.act_sort_descending.isChecked()
    statuses = [w.model.index(i, 0).data(ROW_ROLE).status for i in range(w.model.rowCount())]
    assert statuses == sorted(statuses)
    assert w.selected_ticket_id() is not None  # a ticket stays selected

    hh.setSortIndicator(COL_CONTENT, Qt.SortOrder.AscendingOrder)  # what a click on 内容 does
    assert w.model.sort_order == (COL_STATUS, Qt.SortOrder.AscendingOrder)
    assert hh.sortIndicatorSection() == COL_STATUS  # the arrow stays where the list is sorted
    assert "不能排序" in w.statusBar().currentMessage()
    w.close()

    again = make_window()
    assert again.model.sort_order == (COL_STATUS, Qt.SortOrder.AscendingOrder)
    assert again.sort_actions[COL_STATUS].isChecked()
