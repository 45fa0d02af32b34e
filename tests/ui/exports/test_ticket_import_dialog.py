"""导入历史工单: check on the worker, preview bad rows by number, import all or the good rows only."""
from __future__ import annotations

from helpers import cancel_at_first_progress, key
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from console.store.models import Ticket
from console.ui.exports.ticket_import_dialog import TicketImportDialog

H = ["受理时间", "来电人", "来电号码", "社区", "问题分类", "内容", "承办单位", "派单时间", "状态"]
GOOD_ROW = ["2025-03-04 14:05", "王阿姨", "13800138000", "嘉宏三村", "水电气/停电", "家里停电了",
            "城东供电所", "2025-03-04 14:20", "已派单"]
ROWS = [
    H,
    GOOD_ROW,                                                                          # row 2: good
    ["2025-03-05 09:00", "", "", "火星小区", "", "<b>问路</b>", "", "", ""],            # row 3: no such community
    ["昨天晚上", "", "", "", "", "楼上太吵", "", "", ""],                                # row 4: bad time
    ["2025-03-06 10:00", "", "", "白马小区", "", "问居住证明", "", "", "已答复"],        # row 5: good
]


def write_xlsx(path, rows):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def ticket_count(desk) -> int:
    with desk.db.read() as s:
        return s.scalar(select(func.count()).select_from(Ticket))


def test_preview_lists_bad_rows_and_good_rows_only_imports_them(qtbot, named_desk, street, supervisor, runner,
                                                                 tmp_path):
    path = write_xlsx(tmp_path / "old.xlsx", ROWS)
    before = ticket_count(named_desk)
    dlg = TicketImportDialog(named_desk, supervisor, runner)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    dlg.activateWindow()
    qtbot.waitUntil(dlg.path_edit.hasFocus)
    qtbot.keyClicks(dlg.path_edit, str(path))
    key(qtbot, Qt.Key.Key_Return)  # check, on the worker pool
    qtbot.waitUntil(lambda: dlg.plan is not None, timeout=30_000)
    assert dlg.counts() == (2, 2, 0)
    text = dlg.summary.text()
    assert "2 行正确" in text and "2 行有问题" in text and "0 行此前已导入" in text and "第 3、4 行" in text
    assert dlg.errors.row_numbers() == [3, 4]
    # one line per cause: the cause, its rows as ranges, how many
    assert "火星小区" in dlg.errors.index(0, 0).data() and dlg.errors.index(0, 1).data() == "3"
    assert "昨天晚上" in dlg.errors.index(1, 0).data() and dlg.errors.index(1, 2).data() == "1"
    assert not dlg.import_button.isEnabled()
    assert dlg.good_button.isEnabled() and dlg.good_button.isVisible()
    key(qtbot, Qt.Key.Key_Return)  # Enter must not import a file with errors
    assert ticket_count(named_desk) == before

    with qtbot.waitSignal(dlg.changed, timeout=30_000) as sig:
        qtbot.keyClick(dlg, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)  # 只导入正确的行
    assert dlg.report.imported and dlg.report.created == 2
    assert ticket_count(named_desk) == before + 2
    assert len(sig.args[0].tickets) == 2
    assert "导入 2 张工单" in dlg.summary.text() and "\n" not in dlg.summary.text()
    assert not dlg.good_button.isEnabled() and dlg.cancel_button.text() == "关闭"

    # the same file again: the good rows were imported before, nothing new to write
    again = TicketImportDialog(named_desk, supervisor, runner, path=str(path))
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: again.plan is not None, timeout=30_000)
    assert again.counts() == (0, 2, 2) and "2 行此前已导入" in again.summary.text()
    assert not again.import_button.isEnabled() and not again.good_button.isEnabled()


def test_a_clean_file_imports_with_the_import_button(qtbot, named_desk, street, supervisor, runner, tmp_path):
    path = write_xlsx(tmp_path / "good.xlsx", [H, GOOD_ROW])
    dlg = TicketImportDialog(named_desk, supervisor, runner, path=str(path))
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.plan is not None, timeout=30_000)
    assert dlg.import_button.isEnabled() and not dlg.good_button.isVisible()
    assert dlg.errors.rowCount() == 0
    with qtbot.waitSignal(dlg.changed, timeout=30_000):
        dlg.import_button.click()
    assert ticket_count(named_desk) == 1


def test_an_operator_is_told_in_one_sentence(qtbot, named_desk, street, operator, runner, tmp_path):
    path = write_xlsx(tmp_path / "good.xlsx", [H, GOOD_ROW])
    dlg = TicketImportDialog(named_desk, operator, runner, path=str(path))
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.plan is not None, timeout=30_000)
    dlg.import_button.click()
    qtbot.waitUntil(lambda: not dlg._busy, timeout=30_000)
    assert "值班领导" in dlg.summary.text() and "Traceback" not in dlg.summary.text()
    assert ticket_count(named_desk) == 0


def test_the_menu_offers_import_to_supervisors_only_and_opens_the_dialogs(qtbot, make_window, supervisor):
    op_window = make_window()
    assert not op_window.act_import_tickets.isVisible()
    w = make_window(supervisor)
    assert w.act_import_tickets.isVisible()
    w.act_import_tickets.trigger()
    assert isinstance(w.windows.dialog, TicketImportDialog)
    w.windows.dialog.reject()
    from console.ui.exports.export_dialogs import QuarterlyExportDialog, ShiftLogExportDialog

    w.act_export_shift_log.trigger()
    assert isinstance(w.windows.dialog, ShiftLogExportDialog)
    w.windows.dialog.reject()
    w.act_export_quarterly.trigger()
    assert isinstance(w.windows.dialog, QuarterlyExportDialog)
    w.windows.dialog.reject()


def test_a_register_import_hears_cancel_until_its_short_write(qtbot, named_desk, street, supervisor, tmp_path):
    """The register is staged with no lock held: Cancel stops it with nothing written; an import let run
    offers Cancel while it stages, not during its one short write (synchronous runner: Cancel is pressed at
    the first progress report)."""
    from console.ui.common.workers import TaskRunner

    rows = [H] + [[f"2025-03-04 {8 + i // 60:02d}:{i % 60:02d}", "", "", "嘉宏三村", "", f"楼道灯不亮 {i}", "", "", ""]
                  for i in range(40)]
    runner = TaskRunner(synchronous=True)
    dlg = TicketImportDialog(named_desk, supervisor, runner, path=str(write_xlsx(tmp_path / "many.xlsx", rows)))
    qtbot.addWidget(dlg)
    assert dlg.plan is not None and dlg.import_button.isEnabled()
    before = ticket_count(named_desk)
    assert cancel_at_first_progress(dlg) == [True] and dlg.report is None
    assert "没有写入任何数据" in dlg.summary.text() and ticket_count(named_desk) == before

    phases: list[tuple[bool, str]] = []
    dlg.progress.valueChanged.connect(lambda _v: phases.append((dlg.cancel_button.isEnabled(), dlg.summary.text())))
    dlg.import_button.click()
    assert dlg.report is not None and dlg.report.imported and ticket_count(named_desk) == before + 40
    assert (True, phases[0][1]) in phases and phases[-1] == (False, "正在写入工单…")
    runner.shutdown()
