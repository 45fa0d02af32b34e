"""文件 → 导出 → 开放数据（Open311）: a date range, the unmask box for supervisors, the work on the worker with
progress, the file named and its folder opened. The clock stands at 2026-11-22 22:00 (Asia/Shanghai), so the
dialog offers October 2026."""
from __future__ import annotations

import json
import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from helpers import show_dialog as show
from PySide6.QtCore import QDate, Qt

from console.services import tickets as T
from console.ui.exports import export_dialogs
from console.ui.exports.export_dialogs import Open311ExportDialog, last_complete_month

SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def october(named_desk, street, operator, clock):
    clock.set(datetime(2026, 10, 9, 20, 30, tzinfo=SH))
    T.log_call(named_desk, operator, T.NewCall(
        description="停电了，回电13987654321", caller_phone="13800138000", caller_name="王小明",
        community_id=street.communities["嘉宏三村"], building="12号", room="301",
        category_id=street.categories["水电气/停电"]), dispatch=T.Dispatch(street.units["城东供电所"]))
    clock.set(datetime(2026, 11, 22, 22, 0, tzinfo=SH))
    return named_desk


def test_last_complete_month():
    assert last_complete_month(date(2026, 11, 22)) == (date(2026, 10, 1), date(2026, 10, 31))
    assert last_complete_month(date(2026, 1, 5)) == (date(2025, 12, 1), date(2025, 12, 31))
    assert last_complete_month(date(2024, 3, 1)) == (date(2024, 2, 1), date(2024, 2, 29))


def test_writes_the_file_on_the_worker_names_it_and_opens_its_folder(qtbot, october, operator, runner, tmp_path,
                                                                        opened, monkeypatch):
    threads = []
    real = export_dialogs.export_open311_file

    def spy(*a, **kw):
        threads.append(threading.current_thread())
        return real(*a, **kw)
    monkeypatch.setattr(export_dialogs, "export_open311_file", spy)
    dlg = show(qtbot, Open311ExportDialog(october, operator, runner))
    assert dlg.from_edit.hasFocus()
    assert (dlg.from_edit.date().toPython(), dlg.to_edit.date().toPython()) == (date(2026, 10, 1), date(2026, 10, 31))
    assert not dlg.unmasked_box.isEnabled() and dlg.mask is True
    out = tmp_path / "open"  # missing: made, as the other exports' folders are
    dlg.folder_edit.setText(str(out))
    values = []
    dlg.progress.valueChanged.connect(values.append)
    qtbot.keyClick(dlg, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dlg.result_path is not None, timeout=30_000)
    assert threads and threads[0] is not threading.main_thread()
    path = dlg.result_path
    assert path == out / "热线开放数据-20261001-20261031.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert [(o["service_name"], o["address"]) for o in data] == [("水电气/停电", "嘉宏三村 12号")]
    assert "13987654321" not in path.read_text(encoding="utf-8")
    assert str(path) in dlg.message.text() and "1 条服务请求" in dlg.message.text()
    assert values and values[-1] == 100 and not dlg.progress.isVisible()
    qtbot.waitUntil(dlg.open_button.hasFocus)
    qtbot.keyClick(dlg.open_button, Qt.Key.Key_Space)
    assert [u.toLocalFile() for u in opened] == [str(out)]


def test_a_supervisor_unmasks(qtbot, october, supervisor, runner, tmp_path):
    from PySide6.QtWidgets import QLabel

    dlg = show(qtbot, Open311ExportDialog(october, supervisor, runner))
    assert any(lab.buddy() is dlg.folder_edit for lab in dlg.findChildren(QLabel))  # 保存到(&F): Alt+F
    assert dlg.unmasked_box.isEnabled()
    dlg.unmasked_box.setFocus()
    qtbot.keyClick(dlg.unmasked_box, Qt.Key.Key_Space)
    dlg.folder_edit.setText(str(tmp_path))
    dlg.export_button.click()
    qtbot.waitUntil(lambda: dlg.result_path is not None, timeout=30_000)
    assert dlg.result_path.name == "热线开放数据-20261001-20261031-未打码.json"
    (o,) = json.loads(dlg.result_path.read_text(encoding="utf-8"))
    assert o["address"] == "嘉宏三村 12号301室" and "13987654321" in o["description"]


def test_a_reversed_period_is_said_at_once_and_nothing_runs(qtbot, october, supervisor, runner, tmp_path):
    dlg = show(qtbot, Open311ExportDialog(october, supervisor, runner))
    dlg.from_edit.setDate(QDate(2026, 11, 30))
    dlg.to_edit.setDate(QDate(2026, 11, 1))
    dlg.folder_edit.setText(str(tmp_path / "never"))
    dlg.export_button.click()
    assert "早于开始日期" in dlg.message.text() and "\n" not in dlg.message.text()
    assert not dlg._busy and not (tmp_path / "never").exists()


def test_a_file_as_folder_is_one_line(qtbot, october, supervisor, runner, tmp_path):
    note = tmp_path / "notes.txt"
    note.write_text("x", encoding="utf-8")
    dlg = show(qtbot, Open311ExportDialog(october, supervisor, runner))
    dlg.folder_edit.setText(str(note))
    dlg.export_button.click()
    qtbot.waitUntil(lambda: not dlg._busy, timeout=30_000)
    assert "不是文件夹" in dlg.message.text() and "\n" not in dlg.message.text()
    assert dlg.result_path is None and note.read_text(encoding="utf-8") == "x"


def test_the_file_menu_opens_it(qtbot, make_window, supervisor):
    from PySide6.QtWidgets import QMenu

    w = make_window(supervisor)
    assert w.act_export_open311 in w.findChild(QMenu, "exportMenu").actions()
    w.act_export_open311.trigger()
    dlg = w.windows.dialog
    assert isinstance(dlg, Open311ExportDialog) and dlg.isVisible()
    dlg.reject()
