"""工单 → 退单 (the unit's return, recorded by anyone) and 审批退单 (supervisors: agree and send it on)."""
from __future__ import annotations

from helpers import fixed_text_dialog
from PySide6.QtWidgets import QDialog

from console.domain.lifecycle import Action
from console.store.models import Ticket
from console.ui.tickets import lifecycle_dialogs, ticket_actions


def test_return_then_agree_and_send_on(qtbot, make_window, monkeypatch, some_tickets, named_desk, supervisor,
                                       street):
    monkeypatch.setattr(ticket_actions, "TextPromptDialog", fixed_text_dialog("不属于供电所，是楼内线路"))
    seen = []

    def pick_first(self):
        seen.append([r.option.unit_name for r in self.ranked])
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(lifecycle_dialogs.DecisionDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(lifecycle_dialogs.DispatchDialog, "exec", pick_first)
    tid = some_tickets[1]  # dispatched to 城东供电所 (停电)
    w = make_window()
    w.select_ticket(tid)
    acts = w.ticket_actions.actions
    assert acts[Action.RETURN_DISPATCH].isEnabled() and not acts[Action.APPROVE_RETURN].isEnabled()
    with qtbot.waitSignal(w.changed, timeout=30_000):
        acts[Action.RETURN_DISPATCH].trigger()
    qtbot.waitUntil(lambda: not acts[Action.RETURN_DISPATCH].isEnabled(), timeout=30_000)

    lead = make_window(supervisor)
    lead.select_ticket(tid)
    decide = lead.ticket_actions.actions[Action.APPROVE_RETURN]
    assert decide.isEnabled()
    with qtbot.waitSignal(lead.changed, timeout=30_000):
        decide.trigger()
    assert seen and "城东供电所" not in seen[0]  # the unit that returned it is not offered again
    with named_desk.db.read() as s:
        assert s.get(Ticket, tid).unit_id != street.units["城东供电所"]
