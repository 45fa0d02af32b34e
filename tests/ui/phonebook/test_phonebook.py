"""电话簿 window from the keyboard: search by initials, edit duty hours, import with a preview, export."""
from __future__ import annotations

import pytest
from helpers import cancel_at_first_progress, key
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import func, select

from console.services import phonebook as P
from console.services import phonebook_reads as PR
from console.store.models import AuditEntry, Unit
from console.ui.phonebook.phonebook_window import PhonebookWindow
from console.ui.phonebook.unit_edit_dialog import C_DUTY, UnitEditDialog
from console.ui.phonebook.unit_import_dialog import UnitImportDialog
from console.ui.phonebook.unit_table_model import COL_NOW, unit_text

HEADER = ["单位名称", "类别", "负责社区", "负责分类", "联系人", "职务", "电话", "值班时间"]


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch):
    shown = []
    for name in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(
            lambda *a, _n=name, **k: shown.append((_n, a[1] if len(a) > 1 else "")) or QMessageBox.StandardButton.Yes))
    return shown


@pytest.fixture
def book(qtbot, named_desk, operator, runner):
    w = PhonebookWindow(named_desk, operator, runner)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    qtbot.waitUntil(lambda: w.model.rowCount() == 4)  # the first search ran on the worker pool
    return w


def write_xlsx(path, rows):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def counts(desk) -> tuple[int, int]:
    with desk.db.read() as s:
        return (s.scalar(select(func.count()).select_from(Unit)),
                s.scalar(select(func.count()).select_from(AuditEntry)))


def test_search_by_pinyin_initials_kind_and_who_is_reachable_now(qtbot, book):
    qtbot.waitUntil(book.search_edit.hasFocus)
    qtbot.keyClicks(book.search_edit, "jhsc")
    qtbot.waitUntil(lambda: book.model.names() == ["嘉宏三村物业"], timeout=30_000)
    book.search_edit.clear()
    qtbot.keyClicks(book.search_edit, "cdgd")
    qtbot.waitUntil(lambda: book.model.names() == ["城东供电所"], timeout=30_000)
    # the pane beside the list: plain text, contacts with their duty hours and whether they answer now
    assert "95598" in book.detail.toPlainText() and "24小时 — 现在在岗" in book.detail.toPlainText()
    book.search_edit.clear()
    qtbot.keyClicks(book.search_edit, "cd")
    qtbot.waitUntil(lambda: sorted(book.model.names()) == ["城东供电所", "城东派出所"], timeout=30_000)
    book.search_edit.clear()
    qtbot.waitUntil(lambda: book.model.rowCount() == 4, timeout=30_000)

    # Sunday 22:00: the property office is closed, its on-call electrician and the 24-hour lines answer
    book.reachable.setFocus()
    key(qtbot, Qt.Key.Key_Space)
    assert sorted(book.model.names()) == ["嘉宏三村物业", "城东供电所", "城东派出所"]
    assert all(book.model.index(i, COL_NOW).data() == "可联系" for i in range(3))
    assert "4 个单位" not in book.count_label.text() and "3 个单位" in book.count_label.text()
    key(qtbot, Qt.Key.Key_Space)
    book.kind.setCurrentIndex(book.kind.findData("police"))
    qtbot.waitUntil(lambda: book.model.names() == ["城东派出所"], timeout=30_000)


def test_a_bad_duty_hours_value_shows_the_reason_and_saves_nothing(qtbot, book, named_desk, street):
    before = P.load_unit(named_desk, street.units["嘉宏三村物业"])
    n_before = counts(named_desk)
    qtbot.keyClicks(book.search_edit, "jhsc")
    qtbot.waitUntil(lambda: book.model.names() == ["嘉宏三村物业"], timeout=30_000)
    key(qtbot, Qt.Key.Key_Down)  # into the list
    assert book.table.hasFocus()
    key(qtbot, Qt.Key.Key_Return)  # edit
    dlg = book._dialog
    assert isinstance(dlg, UnitEditDialog) and dlg.isVisible()
    dlg.activateWindow()
    qtbot.waitUntil(dlg.isActiveWindow)
    dlg.contacts.setFocus()
    dlg.contacts.setCurrentCell(1, C_DUTY)  # the on-call electrician: 20:00-08:00
    key(qtbot, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not dlg.contacts and dlg.contacts.isAncestorOf(editor)
    editor.selectAll()
    qtbot.keyClicks(editor, "25:00-26:00")
    key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # save while still typing in the cell
    assert dlg.isVisible()
    assert dlg.error.isVisible() and "陈师傅" in dlg.error.text()
    assert dlg.contacts.item(1, C_DUTY).text() == "25:00-26:00"  # what was typed stays for correcting
    assert P.load_unit(named_desk, street.units["嘉宏三村物业"]) == before
    assert counts(named_desk) == n_before

    # corrected, it saves, and the list shows it
    dlg.contacts.item(1, C_DUTY).setText("19:00-07:00")
    key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not dlg.isVisible()
    after = P.load_unit(named_desk, street.units["嘉宏三村物业"])
    assert [c.duty_hours for c in after.contacts] == ["工作日 08:30-17:30", "19:00-07:00"]
    qtbot.waitUntil(lambda: "19:00-07:00" in book.detail.toPlainText(), timeout=30_000)
    assert "已保存" in book.message.text()


def test_a_new_craftsman_with_skills_is_found_by_skill(qtbot, book, named_desk, operator):
    book.table.setFocus()
    key(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dlg = book._dialog
    assert isinstance(dlg, UnitEditDialog)
    dlg.name.setText("老王修伞")
    dlg.kind.setCurrentIndex(dlg.kind.findData("craftsman"))
    dlg.skills.setText("修伞、磨刀 <b>不是粗体</b>")
    dlg.contacts.item(0, 0).setText("王师傅")
    dlg.contacts.item(0, 2).setText("13800138555")
    dlg.accept()
    assert not dlg.isVisible(), dlg.error.text()
    book.search_edit.setText("修伞")
    qtbot.waitUntil(lambda: book.model.names() == ["老王修伞"], timeout=30_000)
    assert "修伞、磨刀 <b>不是粗体</b>" in book.detail.toPlainText()  # plain text, never markup
    assert book.model.index(0, 1).data() == "工匠"


def test_import_with_bad_rows_lists_them_and_writes_nothing_unless_good_rows_only(
        qtbot, named_desk, operator, runner, tmp_path):
    path = write_xlsx(tmp_path / "units.xlsx", [
        HEADER,
        ["城东自来水公司", "供水", "嘉宏三村", "水电气/漏水", "调度室", "调度", "13800138010", "24小时"],
        ["城东燃气所", "燃气", None, None, "值班室", "", "not a phone", "24小时"],
        ["街道工匠组", "工匠", None, None, "李师傅", "", "13800138020", "明天下午"],
    ])
    before = counts(named_desk)
    dlg = UnitImportDialog(named_desk, operator, runner)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    dlg.activateWindow()
    qtbot.waitUntil(dlg.path_edit.hasFocus)
    qtbot.keyClicks(dlg.path_edit, str(path))
    key(qtbot, Qt.Key.Key_Return)  # check (on the worker pool)
    qtbot.waitUntil(lambda: dlg.plan is not None, timeout=30_000)
    assert dlg.errors.row_numbers() == [3, 4]
    assert "第 3、4 行" in dlg.summary.text()
    assert "电话号码" in dlg.errors.index(0, 0).data() and "值班时间“明天下午”" in dlg.errors.index(1, 0).data()
    assert not dlg.import_button.isEnabled()
    assert dlg.good_button.isEnabled() and dlg.good_button.isVisible()
    key(qtbot, Qt.Key.Key_Return)  # Enter must not import a file with errors
    dlg.start_import(False)  # nor a direct call
    assert counts(named_desk) == before

    qtbot.keyClick(dlg, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)  # 只导入正确的行
    qtbot.waitUntil(lambda: dlg.report is not None, timeout=30_000)
    assert dlg.report.imported and dlg.report.created == 1
    with named_desk.db.read() as s:
        assert s.scalar(select(Unit.name).where(Unit.name == "城东自来水公司")) == "城东自来水公司"
        assert s.scalar(select(Unit.name).where(Unit.name == "城东燃气所")) is None
    assert not dlg.good_button.isEnabled() and dlg.cancel_button.text() == "关闭"


def test_a_good_file_imports_with_the_import_button(qtbot, named_desk, operator, runner, tmp_path):
    path = write_xlsx(tmp_path / "good.xlsx", [
        HEADER, ["城东自来水公司", "供水", "嘉宏三村", "水电气/漏水", "调度室", "调度", "13800138010", "24小时"]])
    dlg = UnitImportDialog(named_desk, operator, runner, path=str(path))
    qtbot.addWidget(dlg)
    with qtbot.waitSignal(dlg.imported, timeout=30_000):
        qtbot.waitUntil(lambda: dlg.plan is not None, timeout=30_000)
        assert dlg.import_button.isEnabled() and not dlg.good_button.isVisible()
        dlg.import_button.click()
    assert PR.unit_count(named_desk) == 5


def test_an_import_cancelled_while_staging_writes_nothing_and_one_that_writes_shows_it(
        qtbot, named_desk, operator, tmp_path):
    """The units import stages with no lock held and hears Cancel until its one short write (then the button
    waits); a synchronous runner so Cancel is pressed at the first progress report, mid-staging."""
    from console.ui.common.workers import TaskRunner

    rows = [HEADER] + [[f"测试单位{i}", "供水", "嘉宏三村", "水电气/漏水", "调度室", "调度", f"138001{i:05d}", "24小时"]
                       for i in range(40)]
    path = write_xlsx(tmp_path / "many.xlsx", rows)
    runner = TaskRunner(synchronous=True)
    dlg = UnitImportDialog(named_desk, operator, runner, path=str(path))
    qtbot.addWidget(dlg)
    assert dlg.plan is not None and dlg.import_button.isEnabled()
    before = PR.unit_count(named_desk)
    assert cancel_at_first_progress(dlg) == [True] and dlg.report is None
    assert "没有写入任何数据" in dlg.summary.text() and PR.unit_count(named_desk) == before

    phases: list[bool] = []
    dlg.progress.valueChanged.connect(lambda _v: phases.append(dlg.cancel_button.isEnabled()))
    dlg.import_button.click()  # again, to the end: Cancel is offered while staging, not during the write
    assert dlg.report is not None and dlg.report.imported and PR.unit_count(named_desk) == before + 40
    assert True in phases and phases[-1] is False
    runner.shutdown()


def test_a_file_that_is_not_a_spreadsheet_is_a_sentence(qtbot, named_desk, operator, runner, tmp_path):
    bad = tmp_path / "notes.xlsx"
    bad.write_text("just text", encoding="utf-8")
    dlg = UnitImportDialog(named_desk, operator, runner, path=str(bad))
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: not dlg._busy, timeout=30_000)
    assert dlg.plan is None and dlg.summary.text() and "Traceback" not in dlg.summary.text()
    assert not dlg.import_button.isEnabled()


def test_export_runs_on_the_worker_and_round_trips(qtbot, book, named_desk, tmp_path):
    out = tmp_path / "book.xlsx"
    book.export_units(str(out))
    qtbot.waitUntil(lambda: "已导出" in book.message.text(), timeout=30_000)
    from console.services.imports.units import parse_units_file

    plan = parse_units_file(named_desk, out)
    assert plan.ok and sorted(plan.to_update) == sorted(book.model.names())


def test_unit_text_is_plain():
    row = PR.UnitRow(1, "<i>单位</i>", "other", "其他", "dw", True, (), (), "", "<script>", (), False)
    assert "<i>单位</i>" in unit_text(row) and "<script>" in unit_text(row)


def test_a_save_from_a_stale_copy_is_refused_and_keeps_what_was_typed(qtbot, named_desk, street, operator,
                                                                      supervisor):
    uid = street.units["嘉宏三村物业"]
    dlg = UnitEditDialog(named_desk, operator, unit_id=uid)
    qtbot.addWidget(dlg)
    dlg.show()
    other = P.load_unit(named_desk, uid)  # another seat edits meanwhile
    other.notes = "另一席位刚改过"
    P.update_unit(named_desk, supervisor, uid, other)
    dlg.notes.setPlainText("我这边的备注")
    dlg.accept()
    assert dlg.error.isVisible() and supervisor.display_name in dlg.error.text()
    assert dlg.result() != dlg.DialogCode.Accepted and dlg.notes.toPlainText() == "我这边的备注"
    assert P.load_unit(named_desk, uid).notes == "另一席位刚改过"


def test_a_search_finding_more_than_are_listed_says_to_type_more(qtbot, named_desk, operator, runner, monkeypatch):
    """A 50,000-unit desk's empty box lists the first SHOWN units (in the list's order) and says there are more."""
    from console.ui.phonebook import phonebook_window

    monkeypatch.setattr(phonebook_window, "SHOWN", 2)
    w = PhonebookWindow(named_desk, operator, runner)
    qtbot.addWidget(w)
    first = [r.name for r in PR.search_units(named_desk)][:2]
    qtbot.waitUntil(lambda: w.model.names() == first, timeout=30_000)
    assert "显示前 2 个单位，还有更多" in w.count_label.text()
    qtbot.keyClicks(w.search_edit, "jhsc")
    qtbot.waitUntil(lambda: w.model.names() == ["嘉宏三村物业"], timeout=30_000)
    assert "还有更多" not in w.count_label.text()
