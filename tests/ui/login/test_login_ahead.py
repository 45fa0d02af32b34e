"""While the password is typed: the check runs ahead (PasswordCheckAhead) and the window is built hidden
for the name in the dialog (WindowAhead); after Enter only the answer for exactly what was submitted counts."""
from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest
from helpers import PASSWORD
from PySide6.QtCore import QSettings, Qt

from console.domain.errors import UserError
from console.services.accounts import expected_actor
from console.ui.login.login_dialog import LoginDialog
from console.ui.login.password_check_ahead import PasswordCheckAhead
from console.ui.shell.launch import login_check
from console.ui.shell.startup_preload import StartupPreload
from console.ui.shell.window_ahead import WindowAhead


class CountingCheck:
    """A stand-in for authenticate: 'secret1' is right, anything else wrong; counts and can be held."""

    def __init__(self):
        self.calls: list[tuple[str, str]] = []
        self.release = threading.Event()
        self.release.set()

    def __call__(self, user: str, password: str) -> str:
        self.release.wait(5)
        self.calls.append((user, password))
        if password != PASSWORD:
            raise UserError("用户名或密码不对。", "Wrong user name or password.")
        return f"actor:{user}"


def test_the_answer_for_what_was_typed_is_ready_at_enter():
    chk = CountingCheck()
    ahead = PasswordCheckAhead(chk)
    ahead.typed("op", PASSWORD)
    assert ahead.check("op", PASSWORD) == "actor:op"
    assert ahead.answered_ahead == 1 and chk.calls == [("op", PASSWORD)]  # checked once, not again at Enter
    ahead.close()


def test_a_wrong_password_checked_ahead_says_the_same_sentence():
    chk = CountingCheck()
    ahead = PasswordCheckAhead(chk)
    ahead.typed("op", "secret")
    with pytest.raises(UserError) as e:
        ahead.check("op", "secret")
    assert e.value.message("zh_CN") == "用户名或密码不对。"
    ahead.close()


def test_only_exactly_what_is_submitted_uses_the_answer_ahead():
    """A prepared 'right' answer for another name or password is never handed out."""
    chk = CountingCheck()
    ahead = PasswordCheckAhead(chk)
    ahead.typed("op", PASSWORD)
    with pytest.raises(UserError):
        ahead.check("op", PASSWORD + "x")
    assert ahead.check("lead", PASSWORD) == "actor:lead"
    assert ahead.answered_ahead == 0
    assert ("op", PASSWORD + "x") in chk.calls and ("lead", PASSWORD) in chk.calls
    ahead.close()


def test_fast_typing_checks_at_most_the_running_one_and_the_latest():
    chk = CountingCheck()
    chk.release.clear()  # the first check is held while the rest is typed
    ahead = PasswordCheckAhead(chk)
    typed = ""
    for ch in PASSWORD:
        typed += ch
        ahead.typed("op", typed)
    chk.release.set()
    assert ahead.check("op", PASSWORD) == "actor:op"
    assert chk.calls[-1] == ("op", PASSWORD)
    assert len(chk.calls) == 2  # 's' (already running) and the whole password; the waiting ones were dropped
    ahead.close()


def test_nothing_is_checked_ahead_before_the_database_layer_is_ready_or_without_a_password():
    chk = CountingCheck()
    ready = False
    ahead = PasswordCheckAhead(chk, ready=lambda: ready)
    ahead.typed("op", PASSWORD)
    ready = True
    ahead.typed("op", "")
    ahead.typed("  ", PASSWORD)
    assert chk.calls == []
    assert ahead.check("op", PASSWORD) == "actor:op" and ahead.answered_ahead == 0  # checked at Enter
    ahead.close()


def test_expected_actor_names_active_accounts_only(desk, operator):
    assert expected_actor(desk, " op ") == operator
    assert expected_actor(desk, "nobody") is None
    assert expected_actor(desk, "") is None


# -- the login dialog and the window built ahead, in this process ---------------------------------

@pytest.fixture
def preload(qapp, db_path):
    pre = StartupPreload(str(db_path))
    pre.wait()
    yield pre
    pre.dispose()


def _dialog(qtbot, preload, db_path, tmp_path, built: list, remembered: str = ""):
    """The launcher's login (console.ui.shell.launch._log_in) in this process, shown and waiting for keys."""
    from console.ui.tickets.main_window import MainWindow

    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    ahead = PasswordCheckAhead(login_check(preload, str(db_path), tmp_path / "hotline.log"), ready=preload.done)
    dlg = LoginDialog(ahead.check, settings=settings, on_typed=ahead.typed)
    qtbot.addWidget(dlg)

    def build(desk, actor):
        w = MainWindow(desk, actor, settings=settings, quick_start=True)
        built.append(w)
        return w

    window_ahead = WindowAhead(preload, dlg.user_name, build, dlg)
    dlg.user_edit.setText(remembered)
    dlg.show()
    window_ahead.start()
    return dlg, ahead, window_ahead, settings


def _name_typed(qtbot, dlg, window_ahead, name: str):
    """Type the user name; the window is built for it (hidden) within a few polls."""
    dlg.user_edit.clear()
    qtbot.keyClicks(dlg.user_edit, name)
    qtbot.waitUntil(lambda: window_ahead.window is not None, timeout=30_000)
    return window_ahead.window


def _password_entered(qtbot, dlg, password: str, ahead: PasswordCheckAhead | None = None) -> None:
    qtbot.keyClick(dlg.user_edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(dlg.password_edit, password)
    if ahead is not None:  # the operator pauses before Enter, long enough for the check ahead to finish
        qtbot.waitUntil(ahead.prepared, timeout=30_000)
    qtbot.keyClick(dlg.password_edit, Qt.Key.Key_Return)


def test_the_window_is_built_hidden_for_the_typed_name_and_used_after_the_right_password(
        qtbot, preload, db_path, tmp_path):
    built: list = []
    dlg, ahead, window_ahead, _ = _dialog(qtbot, preload, db_path, tmp_path, built)
    w = _name_typed(qtbot, dlg, window_ahead, "op")
    qtbot.addWidget(w)
    assert not w.isVisible() and not w.due.controller.active  # nothing shown, no alert before its first paint
    _password_entered(qtbot, dlg, PASSWORD, ahead)
    assert dlg.result() == LoginDialog.DialogCode.Accepted
    assert ahead.answered_ahead == 1
    assert window_ahead.take(dlg.actor) is w and w.actor == dlg.actor and len(built) == 1
    ahead.close()


def test_a_window_built_for_another_name_is_thrown_away_unsaved(qtbot, preload, db_path, tmp_path):
    """The remembered name was op; lead sits down and logs in: op's window is never shown or saved."""
    built: list = []
    dlg, ahead, window_ahead, settings = _dialog(qtbot, preload, db_path, tmp_path, built, remembered="op")
    qtbot.waitUntil(lambda: window_ahead.window is not None, timeout=30_000)
    destroyed = []
    window_ahead.window.destroyed.connect(lambda: destroyed.append(True))
    dlg.user_edit.clear()
    qtbot.keyClicks(dlg.user_edit, "lead")
    _password_entered(qtbot, dlg, PASSWORD)
    assert dlg.actor.username == "lead"
    assert window_ahead.take(dlg.actor) is None
    qtbot.waitUntil(lambda: bool(destroyed), timeout=30_000)
    settings.sync()
    assert not any(k.startswith("mainWindow") or "geometry" in k for k in settings.allKeys()), settings.allKeys()
    ahead.close()


def test_a_wrong_password_keeps_the_window_hidden_and_the_dialog_open(qtbot, preload, db_path, tmp_path):
    built: list = []
    dlg, ahead, window_ahead, _ = _dialog(qtbot, preload, db_path, tmp_path, built)
    w = _name_typed(qtbot, dlg, window_ahead, "op")
    _password_entered(qtbot, dlg, "wrong-one")
    assert dlg.isVisible() and dlg.actor is None and dlg.error_label.text() == "用户名或密码不对。"
    assert not w.isVisible()
    window_ahead.discard()
    assert window_ahead.window is None
    ahead.close()


def test_no_window_is_built_for_a_name_without_an_account(qtbot, preload, db_path, tmp_path):
    built: list = []
    dlg, ahead, window_ahead, _ = _dialog(qtbot, preload, db_path, tmp_path, built)
    qtbot.keyClicks(dlg.user_edit, "nobody")
    qtbot.waitUntil(lambda: window_ahead.tried_name == "nobody", timeout=30_000)  # looked up, found no account
    assert built == [] and window_ahead.window is None
    ahead.close()
    window_ahead.discard()


def test_a_broken_database_is_a_sentence_whether_checked_ahead_or_at_enter(qtbot, tmp_path):
    bad = tmp_path / "garbage.sqlite3"
    bad.write_bytes(b"not a database at all\n" * 500)
    pre = StartupPreload(str(bad))
    try:
        with pytest.raises(Exception):  # noqa: B017 - the driver's own error for a non-database
            pre.wait()
        built: list = []
        dlg, ahead, window_ahead, _ = _dialog(qtbot, pre, bad, tmp_path, built, remembered="op")
        qtbot.waitUntil(lambda: window_ahead.tried_name == "op", timeout=30_000)  # it tried …
        assert built == [] and window_ahead.window is None  # … and gave up quietly
        _password_entered(qtbot, dlg, PASSWORD, ahead)
        assert dlg.isVisible() and dlg.actor is None
        assert "数据库" in dlg.error_label.text() and "Traceback" not in dlg.error_label.text()
        ahead.close()
    finally:
        pre.dispose()


# -- the real start-up, in a child process -----------------------------------------------------

TYPING = r'''
import os, sys
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QTimer, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

USER, PASSWORD, READY = sys.argv[-3], sys.argv[-2], sys.argv[-1]
del sys.argv[-3:]
LOG = Path(os.environ["HOTLINE_DATA_DIR"]) / "logs" / "hotline.log"

def when_logged(text, then):
    """Call `then` once the log holds `text` (an event of the start-up, not a guess at how long it takes:
    a loaded machine only makes the wait longer)."""
    def poll():
        if LOG.is_file() and text in LOG.read_text(encoding="utf-8", errors="replace"):
            then()
        else:
            QTimer.singleShot(50, poll)
    poll()

class Hook(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not hasattr(self, "seen") and obj.objectName() == "loginDialog":
            self.seen = True
            when_logged(READY, lambda: type_like_an_operator(obj))
        elif event.type() == QEvent.Type.Paint and obj.objectName() == "mainWindow" and not hasattr(self, "main"):
            self.main = True
            print("MAIN_WINDOW_PAINTED", flush=True)
            QTimer.singleShot(500, QApplication.closeAllWindows)
        return False

def type_like_an_operator(dlg):
    """One key per timer tick, back in the dialog's event loop between keys as with a real keyboard
    (QTest's own delays keep the interpreter lock while they sleep: the checking thread could not run)."""
    dlg.user_edit.clear()
    keys = [(dlg.user_edit, ch) for ch in USER] + [(dlg.user_edit, Qt.Key.Key_Tab)]
    keys += [(dlg.password_edit, ch) for ch in PASSWORD]
    for i, (w, k) in enumerate(keys):
        QTimer.singleShot(80 * (i + 1), lambda w=w, k=k: QTest.keyClick(w, k))
    QTimer.singleShot(80 * len(keys) + 300, lambda: QTest.keyClick(dlg.password_edit, Qt.Key.Key_Return))

app = QApplication(sys.argv[:1])
hook = Hook()
app.installEventFilter(hook)
from console.app import main
sys.exit(main(sys.argv[1:]))
'''


def _start_and_type(db_path, tmp_path, user: str, password: str, remembered: str = "") -> tuple[int, str, str]:
    data = tmp_path / "data"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOTLINE_DATA_DIR=str(data))
    env.pop("HOTLINE_AUTOLOGIN", None)
    env.pop("HOTLINE_QUIT_AFTER_MS", None)
    if remembered:  # what the last login left in the settings (console.ui.login.login_dialog.LAST_USER_KEY)
        p = subprocess.run([sys.executable, "-c", (
            "import sys; from PySide6.QtCore import QCoreApplication, QSettings; "
            "from console.ui.shell.launch import _app; _app(); s = QSettings(); "
            "s.setValue('login/last_user', sys.argv[1]); s.sync(); print(s.fileName())"), remembered],
            env=env, capture_output=True, text=True, timeout=60)
        assert p.returncode == 0, p.stderr
    # Typing starts once the database layer is loaded and, when a name was remembered, its window
    # built ahead: what these tests are about, waited for as events in the log.
    ready = f"window built ahead for {remembered}" if remembered else "database layer ready"
    p = subprocess.run([sys.executable, "-c", TYPING, "--db", str(db_path), user, password, ready], env=env,
                       capture_output=True, text=True, timeout=300)
    log_file = data / "logs" / "hotline.log"
    return p.returncode, p.stdout, (log_file.read_text(encoding="utf-8") if log_file.exists() else "") + p.stderr


@pytest.mark.gui
def test_typed_like_an_operator_enter_finds_the_password_checked_and_the_window_built(db_path, tmp_path):
    rc, out, log = _start_and_type(db_path, tmp_path, "op", PASSWORD)
    assert rc == 0, log
    assert "MAIN_WINDOW_PAINTED" in out, log
    assert "window built ahead for op" in log
    assert "the password was checked while it was typed" in log
    assert "logged in: op (operator)" in log and "the window was built ahead" in log
    assert "window ready: filter lists filled, due alerts started" in log
    assert "Traceback" not in log


@pytest.mark.gui
def test_another_operator_than_the_remembered_one_gets_their_own_window(db_path, tmp_path):
    rc, out, log = _start_and_type(db_path, tmp_path, "lead", PASSWORD, remembered="op")
    assert rc == 0, log
    assert "MAIN_WINDOW_PAINTED" in out, log
    assert "window built ahead for op" in log
    assert "a window built ahead was not used" in log
    assert "logged in: lead (supervisor)" in log
    assert "Traceback" not in log
