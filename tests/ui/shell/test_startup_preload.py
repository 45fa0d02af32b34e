"""The database layer loads on a thread while the login dialog waits for the password."""
from __future__ import annotations

import pytest
from helpers import PASSWORD
from PySide6.QtCore import QSettings, Qt

from console.domain.errors import UserError
from console.ui.login.login_dialog import LoginDialog
from console.ui.shell.launch import login_check
from console.ui.shell.startup_preload import StartupPreload


def test_the_preload_prepares_the_desk(qapp, db_path):
    pre = StartupPreload(str(db_path))
    try:
        prepared = pre.wait()
        assert prepared.has_users and pre.done() and pre.seconds is not None
        assert login_check(pre, str(db_path), "log")("op", PASSWORD).username == "op"
        with pytest.raises(UserError):
            login_check(pre, str(db_path), "log")("op", "wrong")
    finally:
        pre.dispose()


def test_a_preload_started_late_is_started_by_wait(qapp, db_path):
    pre = StartupPreload(str(db_path), start=False)
    try:
        assert pre.started_at is None
        assert pre.wait().has_users
    finally:
        pre.dispose()


def test_a_broken_database_is_a_sentence_in_the_login_dialog(qtbot, tmp_path):
    """The password is typed before the database turned out to be garbage: the dialog says so."""
    bad = tmp_path / "garbage.sqlite3"
    bad.write_bytes(b"not a database at all\n" * 500)
    pre = StartupPreload(str(bad))
    try:
        dlg = LoginDialog(login_check(pre, str(bad), tmp_path / "hotline.log"),
                          settings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(dlg)
        dlg.show()
        qtbot.keyClicks(dlg.user_edit, "op")
        qtbot.keyClick(dlg.user_edit, Qt.Key.Key_Tab)
        qtbot.keyClicks(dlg.password_edit, PASSWORD)
        qtbot.keyClick(dlg.password_edit, Qt.Key.Key_Return)
        assert dlg.actor is None and dlg.isVisible()
        text = dlg.error_label.text()
        assert "数据库" in text and "Traceback" not in text
        with pytest.raises(Exception):  # noqa: B017 - the driver's own error for a non-database
            pre.wait()
    finally:
        pre.dispose()
