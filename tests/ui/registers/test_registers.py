"""登记册: special groups and the handbook — list, search, new, edit, delete, from the keyboard."""
from __future__ import annotations

import pytest
from helpers import key, send_text, show_dialog
from PySide6.QtCore import Qt
from sqlalchemy import func, insert, select

from console.services import registers as R
from console.store.models import AuditEntry, SpecialGroupMember
from console.ui.common import ask
from console.ui.common.workers import TaskRunner
from console.ui.registers.registers_window import LIMIT, HandbookEntryDialog, RegistersWindow, SpecialMemberDialog


@pytest.fixture
def asked(monkeypatch):
    questions = []
    monkeypatch.setattr(ask, "confirm", lambda parent, title, text: questions.append(text) or True)
    return questions


@pytest.fixture
def registers(qtbot, named_desk, operator):
    runner = TaskRunner()
    w = show_dialog(qtbot, RegistersWindow(named_desk, operator, runner))
    yield w
    runner.shutdown()


def audit_count(desk) -> int:
    with desk.db.read() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry))


def test_special_group_member_new_search_edit_delete(qtbot, registers, named_desk, street, asked):
    tab = registers.members
    qtbot.waitUntil(tab.search_edit.hasFocus)
    key(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dlg = tab._dialog
    assert isinstance(dlg, SpecialMemberDialog)
    dlg.activateWindow()
    qtbot.waitUntil(dlg.name.hasFocus)
    send_text(dlg.name, "刘阿婆")
    key(qtbot, Qt.Key.Key_Tab)
    send_text(dlg.group.lineEdit(), "独居老人")
    key(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(dlg.phone, "138-0013-8999")
    dlg.community.setCurrentIndex(dlg.community.findData(street.communities["嘉宏三村"]))
    send_text(dlg.address, "12号楼302室")
    send_text(dlg.needs, "<b>每周测血压</b>")
    key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not dlg.isVisible(), dlg.error.text()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=30_000)
    row = tab.model.row(0)
    assert (row.name, row.group, row.phone, row.community) == ("刘阿婆", "独居老人", "13800138999", "嘉宏三村")
    assert "<b>每周测血压</b>" in tab.detail.toPlainText()

    # search by digits of the phone; a miss shows nothing
    qtbot.keyClicks(tab.search_edit, "8999")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1 and tab.count_label.text() == "1 条", timeout=30_000)
    tab.search_edit.clear()
    qtbot.keyClicks(tab.search_edit, "7777")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0, timeout=30_000)
    tab.search_edit.clear()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=30_000)

    # edit with a bad phone: the reason shows, nothing changes
    n = audit_count(named_desk)
    registers.activateWindow()
    qtbot.waitUntil(registers.isActiveWindow)
    tab.search_edit.setFocus()
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Return)
    dlg = tab._dialog
    dlg.activateWindow()
    dlg.phone.setText("12ab")
    dlg.accept()
    assert dlg.isVisible() and dlg.error.text()
    assert audit_count(named_desk) == n
    assert R.load_special_member(named_desk, row.id).phone == "13800138999"
    dlg.phone.setText("13800138998")
    dlg.accept()
    assert not dlg.isVisible()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1 and tab.model.row(0).phone == "13800138998", timeout=30_000)

    registers.activateWindow()
    qtbot.waitUntil(registers.isActiveWindow)
    tab.table.setFocus()
    key(qtbot, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 1
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0, timeout=30_000)
    with named_desk.db.read() as s:
        assert s.scalar(select(func.count()).select_from(SpecialGroupMember)) == 0
        assert s.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc()).limit(1)) == "delete_special_member"


def test_handbook_entries_by_category_and_keyword(qtbot, registers, named_desk, street, operator):
    R.create_handbook_entry(named_desk, operator, R.HandbookInput(
        "停电了怎么办？", "先看总闸；整栋楼停电请拨 95598。", street.categories["水电气/停电"], "跳闸 总闸"))
    R.create_handbook_entry(named_desk, operator, R.HandbookInput("居住证明怎么开？", "带身份证到居委会。"))
    key(qtbot, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    tab = registers.handbook
    assert registers.tabs.currentWidget() is tab
    tab.search()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=30_000)
    qtbot.waitUntil(tab.search_edit.hasFocus)
    qtbot.keyClicks(tab.search_edit, "95598")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=30_000)
    assert tab.model.index(0, 0).data() == "水电气/停电"
    assert "整栋楼停电请拨 95598" in tab.detail.toPlainText()

    tab.search_edit.clear()
    key(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dlg = tab._dialog
    assert isinstance(dlg, HandbookEntryDialog)
    dlg.accept()  # empty: the service says what is missing
    assert dlg.isVisible() and "问题" in dlg.error.text()
    dlg.question.setText("噪音扰民找谁？")
    dlg.category.setCurrentIndex(dlg.category.findData(street.categories["噪音扰民"]))
    dlg.answer.setPlainText("夜间噪音请拨 110。")
    dlg.accept()
    assert not dlg.isVisible()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3, timeout=30_000)


def test_a_long_register_shows_a_page_and_says_so(qtbot, registers, named_desk):
    with named_desk.db.write() as s:
        s.execute(insert(SpecialGroupMember), [
            {"name": f"居民{i:04d}", "group": "高龄老人", "phone": "", "address": "", "needs": "", "grid_worker": "",
             "notes": ""} for i in range(LIMIT + 20)])
    tab = registers.members
    tab.search()
    qtbot.waitUntil(lambda: tab.model.rowCount() == LIMIT, timeout=30_000)
    assert tab.count_label.text() == f"只显示前 {LIMIT} 条，请缩小查找范围"
    tab.search_edit.setText("居民0007")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=30_000)


def test_a_failed_search_says_the_same_in_every_list(qtbot, registers, named_desk, operator, monkeypatch):
    """One rule (ui.common.errors.failed_search_text) for the registers, the phonebook and the ticket list:
    a locked database is named as such; only a bug says 查找出错 — and reaches the crash handler."""
    import sqlite3
    import sys

    from sqlalchemy.exc import OperationalError

    from console.ui.common.errors import failed_search_text

    crashes: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda t, v, tb: crashes.append(v))
    driver = sqlite3.OperationalError("database is locked")
    driver.sqlite_errorcode = 5  # SQLITE_BUSY, as the driver sets it
    locked = OperationalError("SELECT 1", {}, driver)
    tab = registers.members
    tab._failed(locked)
    assert tab.count_label.text() == failed_search_text(locked, named_desk.db.display)
    assert "查找出错" not in tab.count_label.text() and not crashes
    bug = RuntimeError("a bug")
    tab._failed(bug)
    assert tab.count_label.text() == "查找出错，已记入日志" and crashes == [bug]
