"""工单 → 督办 (supervisors): the press is recorded and the notice saved as a PDF where asked."""
from __future__ import annotations

from helpers import fixed_text_dialog

from console.domain.lifecycle import Action
from console.ui.tickets import ticket_actions


def test_a_supervisor_presses_an_overdue_ticket_and_saves_the_notice(qtbot, make_window, monkeypatch,
                                                                    some_tickets, named_desk, supervisor,
                                                                    clock, tmp_path):
    monkeypatch.setattr(ticket_actions, "TextPromptDialog", fixed_text_dialog("请今天内派人维修"))
    tid = some_tickets[1]  # dispatched to 城东供电所
    clock.advance(days=2)
    w = make_window(supervisor)
    w.select_ticket(tid)
    press = w.ticket_actions.actions[Action.PRESS]
    assert press.isEnabled()
    out = tmp_path / "督办通知单.pdf"
    w.ticket_actions.pick_notice_path = lambda number: str(out)
    with qtbot.waitSignal(w.ticket_actions.notice_saved, timeout=30_000) as saved:
        press.trigger()
    assert saved.args == [str(out)] and out.read_bytes().startswith(b"%PDF")
    qtbot.waitUntil(lambda: "督办" in w.detail_view.toPlainText(), timeout=30_000)
    assert "请今天内派人维修" in w.detail_view.toPlainText()


def test_an_operator_is_not_offered_the_press(make_window, some_tickets, operator, clock):
    clock.advance(days=2)
    w = make_window(operator)
    w.select_ticket(some_tickets[1])
    assert not w.ticket_actions.actions[Action.PRESS].isEnabled()
