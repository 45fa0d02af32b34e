"""工单 → 申请延期 (anyone records the unit's request) and 审批延期 (supervisors decide)."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog

from console.domain.lifecycle import Action
from console.services.extensions import pending_extension
from console.ui.tickets import lifecycle_dialogs


def test_request_then_decide_from_the_menu(qtbot, make_window, monkeypatch, some_tickets, named_desk, supervisor):
    def ask_three_days(self):
        self.days.setValue(3)
        self.reason.setPlainText("要等防水材料")
        return QDialog.DialogCode.Accepted

    def grant(self):
        return QDialog.DialogCode.Accepted  # 同意延期 is first

    monkeypatch.setattr(lifecycle_dialogs.ExtensionRequestDialog, "exec", ask_three_days)
    monkeypatch.setattr(lifecycle_dialogs.DecisionDialog, "exec", grant)
    tid = some_tickets[1]
    w = make_window()
    w.select_ticket(tid)
    acts = w.ticket_actions.actions
    assert acts[Action.REQUEST_EXTENSION].isEnabled() and not acts[Action.APPROVE_EXTENSION].isEnabled()
    with qtbot.waitSignal(w.changed, timeout=30_000):
        acts[Action.REQUEST_EXTENSION].trigger()
    assert pending_extension(named_desk, tid).working_days == 3
    qtbot.waitUntil(lambda: not acts[Action.REQUEST_EXTENSION].isEnabled(), timeout=30_000)
    assert not acts[Action.APPROVE_EXTENSION].isEnabled()  # an operator does not decide

    lead = make_window(supervisor)
    lead.select_ticket(tid)
    decide = lead.ticket_actions.actions[Action.APPROVE_EXTENSION]
    assert decide.isEnabled()
    with qtbot.waitSignal(lead.changed, timeout=30_000):
        decide.trigger()
    assert pending_extension(named_desk, tid) is None
    qtbot.waitUntil(lambda: "同意延期 3 个工作日" in lead.detail_view.toPlainText(), timeout=30_000)
