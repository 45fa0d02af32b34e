"""The window meeting a bad night: a database that turns read-only, locked, deleted or
garbage; broken settings and drafts; hostile resident text; odd filters and keys.

The promise checked here: bad input gets one clear sentence (Chinese by default) and
changes nothing; no crash report ever reaches the operator; no saved ticket is lost;
the words typed into New Call survive a failed save. Each test drives the real window
or dialog (offscreen) and fails if the crash handler (sys.excepthook) is reached.

Read-only is simulated with SQLite's `PRAGMA query_only` on every new connection:
it fails writes with the same SQLITE_READONLY code a chmod 444 file gives a
non-root user (tests may run as root, where chmod changes nothing).
"""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import shiboken6
from helpers import send_text
from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import event, func, select

from console.domain.lifecycle import Action
from console.services import drafts
from console.services import tickets as T
from console.store.models import Ticket

# The crash handler is what these tests watch: pytest-qt must not swallow it first.
pytestmark = [pytest.mark.gui, pytest.mark.qt_no_exception_capture]

HOSTILE = '<b>x</b><img src=x><a href="file:///etc/passwd">pw</a>'
READ_ONLY = "只读"


# -- fixtures (this file's own; tests/ui/conftest.py is not visible from here) -------------

@pytest.fixture
def crashes(monkeypatch):
    """Everything that reached the crash handler (which would show "程序错误" to the operator)."""
    seen: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda t, v, tb: seen.append(v))
    return seen


@pytest.fixture
def boxes(monkeypatch):
    """Message boxes, recorded instead of shown (a modal box would hang offscreen).

    Every answer is Ok, which is not Yes: a question is answered "no"."""
    shown: list[tuple[str, str, str]] = []

    def record(kind):
        def f(*a, **_k):
            shown.append((kind, str(a[1]) if len(a) > 1 else "", str(a[2]) if len(a) > 2 else ""))
            return QMessageBox.StandardButton.Ok
        return staticmethod(f)

    for kind in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, kind, record(kind))
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(("exec", self.windowTitle(), self.text()))
                        or QMessageBox.StandardButton.Ok)
    return shown


@pytest.fixture
def tickets3(desk, street, operator, clock):
    """Three tickets a minute apart; the middle one dispatched (a check-back due in 30 min)."""
    ids = []
    for i in range(3):
        call = T.NewCall(description=f"第{i}号来电：楼道停电", caller_phone="13800138000",
                         community_id=street.communities["嘉宏三村"], category_id=street.categories["水电气/停电"])
        kw = {"dispatch": T.Dispatch(street.units["城东供电所"])} if i == 1 else {}
        ids.append(T.log_call(desk, operator, call, **kw).id)
        clock.advance(minutes=1)
    return ids


@pytest.fixture
def ini(tmp_path) -> Path:
    return tmp_path / "ui.ini"


@pytest.fixture
def make_window(qtbot, desk, operator, ini):
    from console.ui.tickets.main_window import MainWindow

    made = []

    def make(actor=None):
        w = MainWindow(desk, actor or operator, settings=QSettings(str(ini), QSettings.Format.IniFormat))
        qtbot.addWidget(w)
        made.append(w)
        return w

    yield make
    for w in made:
        if not w.runner.is_shut_down:
            w.runner.shutdown()


@pytest.fixture
def prompt_says(monkeypatch):
    """Lifecycle / call-back prompts answer with the given text instead of waiting for a person."""
    def install(module, text: str) -> None:
        class FakePrompt:
            def __init__(self, *a, **k):
                pass

            def exec(self):
                return 1

            def text(self):
                return text
        monkeypatch.setattr(module, "TextPromptDialog", FakePrompt)
    return install


def make_read_only(db) -> None:
    """From now on every connection refuses writes with SQLITE_READONLY (as a chmod 444 file does)."""
    @event.listens_for(db.engine, "connect")
    def _query_only(dbapi_conn, _record):
        dbapi_conn.execute("PRAGMA query_only = ON")
    db.engine.dispose()


def count(desk, model=Ticket) -> int:
    with desk.db.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def open_new_call(qtbot, w):
    w.new_call()
    dlg = w.new_call_dialog
    qtbot.waitExposed(dlg)
    dlg.activateWindow()
    qtbot.waitUntil(dlg.phone.hasFocus)
    return dlg


def close_dialog(dlg) -> None:
    if shiboken6.isValid(dlg):
        dlg._autosave.stop()
        dlg.hide()


def shown_as_tooltip(tip) -> str:
    """What QToolTip shows for this value: Qt renders it as rich text when it looks like markup."""
    text = "" if tip is None else str(tip)
    doc = QTextDocument()
    if GuiQt.mightBeRichText(text):
        doc.setHtml(text)
    else:
        doc.setPlainText(text)
    return doc.toPlainText()


# == the database turns read-only while the window is open ====================================

def test_new_call_on_a_read_only_database_keeps_every_word_and_says_why(qtbot, tickets3, desk, make_window,
                                                                        crashes, boxes, operator):
    w = make_window()
    dlg = open_new_call(qtbot, w)
    make_read_only(desk.db)
    qtbot.keyClicks(dlg.phone, "13900139000")
    send_text(dlg.description, "楼道漏水很严重")
    before = count(desk)
    qtbot.keyClick(dlg.description, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dlg.isVisible() and READ_ONLY in dlg.error.text()
    assert dlg.description.toPlainText() == "楼道漏水很严重" and dlg.phone.text() == "13900139000"
    assert count(desk) == before and not crashes
    assert drafts.load_draft(dlg.draft_key)["description"] == "楼道漏水很严重"
    close_dialog(dlg)


@pytest.mark.parametrize("action", [Action.RESOLVE, Action.NOTE])
def test_a_lifecycle_step_on_a_read_only_database_is_one_message(qtbot, tickets3, desk, make_window, crashes,
                                                                 boxes, prompt_says, action):
    from console.ui.tickets import ticket_actions

    prompt_says(ticket_actions, "已恢复供电")
    w = make_window()
    assert w.select_ticket(tickets3[1])
    make_read_only(desk.db)
    w.ticket_actions.trigger(action)
    qtbot.waitUntil(lambda: not w.ticket_actions._busy, timeout=30_000)
    assert [b[0] for b in boxes] == ["warning"] and READ_ONLY in boxes[0][2]
    assert not crashes


def test_opening_a_shift_on_a_read_only_database_is_one_message(qtbot, tickets3, desk, make_window, crashes,
                                                                 boxes):
    w = make_window()
    make_read_only(desk.db)
    w.act_open_shift.trigger()
    qtbot.waitUntil(lambda: w.runner.pending_count == 0, timeout=30_000)
    assert [b[0] for b in boxes] == ["warning"] and READ_ONLY in boxes[0][2]
    assert not crashes


def test_snoozing_an_alert_on_a_read_only_database_says_why_in_the_dialog(qtbot, tickets3, desk, make_window,
                                                                         clock, crashes, boxes):
    """FINDING: SnoozeDialog._failed sent the database error to the crash handler ("程序错误")."""
    clock.advance(minutes=40)  # the check-back of ticket #1 is overdue
    w = make_window()
    w.due.controller.refresh()
    qtbot.waitUntil(lambda: bool(w.due.controller.items), timeout=30_000)
    make_read_only(desk.db)
    w.due.snooze(w.due.controller.items[0])
    dlg = w.due.snooze_dialog
    dlg.reason.setEditText("居民电话未接通")
    dlg.submit()
    qtbot.waitUntil(dlg.buttons.isEnabled, timeout=30_000)
    assert not crashes, "the crash report reached the operator"
    assert dlg.isVisible() and READ_ONLY in dlg.error.text()
    dlg.hide()


def test_the_handover_note_on_a_read_only_database_says_why_and_keeps_the_note(qtbot, tickets3, desk, make_window,
                                                                               operator, crashes, boxes):
    """FINDING: HandoverNoteDialog.accept caught only UserError; the database error escaped the slot."""
    from console.services import shifts

    shifts.open_shift(desk, operator)
    w = make_window()
    dlg = w.windows.edit_handover_note()
    qtbot.waitExposed(dlg)
    make_read_only(desk.db)
    send_text(dlg.note, "3号楼漏水待物业回电")
    try:
        qtbot.keyClick(dlg.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    except Exception as e:  # noqa: BLE001 - what escapes a slot is a crash report in the real program
        crashes.append(e)
    assert not crashes, "the crash report reached the operator"
    assert dlg.isVisible() and READ_ONLY in dlg.error.text()
    assert "3号楼漏水待物业回电" in dlg.note.toPlainText()
    dlg.hide()


def test_a_dialog_save_on_the_gui_thread_waits_two_seconds_for_a_busy_database_not_ten(
        qtbot, tickets3, desk, make_window, operator, crashes, boxes, monkeypatch):
    """Saves made on the window's thread (handover note, phonebook, registers) wait GUI_BUSY_MS for
    another program's write lock, then say so; the store's 10 s default is for workers."""
    import console.store.database as database
    from console.services import shifts

    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 600_000)  # a wide margin however loaded the machine
    desk.db.engine.dispose()
    from console.ui.tickets.main_window import GUI_BUSY_MS

    shifts.open_shift(desk, operator)
    w = make_window()
    dlg = w.windows.edit_handover_note()
    qtbot.waitExposed(dlg)
    send_text(dlg.note, "5号楼电梯困人已解除")
    other = sqlite3.connect(str(desk.db.sqlite_path), isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        t0 = time.monotonic()
        qtbot.keyClick(dlg.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        waited = time.monotonic() - t0
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert GUI_BUSY_MS / 1000 - 0.2 <= waited < 60  # its own wait, not the store's (600 s here)
    assert not crashes and dlg.isVisible() and "另一个程序占用" in dlg.error.text()
    assert "5号楼电梯困人已解除" in dlg.note.toPlainText()
    qtbot.keyClick(dlg.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # the lock is gone
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=30_000)
    with desk.db.read() as s:
        assert shifts.current_shift(s).handover_note == "5号楼电梯困人已解除"


def test_closing_the_shift_on_a_read_only_database_names_the_cause(qtbot, tickets3, desk, make_window, operator,
                                                                   crashes, boxes):
    """FINDING (message): "交班失败：数据库暂时无法写入，请稍后再试" for a file that will stay read-only."""
    from console.services import shifts

    shifts.open_shift(desk, operator)
    w = make_window()
    dlg = w.windows.close_shift()
    qtbot.waitExposed(dlg)
    make_read_only(desk.db)
    dlg.close_button.click()
    assert not crashes
    assert dlg.isVisible() and READ_ONLY in dlg.error.text()
    dlg.hide()


def test_phonebook_changes_on_a_read_only_database_say_why(qtbot, tickets3, desk, make_window, crashes, boxes):
    """FINDING: PhonebookWindow._write sent the database error to the crash handler."""
    w = make_window()
    pb = w.windows.open_phonebook()
    qtbot.waitUntil(lambda: pb.table.model().rowCount() > 0, timeout=30_000)
    pb.table.setCurrentIndex(pb.table.model().index(0, 0))
    make_read_only(desk.db)
    pb.toggle_active()
    assert not crashes, "the crash report reached the operator"
    assert READ_ONLY in pb.message.text()
    pb.hide()


def test_deleting_a_register_entry_on_a_read_only_database_says_why(qtbot, tickets3, desk, make_window, admin,
                                                                    crashes, boxes, monkeypatch):
    """FINDING: RegisterTab.delete sent the database error to the crash handler."""
    from console.services.registers import SpecialGroupInput, create_special_member
    from console.ui.common import ask

    monkeypatch.setattr(ask, "confirm", lambda *a: True)
    create_special_member(desk, admin, SpecialGroupInput(name="王阿婆", group="独居老人", phone="13900000001"))
    w = make_window(admin)
    tab = w.windows.open_registers().members
    tab.search()
    qtbot.waitUntil(lambda: tab.table.model().rowCount() > 0, timeout=30_000)
    tab.table.setCurrentIndex(tab.table.model().index(0, 0))
    make_read_only(desk.db)
    tab.delete()
    assert not crashes, "the crash report reached the operator"
    assert READ_ONLY in tab.message.text()
    w.windows.registers.hide()


def test_a_missed_call_back_on_a_read_only_database_says_why(qtbot, tickets3, desk, make_window, operator,
                                                             crashes, boxes, prompt_says):
    """FINDING: MissedCallsWindow.call_back_only sent the database error to the crash handler."""
    from console.services.missed_calls import log_missed_call
    from console.ui.missed_calls import missed_calls_window

    log_missed_call(desk, operator, "13900000002")
    prompt_says(missed_calls_window, "已回拨，居民说已解决")
    w = make_window()
    mc = w.windows.open_missed_calls()
    mc.table.setCurrentIndex(mc.table.model().index(0, 0))
    make_read_only(desk.db)
    mc.call_back_only()
    assert not crashes, "the crash report reached the operator"
    assert READ_ONLY in mc.message.text()
    mc.hide()


def test_logging_a_missed_call_on_a_read_only_database_names_the_cause(qtbot, tickets3, desk, make_window,
                                                                       crashes, boxes):
    """FINDING (message): F3 said "暂时无法写入，请稍后再试" for a file that will stay read-only."""
    w = make_window()
    dlg = w.windows.log_missed_call()
    make_read_only(desk.db)
    qtbot.keyClicks(dlg.phone, "13900000003")
    dlg.accept()
    assert dlg.isVisible() and READ_ONLY in dlg.error.text()
    assert dlg.phone.text() == "13900000003" and not crashes
    dlg.hide()


def test_saving_a_special_group_member_on_a_read_only_database_names_the_cause(qtbot, desk, admin, crashes, boxes):
    """FINDING (message): the register dialogs said "暂时无法写入，请稍后再试" for a read-only file."""
    from console.ui.registers.registers_window import SpecialMemberDialog

    dlg = SpecialMemberDialog(desk, admin)
    qtbot.addWidget(dlg)
    make_read_only(desk.db)
    dlg.name.setText("王阿婆")
    dlg.group.setCurrentText("独居老人")
    dlg.accept()
    assert READ_ONLY in dlg.error.text() and dlg.name.text() == "王阿婆" and not crashes


def test_adding_a_category_on_a_read_only_database_says_why(qtbot, desk, admin, crashes, boxes, monkeypatch):
    """FINDING: CategoriesDialog._run caught only UserError; the database error escaped the button.
    (That dialog is gone: the phonebook opens the one category editor, 管理 → 问题分类.)"""
    from console.ui.admin.categories_dialog import CategoriesEditorDialog

    dlg = CategoriesEditorDialog(desk, admin)
    qtbot.addWidget(dlg)
    monkeypatch.setattr(dlg, "prompt_text", lambda *a, **k: "高空抛物")
    make_read_only(desk.db)
    try:
        dlg.add_top()
    except Exception as e:  # noqa: BLE001 - escapes the button's slot: a crash report in the real program
        crashes.append(e)
    assert not crashes, "the crash report reached the operator"
    assert READ_ONLY in dlg.error_label.text()


def test_a_deadline_rule_on_a_read_only_database_says_why(qtbot, desk, supervisor, crashes, boxes):
    """FINDING: DeadlineRulesDialog._failed sent the database error to the crash handler."""
    from console.ui.common.workers import TaskRunner
    from console.ui.due.deadline_rules_dialog import DeadlineRulesDialog

    runner = TaskRunner(synchronous=True)
    dlg = DeadlineRulesDialog(desk, supervisor, runner)
    qtbot.addWidget(dlg)
    make_read_only(desk.db)
    dlg.minutes.setText("45")
    dlg.save_rule()
    assert not crashes, "the crash report reached the operator"
    assert READ_ONLY in dlg.message.text()


# == another program holds the write lock ======================================================

def test_new_call_save_does_not_freeze_the_window_while_another_program_holds_the_lock(
        qtbot, tickets3, desk, make_window, crashes, boxes, monkeypatch):
    """FINDING: NewCallDialog.save runs log_call on the GUI thread: the window is frozen for the
    whole busy timeout (10 s by default; 2 s here) with no sign of life, then says "busy"."""
    import console.store.database as database

    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 600_000)
    desk.db.engine.dispose()  # connections made from now on wait 10 min for the lock
    w = make_window()
    dlg = open_new_call(qtbot, w)
    send_text(dlg.description, "楼道漏水很严重")
    other = sqlite3.connect(str(desk.db.sqlite_path), isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        t0 = time.monotonic()
        dlg.save()  # what Ctrl+Enter calls
        blocked = time.monotonic() - t0
    finally:
        other.execute("ROLLBACK")
        other.close()
    qtbot.waitUntil(lambda: not shiboken6.isValid(dlg) or not dlg.isVisible() or bool(dlg.error.text()),
                    timeout=30_000)
    assert blocked < 60, f"the GUI thread was blocked {blocked:.1f} s (the whole busy timeout)"
    assert not crashes
    close_dialog(dlg)


def test_a_second_ctrl_enter_while_saving_makes_one_ticket(qtbot, tickets3, desk, make_window, crashes, boxes):
    w = make_window()
    dlg = open_new_call(qtbot, w)
    send_text(dlg.description, "楼道漏水")
    before = count(desk)
    dlg.save()
    dlg.save()
    qtbot.waitUntil(lambda: count(desk) > before, timeout=30_000)
    qtbot.waitUntil(lambda: w.runner.pending_count == 0, timeout=30_000)  # a save moved to a worker is done too
    assert count(desk) == before + 1 and not crashes


# == the file deleted or replaced under the window ================================================

def test_new_call_does_not_say_saved_when_the_database_file_was_deleted(qtbot, tickets3, desk, make_window,
                                                                       crashes, boxes):
    """FINDING: in WAL mode SQLite keeps writing to the unlinked file; the window says
    "已保存工单 …" and the ticket is gone when the program closes (no saved ticket may be lost)."""
    w = make_window()
    dlg = open_new_call(qtbot, w)
    send_text(dlg.description, "楼道漏水很严重")
    path = desk.db.sqlite_path
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    dlg.save()
    assert shiboken6.isValid(dlg) and dlg.isVisible(), \
        f"reported as saved into a deleted file: {w.status.currentMessage()!r}"
    assert dlg.error.text() and dlg.description.toPlainText() == "楼道漏水很严重"
    close_dialog(dlg)


def test_f2_on_an_unreadable_database_still_takes_the_call(qtbot, tickets3, desk, make_window, crashes, boxes):
    """FINDING: New Call read its pick lists in the constructor; a damaged file made F2 a crash
    report, and the call could not even be typed (the draft is what keeps it)."""
    w = make_window()
    desk.db.engine.dispose()
    with open(desk.db.sqlite_path, "r+b") as f:  # a disk error / a bad copy: the header is garbage
        f.write(b"\xde\xad" * 2048)
    try:
        w.new_call()
    except Exception as e:  # noqa: BLE001 - escapes the F2 action: a crash report in the real program
        crashes.append(e)
    assert not crashes, "the crash report reached the operator"
    dlg = w.new_call_dialog
    assert dlg is not None and dlg.error.text()  # says the file is damaged
    send_text(dlg.description, "楼道漏水很严重")
    dlg.save()
    assert dlg.isVisible() and dlg.description.toPlainText() == "楼道漏水很严重" and not crashes
    close_dialog(dlg)


# == closing and draft failures =====================================================================

def test_closing_the_window_with_a_call_being_typed_keeps_it_as_a_draft(qtbot, tickets3, desk, make_window,
                                                                        operator, crashes, boxes):
    """FINDING: the form autosaves every 3 s; closing the desk (tray Quit, logout) asks
    "放弃这条来电？", and even after "否" the program ends with no draft: the words are lost."""
    w = make_window()
    w.show()
    dlg = open_new_call(qtbot, w)
    send_text(dlg.description, "刚刚输入的来电内容")
    key = dlg.draft_key
    w.close()
    dlg.close()  # the program ends: every window is closed; the question is answered "no"
    assert [b[1] for b in boxes if b[0] == "question"] == ["放弃这条来电？"]
    assert (drafts.load_draft(key) or {}).get("description") == "刚刚输入的来电内容"
    close_dialog(dlg)


def test_a_failed_save_never_claims_a_draft_that_could_not_be_written(qtbot, tickets3, desk, make_window,
                                                                       crashes, boxes, monkeypatch):
    """FINDING: with the disk full, the message said "已输入的内容已保存为草稿" although the draft
    write had failed (the operator may then close the form, trusting the draft)."""
    def disk_full(*_a, **_k):
        raise OSError(28, "No space left on device")

    w = make_window()
    dlg = open_new_call(qtbot, w)
    send_text(dlg.description, "楼道漏水很严重")
    monkeypatch.setattr(drafts, "save_draft", disk_full)
    make_read_only(desk.db)
    dlg.save()
    assert dlg.isVisible() and dlg.error.text()
    assert "已保存为草稿" not in dlg.error.text(), dlg.error.text()
    assert dlg.description.toPlainText() == "楼道漏水很严重" and not crashes
    close_dialog(dlg)


# == settings, drafts and start-up ======================================================================

def test_settings_holding_text_where_the_window_state_belongs_do_not_stop_the_window(qtbot, tickets3, ini,
                                                                                     make_window, crashes):
    """FINDING: `geometry=hello` (or @Rect/@Size …) in the ini made restoreGeometry raise a TypeError
    inside MainWindow(): a crash report at every start and no window until the file is deleted."""
    ini.write_text("[mainWindow]\ngeometry=hello\nstate=@Size(99999 99999)\ntableHeader=@Point(1 2)\n"
                   "[look]\nfontSize=500\ntheme=purple\nlang=klingon\n", encoding="utf-8")
    try:
        w = make_window()
    except TypeError as e:
        pytest.fail(f"the window cannot open with these settings: {e}")
    assert w.model.rowCount() == 3 and not crashes


def test_a_draft_of_the_wrong_shape_restores_what_it_can(qtbot, tickets3, desk, operator, crashes, boxes):
    from console.ui.new_call.new_call_dialog import NewCallDialog

    weird = {"received_at": "garbage", "phone": 12345, "caller_name": ["x"], "community_id": "abc",
             "community_text": None, "category_id": [1], "category_text": {"a": 1}, "request_type": "zzz",
             "urgency": 5, "description": "草稿内容", "mode": "dispatch", "answer": None,
             "dispatch_unit_id": 99999, "dispatch_contact_id": "q"}
    dlg = NewCallDialog(desk, operator, draft=weird)
    qtbot.addWidget(dlg)
    assert dlg.description.toPlainText() == "草稿内容" and dlg.request_type.code() == "help"
    before = count(desk)
    dlg.save()
    assert dlg.error.text() and count(desk) == before and not crashes
    close_dialog(dlg)


def test_a_broken_database_at_start_is_told_in_a_window_not_only_on_stderr(tmp_path):
    """FINDING: `hotline-console --db garbage` (also a newer schema, a directory, a read-only folder)
    prints its one line on stderr and exits 1 before any window: started from the desktop icon,
    the operator sees nothing at all."""
    bad = tmp_path / "garbage.sqlite3"
    bad.write_bytes(os.urandom(65536))
    script = textwrap.dedent("""
        import sys
        import console.app as A
        A._can_show_window = lambda: True  # as on a desktop (offscreen: a box would wait forever)
        A._message_box = lambda title, text: print("MESSAGE-BOX", title, text, flush=True)
        sys.exit(A.main(["--db", sys.argv[1]]))
    """)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOTLINE_DATA_DIR=str(tmp_path / "data"))
    for k in ("HOTLINE_AUTOLOGIN", "HOTLINE_QUIT_AFTER_MS", "HOTLINE_DB"):
        env.pop(k, None)
    r = subprocess.run([sys.executable, "-c", script, str(bad)], env=env, capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 1 and "不是有效的数据库文件" in r.stderr
    assert "MESSAGE-BOX 值班台无法打开 不是有效的数据库文件" in r.stdout, \
        "the reason was printed on stderr only; no window said it"


@pytest.mark.parametrize("env, shown", [
    ({"QT_QPA_PLATFORM": "offscreen"}, False),  # nobody can see it, and it would wait forever
    ({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":0", "HOTLINE_QUIT_AFTER_MS": "500"}, False),  # unattended
    ({"DISPLAY": ":0"}, True),
    ({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":0"}, True),
])
def test_the_start_error_box_only_where_someone_can_see_it(monkeypatch, env, shown):
    import console.app as A

    for k in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY", "HOTLINE_QUIT_AFTER_MS"):
        monkeypatch.delenv(k, raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setattr(sys, "platform", "linux")
    assert A._can_show_window() is shown
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    assert A._can_show_window() is False  # Linux without a display: Qt would abort, not show


# == hostile resident text ==============================================================================

def test_hostile_text_is_stored_without_bidi_controls_and_shown_as_plain_text(qtbot, tickets3, desk, make_window,
                                                                              crashes, boxes):
    """Markup, emoji and line breaks are kept as typed; bidi overrides, which would print a name backwards
    and pass it for another, are removed (console.domain.text)."""
    w = make_window()
    dlg = open_new_call(qtbot, w)
    name = "王\u202eabc\u202c😀"
    text = HOSTILE + "\n第二行😀\u202eRTL"
    send_text(dlg.caller_name, name)
    dlg.description.setPlainText(text)
    dlg.save()
    with desk.db.read() as s:
        t = s.scalars(select(Ticket).order_by(Ticket.id.desc())).first()
        stored = (t.id, t.caller_name, t.description)
    assert stored[1:] == ("王abc😀", HOSTILE + "\n第二行😀RTL")
    assert w.select_ticket(stored[0])
    assert HOSTILE in w.detail_view.toPlainText() and "<img" not in w.detail_view.toHtml()
    assert not crashes


def test_the_ticket_list_tooltip_shows_the_description_as_plain_text(qtbot, desk, operator, make_window):
    """FINDING: the content column's tooltip returned the resident's words raw; QToolTip renders
    text that looks like markup as rich text (bold, <img>, links)."""
    from console.ui.tickets.ticket_table_model import COL_CONTENT

    tid = T.log_call(desk, operator, T.NewCall(description=HOSTILE)).id
    w = make_window()
    tip = w.model.index(w.model.row_of(tid), COL_CONTENT).data(Qt.ItemDataRole.ToolTipRole)
    assert shown_as_tooltip(tip) == HOSTILE


def test_register_and_phonebook_tooltips_show_plain_text(qtbot, desk, admin, make_window):
    """FINDING: the special-group register and the phonebook returned names, needs and skills
    raw as tooltips (rendered as rich text)."""
    from console.services import phonebook as P
    from console.services.registers import SpecialGroupInput, create_special_member

    create_special_member(desk, admin, SpecialGroupInput(name=HOSTILE, group="独居老人", needs=HOSTILE))
    P.create_unit(desk, admin, P.UnitInput(name="嘉宏维修", kind="property", skills=HOSTILE, contacts=[
        P.ContactInput(person="甲", phones="13900000009", duty_hours="24小时")]))
    w = make_window(admin)
    tab = w.windows.open_registers().members
    tab.search()
    qtbot.waitUntil(lambda: tab.table.model().rowCount() > 0, timeout=30_000)
    pb = w.windows.open_phonebook()
    qtbot.waitUntil(lambda: pb.table.model().rowCount() > 4, timeout=30_000)
    rich = []
    for where, m in (("register", tab.table.model()), ("phonebook", pb.table.model())):
        for r in range(m.rowCount()):
            for c in range(m.columnCount()):
                tip = m.index(r, c).data(Qt.ItemDataRole.ToolTipRole)
                if tip and shown_as_tooltip(tip) != str(m.index(r, c).data()):  # the cell's own text
                    rich.append((where, c))
    w.windows.registers.hide()
    pb.hide()
    assert rich == []


def test_a_missed_call_note_tooltip_shows_plain_text(qtbot, desk, operator, make_window):
    """FINDING: the call-back note (the resident's words as typed by the operator) was a rich tooltip."""
    from console.services.missed_calls import call_back, log_missed_call

    mid = log_missed_call(desk, operator, "13900000002")
    call_back(desk, operator, mid, HOSTILE)
    w = make_window()
    mc = w.windows.open_missed_calls()
    mc.set_open_only(False)
    m = mc.table.model()
    tips = [m.index(r, c).data(Qt.ItemDataRole.ToolTipRole) for r in range(m.rowCount())
            for c in range(m.columnCount())]
    mc.hide()
    assert [shown_as_tooltip(t) for t in tips if t] == [HOSTILE]


# == filter bar ==========================================================================================

@pytest.mark.parametrize("term", ['"', "*", "NEAR(", ")", "-", ":", "漏", "ab", '"漏水" OR *', "a:b -c NEAR(x y)",
                                  "x" * 5000, "'; DROP TABLE tickets; --", "%_\\"])
def test_search_syntax_characters_are_just_text(qtbot, tickets3, make_window, crashes, term):
    w = make_window()
    w.filter_bar.search_edit.setText(term)
    w.filter_bar._fire()
    qtbot.waitUntil(lambda: w.runner.pending_count == 0, timeout=30_000)
    assert w.filter_bar.info_label.text().startswith("没有找到") and not crashes


def test_a_search_holding_nul_characters_is_not_a_crash(qtbot, tickets3, make_window, crashes):
    """FINDING: three pasted NULs reached FTS5 MATCH ("unterminated string"): "查找出错" + crash report."""
    w = make_window()
    w.filter_bar.search_edit.setText("\x00\x00\x00")
    w.filter_bar._fire()
    qtbot.waitUntil(lambda: w.runner.pending_count == 0, timeout=30_000)
    assert not crashes, "the crash report reached the operator"
    assert "出错" not in w.filter_bar.info_label.text()


def test_a_to_date_before_the_from_date_is_explained_and_changes_nothing(qtbot, tickets3, make_window):
    """FINDING: 至 before 受理时间 emptied the list without a word; the operator sees "no tickets"."""
    w = make_window()
    fb = w.filter_bar
    fb.from_edit.setDate(QDate(2026, 11, 22))
    fb.to_edit.setDate(QDate(2026, 11, 20))
    fb._emit_filters()
    assert w.model.rowCount() == 3, "the list was emptied"
    assert "早于" in fb.info_label.text()


# == the same sentences in English ==========================================================================

@pytest.fixture
def english():
    from console.ui.shell.i18n import install_translators, remove_translators

    app = QApplication.instance()
    translators = install_translators(app, "en")
    assert translators, "hotline_en.qm was not found"
    yield
    remove_translators(app, translators)


def test_in_english_the_failed_save_and_the_reversed_dates_are_said_in_english(qtbot, english, tickets3, desk,
                                                                                make_window, crashes, boxes,
                                                                                monkeypatch):
    import re

    cjk = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
    w = make_window()
    dlg = open_new_call(qtbot, w)
    send_text(dlg.description, "楼道漏水")  # the resident's words stay Chinese; the sentences must not
    make_read_only(desk.db)
    dlg.save()
    said = dlg.error.text()
    monkeypatch.setattr(drafts, "save_draft", lambda *a, **k: (_ for _ in ()).throw(OSError(28, "full")))
    dlg.save()
    said_no_draft = dlg.error.text()
    close_dialog(dlg)
    fb = w.filter_bar
    fb.from_edit.setDate(QDate(2026, 11, 22))
    fb.to_edit.setDate(QDate(2026, 11, 20))
    fb._emit_filters()
    for text in (said, said_no_draft, fb.info_label.text()):
        assert text and not cjk.search(text), text
    assert "read-only" in said and "draft" in said_no_draft and not crashes
