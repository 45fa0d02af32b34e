"""The set-up assistant (console.ui.setup), driven from the keyboard on a desk without accounts."""
from __future__ import annotations

import json

import pytest
import shiboken6
from helpers import key, send_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import select

from console.services import street as street_service
from console.services.accounts import authenticate, create_first_admin
from console.services.desk_settings import read_desk_settings
from console.store.models import AuditEntry, User
from console.ui.common import ask
from console.ui.setup import SetupAssistant
from console.ui.setup.assistant import PAGE_ADMIN, PAGE_GRIDS, PAGE_IMPORTS, PAGE_NAME, PAGE_SHIFTS, PAGE_STREET

pytestmark = pytest.mark.gui

PASSWORD = "night-desk-1"


@pytest.fixture
def questions(monkeypatch):
    """ask.confirm answered by the test: a list of (title, text) asked, and the answer to give."""
    asked: list = []
    answer = {"yes": False}

    def confirm(parent, title, text):
        asked.append((title, text))
        return answer["yes"]

    monkeypatch.setattr(ask, "confirm", confirm)
    return asked, answer


@pytest.fixture
def make_assistant(qtbot):
    made: list[SetupAssistant] = []

    def make(desk, actor=None) -> SetupAssistant:
        w = SetupAssistant(desk, actor)
        made.append(w)
        w.show()
        qtbot.waitExposed(w)
        w.activateWindow()
        return w

    yield make
    for w in made:
        if shiboken6.isValid(w):
            w.hide()
            w.deleteLater()


def focus_on(qtbot, widget) -> None:
    qtbot.waitUntil(widget.hasFocus, timeout=30_000)


def enter(qtbot) -> None:
    key(qtbot, Qt.Key.Key_Return)


def alt(qtbot, w: SetupAssistant, letter, page: int) -> None:
    """A mnemonic (Alt+N next, Alt+B back, Alt+F finish): the button clicks itself a moment later."""
    key(qtbot, letter, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: w.currentId() == page, timeout=30_000)


def fill_first_start(qtbot, w: SetupAssistant, *, username: str = "chen") -> None:
    """Every page as a new desk's administrator fills it, by keyboard, up to the commit page."""
    focus_on(qtbot, w.name_page.name)
    w.name_page.name.selectAll()
    send_text(w.name_page.name, "城南街道热线")
    key(qtbot, Qt.Key.Key_Tab)
    assert w.name_page.phone.hasFocus()
    send_text(w.name_page.phone, "问值班员")
    enter(qtbot)  # not a number: the page says so and keeps the cursor there
    assert w.currentId() == PAGE_NAME and w.name_page.phone.hasFocus()
    w.name_page.phone.selectAll()
    qtbot.keyClicks(w.name_page.phone, "021-5912 3456")
    enter(qtbot)
    assert w.currentId() == PAGE_STREET
    focus_on(qtbot, w.street_page.street)
    send_text(w.street_page.street, "城南街道")
    key(qtbot, Qt.Key.Key_Tab)
    assert w.street_page.typed.hasFocus()
    send_text(w.street_page.typed, "临江一村\t12\n临江二村\n\n临江一村\n错误小区\n")  # pasted from Excel
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # 加入列表
    assert w.street_page.communities() == ["临江一村", "临江二村", "错误小区"]
    w.street_page.list.setFocus()
    w.street_page.list.setCurrentIndex(w.street_page.model.index(2, 0))
    key(qtbot, Qt.Key.Key_Delete)  # a line removed before saving
    assert w.street_page.communities() == ["临江一村", "临江二村"]
    alt(qtbot, w, Qt.Key.Key_N, PAGE_GRIDS)
    alt(qtbot, w, Qt.Key.Key_B, PAGE_STREET)
    assert w.street_page.street.text() == "城南街道"  # kept
    alt(qtbot, w, Qt.Key.Key_N, PAGE_GRIDS)
    page = w.grids_page
    focus_on(qtbot, page.name)
    send_text(page.name, "第一网格")
    key(qtbot, Qt.Key.Key_Tab)
    send_text(page.worker, "王网格")
    key(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(page.phone, "13900139000")
    key(qtbot, Qt.Key.Key_Tab)
    assert page.covers.hasFocus()
    key(qtbot, Qt.Key.Key_Space)  # ticks 临江一村
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Space)  # and 临江二村
    assert page.ticked() == ["临江一村", "临江二村"]
    page.name.setFocus()
    enter(qtbot)  # the grid still in the fields is added, then the next page
    assert [g.name for g in page.grids] == ["第一网格"]
    assert w.currentId() == PAGE_ADMIN
    admin = w.admin_page
    focus_on(qtbot, admin.username)
    qtbot.keyClicks(admin.username, username)
    key(qtbot, Qt.Key.Key_Tab)
    send_text(admin.display_name, "陈主任")
    key(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(admin.password, PASSWORD)
    key(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(admin.again, PASSWORD)
    enter(qtbot)
    assert w.currentId() == PAGE_SHIFTS
    focus_on(qtbot, w.shifts_page.day)


def test_a_new_desk_is_set_up_from_the_keyboard_and_written_under_the_new_admins_name(
        qtbot, empty_desk, make_assistant):
    w = make_assistant(empty_desk)
    fill_first_start(qtbot, w)
    qtbot.keyClicks(w.shifts_page.day, "0730")
    key(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(w.shifts_page.night, "1930")
    alt(qtbot, w, Qt.Key.Key_N, PAGE_IMPORTS)  # 保存(&N): the commit page, everything is written now
    assert w.committed
    focus_on(qtbot, w.imports_page.units_button)
    key(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)  # 导入电话簿: the usual import dialog, as the admin
    def import_dialog():
        return next((d for d in QApplication.topLevelWidgets() if type(d).__name__ == "UnitImportDialog"
                     and d.isVisible()), None)

    qtbot.waitUntil(lambda: import_dialog() is not None, timeout=30_000)
    dlg = import_dialog()
    assert dlg.actor == w.actor and dlg.parent() is w
    dlg.done(0)
    w.activateWindow()
    focus_on(qtbot, w.imports_page.units_button)
    with qtbot.waitSignal(w.finished, timeout=30_000):
        key(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)  # 完成(&F)
    assert w.result() == QDialog.DialogCode.Accepted
    assert w.actor.username == "chen" and w.actor.role == "admin"
    assert authenticate(empty_desk, "chen", PASSWORD) == w.actor
    s = read_desk_settings(empty_desk)
    assert s.duty_phone == "021-5912 3456"
    assert s.name == "城南街道热线" and (f"{s.hours.day_start:%H:%M}", f"{s.hours.night_start:%H:%M}") == ("07:30", "19:30")
    assert street_service.street_name(empty_desk) == "城南街道"
    assert [(g.name, g.worker, g.phone, g.communities) for g in street_service.list_grids(empty_desk)] == \
        [("第一网格", "王网格", "13900139000", ("临江一村", "临江二村"))]
    with empty_desk.db.read() as s:
        rows = s.execute(select(AuditEntry.action, AuditEntry.user_id).order_by(AuditEntry.id)).all()
    written = [(a, u) for a, u in rows if a != "seed_reference"]
    assert written[0] == ("create_first_admin", w.actor.id)  # the administrator first …
    assert {u for _, u in written} == {w.actor.id}  # … then everything under their name
    assert {a for a, _ in written} >= {"set_desk_settings", "set_street_name", "add_community", "add_grid"}


def test_the_administrator_cannot_be_skipped_and_typos_are_named(qtbot, empty_desk, make_assistant):
    w = make_assistant(empty_desk)
    focus_on(qtbot, w.name_page.name)
    for _ in range(3):  # desk name, street, grids: all skipped with Enter
        enter(qtbot)
    assert w.currentId() == PAGE_ADMIN
    focus_on(qtbot, w.admin_page.username)
    enter(qtbot)
    assert w.currentId() == PAGE_ADMIN and w.admin_page.error.isVisible()
    qtbot.keyClicks(w.admin_page.username, "chen")
    key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(w.admin_page.password, "short")
    key(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(w.admin_page.again, "short")
    enter(qtbot)
    assert w.currentId() == PAGE_ADMIN and "6" in w.admin_page.error.text()
    w.admin_page.password.setText(PASSWORD)
    w.admin_page.again.setText(PASSWORD + "x")
    enter(qtbot)
    assert w.currentId() == PAGE_ADMIN and w.admin_page.error.text() == "两次输入的密码不一样。"
    with empty_desk.db.read() as s:
        assert s.scalar(select(User.id)) is None  # nothing written before the commit page


def test_esc_asks_before_leaving_and_nothing_is_written(qtbot, empty_desk, make_assistant, questions):
    asked, answer = questions
    w = make_assistant(empty_desk)
    focus_on(qtbot, w.name_page.name)
    send_text(w.name_page.name, "改过的名字")
    key(qtbot, Qt.Key.Key_Escape)
    assert len(asked) == 1 and w.isVisible()  # "no": still there, typing kept
    assert w.name_page.name.text().endswith("改过的名字")
    answer["yes"] = True
    with qtbot.waitSignal(w.finished, timeout=30_000):
        key(qtbot, Qt.Key.Key_Escape)
    assert w.result() == QDialog.DialogCode.Rejected
    with empty_desk.db.read() as s:
        assert s.scalar(select(User.id)) is None
        assert s.scalar(select(AuditEntry.id).where(AuditEntry.action != "seed_reference")) is None


def test_a_refused_write_names_the_step_and_keeps_what_was_typed(qtbot, empty_desk, make_assistant, questions):
    w = make_assistant(empty_desk)
    fill_first_start(qtbot, w)
    create_first_admin(empty_desk, "other", "other-seat-pw")  # another seat was quicker
    enter(qtbot)
    assert not w.committed
    qtbot.waitUntil(lambda: w.currentId() == PAGE_ADMIN, timeout=30_000)
    assert "第一个管理员" in w.admin_page.error.text() and "已经有账号" in w.admin_page.error.text()
    assert w.admin_page.username.text() == "chen"  # kept
    assert w.street_page.communities() == ["临江一村", "临江二村"]
    with empty_desk.db.read() as s:
        assert s.scalar(select(AuditEntry.id).where(AuditEntry.action == "add_community")) is None
    with qtbot.waitSignal(w.finished, timeout=30_000):
        key(qtbot, Qt.Key.Key_Escape)  # to the login dialog (console.ui.shell.launch), nothing to lose: not asked
    assert questions[0] == [] and w.result() == QDialog.DialogCode.Rejected


def test_an_admin_redoes_the_desk_pages_from_the_menu(qtbot, desk, admin, operator, make_window):
    win = make_window(admin)
    act = win.findChild(type(win.act_settings), "actionSetupAssistant")
    assert act is not None and act.isVisible()
    assert not make_window(operator).findChild(type(win.act_settings), "actionSetupAssistant").isVisible()
    w = win.windows.open_setup_assistant()
    assert w.pageIds() == [PAGE_NAME, PAGE_STREET, PAGE_GRIDS, PAGE_SHIFTS]  # no account, no imports
    focus_on(qtbot, w.name_page.name)
    w.name_page.name.clear()
    send_text(w.name_page.name, "嘉宏街道热线")
    enter(qtbot)
    focus_on(qtbot, w.street_page.street)
    key(qtbot, Qt.Key.Key_Tab)
    send_text(w.street_page.typed, "嘉宏三村\n新建小区")  # 嘉宏三村 exists: not added twice
    enter(qtbot)  # in the box: a new line, not Next
    alt(qtbot, w, Qt.Key.Key_N, PAGE_GRIDS)
    enter(qtbot)
    focus_on(qtbot, w.shifts_page.day)
    with qtbot.waitSignal(w.finished, timeout=30_000):
        enter(qtbot)  # 完成: written under the admin's name
    assert w.result() == QDialog.DialogCode.Accepted
    assert read_desk_settings(desk).name == "嘉宏街道热线"
    names = [c.name for c in street_service.list_communities(desk)]
    assert names.count("嘉宏三村") == 1 and "新建小区" in names
    qtbot.waitUntil(lambda: "嘉宏街道热线" in win.windowTitle(), timeout=30_000)
    with desk.db.read() as s:
        a = s.scalars(select(AuditEntry).where(AuditEntry.action == "add_community")).one()
        assert a.user_id == admin.id and json.loads(a.new)["name"] == "新建小区"
