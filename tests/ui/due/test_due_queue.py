"""The due queue in the window: what it shows, what its keys do, and that it agrees with `due --json`."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from sqlalchemy import select

from console.services import tickets as T
from console.store.models import Deadline
from console.store.queries import DueItem

SH = ZoneInfo("Asia/Shanghai")
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch):
    shown = []
    for name in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(
            lambda *a, _n=name, **k: shown.append((_n, a[2] if len(a) > 2 else "")) or QMessageBox.StandardButton.Ok))
    return shown


@pytest.fixture
def calls(named_desk, operator, street, clock):
    """Three dispatched calls at 22:00, 22:10, 22:20 and a missed call at 22:00 logged at 22:25 (its call-back
    was due 22:15); the clock ends at 22:25."""
    from console.services.missed_calls import log_missed_call

    ids = []
    for i, (unit, cat) in enumerate((("城东供电所", "水电气/停电"), ("嘉宏三村物业", "水电气/漏水"),
                                     ("城东派出所", "噪音扰民"))):
        call = T.NewCall(description=f"第{i}号", caller_phone=f"1380013800{i}", community_id=street.communities["嘉宏三村"],
                         category_id=street.categories[cat])
        ids.append(T.log_call(named_desk, operator, call, dispatch=T.Dispatch(street.units[unit])).id)
        clock.advance(minutes=10)
    clock.advance(minutes=-5)
    log_missed_call(named_desk, operator, "13912345678", at=clock.now() - timedelta(minutes=25))
    return ids


def item(i: int, minutes: int, **kw) -> DueItem:
    base = datetime(2026, 11, 22, 14, 0, tzinfo=UTC)
    d = dict(deadline_id=i, kind="check_back", due_at=base + timedelta(minutes=minutes), snoozed_until=None,
             ticket_id=100 + i, ticket_number=f"20261122-{i:04d}", missed_call_id=None, phone="13800138000",
             unit="城东供电所", category="停电")
    d.update(kw)
    return DueItem(**d)


def column(model, col: int) -> list[str]:
    return [model.index(r, col).data() for r in range(model.rowCount())]


# -- the model ------------------------------------------------------------------------

def test_model_passes_qt_model_tester_through_snapshots(qtmodeltester, desk):
    from console.ui.due.due_queue_model import DueQueueModel

    m = DueQueueModel(desk)
    now = desk.now()
    m.set_items([item(1, -20), item(2, 5), item(3, 30)], now)
    qtmodeltester.check(m, force_py=True)
    m.set_items([item(2, 5), item(4, 10), item(3, 30)], now)  # one done elsewhere, one new
    qtmodeltester.check(m, force_py=True)
    assert [m.item(r).deadline_id for r in range(m.rowCount())] == [2, 4, 3]


def test_countdown_overdue_text_colour_and_masked_caller(qtbot, desk):
    from console.ui.due.due_queue_model import (
        COL_CALLER,
        COL_DUE,
        COL_KIND,
        COL_TICKET,
        COL_UNIT,
        OVERDUE_ROLE,
        RED,
        DueQueueModel,
    )

    m = DueQueueModel(desk)
    now = desk.now()  # 22:00 local
    m.set_items([item(1, -12), item(2, -185), item(3, 17, kind="resolution"), item(4, -1, kind="missed_callback",
                 ticket_id=None, ticket_number=None, missed_call_id=9, unit=None, phone="02159123456"),
                 item(5, -3000), item(6, 0)], now)
    assert column(m, COL_DUE) == ["逾期 12 分", "逾期 3 时 05 分", "还有 17:00", "逾期 1 分", "逾期 2 天", "刚到期"]
    assert column(m, COL_KIND)[:4] == ["派单回访", "派单回访", "办结时限", "未接回拨"]
    assert column(m, COL_TICKET)[3] == "未接来电" and column(m, COL_TICKET)[0] == "20261122-0001"
    assert column(m, COL_CALLER)[0] == "138****8000" and column(m, COL_CALLER)[3] == "021-****3456"
    assert column(m, COL_UNIT)[3] == ""
    red = m.index(0, COL_UNIT).data(Qt.ItemDataRole.ForegroundRole)
    assert red.color() == RED and m.index(0, COL_DUE).data(OVERDUE_ROLE) is True
    assert m.index(2, COL_UNIT).data(Qt.ItemDataRole.ForegroundRole) is None  # still counting down
    assert m.index(2, COL_DUE).data(OVERDUE_ROLE) is False
    m.tick(now + timedelta(seconds=61))
    assert m.index(2, COL_DUE).data() == "还有 15:59"
    assert m.counts(now) == (1, 5)


def test_a_snoozed_item_shows_until_when_and_is_not_highlighted(qtbot, desk):
    from console.ui.due.due_queue_model import COL_DUE, DueQueueModel

    m = DueQueueModel(desk)
    now = desk.now()
    m.set_items([item(1, -10, snoozed_until=now + timedelta(minutes=10))], now)
    assert m.index(0, COL_DUE).data() == "推迟至 22:10"
    assert m.index(0, 2).data(Qt.ItemDataRole.BackgroundRole) is None  # ringing rows only
    assert "提醒已推迟至 11-22 22:10" in m.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    m.tick(now + timedelta(minutes=10))
    assert m.index(0, COL_DUE).data() == "逾期 20 分"
    assert m.index(0, 2).data(Qt.ItemDataRole.BackgroundRole) is not None


def test_tick_repaints_only_the_countdown_of_the_visible_rows_and_whole_rows_that_turn_red(qtbot, desk):
    from console.ui.due.due_queue_model import COL_DUE, DueQueueModel

    m = DueQueueModel(desk)
    now = desk.now()
    m.set_items([item(i, 1 + i) for i in range(1, 200)], now)
    seen = []
    m.dataChanged.connect(lambda a, b, roles=(): seen.append((a.row(), b.row(), a.column(), b.column())))
    m.tick(now + timedelta(seconds=1), 0, 9)
    assert seen == [(0, 9, COL_DUE, COL_DUE)]
    seen.clear()
    m.tick(now + timedelta(minutes=3), 0, 9)  # items 1 and 2 (due 22:02, 22:03) turn overdue
    assert seen == [(0, 1, 0, 4), (0, 9, COL_DUE, COL_DUE)]


def test_a_new_snapshot_keeps_the_selection_on_the_same_item(qtbot, desk):
    from console.ui.due.alert_controller import QueueSnapshot
    from console.ui.due.due_queue_panel import DueQueuePanel

    p = DueQueuePanel(desk)
    qtbot.addWidget(p)
    now = desk.now()
    p.set_snapshot(QueueSnapshot(now, (item(1, -5), item(2, 5), item(3, 9))))
    assert p.select_deadline(3)
    p.set_snapshot(QueueSnapshot(now, (item(2, 5), item(7, 6), item(3, 9))))
    assert p.current_item().deadline_id == 3


# -- the panel ---------------------------------------------------------------------------

def test_panel_ticks_every_second_only_while_something_counts_down(qtbot, desk):
    from console.ui.due.alert_controller import QueueSnapshot
    from console.ui.due.due_queue_panel import SLOW_TICK_MS, TICK_MS, DueQueuePanel

    p = DueQueuePanel(desk)
    qtbot.addWidget(p)
    p.show()
    qtbot.waitExposed(p)
    now = desk.now()
    assert p.ticking_interval == -1 and p.empty_label.isVisible()
    p.set_snapshot(QueueSnapshot(now, (item(1, -5), item(2, 5))))
    assert p.ticking_interval == TICK_MS and not p.empty_label.isVisible()
    assert p.counts_label.text() == "待办 1 · 超时 1"
    p.set_snapshot(QueueSnapshot(now, (item(1, -5),)))
    assert p.ticking_interval == SLOW_TICK_MS
    p.hide()
    assert p.ticking_interval == -1
    p.show()
    p.set_snapshot(QueueSnapshot(now, ()))
    assert p.ticking_interval == -1 and p.counts_label.text() == "待办 0 · 超时 0"


def test_panel_keys_open_record_snooze_and_acknowledge(qtbot, desk):
    from console.ui.due.alert_controller import QueueSnapshot
    from console.ui.due.due_queue_panel import DueQueuePanel

    p = DueQueuePanel(desk)
    qtbot.addWidget(p)
    p.show()
    qtbot.waitExposed(p)
    p.set_snapshot(QueueSnapshot(desk.now(), (item(1, -5), item(2, 5))))
    p.activateWindow()
    qtbot.waitUntil(p.isActiveWindow)
    got = []
    for sig in ("open_requested", "record_requested", "snooze_requested"):
        getattr(p, sig).connect(lambda it, sig=sig: got.append((sig, it.deadline_id)))
    p.acknowledge_requested.connect(lambda: got.append(("ack", None)))
    p.focus_queue()
    assert p.view.hasFocus()
    qtbot.keyClick(p.view, Qt.Key.Key_Down)
    qtbot.keyClick(p.view, Qt.Key.Key_Return)
    qtbot.keyClick(p.view, Qt.Key.Key_R)
    qtbot.keyClick(p.view, Qt.Key.Key_S)
    qtbot.keyClick(p.view, Qt.Key.Key_A)
    assert got == [("open_requested", 2), ("record_requested", 2), ("snooze_requested", 2), ("ack", None)]


# -- in the window -------------------------------------------------------------------------

def test_queue_is_docked_beside_the_table_and_visible_at_1366x768(qtbot, make_window, calls):
    w = make_window()
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    dock, table, detail = w.due.dock, w.table, w.detail_dock
    assert dock.isVisible() and detail.isVisible()
    top_left = lambda wid: wid.mapTo(w, wid.rect().topLeft())  # noqa: E731
    assert top_left(dock).x() >= top_left(table).x() + table.width() - 2  # right of the list
    assert top_left(detail).y() >= top_left(dock).y() + dock.height() - 2  # above the detail pane
    assert dock.width() >= 340 and dock.height() >= 160 and table.width() >= 700 and detail.height() >= 250
    view = w.due.panel.view
    assert w.due.panel.model.rowCount() == 4  # three check-backs and the missed call
    # every column's header text fits (nothing clipped in the narrow dock)
    hh = view.horizontalHeader()
    fm = view.fontMetrics()
    for c in range(w.due.panel.model.columnCount() - 1):
        assert hh.sectionSize(c) >= fm.horizontalAdvance(w.due.panel.model.headerData(c, Qt.Orientation.Horizontal))


def test_quick_start_paints_the_list_first_then_fills_the_queue_and_the_filter_lists(qtbot, make_window, calls):
    """The launcher's order (console.ui.shell.launch): the list paints, then finish_start() runs the rest."""
    w = make_window(quick_start=True)
    assert w.model.rowCount() == 3  # the list itself is there at once
    assert w.due.panel.model.rowCount() == 0 and not w.due.controller.active
    assert w.filter_bar.category_combo.count() == 1  # only 全部分类 so far
    w.finish_start()
    assert w.due.controller.active and w.due.panel.model.rowCount() == 4
    assert w.filter_bar.category_combo.count() > 1 and w.filter_bar.unit_combo.count() > 1
    assert w.status.due_label.text() == "待办 3 · 超时 1"
    w.finish_start()  # a second call (a late paint event) starts nothing twice
    assert w.due.panel.model.rowCount() == 4


def test_a_window_closed_before_its_first_paint_starts_no_alerts(qtbot, make_window, calls):
    w = make_window(quick_start=True)
    w.close()
    w.finish_start()
    assert not w.due.controller.active


def test_counts_reach_the_status_bar_as_items_fall_due(qtbot, make_window, calls, clock):
    w = make_window()
    assert w.status.due_label.text() == "待办 3 · 超时 1"  # 22:25: the missed call (15 min) is 10 min overdue
    clock.advance(minutes=6)  # 22:31: the first check-back too
    w.due.controller.check()
    assert w.status.due_label.text() == "待办 2 · 超时 2"
    assert w.due.tray.tooltip.endswith("超时 2 · 一小时内到期 2")


def test_a_ring_plays_the_sound_unless_muted_flags_the_window_and_tells_the_status_bar(qtbot, make_window, calls,
                                                                                        clock, monkeypatch):
    alerted = []
    monkeypatch.setattr(QApplication, "alert", staticmethod(lambda widget, ms=0: alerted.append(widget)))
    w = make_window()
    played = []
    monkeypatch.setattr(w.due.sound, "play", lambda mute=False: played.append(mute))
    assert len(w.due.rings) == 1 and [i.kind for i in w.due.rings[0]] == ["missed_callback"]  # at start
    w.due.panel.act_ack.trigger()  # "知道了": no repeats for it
    assert "已确认 1 项提醒" in w.statusBar().currentMessage()
    clock.advance(minutes=5)  # 22:30: the first check-back
    w.due.controller.check()
    assert [i.kind for i in w.due.rings[-1]] == ["check_back"]
    assert played == [False] and alerted == [w, w]  # flagged at start (missed call) and now
    assert "到期提醒：派单回访" in w.statusBar().currentMessage()
    assert w.due.tray.messages[-1][0] == "到期提醒：派单回访"  # kept even without a tray (offscreen)
    w.due.panel.act_mute.setChecked(True)
    assert w.settings.value("alerts/mute") == "true"
    clock.advance(minutes=10)
    w.due.controller.check()
    assert played[-1] is True  # muted: AlertSound.play(mute=True) plays nothing


def test_enter_opens_the_ticket_and_acknowledges_the_ring(qtbot, make_window, calls, clock):
    w = make_window()
    clock.advance(minutes=10)  # 22:35: the first check-back is 5 min overdue
    w.due.controller.check()
    p = w.due.panel
    w.show()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    qtbot.keyClick(w, Qt.Key.Key_F4)
    assert p.view.hasFocus()
    first = p.current_item()
    assert first.kind == "missed_callback"
    assert p.select_deadline(next(i.deadline_id for i in p.model.items() if i.ticket_id == calls[0]))
    qtbot.keyClick(p.view, Qt.Key.Key_Return)
    assert w.detail_view.detail.id == calls[0] and w.selected_ticket_id() == calls[0]
    assert w.due.controller.tracker.is_acknowledged(p.current_item().deadline_id)


def test_r_records_the_check_back_which_completes_the_deadline(qtbot, make_window, calls, clock, monkeypatch):
    from console.ui.tickets.lifecycle_dialogs import ArrivalDialog

    def arrived_now(self):
        self.note.setPlainText("居民说师傅已经到了")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ArrivalDialog, "exec", arrived_now)
    w = make_window()
    clock.advance(minutes=6)
    w.due.controller.check()
    p = w.due.panel
    chosen = []
    w.due.choose_action = lambda acts: chosen.append([a.objectName() for a in acts]) or acts[0]
    p.select_deadline(next(i.deadline_id for i in p.model.items() if i.ticket_id == calls[0]))
    p.show()
    p.act_record.trigger()
    assert chosen == [["action_check_back_came", "action_check_back_not_yet"]]
    qtbot.waitUntil(lambda: all(i.ticket_id != calls[0] for i in p.model.items()), timeout=30_000)
    with w.desk.db.read() as s:
        d = s.scalars(select(Deadline).where(Deadline.ticket_id == calls[0], Deadline.kind == "check_back")).one()
        assert d.done_at is not None and d.outcome == "done"


def test_recording_a_missed_call_back_from_the_queue(qtbot, make_window, calls, monkeypatch):
    from console.ui.tickets.lifecycle_dialogs import TextPromptDialog

    monkeypatch.setattr(TextPromptDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(TextPromptDialog, "text", lambda self: "已回拨，居民说已经解决")
    w = make_window()
    p = w.due.panel
    missed = next(i for i in p.model.items() if i.kind == "missed_callback")
    p.select_deadline(missed.deadline_id)
    p.act_record.trigger()
    qtbot.waitUntil(lambda: all(i.kind != "missed_callback" for i in p.model.items()), timeout=30_000)


def test_s_snoozes_with_a_reason_audited_and_seen_by_a_supervisor(qtbot, make_window, calls, clock, supervisor):
    from helpers import send_text

    w = make_window()
    clock.advance(minutes=6)
    w.due.controller.check()
    p = w.due.panel
    target = next(i for i in p.model.items() if i.ticket_id == calls[0])
    p.select_deadline(target.deadline_id)
    w.show()
    p.act_snooze.trigger()
    dlg = w.due.snooze_dialog
    assert dlg is not None and dlg.isVisible()
    dlg.buttons.button(dlg.buttons.StandardButton.Ok).click()  # no reason yet: refused, dialog stays
    qtbot.waitUntil(lambda: dlg.error.isVisible(), timeout=30_000)
    assert "原因" in dlg.error.text() and dlg.isVisible()
    qtbot.keyClick(dlg, Qt.Key.Key_2)  # 10 minutes
    dlg.reason.setFocus()
    send_text(dlg.reason.lineEdit(), "居民电话占线")
    with qtbot.waitSignal(dlg.snoozed, timeout=30_000):
        dlg.buttons.button(dlg.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: p.model.item(p.model.row_of(target.deadline_id)).snoozed_until is not None, timeout=30_000)
    snoozed = p.model.item(p.model.row_of(target.deadline_id))
    assert snoozed.snoozed_until == clock.now() + timedelta(minutes=10)
    assert p.model.index(p.model.row_of(target.deadline_id), 0).data() == "推迟至 22:41"
    # the supervisor's audit view shows it (snoozes are its first filter)
    from console.ui.admin.audit_view import AuditView

    view = AuditView(w.desk)
    qtbot.addWidget(view)
    assert [r.action for r in view.rows] == ["snooze"]
    row = [view.table.item(0, c).text() for c in range(5)]
    assert row[1] == "张值班" and row[2] == "推迟提醒" and row[3] == "20261122-0001"
    assert row[4] == "推迟至 11-22 22:41；原因：居民电话占线"


def test_snooze_until_a_time_from_the_menu_entry(qtbot, make_window, calls, clock):
    w = make_window()
    w.select_ticket(calls[1])
    w.due.panel.view.clearSelection()
    w.due.panel.view.setCurrentIndex(QModelIndex())
    w.due.act_snooze.trigger()  # 工单 → 推迟提醒: the selected ticket's queue item
    dlg = w.due.snooze_dialog
    assert dlg._item.ticket_id == calls[1]
    dlg.set_until(datetime(2026, 11, 22, 23, 5, tzinfo=SH))
    dlg.reason.setEditText("承办单位还在处理")
    with qtbot.waitSignal(dlg.snoozed, timeout=30_000):
        dlg.submit()
    with w.desk.db.read() as s:
        d = s.get(Deadline, dlg._item.deadline_id)
        assert d.snoozed_until == datetime(2026, 11, 22, 15, 5, tzinfo=UTC)
        assert d.snooze_reason == "承办单位还在处理"


def test_supervisor_menus_are_hidden_from_operators(qtbot, make_window, supervisor):
    op = make_window()
    assert not op.due.act_rules.isVisible() and not op.due.act_audit.isVisible()
    lead = make_window(actor=supervisor)
    assert lead.due.act_rules.isVisible() and lead.due.act_audit.isVisible()
    lead.due.show_audit()
    assert lead.due.audit_dialog is not None
    lead.due.audit_dialog.close()


def test_another_process_completing_a_deadline_removes_it_from_this_windows_queue(qtbot, make_window, calls, db_path):
    w = make_window()
    p = w.due.panel
    assert any(i.ticket_id == calls[2] for i in p.model.items())
    script = textwrap.dedent(f"""
        from datetime import datetime
        from zoneinfo import ZoneInfo
        from console.domain.clock import FakeClock
        from console.services import tickets as T
        from console.services.context import Actor, Desk
        from console.store.database import Database
        db = Database({str(db_path)!r})
        desk = Desk(db, FakeClock(datetime(2026, 11, 22, 22, 26, tzinfo=ZoneInfo("Asia/Shanghai"))))
        T.record_check_back(desk, Actor(None, "cli", "命令行", "admin"), {calls[2]}, came=True)
        db.dispose()
    """)
    subprocess.run([sys.executable, "-c", script], check=True, cwd=ROOT, timeout=60)
    qtbot.waitUntil(lambda: all(i.ticket_id != calls[2] for i in p.model.items()), timeout=30_000)


def test_tray_tooltip_and_menu_rebuilt_from_the_queue(qtbot, desk):
    from console.ui.shell.tray import DeskTray, tray_tooltip

    assert tray_tooltip(3, 1) == "社区服务热线值班台\n超时 1 · 一小时内到期 3"
    items = [item(1, -5), item(2, 7)]
    tray = DeskTray(desk, lambda: items, QApplication.windowIcon(), force=True)
    texts = [a.text() for a in tray.menu.actions() if not a.isSeparator()]
    assert texts[0] == "显示值班台" and texts[-1] == "退出"
    assert texts[1:3] == ["派单回访 20261122-0001 · 逾期 5 分", "派单回访 20261122-0002 · 还有 7:00"]
    items.pop(0)  # done at another seat
    tray.menu.aboutToShow.emit()
    assert [a.text() for a in tray.menu.actions() if not a.isSeparator()][1] == "派单回访 20261122-0002 · 还有 7:00"
    opened = []
    tray.open_item.connect(opened.append)
    [a for a in tray.menu.actions() if "0002" in a.text()][0].trigger()
    assert opened == [items[0]]
    assert tray.notify([items[0]]) is False  # offscreen: no tray, the window alone alerts
    tray.close()


# -- the command line agrees -------------------------------------------------------------------

@pytest.fixture
def demo_desk_file(tmp_path, clock):
    from console.demo.desk import build_demo_desk
    from console.services.context import Desk
    from console.store.database import Database
    from console.store.migrate import ensure_schema

    path = tmp_path / "demo.sqlite3"
    db = Database(path)
    ensure_schema(db)
    build_demo_desk(Desk(db, clock), tickets=300, seed=3)
    db.dispose()
    return path


def test_due_json_matches_the_windows_queue_on_the_demo_desk(qtbot, demo_desk_file, clock, ui_settings, monkeypatch):
    from console.cli import Ctx, parse_args, run
    from console.domain import clock as clock_mod
    from console.services.accounts import authenticate
    from console.services.context import Desk
    from console.store.database import Database
    from console.ui.due.due_queue_model import COL_CALLER, COL_DUE, COL_KIND, COL_TICKET, COL_UNIT, DueQueueModel
    from console.ui.tickets.main_window import MainWindow

    clock.advance(minutes=3)
    monkeypatch.setattr(clock_mod.SystemClock, "now", lambda self: clock.now())  # the CLI's clock
    import io
    out, err = io.StringIO(), io.StringIO()  # the calendar note goes to stderr
    assert run(parse_args(["--db", str(demo_desk_file), "due", "--json"]), Ctx(out=out, err=err)) == 0
    rows = json.loads(out.getvalue())
    db = Database(demo_desk_file)
    try:
        desk = Desk(db, clock)
        actor = authenticate(desk, "zhang", "hotline")
        w = MainWindow(desk, actor, settings=ui_settings)
        qtbot.addWidget(w)
        m: DueQueueModel = w.due.panel.model
        shown = [(m.index(r, COL_TICKET).data(), m.index(r, COL_KIND).data(), m.index(r, COL_CALLER).data(),
                  m.index(r, COL_UNIT).data(), m.index(r, COL_DUE).data()) for r in range(m.rowCount())]
        assert len(rows) >= 5 and any(r["overdue"] for r in rows) and any(not r["overdue"] for r in rows)
        expected = []
        for r in rows:
            ticket = r["ticket"] or "未接来电"
            if r["overdue"]:
                from console.ui.due.due_queue_model import overdue_text
                state = overdue_text(r["overdue_minutes"])
            else:
                state = None
            expected.append((ticket, r["kind_zh"], r["caller"], r["unit"] or "", state))
        assert [s[:4] for s in shown] == [e[:4] for e in expected]
        assert [s[4] for s, e in zip(shown, expected, strict=False) if e[4]] == [e[4] for e in expected if e[4]]
        assert [m.item(i).due_at for i in range(m.rowCount())] == \
            [datetime.fromisoformat(r["due_at"]) for r in rows]
        assert all(r["due_at"].endswith("+08:00") for r in rows)
        w.close()
    finally:
        db.dispose()
