"""The New Call dialog, driven from the keyboard as a night operator drives it."""
from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import shiboken6
from helpers import send_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from sqlalchemy import select

from console.services import drafts
from console.services.dispatch_options import dispatch_options
from console.services.registers import (
    HandbookInput,
    SpecialGroupInput,
    create_handbook_entry,
    create_special_member,
)
from console.services.tickets import NewCall, log_call
from console.store.models import AuditEntry, Deadline, Ticket
from console.ui.new_call.draft import pending_draft
from console.ui.new_call.new_call_dialog import NewCallDialog

pytestmark = pytest.mark.gui

SH = ZoneInfo("Asia/Shanghai")
MON_0200 = datetime(2026, 11, 23, 2, 0, tzinfo=SH)  # a Monday night
PHONE = "13800138000"


@pytest.fixture(autouse=True)
def no_unexpected_questions(monkeypatch):
    """Any QMessageBox.question a test did not expect fails it (a modal box would hang)."""
    def unexpected(*args, **kw):
        raise AssertionError(f"unexpected question: {args[1:3]}")
    monkeypatch.setattr(QMessageBox, "question", unexpected)


@pytest.fixture
def make_dialog(qtbot, desk, operator):
    made: list[NewCallDialog] = []

    def make(**kw) -> NewCallDialog:
        dlg = NewCallDialog(desk, kw.pop("actor", operator), **kw)
        made.append(dlg)
        dlg.show()
        qtbot.waitExposed(dlg)
        dlg.activateWindow()
        qtbot.waitUntil(dlg.phone.hasFocus)
        return dlg

    yield make
    for d in made:  # hide (not close): closing would ask about typed text
        if shiboken6.isValid(d):
            d._autosave.stop()
            d.hide()
            d.deleteLater()


def key(qtbot, dlg, k, mods=Qt.KeyboardModifier.NoModifier) -> None:
    """Press a key where the keyboard focus is, as a person would."""
    w = dlg.focusWidget()
    assert w is not None
    qtbot.keyClick(w, k, mods)


def pick(qtbot, picker, typed: str) -> None:
    """Type pinyin initials into a picker field and press Enter in its popup."""
    qtbot.keyClicks(picker.edit, typed)
    popup = picker.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert not popup.isVisible()


def tickets(desk) -> list[Ticket]:
    with desk.db.read() as s:
        rows = list(s.scalars(select(Ticket).order_by(Ticket.id)))
        s.expunge_all()  # keep the loaded values past the read session's rollback
    return rows


def test_the_whole_night_call_from_the_keyboard(qtbot, desk, street, operator, clock, make_dialog):
    # The same resident called two days ago about the stairway light.
    clock.set(datetime(2026, 11, 21, 20, 15, tzinfo=SH))
    earlier = log_call(desk, operator, NewCall(description="楼道灯不亮", caller_phone=PHONE,
                                               community_id=street.communities["嘉宏三村"]))
    clock.set(MON_0200)
    dlg = make_dialog()

    qtbot.keyClicks(dlg.phone, "138-0013 8000")
    key(qtbot, dlg, Qt.Key.Key_Tab)
    assert dlg.phone.text() == PHONE
    assert dlg.caller_name.hasFocus()
    assert dlg.caller.history_numbers() == [earlier.number]
    assert dlg.caller.table.item(0, 2).text() == "已受理"
    assert dlg.caller.badge.isVisible() and "第 2 次" in dlg.caller.badge.text()
    assert not dlg.caller.special_box.isVisible()

    send_text(dlg.caller_name, "王阿姨")
    key(qtbot, dlg, Qt.Key.Key_Tab)
    assert dlg.community.hasFocus()
    pick(qtbot, dlg.community_picker, "jhsc")
    assert dlg.community.text() == "嘉宏三村"
    assert dlg.community_picker.current_id == street.communities["嘉宏三村"]
    key(qtbot, dlg, Qt.Key.Key_Tab)
    qtbot.keyClicks(dlg.building, "12")
    key(qtbot, dlg, Qt.Key.Key_Tab)
    qtbot.keyClicks(dlg.room, "301")
    key(qtbot, dlg, Qt.Key.Key_Tab)
    key(qtbot, dlg, Qt.Key.Key_Tab)  # no extra address
    assert dlg.category.hasFocus()
    pick(qtbot, dlg.category_picker, "td")
    assert dlg.category.text() == "水电气/停电"
    assert dlg.category_picker.current_id == street.categories["水电气/停电"]
    key(qtbot, dlg, Qt.Key.Key_Tab)
    assert dlg.request_type.hasFocus()
    key(qtbot, dlg, Qt.Key.Key_2)  # 2 求助
    key(qtbot, dlg, Qt.Key.Key_Tab)
    key(qtbot, dlg, Qt.Key.Key_2)  # 2 紧急 (特急 would shorten the check-back to 15 minutes)
    assert dlg.urgency.code() == "urgent"
    key(qtbot, dlg, Qt.Key.Key_Tab)
    assert dlg.description.hasFocus()
    send_text(dlg.description, "整栋楼停电，家里有老人")
    key(qtbot, dlg, Qt.Key.Key_Tab)  # Tab leaves the text box
    assert not dlg.description.hasFocus()
    assert dlg.description.toPlainText() == "整栋楼停电，家里有老人"

    key(qtbot, dlg, Qt.Key.Key_F6)
    assert dlg.mode == "dispatch" and dlg.dispatch_panel.table.hasFocus()
    shown = dlg.dispatch_panel.model.rows()
    expected = dispatch_options(desk, street.categories["水电气/停电"], street.communities["嘉宏三村"])
    assert [(r.option.unit_id, r.option.contact_id) for r in shown] == \
        [(r.option.unit_id, r.option.contact_id) for r in expected]
    names = [r.option.unit_name for r in shown]
    power = names.index("城东供电所")
    assert shown[0].reachable and shown[power].reachable
    assert all(r.reachable for r in shown[:power])  # reachable ones come first
    assert not shown[-1].reachable  # the property office opens at 08:30
    assert dlg.dispatch_panel.table.currentIndex().row() == 0
    for _ in range(power):
        key(qtbot, dlg, Qt.Key.Key_Down)
    key(qtbot, dlg, Qt.Key.Key_Return)
    assert dlg.dispatch_panel.picked.unit_name == "城东供电所"
    assert dlg.isVisible()  # Enter picks; it does not save
    assert dlg.save_button.hasFocus()

    with qtbot.waitSignal(dlg.saved, timeout=30_000) as saved:
        key(qtbot, dlg, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    logged = saved.args[0]
    assert not dlg.isVisible() and dlg.result() == QDialog.DialogCode.Accepted
    with desk.db.read() as s:
        t = s.get(Ticket, logged.id)
        assert (t.caller_phone, t.caller_name, t.building, t.room) == (PHONE, "王阿姨", "12号", "301")
        assert t.community_id == street.communities["嘉宏三村"]
        assert t.category_id == street.categories["水电气/停电"]
        assert (t.request_type, t.urgency, t.status) == ("help", "urgent", "dispatched")
        assert t.unit_id == street.units["城东供电所"]
        assert t.contact_id == street.contacts["城东供电所/值班室"]
        assert t.received_at == MON_0200 and t.dispatched_at == MON_0200
        assert t.operator_id == operator.id
        check_back = s.scalars(select(Deadline.due_at).where(
            Deadline.ticket_id == t.id, Deadline.kind == "check_back")).one()
        assert check_back == MON_0200 + timedelta(minutes=30)
        audit = s.scalars(select(AuditEntry).where(AuditEntry.entity == "ticket", AuditEntry.entity_id == t.id)
                          .order_by(AuditEntry.id)).all()
        assert [a.action for a in audit] == ["log_call", "dispatch"]
        assert all(a.user_id == operator.id for a in audit)
        assert json.loads(audit[0].new)["caller_phone"] == PHONE
        assert json.loads(audit[1].new)["unit_id"] == street.units["城东供电所"]
    assert pending_draft(desk, operator) is None


def test_a_bad_phone_number_is_explained_in_chinese_and_keeps_the_cursor(qtbot, make_dialog):
    dlg = make_dialog()
    qtbot.keyClicks(dlg.phone, "138abc")
    key(qtbot, dlg, Qt.Key.Key_Tab)
    assert dlg.phone.hasFocus()
    assert dlg.phone_error.isVisible()
    assert "无法识别" in dlg.phone_error.text() and "138abc" in dlg.phone_error.text()
    assert dlg.phone_error.textFormat() == Qt.TextFormat.PlainText
    assert "#c62828" in dlg.phone_error.styleSheet()
    dlg.phone.clear()
    qtbot.keyClicks(dlg.phone, "021 5912 3456")
    key(qtbot, dlg, Qt.Key.Key_Tab)
    assert dlg.phone.text() == "021-59123456"
    assert not dlg.phone_error.isVisible() and dlg.caller_name.hasFocus()
    assert dlg.caller.history_numbers() == []


def test_an_empty_phone_is_allowed_for_a_walk_in(qtbot, make_dialog):
    dlg = make_dialog()
    key(qtbot, dlg, Qt.Key.Key_Tab)
    assert dlg.caller_name.hasFocus() and not dlg.phone_error.isVisible()


def test_a_special_group_caller_is_shown_prominently(qtbot, desk, street, admin, make_dialog):
    create_special_member(desk, admin, SpecialGroupInput(
        name="刘奶奶", group="独居老人", phone=PHONE, community_id=street.communities["嘉宏三村"],
        address="12号301", needs="行动不便，<b>需上门</b>", grid_worker="王网格"))
    dlg = make_dialog()
    qtbot.keyClicks(dlg.phone, PHONE)
    key(qtbot, dlg, Qt.Key.Key_Tab)
    assert dlg.caller.special_box.isVisible()
    texts = [w.text() for w in dlg.caller.special_box.findChildren(type(dlg.phone_error))
             if not w.isHidden()]
    joined = "\n".join(texts)
    for word in ("刘奶奶", "独居老人", "行动不便，<b>需上门</b>", "王网格"):
        assert word in joined
    assert all(w.textFormat() == Qt.TextFormat.PlainText
               for w in dlg.caller.special_box.findChildren(type(dlg.phone_error)))
    assert not dlg.caller.badge.isVisible()  # no earlier tickets


def test_validation_errors_show_inline_and_nothing_is_lost(qtbot, desk, make_dialog):
    dlg = make_dialog()
    qtbot.keyClicks(dlg.phone, PHONE)
    key(qtbot, dlg, Qt.Key.Key_Tab)
    send_text(dlg.caller_name, "王阿姨")
    key(qtbot, dlg, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dlg.isVisible()
    assert dlg.error.text() == "请填写来电内容。"
    assert dlg.description.hasFocus()
    assert dlg.caller_name.text() == "王阿姨" and dlg.phone.text() == PHONE
    assert tickets(desk) == []
    # a community that is not in the list is refused by name, not silently dropped
    dlg.community.setText("不存在的小区")
    send_text(dlg.description, "问路")
    key(qtbot, dlg, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "不存在的小区" in dlg.error.text() and dlg.community.hasFocus()
    assert tickets(desk) == []
    # dispatch chosen but no unit picked
    dlg.community.clear()
    key(qtbot, dlg, Qt.Key.Key_F6)
    dlg.dispatch_panel.clear_pick()
    key(qtbot, dlg, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "请选择承办单位" in dlg.error.text()
    assert tickets(desk) == []


def test_ctrl_enter_saves_from_inside_the_description(qtbot, desk, make_dialog):
    dlg = make_dialog()
    qtbot.keyClick(dlg.phone, Qt.Key.Key_Tab)
    dlg.description.setFocus()
    send_text(dlg.description, "咨询社区医院地址")
    with qtbot.waitSignal(dlg.saved, timeout=30_000):
        qtbot.keyClick(dlg.description, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    [t] = tickets(desk)
    assert t.description == "咨询社区医院地址" and t.status == "logged" and t.caller_phone == ""


@pytest.fixture
def write_lock(desk):
    """Another program holding the desk's write lock (a big import, a backup) until released."""
    import sqlite3

    con = sqlite3.connect(str(desk.db.sqlite_path), isolation_level=None)
    con.execute("BEGIN IMMEDIATE")
    held = [True]

    def release():
        if held[0]:
            con.execute("ROLLBACK")
            held[0] = False

    yield release
    release()
    con.close()


def test_a_busy_database_does_not_freeze_the_form_and_the_call_is_saved_when_the_lock_goes(
        qtbot, desk, operator, make_dialog, write_lock, monkeypatch):
    import time

    import console.store.database as database

    # Ten minutes for the full wait, so "a short try, not the full wait" holds with a wide margin on
    # however loaded a machine: the bound below is a tenth of it, the try is QUICK_WAIT_MS.
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 600_000)
    desk.db.engine.dispose()
    dlg = make_dialog()
    qtbot.keyClicks(dlg.phone, PHONE)
    dlg.description.setFocus()
    send_text(dlg.description, "楼上漏水，天花板在滴水")
    t0 = time.monotonic()
    qtbot.keyClick(dlg.description, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert time.monotonic() - t0 < 60  # a short try on the GUI thread, not the 600 s busy timeout
    assert dlg.saving and "正在等待保存" in dlg.error.text()
    assert not dlg.description.isEnabled() and not dlg.save_button.isEnabled()  # what is saved is what is shown
    assert drafts.load_draft(dlg.draft_key)["description"] == "楼上漏水，天花板在滴水"
    dlg.reject()  # Esc while the save waits: refused, nothing asked, nothing dropped
    assert dlg.isVisible() and "正在保存" in dlg.error.text()
    qtbot.keyClick(dlg, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # a second Ctrl+Enter: ignored
    assert tickets(desk) == []
    with qtbot.waitSignal(dlg.saved, timeout=30_000):
        write_lock()
    [t] = tickets(desk)  # exactly one
    assert t.description == "楼上漏水，天花板在滴水"
    assert drafts.load_draft(dlg.draft_key) is None and not dlg.isVisible()


def test_a_lock_that_outlasts_the_busy_timeout_unlocks_the_form_and_keeps_the_words(
        qtbot, desk, make_dialog, write_lock, monkeypatch):
    import console.store.database as database

    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 600)
    dlg = make_dialog()
    qtbot.keyClicks(dlg.phone, PHONE)
    dlg.description.setFocus()
    send_text(dlg.description, "噪音扰民")
    dlg.save()
    assert dlg.saving
    qtbot.waitUntil(lambda: not dlg.saving, timeout=30_000)
    assert "数据库正被另一个程序占用" in dlg.error.text() and "草稿" in dlg.error.text()
    assert dlg.description.isEnabled() and dlg.description.toPlainText() == "噪音扰民"
    assert drafts.load_draft(dlg.draft_key)["description"] == "噪音扰民"
    assert tickets(desk) == []
    write_lock()
    with qtbot.waitSignal(dlg.saved, timeout=30_000):
        dlg.save()  # the lock is gone: Ctrl+Enter again saves at once
    assert len(tickets(desk)) == 1


def test_escape_asks_before_throwing_typed_text_away(qtbot, desk, operator, make_dialog, monkeypatch):
    asked: list[tuple] = []
    reply = [QMessageBox.StandardButton.No]

    def question(parent, title, text, *a, **kw):
        asked.append((title, text))
        return reply[0]

    monkeypatch.setattr(QMessageBox, "question", question)
    dlg = make_dialog()
    qtbot.keyClicks(dlg.phone, PHONE)
    dlg.autosave(force=True)
    assert pending_draft(desk, operator) is not None
    key(qtbot, dlg, Qt.Key.Key_Escape)
    assert len(asked) == 1 and "放弃" in asked[0][0]
    assert dlg.isVisible() and dlg.phone.text() == PHONE  # "No": nothing lost
    reply[0] = QMessageBox.StandardButton.Yes
    key(qtbot, dlg, Qt.Key.Key_Escape)
    assert len(asked) == 2
    assert not dlg.isVisible() and dlg.result() == QDialog.DialogCode.Rejected
    assert pending_draft(desk, operator) is None
    assert tickets(desk) == []


def test_escape_on_an_empty_form_closes_at_once(qtbot, make_dialog):
    dlg = make_dialog()  # the autouse fixture fails the test if a question is asked
    key(qtbot, dlg, Qt.Key.Key_Escape)
    assert not dlg.isVisible() and dlg.result() == QDialog.DialogCode.Rejected


def test_phone_given_by_the_caller_id_is_prefilled_and_looked_up(qtbot, desk, operator, make_dialog):
    earlier = log_call(desk, operator, NewCall(description="问路", caller_phone=PHONE))
    dlg = make_dialog(phone="+86 138 0013 8000")
    assert dlg.phone.hasFocus() and dlg.phone.text() == PHONE
    assert dlg.caller.history_numbers() == [earlier.number] and dlg.caller.badge.isVisible()
    key(qtbot, dlg, Qt.Key.Key_Tab)
    assert dlg.caller_name.hasFocus()


def test_a_crash_loses_nothing_the_draft_restores_the_form(qtbot, desk, street, operator, clock,
                                                           make_dialog, monkeypatch):
    monkeypatch.setattr(NewCallDialog, "AUTOSAVE_MS", 50)
    clock.set(MON_0200)
    dlg = make_dialog()
    qtbot.keyClicks(dlg.phone, PHONE)
    key(qtbot, dlg, Qt.Key.Key_Tab)
    send_text(dlg.caller_name, "王阿姨")
    dlg.community.setFocus()
    pick(qtbot, dlg.community_picker, "jhsc")
    dlg.category.setFocus()
    pick(qtbot, dlg.category_picker, "td")
    dlg.urgency.setFocus()
    key(qtbot, dlg, Qt.Key.Key_2)
    dlg.description.setFocus()
    send_text(dlg.description, "楼道漏水又停电")
    key(qtbot, dlg, Qt.Key.Key_F6)
    key(qtbot, dlg, Qt.Key.Key_Return)  # the first (best) unit
    first = dlg.dispatch_panel.picked
    path = drafts.drafts_dir() / f"{dlg.draft_key}.json"
    qtbot.waitUntil(lambda: path.exists() and "楼道漏水又停电" in path.read_text(encoding="utf-8")
                    and '"dispatch_unit_id": ' + str(first.unit_id) in path.read_text(encoding="utf-8"),
                    timeout=30_000)
    assert not list(path.parent.glob("*.tmp"))

    shiboken6.delete(dlg)  # the process dies: no close, no question, no cleanup
    clock.advance(minutes=3)

    pending = pending_draft(desk, operator)
    assert pending is not None and pending["description"] == "楼道漏水又停电"
    again = make_dialog(draft=pending)
    assert again.phone.text() == PHONE and again.caller_name.text() == "王阿姨"
    assert again.community_picker.current_id == street.communities["嘉宏三村"]
    assert again.category.text() == "水电气/停电"
    assert again.category_picker.current_id == street.categories["水电气/停电"]
    assert again.urgency.code() == "urgent"
    assert again.description.toPlainText() == "楼道漏水又停电"
    assert again.mode == "dispatch"
    assert (again.dispatch_panel.picked.unit_id, again.dispatch_panel.picked.contact_id) == \
        (first.unit_id, first.contact_id)
    assert again.caller.history_numbers() == []  # the caller panel is filled again
    again.save_button.setFocus()
    with qtbot.waitSignal(again.saved, timeout=30_000) as saved:
        key(qtbot, again, Qt.Key.Key_Return)  # Enter on the focused 保存 button saves too
    with desk.db.read() as s:
        t = s.get(Ticket, saved.args[0].id)
        assert t.received_at == MON_0200  # when the phone rang, not when it was saved
        assert t.dispatched_at == MON_0200 + timedelta(minutes=3)
        assert t.unit_id == first.unit_id
    assert pending_draft(desk, operator) is None


def test_answer_on_the_spot_from_the_handbook(qtbot, desk, street, admin, make_dialog):
    td = street.categories["水电气/停电"]
    create_handbook_entry(desk, admin, HandbookInput(
        question="家里突然停电怎么办？", answer="请先查看家中总闸是否跳闸；整栋楼停电请拨 95598。",
        category_id=td))
    create_handbook_entry(desk, admin, HandbookInput(
        question="噪音投诉找谁？", answer="夜间噪音可拨 110。", category_id=street.categories["噪音扰民"]))
    dlg = make_dialog()
    key(qtbot, dlg, Qt.Key.Key_Tab)
    dlg.category.setFocus()
    pick(qtbot, dlg.category_picker, "td")
    dlg.request_type.setFocus()
    key(qtbot, dlg, Qt.Key.Key_1)  # 1 咨询
    dlg.description.setFocus()
    send_text(dlg.description, "家里没电了")
    key(qtbot, dlg, Qt.Key.Key_F5)
    panel = dlg.answer_panel
    assert dlg.mode == "answer" and panel.search.hasFocus()
    assert panel.list.item(0).text() == "家里突然停电怎么办？"
    qtbot.keyClicks(panel.search, "95598")  # searching keeps only matching entries
    qtbot.waitUntil(lambda: panel.list.count() == 1)
    key(qtbot, dlg, Qt.Key.Key_Return)
    assert panel.answer.hasFocus()
    assert panel.answer.toPlainText() == "请先查看家中总闸是否跳闸；整栋楼停电请拨 95598。"
    send_text(panel.answer, "已告知居民。")
    with qtbot.waitSignal(dlg.saved, timeout=30_000):
        key(qtbot, dlg, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    [t] = tickets(desk)
    assert t.status == "answered" and t.request_type == "enquiry" and t.category_id == td
    assert t.result.startswith("请先查看家中总闸") and t.result.endswith("已告知居民。")


def test_community_picker_takes_chinese_and_tab_picks_it(qtbot, street, make_dialog):
    dlg = make_dialog()
    dlg.community.setFocus()
    send_text(dlg.community, "白马")  # an input method's commit
    popup = dlg.community_picker.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Tab)
    assert dlg.community.text() == "白马小区"
    assert dlg.community_picker.current_id == street.communities["白马小区"]
    assert dlg.building.hasFocus()


def test_category_picker_tab_takes_the_highlighted_line_of_several(qtbot, street, make_dialog):
    dlg = make_dialog()
    dlg.category.setFocus()
    qtbot.keyClicks(dlg.category, "sdq")  # 水电气, 水电气/停电, 水电气/漏水
    popup = dlg.category_picker.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    assert dlg.category_picker.model.rowCount() == 3
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Tab)
    assert dlg.category.text() == "水电气/停电"
    assert dlg.category_picker.current_id == street.categories["水电气/停电"]
    assert dlg.request_type.hasFocus()
    # editing the text again forgets the choice until a line is picked
    dlg.category.setFocus()
    qtbot.keyClick(dlg.category, Qt.Key.Key_Backspace)
    assert dlg.category_picker.current_id is None


def test_request_type_and_urgency_take_one_key(qtbot, make_dialog):
    dlg = make_dialog()
    dlg.request_type.setFocus()
    for k, code in ((Qt.Key.Key_3, "complaint"), (Qt.Key.Key_J, "report"), (Qt.Key.Key_J, "suggestion"),
                    (Qt.Key.Key_Z, "enquiry"), (Qt.Key.Key_6, "praise")):
        qtbot.keyClick(dlg.request_type, k)
        assert dlg.request_type.code() == code
    dlg.urgency.setFocus()
    for k, code in ((Qt.Key.Key_3, "critical"), (Qt.Key.Key_1, "normal"), (Qt.Key.Key_2, "urgent")):
        qtbot.keyClick(dlg.urgency, k)
        assert dlg.urgency.code() == code


def test_fits_a_1366_by_768_screen(make_dialog):
    dlg = make_dialog()
    hint = dlg.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 728
    assert dlg.width() <= 1366 and dlg.height() <= 728


def test_the_same_address_however_spelt_shows_the_neighbours_call_and_the_special_member(
        qtbot, desk, street, operator, admin, clock, make_dialog):
    """楼号 12 / 室号 301 typed now is the "12 / 301" of an earlier call and the register's "12号301室"."""
    jh = street.communities["嘉宏三村"]
    clock.set(MON_0200 - timedelta(days=1))
    log_call(desk, operator, NewCall(description="楼上漏水", caller_phone="13900139000", community_id=jh,
                                     address="12 / 301"))
    create_special_member(desk, admin, SpecialGroupInput(name="刘奶奶", group="独居老人", community_id=jh,
                                                         address="12号301室"))
    clock.set(MON_0200)
    dlg = make_dialog()
    key(qtbot, dlg, Qt.Key.Key_Tab)  # a walk-in: no phone
    key(qtbot, dlg, Qt.Key.Key_Tab)
    pick(qtbot, dlg.community_picker, "jhsc")
    key(qtbot, dlg, Qt.Key.Key_Tab)
    qtbot.keyClicks(dlg.building, "12")
    key(qtbot, dlg, Qt.Key.Key_Tab)
    qtbot.keyClicks(dlg.room, "301")
    key(qtbot, dlg, Qt.Key.Key_Tab)
    assert dlg.caller.same_address.isVisible()
    assert dlg.caller.same_address.text() == "同一地址 7 天内已有 1 张工单，1 张未办结，可追加 (Alt+Z)"
    assert dlg.caller.special_box.isVisible()
    assert not dlg.caller.badge.isVisible()
