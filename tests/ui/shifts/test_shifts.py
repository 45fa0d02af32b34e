"""班次: open, the handover note, close with the handover list, the shift's own tickets one key away."""
from __future__ import annotations

from datetime import timedelta

import pytest
from helpers import focused, key, send_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from console.services import missed_calls as M
from console.services import shifts
from console.services import tickets as T
from console.store import queries
from console.store.models import Shift
from console.ui.shifts.shift_dialogs import CloseShiftDialog, HandoverNoteDialog


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch):
    shown = []
    for name in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(
            lambda *a, _n=name, **k: shown.append((_n, a[1] if len(a) > 1 else "")) or QMessageBox.StandardButton.Yes))
    return shown


@pytest.fixture
def night(named_desk, operator, street, clock):
    """A ticket before the shift; in the shift: one dispatched, one answered, one logged; a missed call."""
    call = lambda text: T.NewCall(description=text, caller_phone="13800138000",  # noqa: E731
                                  community_id=street.communities["嘉宏三村"],
                                  category_id=street.categories["水电气/停电"])
    before = T.log_call(named_desk, operator, call("开班前的来电")).id
    clock.advance(minutes=5)
    sid = shifts.open_shift(named_desk, operator)
    clock.advance(minutes=1)
    sent = T.log_call(named_desk, operator, call("楼道停电"), dispatch=T.Dispatch(street.units["城东供电所"])).id
    clock.advance(minutes=1)
    answered = T.log_call(named_desk, operator, call("问停电原因"), answer="线路检修").id
    clock.advance(minutes=1)
    logged = T.log_call(named_desk, operator, call("门口路灯坏了")).id
    M.log_missed_call(named_desk, operator, "13912345678")
    clock.advance(minutes=40)  # the missed call-back (15 min) and the check-back (30 min) are overdue now
    return {"shift": sid, "before": before, "sent": sent, "answered": answered, "logged": logged}


def test_handover_note_then_close_lists_open_tickets_and_due_call_backs(qtbot, make_window, named_desk,
                                                                       night, clock, operator, _closed_shift_logs):
    w = focused(qtbot, make_window())
    assert w.act_handover_note.isEnabled() and not w.act_open_shift.isEnabled()
    w.act_handover_note.trigger()
    dlg = w.windows.dialog
    assert isinstance(dlg, HandoverNoteDialog)
    focused(qtbot, dlg)
    qtbot.waitUntil(dlg.note.hasFocus)
    send_text(dlg.note, "3号楼停电已报供电所，等回电")
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    with named_desk.db.read() as s:
        assert s.get(Shift, night["shift"]).handover_note == "3号楼停电已报供电所，等回电"

    focused(qtbot, w)
    w.act_close_shift.trigger()
    dlg = w.windows.dialog
    assert isinstance(dlg, CloseShiftDialog)
    focused(qtbot, dlg)
    numbers = {}
    with named_desk.db.read() as s:
        for k in ("before", "sent", "logged", "answered"):
            numbers[k] = queries.ticket_detail(s, night[k]).number
    listed = [dlg.tickets.index(r, 0).data() for r in range(dlg.tickets.rowCount())]
    # every open ticket, each owed a resolution, the oldest promise first (the one logged before
    # the shift); the answered one is done
    assert listed[0] == numbers["before"] and set(listed) == {numbers["before"], numbers["sent"], numbers["logged"]}
    assert "本班登记工单 3 张" in dlg.findChild(type(dlg.tickets_label), "handoverHead").text()
    kinds = [dlg.follow.index(r, 0).data() for r in range(dlg.follow.rowCount())]
    assert kinds == ["未接回拨", "派单回访"]  # by due time: the missed call (15 min) first
    assert dlg.follow.index(1, 2).data() == numbers["sent"]
    assert dlg.follow.index(0, 3).data() == "139****5678"  # masked, as in the ticket list
    assert "超时 2 个" in dlg.follow_label.text()
    assert dlg.note.toPlainText() == "3号楼停电已报供电所，等回电"

    # Enter on a listed ticket shows it in the main window
    dlg.tickets_view.setFocus()
    dlg.tickets_view.selectRow(listed.index(numbers["logged"]))
    key(qtbot, Qt.Key.Key_Return)
    assert w.selected_ticket_id() == night["logged"]

    dlg.note.setFocus()
    dlg.note.moveCursor(dlg.note.textCursor().MoveOperation.End)
    send_text(dlg.note, "；路灯已登记")
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not dlg.isVisible()
    with named_desk.db.read() as s:
        sh = s.get(Shift, night["shift"])
        assert sh.ended_at == clock.now() and sh.closed_by == operator.id
        assert sh.handover_note == "3号楼停电已报供电所，等回电；路灯已登记"
    assert w.status.shift_label.text() == "未开班"
    assert w.act_open_shift.isEnabled() and not w.act_close_shift.isEnabled()
    assert not w.act_handover_note.isEnabled()
    # the shift's log was written into the reports folder by itself, and the status bar names it
    pdf, = _closed_shift_logs.iterdir()
    assert pdf.name == f"交接班日志-2026-11-22-夜班-班次{night['shift']}.pdf" and pdf.read_bytes()[:5] == b"%PDF-"
    assert str(pdf) in w.statusBar().currentMessage()


def test_a_shift_closed_elsewhere_meanwhile_is_a_sentence_not_a_traceback(qtbot, named_desk, operator, night):
    dlg = CloseShiftDialog(named_desk, operator, night["shift"])
    qtbot.addWidget(dlg)
    dlg.show()
    shifts.close_shift(named_desk, operator, night["shift"], "另一席位交班")
    dlg.accept()
    assert dlg.isVisible() and dlg.error.text() == "这个班次已经交班。"


def test_ctrl_t_shows_only_this_shifts_tickets(qtbot, make_window, named_desk, night):
    w = focused(qtbot, make_window())
    assert w.model.rowCount() == 4
    w.table.setFocus()
    key(qtbot, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert w.act_shift_tickets.isChecked()
    assert set(w.model.loaded_ids()) == {night["sent"], night["answered"], night["logged"]}
    assert w.filter_bar.info_label.text().startswith("只显示本班工单：夜班")
    key(qtbot, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert not w.act_shift_tickets.isChecked() and w.model.rowCount() == 4

    shifts.close_shift(named_desk, w.actor, night["shift"])  # closed: "this shift" is the last one
    w.act_shift_tickets.trigger()
    assert set(w.model.loaded_ids()) == {night["sent"], night["answered"], night["logged"]}


def test_handover_query_caps_and_counts(named_desk, night, clock):
    with named_desk.db.read() as s:
        h = queries.shift_handover(s, night["shift"], clock.now(), limit=1)
    assert h.shift_tickets == 3
    assert len(h.open_tickets) == 1 and h.open_tickets_total == 3
    assert len(h.follow_ups) == 1 and h.follow_ups_total == 2 and h.overdue_follow_ups == 2
    with named_desk.db.read() as s:
        early = queries.shift_handover(s, night["shift"], clock.now() - timedelta(minutes=30))
    assert early.overdue_follow_ups == 0


def _typed_note(qtbot, w, text: str):
    focused(qtbot, w)
    w.act_handover_note.trigger()
    dlg = w.windows.dialog
    focused(qtbot, dlg)
    qtbot.waitUntil(dlg.note.hasFocus)
    send_text(dlg.note, text)
    return dlg


def _saved_note(desk, sid) -> str:
    with desk.db.read() as s:
        return s.get(Shift, sid).handover_note or ""


def test_esc_on_an_edited_handover_note_asks_before_throwing_it_away(qtbot, make_window, named_desk, night,
                                                                   monkeypatch):
    w = make_window()
    dlg = _typed_note(qtbot, w, "5号楼漏水，物业明早来")
    asked = []
    answer = QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: asked.append(a[2]) or answer))
    key(qtbot, Qt.Key.Key_Escape)
    assert asked == ["交班记录改过了，还没有保存。放弃这些修改吗？"]
    assert dlg.isVisible() and dlg.note.toPlainText() == "5号楼漏水，物业明早来"  # "no": still there
    answer = QMessageBox.StandardButton.Yes
    key(qtbot, Qt.Key.Key_Escape)
    assert not dlg.isVisible() and _saved_note(named_desk, night["shift"]) == ""

    dlg = _typed_note(qtbot, w, "")  # opened and left unedited: Esc closes without a question
    asked.clear()
    key(qtbot, Qt.Key.Key_Escape)
    assert asked == [] and not dlg.isVisible()


@pytest.mark.parametrize("button, closes, saved", [
    (QMessageBox.StandardButton.Save, True, "5号楼漏水，物业明早来"),
    (QMessageBox.StandardButton.Discard, True, ""),
    (QMessageBox.StandardButton.Cancel, False, ""),
])
def test_closing_the_desk_with_an_unsaved_handover_note_asks_save_discard_or_cancel(
        qtbot, make_window, named_desk, night, monkeypatch, button, closes, saved):
    """FINDING: the tray's Quit (or a logout) closed the desk with the note typed in the dialog: gone."""
    w = make_window()
    dlg = _typed_note(qtbot, w, "5号楼漏水，物业明早来")
    asked = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.text()) or button)
    assert w.close() is closes
    assert asked == ["交班记录改过了，还没有保存。关闭值班台之前保存吗？"]
    assert _saved_note(named_desk, night["shift"]) == saved
    assert dlg.isVisible() is not closes
    if not closes:
        dlg.discard()


def test_a_note_that_cannot_be_saved_at_close_keeps_the_desk_open_and_says_why(
        qtbot, make_window, named_desk, night, monkeypatch):
    w = make_window()
    dlg = _typed_note(qtbot, w, "5号楼漏水")
    dlg.note.setPlainText("漏" * 20_001)  # pasted from somewhere: over the limit, the save is refused
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Save)
    assert w.close() is False
    assert dlg.isVisible() and dlg.error.text() == "交班记录太长（最多 20000 字）。"
    assert dlg.note.toPlainText() == "漏" * 20_001 and _saved_note(named_desk, night["shift"]) == ""
    dlg.discard()


def _close_by_window(qtbot, w):
    w.act_close_shift.trigger()
    dlg = w.windows.dialog
    focused(qtbot, dlg)
    dlg.close_button.click()
    assert not dlg.isVisible()


def test_closing_prints_the_log_on_the_desks_printer_and_says_once_when_it_is_missing(
        qtbot, make_window, named_desk, night, operator, admin, monkeypatch, tmp_path, _closed_shift_logs):
    import shutil
    import subprocess

    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QMessageBox

    from console.services.desk_settings import set_desk_settings
    from console.ui.common.printing import a4_printer
    from console.ui.shifts import closed_log

    warned = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: warned.append(a[2])))
    set_desk_settings(named_desk, admin, printer="值班室打印机")
    printed = tmp_path / "printed.pdf"

    def pdf_printer(name):  # the desk's printer, as a PDF file
        assert name == "值班室打印机"
        p = a4_printer()
        p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        p.setOutputFileName(str(printed))
        return p
    monkeypatch.setattr(closed_log, "named_printer", pdf_printer)
    w = focused(qtbot, make_window())
    _close_by_window(qtbot, w)
    pdf, = _closed_shift_logs.iterdir()
    assert printed.read_bytes()[:5] == b"%PDF-" and "值班室打印机" in w.statusBar().currentMessage()
    assert w.windows.closed_shift_log.printed == ["值班室打印机"] and warned == []
    if shutil.which("pdfinfo"):
        pages = [subprocess.run(["pdfinfo", str(f)], capture_output=True, text=True, check=True).stdout
                 for f in (pdf, printed)]
        assert [p.split("Pages:")[1].split()[0] for p in pages] == [pages[0].split("Pages:")[1].split()[0]] * 2

    # a printer this computer does not have: said once, then only in the status bar
    monkeypatch.setattr(closed_log, "named_printer", lambda name: None)
    for _ in range(2):
        shifts.open_shift(named_desk, operator, "night")
        w.apply_changes(shifts.Changes(shifts=True))
        _close_by_window(qtbot, w)
        assert "没有找到打印机“值班室打印机”" in w.statusBar().currentMessage()
    assert len(warned) == 1 and "值班室打印机" in warned[0]
    assert len(list(_closed_shift_logs.iterdir())) == 3  # every close wrote its log all the same


def test_a_log_that_cannot_be_written_keeps_the_close_and_says_so(qtbot, make_window, named_desk, night,
                                                                 monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from console.services import shift_log

    warned = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: warned.append(a[2])))

    def broken(*a, **kw):
        raise OSError("disk full")
    monkeypatch.setattr(shift_log, "export_shift_log", broken)
    w = focused(qtbot, make_window())
    _close_by_window(qtbot, w)
    with named_desk.db.read() as s:
        assert s.get(Shift, night["shift"]).ended_at is not None
    assert len(warned) == 1 and "已交班，但交接班日志没有写成" in warned[0]
    assert w.status.shift_label.text() == "未开班"
