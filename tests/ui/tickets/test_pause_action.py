"""工单 → 挂起 / 恢复办理 from the menu: while paused the menu offers only resuming, a note or 作废."""
from __future__ import annotations

from helpers import fixed_text_dialog

from console.domain.lifecycle import Action
from console.ui.tickets import ticket_actions


def test_pause_then_resume_from_the_menu(qtbot, make_window, monkeypatch, some_tickets):
    monkeypatch.setattr(ticket_actions, "TextPromptDialog", fixed_text_dialog("居民出差，周一回来"))
    tid = some_tickets[1]  # dispatched
    w = make_window()
    w.select_ticket(tid)
    acts = w.ticket_actions.actions
    assert acts[Action.PAUSE].isEnabled() and not acts[Action.RESUME].isEnabled()
    with qtbot.waitSignal(w.changed, timeout=30_000):
        acts[Action.PAUSE].trigger()
    qtbot.waitUntil(lambda: "等待居民" in w.detail_view.toPlainText(), timeout=30_000)
    assert acts[Action.RESUME].isEnabled() and acts[Action.NOTE].isEnabled()
    assert not acts[Action.RESOLVE].isEnabled() and not acts[Action.PAUSE].isEnabled()
    with qtbot.waitSignal(w.changed, timeout=30_000):
        acts[Action.RESUME].trigger()
    qtbot.waitUntil(lambda: acts[Action.RESOLVE].isEnabled(), timeout=30_000)
    assert "等待居民" not in w.detail_view.toPlainText()
