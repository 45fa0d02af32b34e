"""The window's side of issue 15's imports: problems one line per cause, the 新建缺少的… box
(listed before anything is written), units an import created shown as 待补充联系人, and the
status filter 导入的未办结 with the window's "N 张导入的未办结工单"."""
from __future__ import annotations

from helpers import key
from helpers import xlsx_file as write_xlsx
from PySide6.QtCore import QModelIndex, Qt
from sqlalchemy import func, select

from console.store.models import Ticket
from console.ui.exports.ticket_import_dialog import TicketImportDialog
from console.ui.phonebook.phonebook_window import PhonebookWindow
from console.ui.tickets.filter_bar import IMPORTED_OPEN_FILTER

H = ["受理时间", "来电号码", "社区", "内容", "承办单位", "派单时间", "办结时间", "回访时间", "满意度", "状态"]
ROWS = [H] + [
    [f"2025-04-0{d} 08:00", f"1380013800{d}", "临江一村", f"暖气不热{d}", "临江物业", f"2025-04-0{d} 08:10",
     "", "", "", "已派单"] for d in range(1, 5)
] + [["2025-04-05 08:00", "13800138005", "临江一村", "暖气修好了", "临江物业", "2025-04-05 08:10",
      "2025-04-05 12:00", "2025-04-06 09:00", "不满意", "已回访"]]


def tickets(desk) -> int:
    with desk.db.read() as s:
        return s.scalar(select(func.count()).select_from(Ticket))


def test_preview_groups_then_the_box_lists_and_imports_what_is_missing(qtbot, named_desk, street, supervisor,
                                                                       runner, tmp_path):
    path = write_xlsx(tmp_path / "old.xlsx", ROWS)
    dlg = TicketImportDialog(named_desk, supervisor, runner, path=str(path))
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.plan is not None, timeout=30_000)
    # five rows, two causes: two lines, each naming rows 2–6
    assert dlg.errors.rowCount() == 2
    assert [dlg.errors.index(i, 1).data() for i in range(2)] == ["2–6", "2–6"]
    assert "临江一村" in dlg.errors.index(0, 0).data() and dlg.errors.index(0, 2).data() == "5"
    assert "勾选“新建文件中提到而本台没有的社区、单位和分类”" in dlg.summary.text()
    assert not dlg.import_button.isEnabled()

    dlg.show()
    qtbot.waitExposed(dlg)
    dlg.activateWindow()
    qtbot.waitUntil(dlg.isActiveWindow)
    qtbot.keyClick(dlg, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)  # the box, by keyboard: checks again
    qtbot.waitUntil(dlg.add_missing_box.isChecked)  # a mnemonic "animates" the click: it lands a moment later
    qtbot.waitUntil(lambda: dlg.plan is not None and dlg.plan.ok, timeout=30_000)
    assert "将新建：社区 1 个（临江一村）、责任单位 1 个（临江物业）。" in dlg.summary.text()
    assert dlg.errors.rowCount() == 0 and dlg.import_button.isEnabled() and tickets(named_desk) == 0

    told = []
    dlg.imported_open.connect(told.append)
    with qtbot.waitSignal(dlg.changed, timeout=30_000):
        key(qtbot, Qt.Key.Key_Return)  # Enter: 导入
    assert tickets(named_desk) == 5 and told == [4]
    assert "4 张导入的未办结工单" in dlg.summary.text()


def test_the_phonebook_says_an_imported_unit_needs_contacts(qtbot, named_desk, street, supervisor, operator,
                                                            runner, tmp_path):
    from console.services.imports.tickets import import_tickets_file

    import_tickets_file(named_desk, supervisor, write_xlsx(tmp_path / "old.xlsx", ROWS), add_missing=True)
    w = PhonebookWindow(named_desk, operator, runner)
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: "临江物业" in w.model.names(), timeout=30_000)
    row = w.model.names().index("临江物业")
    texts = [w.model.index(row, c).data() for c in range(w.model.columnCount())]
    assert "待补充联系人" in texts
    from console.ui.phonebook.unit_table_model import unit_text

    assert "待补充联系人" in unit_text(w.model.unit(row))


def test_main_window_filter_lists_exactly_the_imported_open_tickets(qtbot, make_window, named_desk, street,
                                                                    supervisor, operator, tmp_path):
    from console.services import tickets as T

    T.log_call(named_desk, operator, T.NewCall(description="今天的来电", caller_phone="13800138000"))
    w = make_window(supervisor)
    from console.services.imports.tickets import import_tickets_file

    report = import_tickets_file(named_desk, supervisor, write_xlsx(tmp_path / "old.xlsx", ROWS), add_missing=True)
    w.apply_changes(report.changes)
    w.imported_open_told(report.open_imported)
    assert "4 张导入的未办结工单" in w.statusBar().currentMessage()

    bar = w.filter_bar
    i = bar.status_combo.findData(IMPORTED_OPEN_FILTER)
    assert bar.status_combo.itemText(i) == "导入的未办结"
    bar.show_imported_open()
    m = w.model

    def loaded():
        while m.canFetchMore(QModelIndex()):
            m.fetchMore(QModelIndex())
        return set(m.loaded_ids())

    with named_desk.db.read() as s:
        want = set(s.scalars(select(Ticket.id).where(Ticket.import_key.is_not(None), Ticket.status == "dispatched")))
    assert len(want) == 4
    qtbot.waitUntil(lambda: loaded() == want, timeout=30_000)
