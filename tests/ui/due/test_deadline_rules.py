"""The supervisor's deadline-rules editor: shared rows, refuses nonsense, re-times open deadlines only on request."""
from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from console.services import tickets as T
from console.store.models import AuditEntry, Deadline, DeadlineRuleRow
from console.ui.common.workers import TaskRunner


@pytest.fixture
def runner(qtbot):
    r = TaskRunner(synchronous=True)
    yield r
    r.shutdown()


@pytest.fixture
def dialog(qtbot, desk, supervisor, runner):
    from console.ui.due.deadline_rules_dialog import DeadlineRulesDialog

    dlg = DeadlineRulesDialog(desk, supervisor, runner)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def rule_rows(desk) -> set[tuple]:
    with desk.db.read() as s:
        return {(r.kind, r.category_id, r.urgency, r.minutes) for r in s.scalars(select(DeadlineRuleRow))}


def test_lists_the_seeded_defaults(dialog):
    shown = [[dialog.table.item(r, c).text() for c in range(5)] for r in range(dialog.table.rowCount())]
    assert shown == [
        ["派单回访", "（所有分类）", "（所有紧急程度）", "30", "30 分钟"],
        ["派单回访", "（所有分类）", "特急", "15", "15 分钟"],
        ["办结时限", "（所有分类）", "（所有紧急程度）", "1440", "1 天"],
        ["上报后办结时限", "（所有分类）", "（所有紧急程度）", "4320", "3 天"],
        ["满意度回访", "（所有分类）", "（所有紧急程度）", "1440", "1 天"],
        ["未接回拨", "（所有分类）", "（所有紧急程度）", "15", "15 分钟"],
        ["到场时限", "（所有分类）", "特急", "15", "15 分钟"],
    ]
    assert dialog.minutes.text() == "30" and not dialog.delete_button.isEnabled()  # a default cannot be deleted


@pytest.mark.parametrize("typed", ["-5", "0", "43201", "1.5", "abc", ""])
def test_refuses_nonsense_minutes_with_a_message_and_changes_nothing(qtbot, dialog, desk, typed):
    before = rule_rows(desk)
    dialog.minutes.setText(typed)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "时限必须是 1 到 43200 分钟之间的整数。"
    assert dialog.message.property("role") == "error"
    assert rule_rows(desk) == before


def test_a_category_rule_applies_to_new_deadlines_and_open_ones_only_when_recomputed(qtbot, dialog, desk, operator,
                                                                                    street, clock):
    leak = street.categories["水电气/漏水"]
    call = T.NewCall(description="厨房漏水", category_id=leak)
    old = T.log_call(desk, operator, call, dispatch=T.Dispatch(street.units["嘉宏三村物业"])).id
    changed = []
    dialog.rules_changed.connect(changed.append)

    dialog.kind.setCurrentIndex(dialog.kind.findData("check_back"))
    dialog.category.setCurrentIndex(dialog.category.findData(leak))
    dialog.urgency.setCurrentIndex(0)
    dialog.minutes.setText("20")
    assert dialog.span.text() == "= 20 分钟"
    qtbot.keyClick(dialog.minutes, Qt.Key.Key_Return)
    assert dialog.message.text() == "已保存。新开的时限按新规则计算。"
    assert ("check_back", leak, None, 20) in rule_rows(desk)
    assert changed and changed[-1].settings
    r = dialog.find_rule("check_back", leak, None)
    assert r is not None and dialog.current_rule_id() == r.id and dialog.delete_button.isEnabled()

    def check_back_due(ticket_id):
        with desk.db.read() as s:
            return s.scalar(select(Deadline.due_at).where(Deadline.ticket_id == ticket_id,
                                                          Deadline.kind == "check_back", Deadline.done_at.is_(None)))

    clock.advance(minutes=1)
    new = T.log_call(desk, operator, call, dispatch=T.Dispatch(street.units["嘉宏三村物业"])).id
    assert check_back_due(new) == clock.now() + timedelta(minutes=20)  # new: the new rule
    assert check_back_due(old) == clock.now() - timedelta(minutes=1) + timedelta(minutes=30)  # open: unchanged

    asked = []
    dialog.confirm = lambda title, text: asked.append(title) or False
    dialog.recompute_button.click()
    assert asked == ["重新计算未完成的时限"]
    assert check_back_due(old) == clock.now() + timedelta(minutes=29)  # refused: nothing moved
    dialog.confirm = lambda title, text: True
    dialog.recompute_button.click()
    assert check_back_due(old) == clock.now() - timedelta(minutes=1) + timedelta(minutes=20)
    assert dialog.message.text() == "已重新计算，1 条时限有变化。"
    assert changed[-1].deadlines
    with desk.db.read() as s:
        actions = list(s.scalars(select(AuditEntry.action).where(AuditEntry.entity.in_(("deadline_rule", "deadline"))).order_by(AuditEntry.id)))
    assert actions == ["set_deadline_rule", "recompute_deadlines"]

    dialog.delete_button.click()
    assert dialog.message.text() == "已删除这条规则。"
    assert dialog.find_rule("check_back", leak, None) is None


def test_changing_a_default_and_restoring_the_seeds(dialog, desk):
    dialog.select_rule(dialog.find_rule("resolution").id)
    dialog.minutes.setText("２８８０")  # full-width digits, as a Chinese input method types them
    dialog.save_rule()
    assert ("resolution", None, None, 2880) in rule_rows(desk)
    assert dialog.table.item(dialog.table.currentRow(), 4).text() == "2 天"
    dialog.defaults_button.click()
    assert ("resolution", None, None, 1440) in rule_rows(desk)
    assert dialog.message.text().startswith("已恢复默认时限")


def test_a_missed_call_rule_has_no_category_or_urgency(dialog):
    dialog.kind.setCurrentIndex(dialog.kind.findData("missed_callback"))
    assert not dialog.category.isEnabled() and not dialog.urgency.isEnabled()
    assert dialog.category.currentData() is None


def test_an_operator_is_refused_by_the_service_with_its_message(qtbot, desk, operator, runner):
    from console.ui.due.deadline_rules_dialog import DeadlineRulesDialog

    dlg = DeadlineRulesDialog(desk, operator, runner)
    qtbot.addWidget(dlg)
    dlg.minutes.setText("45")
    dlg.save_rule()
    assert dlg.message.text() == "只有值班领导或管理员可以修改时限规则。"
    with desk.db.read() as s:
        assert s.scalar(select(func.count()).select_from(DeadlineRuleRow).where(DeadlineRuleRow.minutes == 45)) == 0


def test_rules_dialog_opens_from_the_settings_menu_for_a_supervisor(qtbot, make_window, supervisor):
    w = make_window(actor=supervisor)
    w.due.act_rules.trigger()
    dlg = w.due.rules_dialog
    assert dlg is not None and dlg.isVisible() and dlg.table.rowCount() == 7
    dlg.close()
