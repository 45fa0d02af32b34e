"""注销 / 切换用户 (Ctrl+L) over the same window: a draft stays its author's, alerts keep ringing."""
from __future__ import annotations

import pytest
from helpers import PASSWORD, key, send_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from console.services import drafts
from console.services import tickets as T


@pytest.fixture
def window(qtbot, make_window, named_desk, street, operator, monkeypatch):
    """The operator's window with one dispatched call (check-back due in 30 minutes), shown."""
    T.log_call(named_desk, operator, T.NewCall(description="停电", caller_phone="13800138000",
                                                community_id=street.communities["嘉宏三村"],
                                                category_id=street.categories["水电气/停电"]),
               dispatch=T.Dispatch(street.units["城东供电所"]))
    monkeypatch.setattr(QApplication, "alert", staticmethod(lambda widget, ms=0: None))
    w = make_window()
    monkeypatch.setattr(w.due.sound, "play", lambda mute=False: None)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    return w


def _log_in(qtbot, w, user: str) -> None:
    qtbot.waitUntil(lambda: w.login_dialog is not None and w.login_dialog.isVisible())
    dlg = w.login_dialog
    assert dlg.user_edit.text() == ""  # the next person types their own name
    qtbot.keyClicks(dlg.user_edit, user)
    qtbot.keyClicks(dlg.password_edit, PASSWORD)
    qtbot.keyClick(dlg.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.login_dialog is None)


def test_switch_user_keeps_the_draft_for_its_author_and_alerts_ring_meanwhile(qtbot, window, named_desk, clock,
                                                                             operator, supervisor):
    w = window
    offered: list[str] = []
    w.ask_restore_draft = lambda: offered.append(w.actor.username) or True
    assert not w.admin_menu.menuAction().isVisible()  # an operator has no 管理 menu

    w.new_call()
    form = w.new_call_dialog
    qtbot.waitExposed(form)
    send_text(form.description, "楼道灯坏了，三楼")
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    qtbot.keyClick(form, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # Ctrl+L inside New Call

    qtbot.waitUntil(lambda: w.login_dialog is not None)
    assert w.new_call_dialog is None or not w.new_call_dialog.isVisible()
    kept = drafts.load_draft(drafts.draft_key(named_desk.db, operator.username))
    assert kept and kept["description"] == "楼道灯坏了，三楼"
    assert drafts.load_draft(drafts.draft_key(named_desk.db, supervisor.username)) is None

    # the login dialog is up: the check-back falls due and still rings and shows
    rings = len(w.due.rings)
    clock.advance(minutes=31)
    w.due.controller.check()
    assert len(w.due.rings) == rings + 1 and [i.kind for i in w.due.rings[-1]] == ["check_back"]
    assert w.due.panel.model.rowCount() >= 1 and w.login_dialog.isVisible()

    _log_in(qtbot, w, "lead")
    assert w.actor.username == "lead" and w.ticket_actions._actor.username == "lead"
    assert "李站长" in w.status.user_label.text() and w.windowTitle().endswith("李站长")
    assert w.admin_menu.menuAction().isVisible() and not w.admin_actions["accounts"].isVisible()
    assert w.due.act_rules.isVisible()
    assert offered == []  # the operator's call is not offered to the supervisor
    assert w.new_call_dialog is None

    qtbot.waitUntil(w.isActiveWindow)
    key(qtbot, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # Ctrl+L in the main window
    _log_in(qtbot, w, "op")
    assert offered == ["op"]  # back at the desk: the half-typed call comes back to its author
    qtbot.waitUntil(lambda: w.new_call_dialog is not None)
    assert w.new_call_dialog.description.toPlainText() == "楼道灯坏了，三楼"
    assert not w.due.act_rules.isVisible() and not w.admin_menu.menuAction().isVisible()


def test_cancel_on_the_login_dialog_asks_and_no_one_uses_the_window(qtbot, window):
    w = window
    answers = [False, True]
    asked = []
    w.ask_quit_from_login = lambda: asked.append(1) or answers.pop(0)
    assert w.log_out()
    first = w.login_dialog
    assert first.isModal()
    qtbot.keyClick(first, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: w.login_dialog is not None and w.login_dialog is not first)  # "No": log in again
    assert asked == [1] and w.isVisible()
    assert not w.log_out()  # already waiting for someone
    qtbot.keyClick(w.login_dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not w.isVisible())  # "Yes": the desk closes the ordinary way
    assert w.closed_cleanly


def test_a_wrong_password_keeps_the_window_locked(qtbot, window):
    w = window
    w.log_out()
    dlg = w.login_dialog
    qtbot.keyClicks(dlg.user_edit, "lead")
    qtbot.keyClicks(dlg.password_edit, "wrong-one")
    qtbot.keyClick(dlg.password_edit, Qt.Key.Key_Return)
    assert dlg.isVisible() and w.login_dialog is dlg and w.actor.username == "op"
    assert dlg.error_label.text() == "用户名或密码不对。"


def test_an_edited_handover_note_asks_before_the_log_out(qtbot, window, named_desk, operator, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from console.services import shifts
    from console.store.models import Shift

    w = window
    sid = shifts.open_shift(named_desk, operator)
    w.refresh_status()
    w.act_handover_note.trigger()
    note = w.windows.dialog
    qtbot.waitExposed(note)
    note.activateWindow()
    qtbot.waitUntil(note.isActiveWindow)
    send_text(note.note, "5号楼漏水，物业明早来")
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save]
    asked = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.text()) or answers.pop(0))
    qtbot.keyClick(note, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # Ctrl+L inside the note
    assert len(asked) == 1 and w.login_dialog is None and note.isVisible()  # Cancel: nobody leaves
    qtbot.keyClick(note, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 2 and w.login_dialog is not None  # Save: kept, then the login
    with named_desk.db.read() as s:
        assert s.get(Shift, sid).handover_note == "5号楼漏水，物业明早来"
