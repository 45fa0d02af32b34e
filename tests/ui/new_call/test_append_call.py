"""追加到原工单 (Alt+Z) in New Call: the caller's open ticket takes the repeat call, no second ticket."""
from __future__ import annotations

import shiboken6
from helpers import send_text
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from console.services.tickets import Dispatch, NewCall, log_call
from console.store.models import Ticket, TicketCall
from console.ui.new_call.new_call_dialog import NewCallDialog

PHONE = "13800138000"


def _dialog(qtbot, desk, operator) -> NewCallDialog:
    dlg = NewCallDialog(desk, operator)
    dlg.show()
    qtbot.waitExposed(dlg)
    dlg.activateWindow()
    qtbot.waitUntil(dlg.phone.hasFocus)
    return dlg


def test_a_repeat_call_goes_onto_the_open_ticket(qtbot, desk, operator, street):
    earlier = log_call(desk, operator, NewCall(description="楼道停电", caller_phone=PHONE,
                                               community_id=street.communities["嘉宏三村"]),
                       dispatch=Dispatch(street.units["城东供电所"]))
    dlg = _dialog(qtbot, desk, operator)
    try:
        assert not dlg.append_call.button.isEnabled()  # no caller yet
        qtbot.keyClicks(dlg.phone, PHONE)
        qtbot.keyClick(dlg.phone, Qt.Key.Key_Tab)
        qtbot.waitUntil(lambda: dlg.caller.history_numbers() == [earlier.number], timeout=30_000)
        assert dlg.append_call.button.isEnabled()
        dlg.append_call.append()  # nothing typed yet: said, nothing written
        assert "来电内容" in dlg.error.text()
        dlg.description.setFocus()
        send_text(dlg.description, "还是没电，老人在家很冷")
        with qtbot.waitSignal(dlg.saved, timeout=30_000) as saved:
            qtbot.keyClick(dlg, Qt.Key.Key_Z, Qt.KeyboardModifier.AltModifier)
        assert saved.args[0].number == earlier.number
        with desk.db.read() as s:
            assert s.scalar(select(func.count()).select_from(Ticket)) == 1
            assert s.scalars(select(TicketCall.description)).one() == "还是没电，老人在家很冷"
    finally:
        if shiboken6.isValid(dlg):
            dlg._autosave.stop()
            dlg.hide()
            dlg.deleteLater()


def test_a_neighbour_is_offered_the_open_ticket_at_the_address_and_asked_first(qtbot, desk, operator, street):
    earlier = log_call(desk, operator, NewCall(description="12号楼道漏水", caller_phone=PHONE,
                                               community_id=street.communities["嘉宏三村"], building="12",
                                               category_id=street.categories["水电气/停电"]),
                       dispatch=Dispatch(street.units["城东供电所"]))
    dlg = _dialog(qtbot, desk, operator)
    asked = []
    dlg.append_call.pick = lambda tickets: asked.append([t.number for t in tickets]) or tickets[0]
    try:
        qtbot.keyClicks(dlg.phone, "13900139000")  # another number: no history of its own
        qtbot.keyClick(dlg.phone, Qt.Key.Key_Tab)
        dlg.community_picker.set_current(street.communities["嘉宏三村"])
        dlg.building.setText("12号")
        dlg.building.editingFinished.emit()
        qtbot.waitUntil(lambda: dlg.append_call.button.isEnabled(), timeout=30_000)
        assert "可追加" in dlg.caller.same_address.text()
        dlg.category_picker.set_current(street.categories["水电气/漏水"])  # another kind of problem: not offered
        qtbot.waitUntil(lambda: not dlg.append_call.button.isEnabled(), timeout=30_000)
        dlg.category_picker.set_current(street.categories["水电气/停电"])
        qtbot.waitUntil(lambda: dlg.append_call.button.isEnabled(), timeout=30_000)
        dlg.description.setFocus()
        send_text(dlg.description, "楼上也在漏")
        with qtbot.waitSignal(dlg.saved, timeout=30_000) as saved:
            qtbot.keyClick(dlg, Qt.Key.Key_Z, Qt.KeyboardModifier.AltModifier)
        assert asked == [[earlier.number]] and saved.args[0].number == earlier.number
        with desk.db.read() as s:
            assert s.scalars(select(TicketCall.caller_phone)).one() == "13900139000"
    finally:
        if shiboken6.isValid(dlg):
            dlg._autosave.stop()
            dlg.hide()
            dlg.deleteLater()


def test_alt_k_marks_the_call_confidential_without_a_tab_stop(qtbot, desk, operator):
    dlg = _dialog(qtbot, desk, operator)
    try:
        qtbot.keyClick(dlg, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(dlg.confidential.isChecked, timeout=30_000)  # a mnemonic clicks after its animation
        assert dlg.build_call().confidential
    finally:
        if shiboken6.isValid(dlg):
            dlg._autosave.stop()
            dlg.hide()
            dlg.deleteLater()
