"""文件 → 导出 → 月报/季报: the last complete month by default, a quarter on request, both files named, by
keyboard; Cancel leaves nothing. The clock stands at 2026-11-22 22:00 (Asia/Shanghai)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from console.store.models import AuditEntry
from console.ui.common.workers import TaskRunner
from console.ui.exports.bulletin_dialog import BulletinExportDialog


def test_the_monthly_bulletin_by_keyboard_names_both_files(qtbot, show, named_desk, operator, runner, tmp_path):
    dlg = show(BulletinExportDialog(named_desk, operator, runner))
    assert dlg.monthly.isChecked() and (dlg.year_spin.value(), dlg.period_combo.currentData()) == (2026, 10)
    assert dlg.year_spin.hasFocus() and not dlg.unmasked_box.isVisible()  # counts only: nothing to unmask
    dlg.folder_edit.setText(str(tmp_path / "b"))
    qtbot.keyClick(dlg, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dlg.result_path is not None, timeout=30_000)
    workbook, pdf = tmp_path / "b" / "热线月报-2026-10.xlsx", tmp_path / "b" / "热线月报-2026-10.pdf"
    assert dlg.result_paths == [workbook, pdf] and pdf.read_bytes().startswith(b"%PDF")
    text = dlg.message.text()
    assert str(tmp_path / "b") in text and workbook.name in text and pdf.name in text
    assert dlg.open_button.isVisible()


def test_the_quarterly_bulletin_and_cancel(qtbot, show, named_desk, operator, tmp_path):
    runner = TaskRunner(synchronous=True)  # Cancel is pressed at the first progress report
    dlg = show(BulletinExportDialog(named_desk, operator, runner))
    qtbot.keyClick(dlg, Qt.Key.Key_Q, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(dlg.quarterly.isChecked)  # a mnemonic clicks the way a mouse does: animated, on a timer
    assert dlg.period_combo.count() == 4
    assert (dlg.year_spin.value(), dlg.period_combo.currentData()) == (2026, 3)
    out = tmp_path / "q"
    dlg.folder_edit.setText(str(out))
    dlg.progress.valueChanged.connect(lambda _v: dlg.cancel_button.click())
    dlg.export_button.click()
    assert dlg.result_path is None and "已取消" in dlg.message.text()
    assert not out.exists() or list(out.iterdir()) == []
    with named_desk.db.read() as s:
        assert s.scalars(select(AuditEntry).where(AuditEntry.action == "export_bulletin")).all() == []
    runner.shutdown()
