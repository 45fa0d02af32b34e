"""工单 → 并单 (supervisors): the duplicate selected, the ticket it goes into picked from the likeliest ones,
a reason; the pane of the one that stays lists the merged caller."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from console.domain.lifecycle import Action
from console.store.models import Ticket
from console.ui.tickets import lifecycle_dialogs


def test_a_supervisor_merges_the_selected_duplicate(qtbot, make_window, monkeypatch, some_tickets, named_desk,
                                                    supervisor):
    offered = []

    def choose(self):
        offered.append([self.target.itemData(i) for i in range(self.target.count())])
        self.target.setCurrentIndex(self.target.findData(offered[0][-1]))
        self.reason.setPlainText("同一处停电，重复受理")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(lifecycle_dialogs.MergeDialog, "exec", choose)
    keep, dup = some_tickets[1], some_tickets[4]
    w = make_window()
    w.select_ticket(dup)
    assert not w.ticket_actions.actions[Action.MERGE].isEnabled()  # an operator may not merge
    lead = make_window(supervisor)
    lead.select_ticket(dup)
    act = lead.ticket_actions.actions[Action.MERGE]
    assert act.isEnabled()
    with named_desk.db.read() as s:
        numbers = {tid: s.get(Ticket, tid).number for tid in (keep, dup, some_tickets[0], some_tickets[3])}
    with qtbot.waitSignal(lead.changed, timeout=30_000):
        act.trigger()
    # the same caller, open, newest first: #3, #1, #0 (#2 was answered, #4 is the one merged)
    assert offered == [[numbers[some_tickets[3]], numbers[keep], numbers[some_tickets[0]]]]
    with named_desk.db.read() as s:
        assert (s.get(Ticket, dup).status, s.get(Ticket, dup).merged_into_id) == ("merged", some_tickets[0])
    lead.select_ticket(some_tickets[0])
    qtbot.waitUntil(lambda: "来电人4" in lead.detail_view.toPlainText(), timeout=30_000)
    assert "并单自" in lead.detail_view.toPlainText()


def test_the_dialog_takes_a_typed_number_and_wants_a_reason(qtbot):
    dlg = lifecycle_dialogs.MergeDialog("20261122-0005", [("20261122-0002", "20261122-0002  13800138000")])
    qtbot.addWidget(dlg)
    assert dlg.number() == "20261122-0002"
    dlg.target.setEditText("20261120-0007 旧工单")
    assert dlg.number() == "20261120-0007"
    dlg.accept()
    assert dlg.result() != QDialog.DialogCode.Accepted and dlg.error.text()
    dlg.reason.setPlainText("重复")
    dlg.accept()
    assert dlg.result() == QDialog.DialogCode.Accepted


def test_someone_came_asks_when_and_the_pane_shows_it(qtbot, make_window, monkeypatch, some_tickets, named_desk,
                                                     clock):
    from datetime import timedelta

    clock.advance(minutes=40)

    def twenty_minutes_ago(self):
        self.when.setDateTime(self.when.dateTime().addSecs(-20 * 60))
        self.note.setPlainText("电工已到")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(lifecycle_dialogs.ArrivalDialog, "exec", twenty_minutes_ago)
    tid = some_tickets[1]
    w = make_window()
    w.select_ticket(tid)
    with qtbot.waitSignal(w.changed, timeout=30_000):
        w.ticket_actions.actions[Action.CHECK_BACK_CAME].trigger()
    with named_desk.db.read() as s:
        t = s.get(Ticket, tid)
        assert t.status == "in_progress"
        assert named_desk.now().replace(second=0, microsecond=0) - t.arrived_at == timedelta(minutes=20)
    qtbot.waitUntil(lambda: "到场时间" in w.detail_view.toPlainText(), timeout=30_000)


def test_a_photo_from_a_file_and_from_the_clipboard_shows_in_the_pane(qtbot, make_window, some_tickets, named_desk,
                                                                      tmp_path):
    from PIL import Image
    from PySide6.QtGui import QColor, QGuiApplication, QImage

    from console.store.models import TicketPhoto

    path = tmp_path / "现场.jpg"
    Image.new("RGB", (64, 48), (200, 30, 30)).save(path, "JPEG")
    w = make_window()
    w.select_ticket(some_tickets[1])
    acts = w.ticket_actions
    acts.pick_photo_path = lambda: str(path)
    with qtbot.waitSignal(w.changed, timeout=30_000):
        acts.actions[Action.ADD_PHOTO].trigger()
    qtbot.waitUntil(lambda: "现场照片（1 张" in w.detail_view.toPlainText(), timeout=30_000)
    clip = QImage(40, 30, QImage.Format.Format_RGB32)
    clip.fill(QColor(20, 120, 220))
    QGuiApplication.clipboard().setImage(clip)
    with qtbot.waitSignal(w.changed, timeout=30_000):
        acts.paste_photo_action.trigger()
    qtbot.waitUntil(lambda: "现场照片（2 张" in w.detail_view.toPlainText(), timeout=30_000)
    with named_desk.db.read() as s:
        assert sorted(s.scalars(select(TicketPhoto.media_type))) == ["image/jpeg", "image/png"]


def test_a_co_handling_unit_is_sent_and_checked_back_from_the_menu(qtbot, make_window, monkeypatch, some_tickets,
                                                                   named_desk):
    from console.store.models import TicketCoUnit

    picked = []

    def pick_first(self):
        picked.append([r.option.unit_name for r in self.ranked])
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(lifecycle_dialogs.DispatchDialog, "exec", pick_first)
    monkeypatch.setattr(lifecycle_dialogs.CoCheckBackDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    tid = some_tickets[1]  # dispatched to 城东供电所
    w = make_window()
    w.select_ticket(tid)
    acts = w.ticket_actions.actions
    assert acts[Action.ADD_CO_UNIT].isEnabled() and not acts[Action.CO_CHECK_BACK].isEnabled()
    with qtbot.waitSignal(w.changed, timeout=30_000):
        acts[Action.ADD_CO_UNIT].trigger()
    assert picked and "城东供电所" not in picked[0]  # the lead unit is not offered as its own helper
    qtbot.waitUntil(lambda: "协办单位" in w.detail_view.toPlainText() and acts[Action.CO_CHECK_BACK].isEnabled(),
                    timeout=30_000)
    assert "主办单位" in w.detail_view.toPlainText()
    with qtbot.waitSignal(w.changed, timeout=30_000):
        acts[Action.CO_CHECK_BACK].trigger()
    with named_desk.db.read() as s:
        assert s.scalars(select(TicketCoUnit.came_at)).one() is not None
    qtbot.waitUntil(lambda: not acts[Action.CO_CHECK_BACK].isEnabled(), timeout=30_000)


def test_an_operator_marks_a_ticket_confidential_and_the_list_hides_the_caller(qtbot, make_window, monkeypatch,
                                                                               some_tickets, named_desk, supervisor):
    from helpers import fixed_text_dialog

    from console.ui.tickets import ticket_actions
    from console.ui.tickets.ticket_table_model import COL_CALLER, COL_PHONE

    monkeypatch.setattr(ticket_actions, "TextPromptDialog", fixed_text_dialog("居民要求"))
    tid = some_tickets[0]
    w = make_window()
    w.select_ticket(tid)
    act = w.ticket_actions.confidential_action
    assert act.isEnabled() and not act.isChecked()
    with qtbot.waitSignal(w.changed, timeout=30_000):
        act.trigger()
    row = w.model.row_of(tid)
    qtbot.waitUntil(lambda: w.model.index(row, COL_CALLER).data() == "（保密）", timeout=30_000)
    assert w.model.index(row, COL_PHONE).data() == "（保密）"
    qtbot.waitUntil(lambda: act.isChecked() and not act.isEnabled(), timeout=30_000)  # only a supervisor lifts it
    assert "来电人0" in w.detail_view.toPlainText()  # the pane still shows who to call back
