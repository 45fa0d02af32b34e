"""Issue 15's first "Done when": from an empty database file to a first logged and dispatched call.

The program is started the way a desk starts it (console.app.main with --db on a
file that does not exist yet), in a child process, and driven by keyboard only:
QTest key events for ASCII, an input method's commit (QInputMethodEvent) for
Chinese. No command-line step: the set-up assistant makes the administrator, the
main window opens logged in as them, F2 logs the call and F6 dispatches it. The
one unit dispatched to is added through the phonebook service while the
assistant shows its optional-imports page (a fresh desk has no phonebook).
Each step waits on a condition polled from the event loop, never on a fixed delay.
"""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import select

from console.services.context import Desk
from console.store.database import Database
from console.store.models import AuditEntry, Ticket, User

pytestmark = pytest.mark.gui

DRIVER = r'''
import os, sys, time, traceback
from PySide6.QtCore import QTimer, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

K, M = Qt.Key, Qt.KeyboardModifier
PASSWORD = "night-desk-1"


def focus():
    return QApplication.focusWidget()


def focused(name):
    return lambda: focus() is not None and focus().objectName() == name


def press(k, mods=M.NoModifier):
    w = focus()
    assert w is not None, "no widget has the keyboard focus"
    QTest.keyClick(w, k, mods)


def ascii_(text):
    QTest.keyClicks(focus(), text)


def chinese(text):
    e = QInputMethodEvent()
    e.setCommitString(text)
    QApplication.sendEvent(focus(), e)


def top(name):
    return next((w for w in QApplication.topLevelWidgets() if w.objectName() == name and w.isVisible()), None)


def pick(field, picker, initials, expected):
    """Pinyin initials into a picker field, Enter in its popup."""
    yield field.hasFocus
    ascii_(initials)
    popup = picker.completer.popup()
    yield popup.isVisible
    QTest.keyClick(popup, K.Key_Return)
    yield lambda: field.text() == expected


def scenario():
    yield lambda: top("setupAssistant") is not None and focused("setupDeskName")()
    wiz = top("setupAssistant")
    press(K.Key_A, M.ControlModifier)
    chinese("城南街道热线")
    press(K.Key_Return)
    yield focused("setupStreet")
    chinese("城南街道")
    press(K.Key_Tab)
    chinese("临江一村\n临江二村")
    press(K.Key_Return, M.ControlModifier)  # 加入列表
    press(K.Key_N, M.AltModifier)
    yield focused("setupGridName")
    chinese("第一网格")
    press(K.Key_Tab)
    chinese("王网格")
    press(K.Key_Tab)
    ascii_("13900139000")
    press(K.Key_Tab)
    press(K.Key_Space)
    press(K.Key_Down)
    press(K.Key_Space)
    press(K.Key_N, M.AltModifier)  # the grid in the fields is added, then the next page
    yield focused("setupAdminUser")
    ascii_("chen")
    press(K.Key_Tab)
    chinese("陈主任")
    press(K.Key_Tab)
    ascii_(PASSWORD)
    press(K.Key_Tab)
    ascii_(PASSWORD)
    press(K.Key_Return)
    yield focused("setupDayStart")
    press(K.Key_Return)  # 08:00 / 20:00 kept; the commit page: everything is written now
    yield focused("setupImportUnits")
    print("ASSISTANT_SAVED", wiz.actor.username, flush=True)
    add_a_unit(wiz.desk, wiz.actor)
    press(K.Key_F, M.AltModifier)  # 完成
    yield lambda: top("mainWindow") is not None
    main = top("mainWindow")
    if QApplication.activeWindow() is not main:  # what the window manager does for a new window
        main.activateWindow()
    yield lambda: QApplication.activeWindow() is main and focus() is not None
    print("MAIN_WINDOW", main.actor.username, main.windowTitle(), flush=True)
    press(K.Key_F2)
    yield lambda: main.new_call_dialog is not None and main.new_call_dialog.phone.hasFocus()
    dlg = main.new_call_dialog
    ascii_("13800138000")
    press(K.Key_Tab)
    chinese("王阿姨")
    press(K.Key_Tab)
    yield from pick(dlg.community, dlg.community_picker, "ljyc", "临江一村")
    for _ in range(4):  # building, room, more address, category
        press(K.Key_Tab)
    yield from pick(dlg.category, dlg.category_picker, "td", "水电气/停电")
    press(K.Key_Tab)
    press(K.Key_2)  # 求助
    press(K.Key_Tab)
    press(K.Key_Tab)
    yield lambda: dlg.description.hasFocus()
    chinese("整栋楼停电")
    press(K.Key_Tab)
    press(K.Key_F6)
    yield lambda: dlg.dispatch_panel.table.hasFocus() and dlg.dispatch_panel.model.rowCount() > 0
    press(K.Key_Return)  # the first (only) unit
    yield lambda: dlg.dispatch_panel.picked is not None and dlg.save_button.hasFocus()
    press(K.Key_Return, M.ControlModifier)
    yield lambda: main.new_call_dialog is None
    print("CALL_SAVED", flush=True)
    QApplication.closeAllWindows()


def add_a_unit(desk, actor):
    """The phonebook's first unit (a fresh desk has none): through the service, as the test's set-up."""
    from sqlalchemy import select
    from console.services.phonebook import ContactInput, UnitInput, create_unit
    from console.store.models import Category, Community

    with desk.db.read() as s:
        community = s.scalar(select(Community.id).where(Community.name == "临江一村"))
        category = s.scalar(select(Category.id).where(Category.name == "停电"))
    create_unit(desk, actor, UnitInput("临江一村物业", "property", communities=[community], categories=[category],
                                       contacts=[ContactInput("值班电工", "电工", "13800138001", "24小时")]))


steps = scenario()
state = {"wait": lambda: True, "since": time.monotonic()}


def tick():
    try:
        if not state["wait"]():
            if time.monotonic() - state["since"] > 30:  # a guard against hanging, not a wait
                raise AssertionError(f"step never became true: {state['wait'].__code__.co_firstlineno}")
            QTimer.singleShot(20, tick)
            return
        state["wait"], state["since"] = next(steps), time.monotonic()
        QTimer.singleShot(0, tick)
    except StopIteration:
        pass
    except BaseException:
        traceback.print_exc()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(3)


app = QApplication(sys.argv[:1])
QTimer.singleShot(0, tick)
from console.app import main
sys.exit(main(sys.argv[1:]))
'''


@pytest.mark.parametrize("made_by", ["nothing", "init"])
def test_an_empty_database_to_a_first_dispatched_call_by_keyboard(tmp_path, made_by):
    """`nothing`: the file does not exist yet; `init`: made by `hotline-console init` without --demo."""
    db_file = tmp_path / "desk.sqlite3"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOTLINE_DATA_DIR=str(tmp_path / "data"))
    for k in ("HOTLINE_AUTOLOGIN", "HOTLINE_QUIT_AFTER_MS", "HOTLINE_DB"):
        env.pop(k, None)
    if made_by == "init":
        made = subprocess.run([sys.executable, "-m", "console", "--db", str(db_file), "init"], env=env,
                              capture_output=True, text=True, timeout=120)
        assert made.returncode == 0 and db_file.is_file(), made.stderr
    else:
        assert not db_file.exists()
    p = subprocess.run([sys.executable, "-c", DRIVER, "--db", str(db_file)], env=env, capture_output=True,
                       text=True, timeout=180)
    log_file = tmp_path / "data" / "logs" / "hotline.log"
    log = (log_file.read_text(encoding="utf-8") if log_file.exists() else "") + p.stderr
    assert p.returncode == 0, p.stdout + log
    assert "ASSISTANT_SAVED chen" in p.stdout
    assert "MAIN_WINDOW chen" in p.stdout and "城南街道热线" in p.stdout  # the desk's name in the title
    assert "CALL_SAVED" in p.stdout, p.stdout + log
    assert "logged in: chen (admin)" in log
    assert "window ready: filter lists filled, due alerts started" in log
    assert "Traceback" not in log

    db = Database(db_file)
    try:
        desk = Desk(db)
        with desk.db.read() as s:
            admin = s.scalars(select(User)).one()
            assert (admin.username, admin.role, admin.display_name) == ("chen", "admin", "陈主任")
            admin_id = admin.id
            t = s.scalars(select(Ticket)).one()
            assert t.status == "dispatched" and t.caller_phone == "13800138000"
            assert t.operator_id == admin_id
            acts = s.execute(select(AuditEntry.action, AuditEntry.user_id)
                             .where(AuditEntry.entity == "ticket", AuditEntry.entity_id == t.id)).all()
        assert acts and {u for _, u in acts} == {admin_id}
        assert any("dispatch" in a for a, _ in acts), acts
    finally:
        db.dispose()
