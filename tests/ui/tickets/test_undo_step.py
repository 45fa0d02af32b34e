"""Ctrl+Z on the selected ticket: the operator's own step goes back after one question; the
timeline keeps it, marked 已撤销; a supervisor's correction asks for a reason."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from console.domain.lifecycle import Action
from console.services import tickets as T
from console.ui.tickets import ticket_actions


def _status(desk, tid):
    from console.store.models import Ticket

    with desk.db.read() as s:
        return s.get(Ticket, tid).status


def test_ctrl_z_takes_back_the_operators_dispatch(qtbot, make_window, monkeypatch, some_tickets, named_desk):
    from helpers import focused, key

    asked = []

    def yes(parent, title, text, *a, **k):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(yes))
    tid = some_tickets[1]  # dispatched by the operator as it was logged, a few minutes ago
    w = focused(qtbot, make_window())
    w.select_ticket(tid)
    assert w.ticket_actions.undo_action.isEnabled()
    w.table.setFocus()
    with qtbot.waitSignal(w.changed, timeout=30_000):
        key(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 1 and "“派单”" in asked[0] and "不算重新办理" in asked[0]
    assert _status(named_desk, tid) == "logged"
    qtbot.waitUntil(lambda: "已撤销" in w.detail_view.toPlainText(), timeout=30_000)
    assert "撤销“派单”" in w.detail_view.toPlainText()
    assert not w.ticket_actions.undo_action.isEnabled()  # the logging is not a step to undo


def test_a_supervisor_corrects_with_a_reason(qtbot, make_window, monkeypatch, some_tickets, named_desk, supervisor):
    from helpers import fixed_text_dialog

    asked: list[str] = []
    monkeypatch.setattr(ticket_actions, "TextPromptDialog", fixed_text_dialog("派错了单位", asked))
    tid = some_tickets[1]
    w = make_window(supervisor)
    w.select_ticket(tid)
    with qtbot.waitSignal(w.changed, timeout=30_000):
        w.ticket_actions.undo_action.trigger()
    assert asked and "更正原因" in asked[0]
    assert _status(named_desk, tid) == "logged"


def test_an_operator_is_not_offered_someone_elses_step(qtbot, make_window, some_tickets, named_desk, supervisor,
                                                       street):
    tid = some_tickets[0]
    T.dispatch(named_desk, supervisor, tid, T.Dispatch(street.units["城东供电所"]))
    w = make_window()
    w.select_ticket(tid)
    assert not w.ticket_actions.undo_action.isEnabled()
    assert w.ticket_actions.actions[Action.RESOLVE].isEnabled()
