"""管理 menu editors driven by keyboard: the keys reach the services, errors are one line, the window follows."""
from __future__ import annotations

import pytest
from helpers import key, send_text
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from console.ui.new_call.call_form import category_entries, community_entries, request_type_items


@pytest.fixture
def admin_window(qtbot, make_window, named_desk, admin):
    w = make_window(admin)
    w.show()
    qtbot.waitExposed(w)
    return w


def _combo_texts(combo) -> list[str]:
    return [combo.itemText(i).strip() for i in range(combo.count())]


def _editor(qtbot, w, name):
    dlg = w.open_admin(name)
    qtbot.waitExposed(dlg)
    dlg.activateWindow()
    qtbot.waitUntil(dlg.isActiveWindow)
    return dlg


def test_menu_follows_the_role(make_window, operator, supervisor, admin):
    assert not make_window(operator).admin_menu.menuAction().isVisible()
    w = make_window(supervisor)
    assert w.admin_menu.menuAction().isVisible()
    assert [k for k, a in w.admin_actions.items() if a.isVisible()] == ["street", "categories", "request_types",
                                                                         "calendar"]
    assert w.open_admin("accounts") is None
    assert all(a.isVisible() for a in make_window(admin).admin_actions.values())


def test_street_editor_by_keyboard_and_the_window_follows(qtbot, admin_window, named_desk, street):
    w = admin_window
    dlg = _editor(qtbot, w, "street")
    dlg.prompt_text = lambda *a: "临江一村\n临江二村\n"
    key(qtbot, Qt.Key.Key_Insert)  # Ins: add, one per line
    names = [c.name for c in dlg.communities.rows]
    assert {"临江一村", "临江二村"} <= set(names)
    assert "临江二村" in _combo_texts(w.filter_bar.community_combo)  # the window's filter list followed

    dlg.select(dlg.community_view, lambda r: r.name == "临江二村")
    dlg.prompt_text = lambda *a: "白马小区"
    key(qtbot, Qt.Key.Key_F2)  # F2: rename — to a name that exists: one line, nothing changed
    assert dlg.error_label.isVisible() and "合并" in dlg.error_label.text()

    dlg.prompt_text = lambda *a: "临江新村"
    key(qtbot, Qt.Key.Key_F2)
    assert not dlg.error_label.isVisible()
    assert dlg.current_row(dlg.community_view).name == "临江新村"

    key(qtbot, Qt.Key.Key_Delete)  # Del: retire — gone from New Call's picker, still listed here
    assert not dlg.current_row(dlg.community_view).active
    assert "临江新村" not in [e.text for e in community_entries(named_desk)]

    dlg.prompt_choice = lambda title, text, items: dict((t, i) for t, i in items)["临江一村"]
    dlg.confirm = lambda *a: True
    key(qtbot, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)  # Ctrl+M: merge into 临江一村
    assert "临江新村" not in [c.name for c in dlg.communities.rows]
    assert dlg.current_row(dlg.community_view).name == "临江一村"

    dlg.tabs.setCurrentIndex(1)  # grids: F2 edits worker and coverage
    dlg.select(dlg.grid_view, lambda r: r.name == "第一网格")
    dlg.edit_grid_values = lambda g: {"name": g.name, "worker": "钱网格", "phone": "", "community_ids":
                                      [c.id for c in dlg.communities.rows if c.name == "临江一村"]}
    key(qtbot, Qt.Key.Key_F2)
    g = dlg.current_row(dlg.grid_view)
    assert (g.worker, g.communities) == ("钱网格", ("临江一村",))
    key(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dlg.isVisible())


def test_rename_through_the_real_prompt(qtbot, admin_window, street):
    """The prompt itself: Chinese typed as an input method does, Enter confirms."""
    w = admin_window
    dlg = _editor(qtbot, w, "categories")
    dlg.select_id(street.categories["噪音扰民"])

    def answer():
        prompt = QApplication.activeModalWidget()
        assert prompt is not None and prompt.objectName() == "namePrompt"
        prompt.edit.clear()
        send_text(prompt.edit, "噪声扰民")
        qtbot.keyClick(prompt.edit, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)
    key(qtbot, Qt.Key.Key_F2)
    assert "噪声扰民" in [c.path for c in dlg.model.choices]
    assert "噪声扰民" in _combo_texts(w.filter_bar.category_combo)


def test_categories_move_retire_and_code(qtbot, admin_window, named_desk, street):
    w = admin_window
    dlg = _editor(qtbot, w, "categories")
    dlg.select_id(street.categories["噪音扰民"])
    dlg.prompt_choice = lambda title, text, items: street.categories["水电气"]
    key(qtbot, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert "水电气/噪音扰民" in [c.path for c in dlg.model.choices]
    dlg.prompt_text = lambda *a: "GB-0701"
    key(qtbot, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert dlg.current().code == "GB-0701"
    dlg.prompt_text = lambda *a: "代码"  # not ASCII: one line, nothing changed
    key(qtbot, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert dlg.error_label.isVisible() and dlg.current().code == "GB-0701"
    key(qtbot, Qt.Key.Key_Delete)
    assert not dlg.current().active
    assert "水电气/噪音扰民" not in [e.text for e in category_entries(named_desk)]
    dlg.select_id(street.categories["水电气"])
    dlg.prompt_text = lambda *a: "燃气"
    key(qtbot, Qt.Key.Key_Insert)  # Ins: a child of the selected top-level category
    assert "水电气/燃气" in [c.path for c in dlg.model.choices]


def test_request_types_add_and_retire(qtbot, admin_window, named_desk):
    w = admin_window
    dlg = _editor(qtbot, w, "request_types")
    dlg.prompt_text = lambda *a: "催办"
    key(qtbot, Qt.Key.Key_Insert)
    assert dlg.current_row(dlg.view).code == "x1"
    assert ("x1", "催办") in request_type_items(named_desk)
    key(qtbot, Qt.Key.Key_Delete)
    assert "x1" not in [c for c, _ in request_type_items(named_desk)]


def test_accounts_keep_the_last_admin_and_add_one(qtbot, admin_window, admin):
    w = admin_window
    dlg = _editor(qtbot, w, "accounts")
    dlg.select(dlg.view, lambda r: r.id == admin.id)
    key(qtbot, Qt.Key.Key_Delete)  # deactivate oneself: refused in one line
    assert dlg.error_label.isVisible() and "自己" in dlg.error_label.text()
    dlg.prompt_choice = lambda *a: "operator"
    key(qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert "另一位管理员" in dlg.error_label.text()  # one's own role: another admin changes it
    dlg.account_values = lambda username: {"username": "zhou", "display_name": "周敏", "role": "supervisor",
                                           "password": "longpass1"}
    key(qtbot, Qt.Key.Key_Insert)
    row = dlg.current_row(dlg.view)
    assert (row.username, row.display_name, row.role, row.active) == ("zhou", "周敏", "supervisor", True)
    dlg.account_values = lambda username: {"password": "short"}
    key(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert "至少 6" in dlg.error_label.text()
    key(qtbot, Qt.Key.Key_Delete)
    assert not dlg.current_row(dlg.view).active


def test_account_form_asks_the_password_twice(qtbot):
    from console.ui.admin.account_dialog import AccountDialog

    dlg = AccountDialog()
    qtbot.addWidget(dlg)
    qtbot.keyClicks(dlg.password_edit, "longpass1")
    qtbot.keyClicks(dlg.again_edit, "longpass2")
    dlg.accept()
    assert dlg.isVisible() is False and dlg.result() == 0 and dlg.error.text() == "两次输入的密码不一样。"


def test_calendar_editor_adds_a_day_and_imports_a_year(qtbot, admin_window, named_desk, tmp_path):
    """管理 → 节假日日历: Ins adds a day, Ctrl+I imports a year's sheet; the status bar's warning goes."""
    from datetime import date

    from helpers import xlsx_file

    from console.services.work_calendar import calendar_days

    w = admin_window
    w.refresh_status()
    gap = w.status.calendar_label
    assert gap.isVisibleTo(w) == (named_desk.local(named_desk.now()).date() >= date(2026, 11, 2))
    dlg = _editor(qtbot, w, "calendar")
    answers = iter(["2027-01-01", "元旦"])
    dlg.prompt_text = lambda *a: next(answers)
    dlg.prompt_choice = lambda title, text, items: items[0][1]  # 放假
    key(qtbot, Qt.Key.Key_Insert)
    assert [(d.day, d.name) for d in calendar_days(named_desk, 2027)] == [(date(2027, 1, 1), "元旦")]
    assert dlg.year.currentData() == 2027 and dlg.model.rowCount() == 1

    dlg.pick_file = lambda: str(xlsx_file(tmp_path / "2027.xlsx", [
        ["日期", "类型", "名称"], ["2027-10-01", "放假", "国庆节"], ["2027-10-09", "上班", "国庆节调休"]]))
    key(qtbot, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert not dlg.error_label.isVisible()
    assert [d.day for d in calendar_days(named_desk, 2027)] == [date(2027, 10, 1), date(2027, 10, 9)]
    assert "已导入 2027 年的 2 天安排" in dlg.status.text()
    w.refresh_status()
    assert not gap.isVisibleTo(w)

    dlg.pick_file = lambda: str(xlsx_file(tmp_path / "bad.xlsx", [["日期", "类型"], ["明年国庆", "放假"]]))
    key(qtbot, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert dlg.error_label.isVisible() and "第 2 行" in dlg.error_label.text()
