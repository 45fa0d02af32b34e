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


def _resolved(named_desk, street, operator, ticket_id):
    from console.services import tickets as T

    T.resolve(named_desk, operator, ticket_id, "已恢复供电")


def _open_resolution_deadlines(desk, ticket_id):
    from sqlalchemy import select

    from console.store.models import Deadline

    with desk.db.read() as s:
        return s.scalars(select(Deadline.kind).where(Deadline.ticket_id == ticket_id,
                                                     Deadline.done_at.is_(None))).all()


def ticket_detail(desk, ticket_id):
    from console.store.queries import ticket_detail as read

    with desk.db.read() as s:
        return read(s, ticket_id)


def _unsatisfied(monkeypatch):
    from console.domain.enums import Satisfaction

    def answer_unsatisfied(self):
        self.rating.setCurrentIndex(self.rating.findData(Satisfaction.UNSATISFIED.value))
        self.comment.setPlainText("还是没电")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(lifecycle_dialogs.SatisfactionDialog, "exec", answer_unsatisfied)


def _upheld(named_desk, tid):
    from helpers import lookup_ids

    from console.services import satisfaction as S

    S.decide_review(named_desk, lookup_ids(named_desk.db).actors["lead"], tid, True, "属实，请整改")


def _rectify_by_reopening(monkeypatch):
    def reopen(self):
        self.how.setCurrentIndex(self.how.findData(True))
        self.note.setPlainText("物业重新上门")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(lifecycle_dialogs.RectifyDialog, "exec", reopen)


def test_unsatisfied_opens_the_review_and_rectifying_asks_for_the_redispatch_unit_first(
        qtbot, make_window, monkeypatch, some_tickets, named_desk, street, operator):
    """不满意 closes the call and opens 回访复核 (no re-dispatch asked); once upheld, 整改 that reopens the
    ticket asks where it goes next, its last unit already chosen."""
    tid = some_tickets[1]  # dispatched to 城东供电所
    _resolved(named_desk, street, operator, tid)
    _unsatisfied(monkeypatch)
    seen = []

    def keep_the_choice(self):
        seen.append((self.windowTitle(), self.ranked[self.list.currentRow()].option.unit_name))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(lifecycle_dialogs.DispatchDialog, "exec", keep_the_choice)
    w = make_window()
    w.select_ticket(tid)
    with qtbot.waitSignal(w.changed, timeout=30_000):
        w.ticket_actions.actions[Action.SATISFIED].trigger()
    d = ticket_detail(named_desk, tid)
    assert (d.status, d.satisfaction, d.review_stage, seen) == ("closed", "unsatisfied", "review", [])
    assert _open_resolution_deadlines(named_desk, tid) == ["review"]
    _upheld(named_desk, tid)
    _rectify_by_reopening(monkeypatch)
    w.load_detail(tid)  # another seat's supervisor decided meanwhile
    qtbot.waitUntil(lambda: w.ticket_actions.actions[Action.RECTIFY].isEnabled(), timeout=30_000)
    with qtbot.waitSignal(w.changed, timeout=30_000):
        w.ticket_actions.actions[Action.RECTIFY].trigger()
    assert seen == [("整改：重新派单", "城东供电所")]
    d = ticket_detail(named_desk, tid)
    assert d.status == "dispatched" and d.review_stage == "revisit" and d.reopen_count == 1
    assert sorted(_open_resolution_deadlines(named_desk, tid)) == ["check_back", "resolution"]


def test_rectifying_without_a_redispatch_stays_in_the_due_queue(qtbot, make_window, monkeypatch,
                                                                some_tickets, named_desk, street, operator):
    from console.services import tickets as T

    tid = some_tickets[1]
    _resolved(named_desk, street, operator, tid)
    T.record_satisfaction(named_desk, operator, tid, "不满意")
    _upheld(named_desk, tid)
    _rectify_by_reopening(monkeypatch)
    monkeypatch.setattr(lifecycle_dialogs.DispatchDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    w = make_window()
    w.select_ticket(tid)
    qtbot.waitUntil(lambda: w.ticket_actions.actions[Action.RECTIFY].isEnabled(), timeout=30_000)
    with qtbot.waitSignal(w.changed, timeout=30_000):
        w.ticket_actions.actions[Action.RECTIFY].trigger()
    assert ticket_detail(named_desk, tid).status == "reopened"
    assert _open_resolution_deadlines(named_desk, tid) == ["resolution"]  # owed an outcome: reminded
