"""派单 from the ticket menu: the dialog lists the contacts New Call would offer, in the same order."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog

from console.domain.lifecycle import Action
from console.services.dispatch_options import dispatch_options
from console.ui.tickets import lifecycle_dialogs


def test_dispatch_dialog_offers_the_services_ranking_and_dispatches_the_pick(qtbot, make_window, monkeypatch,
                                                                             some_tickets, named_desk, street):
    seen = []

    def accept_second_if_any(self):  # the operator's Enter, without a nested event loop in the test
        seen.append(self)
        self.list.setCurrentRow(1 if len(self.ranked) > 1 else 0)
        self.note.setText("请尽快到场")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(lifecycle_dialogs.DispatchDialog, "exec", accept_second_if_any)
    w = make_window()
    w.select_ticket(some_tickets[0])  # logged, 嘉宏三村 · 水电气/停电
    expected = dispatch_options(named_desk, street.categories["水电气/停电"], street.communities["嘉宏三村"])
    assert expected, "the street's phonebook has a unit for power cuts"
    with qtbot.waitSignal(w.changed, timeout=30_000):
        w.ticket_actions.actions[Action.DISPATCH].trigger()
    dlg = seen[0]
    assert [(r.option.unit_id, r.option.contact_id) for r in dlg.ranked] == \
        [(r.option.unit_id, r.option.contact_id) for r in expected]
    assert dlg.list.count() == len(expected)
    picked = expected[1 if len(expected) > 1 else 0].option
    text = w.detail_view.toPlainText()
    assert picked.unit_name in text and "请尽快到场" in text
