"""Logging in from the keyboard; a wrong password keeps the dialog and the focus."""
from __future__ import annotations

from helpers import PASSWORD
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from console.services.accounts import authenticate
from console.ui.login.login_dialog import LoginDialog


def _open(qtbot, desk, ui_settings, **kw) -> LoginDialog:
    dlg = LoginDialog(lambda u, p: authenticate(desk, u, p), settings=ui_settings, **kw)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    dlg.activateWindow()
    return dlg


def test_wrong_then_right_password_from_the_keyboard(qtbot, desk, ui_settings):
    dlg = _open(qtbot, desk, ui_settings)
    assert dlg.focusWidget() is dlg.user_edit
    qtbot.keyClicks(dlg.user_edit, "op")
    qtbot.keyClick(dlg.user_edit, Qt.Key.Key_Tab)
    assert dlg.focusWidget() is dlg.password_edit
    qtbot.keyClicks(dlg.password_edit, "wrong-password")
    qtbot.keyClick(dlg.password_edit, Qt.Key.Key_Return)

    assert dlg.isVisible() and dlg.result() != QDialog.DialogCode.Accepted and dlg.actor is None
    assert dlg.error_label.isVisible() and dlg.error_label.text() == "用户名或密码不对。"
    assert dlg.password_edit.text() == "" and dlg.focusWidget() is dlg.password_edit
    assert dlg.user_edit.text() == "op"

    with qtbot.waitSignal(dlg.accepted, timeout=30_000):
        qtbot.keyClicks(dlg.password_edit, PASSWORD)
        qtbot.keyClick(dlg.password_edit, Qt.Key.Key_Return)
    assert dlg.actor is not None and dlg.actor.username == "op" and dlg.actor.role == "operator"
    assert dlg.actor.display_name == "张值班"


def test_empty_user_name_is_asked_for(qtbot, desk, ui_settings):
    dlg = _open(qtbot, desk, ui_settings)
    qtbot.keyClick(dlg.user_edit, Qt.Key.Key_Return)
    assert dlg.error_label.text() == "请输入用户名。" and dlg.focusWidget() is dlg.user_edit


def test_demo_accounts_are_listed_only_in_demo_mode(qtbot, desk, ui_settings):
    plain = _open(qtbot, desk, ui_settings)
    assert plain.demo_label is None
    demo = _open(qtbot, desk, ui_settings, demo=True)
    text = demo.demo_label.text()
    for name in ("zhang", "wang", "li", "admin", "hotline"):
        assert name in text
    assert "值班领导" in text


def test_the_last_user_is_remembered_and_the_cursor_waits_in_the_password(qtbot, desk, ui_settings):
    first = _open(qtbot, desk, ui_settings)
    qtbot.keyClicks(first.user_edit, "op")
    qtbot.keyClick(first.user_edit, Qt.Key.Key_Tab)
    with qtbot.waitSignal(first.accepted, timeout=30_000):
        qtbot.keyClicks(first.password_edit, PASSWORD)
        qtbot.keyClick(first.password_edit, Qt.Key.Key_Return)

    again = _open(qtbot, desk, ui_settings)
    assert again.user_edit.text() == "op" and again.focusWidget() is again.password_edit
    with qtbot.waitSignal(again.accepted, timeout=30_000):
        qtbot.keyClicks(again.password_edit, PASSWORD)
        qtbot.keyClick(again.password_edit, Qt.Key.Key_Return)
    assert again.actor.username == "op"


def test_a_refused_login_is_not_remembered(qtbot, desk, ui_settings):
    dlg = _open(qtbot, desk, ui_settings)
    qtbot.keyClicks(dlg.user_edit, "nobody")
    qtbot.keyClick(dlg.user_edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(dlg.password_edit, "x")
    qtbot.keyClick(dlg.password_edit, Qt.Key.Key_Return)
    assert dlg.actor is None
    assert _open(qtbot, desk, ui_settings).user_edit.text() == ""
