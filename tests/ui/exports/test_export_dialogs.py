"""文件 → 导出: the shift log PDF and the quarterly workbook, run on the worker with Cancel.

The clock stands at 2026-11-22 22:00 (Asia/Shanghai): the night shift of the
22nd, and the last complete quarter is 2026 Q3.
"""
from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from sqlalchemy import select

from console.services import shifts as shift_service
from console.services import tickets as T
from console.store.models import AuditEntry
from console.ui.common.workers import TaskRunner
from console.ui.exports import export_dialogs
from console.ui.exports.export_dialogs import QuarterlyExportDialog, ShiftLogExportDialog, last_complete_quarter


def audits(desk, action):
    with desk.db.read() as s:
        return list(s.scalars(select(AuditEntry.new).where(AuditEntry.action == action)))


def test_last_complete_quarter():
    from datetime import date

    assert last_complete_quarter(date(2026, 11, 22)) == (2026, 3)
    assert last_complete_quarter(date(2026, 2, 1)) == (2025, 4)
    assert last_complete_quarter(date(2026, 4, 1)) == (2026, 1)


def test_shift_log_by_date_writes_a_pdf_on_the_worker_and_opens_its_folder(
        qtbot, show, named_desk, street, operator, runner, tmp_path, opened, monkeypatch):
    T.log_call(named_desk, operator, T.NewCall(description="楼道灯不亮", caller_phone="13800138000",
                                               community_id=street.communities["嘉宏三村"]))
    threads = []
    real = export_dialogs.export_shift_log

    def spy(*a, **kw):
        threads.append(threading.current_thread())
        return real(*a, **kw)
    monkeypatch.setattr(export_dialogs, "export_shift_log", spy)

    dlg = show(ShiftLogExportDialog(named_desk, operator, runner))
    # no shift was ever opened: the date of now's shift (the night of the 22nd) is chosen
    assert not dlg.shift_radio.isEnabled() and dlg.date_radio.isChecked()
    assert dlg.date_edit.date().toString("yyyy-MM-dd") == "2026-11-22" and dlg.kind_combo.currentData() is True
    out = tmp_path / "out"
    dlg.folder_edit.setText(str(out))
    qtbot.keyClick(dlg, Qt.Key.Key_Return)  # 导出 is the default button
    qtbot.waitUntil(lambda: dlg.result_path is not None, timeout=30_000)
    assert threads and threads[0] is not threading.main_thread()
    path = dlg.result_path
    assert path.parent == out and path.name == "交接班日志-2026-11-22-夜班.pdf"
    assert path.read_bytes()[:5] == b"%PDF-" and [p.name for p in out.iterdir()] == [path.name]
    assert str(path) in dlg.message.text() and not dlg.progress.isVisible()
    assert audits(named_desk, "export_shift_log")
    qtbot.waitUntil(dlg.open_button.hasFocus)
    qtbot.keyClick(dlg.open_button, Qt.Key.Key_Space)
    assert [u.toLocalFile() for u in opened] == [str(out)]
    assert dlg.cancel_button.text() == "关闭"


def test_the_open_shift_is_the_default_and_a_supervisor_may_unmask(qtbot, show, named_desk, supervisor, runner,
                                                                     tmp_path):
    sid = shift_service.open_shift(named_desk, supervisor)
    dlg = show(ShiftLogExportDialog(named_desk, supervisor, runner))
    assert dlg.shift_radio.isEnabled() and dlg.shift_radio.isChecked() and not dlg.date_edit.isEnabled()
    assert "本班次" in dlg.shift_radio.text()
    assert dlg.unmasked_box.isEnabled()
    dlg.unmasked_box.setFocus()
    qtbot.keyClick(dlg.unmasked_box, Qt.Key.Key_Space)
    assert dlg.unmasked_box.isChecked() and dlg.mask is False
    assert not dlg.full_backlog_box.isChecked()
    qtbot.keyClick(dlg.focusWidget(), Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)  # 列出全部以前积压的工单(&L)
    qtbot.waitUntil(dlg.full_backlog_box.isChecked)  # a mnemonic clicks with a short animation
    dlg.folder_edit.setText(str(tmp_path))
    dlg.export_button.click()
    qtbot.waitUntil(lambda: dlg.result_path is not None, timeout=30_000)
    assert dlg.result_path.name == f"交接班日志-2026-11-22-夜班-班次{sid}-未打码.pdf"
    assert dlg.result_path.exists()
    assert any('"mask": false' in (a or "") and '"full_backlog": true' in (a or "")
               for a in audits(named_desk, "export_shift_log"))


def test_an_operator_cannot_tick_unmasked(qtbot, show, named_desk, operator, runner):
    dlg = show(ShiftLogExportDialog(named_desk, operator, runner))
    assert not dlg.unmasked_box.isEnabled() and dlg.unmasked_box.toolTip()
    qtbot.mouseClick(dlg.unmasked_box, Qt.MouseButton.LeftButton)
    assert not dlg.unmasked_box.isChecked()
    dlg.unmasked_box.setChecked(True)  # even if something ticks it, a disabled box does not unmask
    assert dlg.mask is True
    q = show(QuarterlyExportDialog(named_desk, operator, runner))
    assert not q.unmasked_box.isEnabled() and q.mask is True


def test_quarterly_export_writes_a_workbook_with_progress(qtbot, show, named_desk, supervisor, runner, tmp_path,
                                                          opened):
    from openpyxl import load_workbook

    dlg = show(QuarterlyExportDialog(named_desk, supervisor, runner))
    assert (dlg.year_spin.value(), dlg.quarter_combo.currentData()) == (2026, 3)
    assert dlg.year_spin.hasFocus()
    dlg.folder_edit.setText(str(tmp_path / "q"))
    values = []
    dlg.progress.valueChanged.connect(values.append)
    qtbot.keyClick(dlg, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dlg.result_path is not None, timeout=30_000)
    assert dlg.result_path == tmp_path / "q" / "热线季度分析-2026Q3.xlsx"
    assert (tmp_path / "q" / "热线季度分析-2026Q3.pdf").read_bytes().startswith(b"%PDF")
    wb = load_workbook(dlg.result_path, read_only=True)
    assert wb.sheetnames
    wb.close()
    assert values and values[-1] == 100
    # both files written are named, with their folder; the folder opens on request
    assert dlg.result_paths == [tmp_path / "q" / "热线季度分析-2026Q3.xlsx", tmp_path / "q" / "热线季度分析-2026Q3.pdf"]
    text = dlg.message.text()
    assert "2 个文件" in text and str(tmp_path / "q") in text
    assert "热线季度分析-2026Q3.xlsx" in text and "热线季度分析-2026Q3.pdf" in text
    qtbot.waitUntil(dlg.open_button.hasFocus)
    qtbot.keyClick(dlg.open_button, Qt.Key.Key_Space)
    assert [u.toLocalFile() for u in opened] == [str(tmp_path / "q")]


def test_cancelling_the_quarterly_export_leaves_no_file(qtbot, show, named_desk, supervisor, tmp_path):
    runner = TaskRunner(synchronous=True)  # Cancel is pressed at the first progress report, mid-export
    dlg = show(QuarterlyExportDialog(named_desk, supervisor, runner))
    out = tmp_path / "q"
    dlg.folder_edit.setText(str(out))
    pressed = []

    def press_cancel(_value):
        if not pressed:
            pressed.append(dlg.cancel_button.isEnabled())
            dlg.cancel_button.click()
    dlg.progress.valueChanged.connect(press_cancel)
    dlg.export_button.click()
    assert pressed == [True]
    assert dlg.result_path is None and "已取消" in dlg.message.text()
    assert not out.exists() or list(out.iterdir()) == []
    assert audits(named_desk, "export_quarterly") == []
    assert dlg.export_button.isEnabled() and dlg.isVisible()  # the dialog stays for another try
    runner.shutdown()


def test_a_bad_folder_is_a_one_line_sentence(qtbot, show, named_desk, supervisor, runner, tmp_path):
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("x", encoding="utf-8")
    dlg = show(QuarterlyExportDialog(named_desk, supervisor, runner))
    dlg.folder_edit.setText(str(not_a_folder))
    dlg.export_button.click()
    qtbot.waitUntil(lambda: not dlg._busy, timeout=30_000)
    text = dlg.message.text()
    assert "不是文件夹" in text and "\n" not in text and "Traceback" not in text
    assert dlg.result_path is None and not dlg.open_button.isVisible()
