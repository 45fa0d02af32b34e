"""未接来电 from the keyboard: F3, the number, Enter; the list; call back → New Call with the phone."""
from __future__ import annotations

from datetime import timedelta

import pytest
import shiboken6
from helpers import focused, key, send_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from sqlalchemy import select

from console.services import missed_calls as M
from console.store.models import AuditEntry, Deadline, MissedCall, Ticket
from console.ui.missed_calls.missed_call_dialog import MissedCallDialog
from console.ui.missed_calls.missed_call_table_model import COL_DUE, MissedCallTableModel
from console.ui.missed_calls.missed_calls_window import MissedCallsWindow


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch):
    shown = []
    for name in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(
            lambda *a, _n=name, **k: shown.append((_n, a[1] if len(a) > 1 else "")) or QMessageBox.StandardButton.Yes))
    return shown


def missed(desk) -> list:
    """Plain rows (id, phone, at, logged_by, called_back_at, note, ticket_id)."""
    from types import SimpleNamespace

    with desk.db.read() as s:
        return [SimpleNamespace(id=m.id, phone=m.phone, at=m.at, logged_by=m.logged_by,
                                called_back_at=m.called_back_at, note=m.note, ticket_id=m.ticket_id)
                for m in s.scalars(select(MissedCall).order_by(MissedCall.id))]


def test_f3_number_enter_logs_it_now_then_enter_in_the_list_opens_new_call_with_the_phone(
        qtbot, make_window, named_desk, clock, operator):
    w = focused(qtbot, make_window())
    key(qtbot, Qt.Key.Key_F3)  # keystroke 1
    dlg = w.windows.dialog
    assert isinstance(dlg, MissedCallDialog)
    qtbot.waitUntil(dlg.phone.hasFocus)
    qtbot.keyClicks(dlg.phone, "139 1234 5678")
    key(qtbot, Qt.Key.Key_Return)  # keystroke 2
    rows = missed(named_desk)
    assert [(r.phone, r.at, r.logged_by, r.called_back_at) for r in rows] == \
        [("13912345678", clock.now(), operator.id, None)]
    assert not shiboken6.isValid(dlg) or not dlg.isVisible()
    with named_desk.db.read() as s:  # the call-back reminder is in the queue
        assert s.scalar(select(Deadline.due_at).where(Deadline.missed_call_id == rows[0].id)) > clock.now()

    clock.advance(minutes=5)
    focused(qtbot, w)
    key(qtbot, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)  # the list
    win = w.windows.missed_calls
    assert isinstance(win, MissedCallsWindow) and win.isVisible()
    focused(qtbot, win)
    assert win.model.rowCount() == 1
    assert win.model.index(0, 1).data() == "13912345678"
    assert win.count_label.text() == "未回拨 1 个"
    win.table.setFocus()
    qtbot.waitUntil(win.table.hasFocus)
    key(qtbot, Qt.Key.Key_Return)  # call back: the resident has something to report
    nc = w.new_call_dialog
    assert nc is not None and nc.isVisible()
    assert nc.phone.text() == "13912345678"

    focused(qtbot, nc)
    nc.description.setFocus()
    qtbot.waitUntil(nc.description.hasFocus)
    send_text(nc.description, "回拨：楼道灯不亮")
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # save the call
    with named_desk.db.read() as s:
        t = s.scalars(select(Ticket)).one()
        tid, number = t.id, t.number
        mc = s.get(MissedCall, rows[0].id)
        assert t.caller_phone == "13912345678"
        assert mc.ticket_id == t.id and mc.called_back_at == clock.now() and mc.called_back_by == operator.id
        assert s.scalar(select(Deadline.done_at).where(Deadline.missed_call_id == mc.id)) == clock.now()
        assert s.scalar(select(AuditEntry.action).where(AuditEntry.entity == "missed_call",
                                                        AuditEntry.action == "call_back")) == "call_back"
    assert win.model.rowCount() == 0  # nothing left to call back
    assert win.count_label.text() == "未回拨 0 个"
    assert w.selected_ticket_id() == tid  # the main list shows the new ticket
    assert "已回拨" in win.message.text() and number in win.message.text()


def test_a_bad_number_is_refused_in_the_dialog_and_nothing_is_logged(qtbot, named_desk, operator):
    dlg = MissedCallDialog(named_desk, operator)
    qtbot.addWidget(dlg)
    focused(qtbot, dlg)
    qtbot.keyClicks(dlg.phone, "12ab")
    key(qtbot, Qt.Key.Key_Return)
    assert dlg.isVisible() and dlg.result() != QDialog.DialogCode.Accepted
    assert dlg.error.isVisible() and dlg.error.text()
    assert dlg.error.textFormat() == Qt.TextFormat.PlainText
    assert missed(named_desk) == []


def test_a_changed_time_is_used_and_a_future_one_refused(qtbot, named_desk, operator, clock):
    dlg = MissedCallDialog(named_desk, operator)
    qtbot.addWidget(dlg)
    dlg.at.setDateTime(dlg.at.dateTime().addSecs(-20 * 60))
    dlg.phone.setText("13912345678")
    dlg.accept()
    at = missed(named_desk)[0].at
    assert at == (named_desk.local_now() - timedelta(minutes=20)).replace(second=0, microsecond=0)

    dlg2 = MissedCallDialog(named_desk, operator)
    qtbot.addWidget(dlg2)
    dlg2.at.setDateTime(dlg2.at.dateTime().addSecs(2 * 3600))
    dlg2.phone.setText("13912345678")
    dlg2.accept()
    assert "不能晚于现在" in dlg2.error.text()
    assert len(missed(named_desk)) == 1


def test_called_back_without_a_ticket_and_the_register_of_all(qtbot, named_desk, operator, clock, monkeypatch):
    a = M.log_missed_call(named_desk, operator, "13800000001")
    clock.advance(minutes=50)
    b = M.log_missed_call(named_desk, operator, "13800000002")
    clock.advance(minutes=1)
    win = MissedCallsWindow(named_desk, operator)
    qtbot.addWidget(win)
    focused(qtbot, win)
    # not called back: the longest waiting first, overdue says so
    assert [win.model.row(i).id for i in range(2)] == [a, b]
    assert win.model.index(0, COL_DUE).data().startswith("已超时")
    assert win.model.index(1, COL_DUE).data().startswith("还有")

    from console.ui.missed_calls import missed_calls_window as mcw

    class Prompt:
        def __init__(self, *a, **k):
            pass

        def exec(self):
            return QDialog.DialogCode.Accepted

        def text(self):
            return "居民说已经解决"
    monkeypatch.setattr(mcw, "TextPromptDialog", Prompt)
    win.table.setFocus()
    qtbot.waitUntil(win.table.hasFocus)
    key(qtbot, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    rows = missed(named_desk)
    assert rows[0].called_back_at == clock.now() and rows[0].note == "居民说已经解决" and rows[0].ticket_id is None
    assert [win.model.row(i).id for i in range(win.model.rowCount())] == [b]

    win.set_open_only(False)  # the register: newest first, called back ones too
    assert [win.model.row(i).id for i in range(win.model.rowCount())] == [b, a]
    assert win.model.index(1, 3).data().endswith("张值班")


def test_the_list_pages_instead_of_loading_everything(qtbot, named_desk, operator, clock):
    from sqlalchemy import insert

    with named_desk.db.write() as s:
        s.execute(insert(MissedCall), [{"phone": f"139{i:08d}", "at": clock.now() - timedelta(minutes=i),
                                        "note": "", "logged_by": operator.id} for i in range(450)])
    model = MissedCallTableModel(named_desk, page_size=200)
    assert model.rowCount() == 200 and model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 450 and not model.canFetchMore()
    ats = [model.row(i).at for i in range(450)]
    assert ats == sorted(ats)  # oldest first, no row twice
    assert len({model.row(i).id for i in range(450)}) == 450


def test_a_waived_call_back_is_not_on_the_to_do_list_but_in_the_register(qtbot, named_desk, operator, clock):
    from sqlalchemy import update

    a = M.log_missed_call(named_desk, operator, "13800000001")
    b = M.log_missed_call(named_desk, operator, "13800000002")
    with named_desk.db.write() as s:  # a supervisor cancelled a's reminder (a prank number)
        s.execute(update(Deadline).where(Deadline.missed_call_id == a)
                  .values(done_at=clock.now(), outcome="cancelled"))
    win = MissedCallsWindow(named_desk, operator)
    qtbot.addWidget(win)
    assert [win.model.row(i).id for i in range(win.model.rowCount())] == [b]
    assert win.count_label.text() == "未回拨 1 个"
    win.set_open_only(False)
    row = win.model.row_of(a)
    assert win.model.index(row, 3).data() == "无需回拨"
    win.table.selectRow(row)
    assert not win.act_new_call.isEnabled() and not win.act_done.isEnabled()
