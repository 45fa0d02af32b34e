#!/usr/bin/env python3
"""Screenshots of the console's windows on a demo desk, for the docs and for looking.

    xvfb-run -a -s "-screen 0 1366x768x24" python scripts/screenshots.py
    QT_QPA_PLATFORM=offscreen python scripts/screenshots.py --lang en

Builds a demo database once (console.demo.desk.build_demo_desk when
it exists, otherwise a small street made here) and reuses it; opens the
windows as a logged-in operator at 1366×768 (a common desk monitor) and
saves QWidget.grab() images into docs/screenshots/. Chinese needs a CJK font
on the machine (Debian: fonts-wqy-microhei), or it renders as boxes.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEMO_PASSWORD = "hotline"
USERS = (("zhang", "张晓燕", "operator"), ("wang", "王建国", "operator"), ("li", "李站长", "supervisor"),
         ("admin", "管理员", "admin"))


def build_fallback_desk(desk, tickets: int, seed: int = 7) -> None:
    """A small street with a few hundred calls, made through the services (no demo_desk yet)."""
    from console.domain.clock import FakeClock
    from console.domain.initials import pinyin_initials
    from console.services import tickets as T
    from console.services.accounts import hash_password
    from console.services.context import Actor, Desk
    from console.store.models import (
        Category,
        Community,
        Contact,
        Grid,
        Setting,
        Unit,
        UnitCategory,
        UnitCommunity,
        User,
    )

    rnd = random.Random(seed)
    now = datetime.now(UTC)
    h = hash_password(DEMO_PASSWORD)
    with desk.db.write() as s:
        s.merge(Setting(key="desk_name", value="嘉定新城社区服务热线"))
        for name, display, role in USERS:
            s.add(User(username=name, display_name=display, role=role, password_hash=h, active=True,
                       created_at=now))
        grids = [Grid(name=f"第{n}网格", worker=w, phone="") for n, w in zip("一二三", ("陈网格", "周网格", "吴网格"), strict=False)]
        s.add_all(grids)
        s.flush()
        comms = [Community(name=n, initials=pinyin_initials(n), grid_id=grids[i % 3].id)
                 for i, n in enumerate(("嘉宏三村", "白马小区", "紫气东来苑", "裕民南村", "天恩桥公寓"))]
        s.add_all(comms)
        parents = {}
        for i, (p, kids) in enumerate((("水电气", ("停电", "漏水", "燃气")), ("噪音扰民", ()), ("环境卫生", ("垃圾堆放", "绿化")),
                                       ("物业管理", ("电梯故障", "门禁")), ("为老服务", ()), ("邻里纠纷", ()))):
            c = Category(name=p, initials=pinyin_initials(p), sort_order=i)
            s.add(c)
            s.flush()
            parents[p] = c
            for j, k in enumerate(kids):
                s.add(Category(name=k, parent_id=c.id, initials=pinyin_initials(k), sort_order=j))
        s.flush()

        def unit(name, kind, cats, cs, contacts):
            u = Unit(name=name, kind=kind, initials=pinyin_initials(name), skills="", notes="", active=True)
            s.add(u)
            s.flush()
            for c in cats:
                s.add(UnitCategory(unit_id=u.id, category_id=parents[c].id))
            for c in cs:
                s.add(UnitCommunity(unit_id=u.id, community_id=c.id))
            for person, role, phones, duty in contacts:
                s.add(Contact(unit_id=u.id, person=person, role=role, phones=phones, duty_hours=duty))

        unit("嘉宏三村物业", "property", ["水电气", "物业管理"], [comms[0]],
             [("物业办公室", "前台", "021-59123456", "工作日 08:30-17:30"), ("陈师傅", "值班电工", "13800138001", "20:00-08:00")])
        unit("白马小区物业", "property", ["水电气", "物业管理"], [comms[1]],
             [("物业办公室", "前台", "021-59120000", "工作日 08:30-17:30")])
        unit("城东供电所", "power", ["水电气"], [], [("值班室", "24小时值班", "95598", "24小时")])
        unit("城东派出所", "police", ["噪音扰民", "邻里纠纷"], [], [("值班民警", "值班", "110", "24小时")])
        unit("街道环卫所", "sanitation", ["环境卫生"], [], [("调度", "", "021-59130000", "06:00-18:00")])
        unit("为老服务中心", "street_office", ["为老服务"], [], [("社工站", "", "021-59140000", "工作日 09:00-17:00")])

    with desk.db.read() as s:
        from sqlalchemy import select
        cats = [c.id for c in s.scalars(select(Category).where(Category.parent_id.is_not(None)))]
        cats += [c.id for c in s.scalars(select(Category).where(Category.parent_id.is_(None)))]
        comm_ids = [c.id for c in s.scalars(select(Community))]
        unit_ids = [u.id for u in s.scalars(select(Unit))]
        actors = [Actor(u.id, u.username, u.display_name, u.role) for u in s.scalars(select(User))]
    texts = ("楼道灯不亮，晚上进出很不方便", "楼上装修到晚上十点还在敲墙", "厨房水管漏水，已经渗到楼下",
             "小区门口垃圾两天没人清运", "电梯卡在 5 楼，里面没有人", "独居老人家里电话一直没人接，请帮忙看看",
             "整栋楼停电，冰箱里的药需要冷藏", "邻居在楼道堆放杂物，消防通道被堵", "闻到燃气味，已经关了总阀",
             "门禁卡失灵，进不了单元门", "咨询居住证明怎么开具", "表扬物业陈师傅半夜来修电闸")
    names = ("王阿姨", "李先生", "张老伯", "赵女士", "陈师傅", "刘阿婆", "周先生", "吴女士", "")
    clock = FakeClock(now - timedelta(days=14))
    d = Desk(desk.db, clock)
    step = timedelta(days=14) / max(tickets, 1)
    for i in range(tickets):
        clock.set(now - timedelta(days=14) + step * i)
        op = actors[rnd.randrange(2)]
        call = T.NewCall(description=rnd.choice(texts) + ("\n来电人情绪较急，请尽快处理。" if i % 5 == 0 else ""),
                         caller_phone=f"13{rnd.randrange(3, 10)}{rnd.randrange(10**8):08d}",
                         caller_name=rnd.choice(names), community_id=rnd.choice(comm_ids),
                         category_id=rnd.choice(cats), building=f"{rnd.randrange(1, 40)}号",
                         room=f"{rnd.randrange(1, 7)}0{rnd.randrange(1, 5)}")
        r = rnd.random()
        if r < 0.15:
            T.log_call(d, op, call, answer="已按服务手册答复")
            continue
        if r < 0.25:
            T.log_call(d, op, call)
            continue
        t = T.log_call(d, op, call, dispatch=T.Dispatch(rnd.choice(unit_ids)))
        if i > tickets - 25:
            continue  # the newest stay dispatched: the due queue has something in it
        clock.advance(minutes=rnd.randrange(20, 45))
        T.record_check_back(d, op, t.id, came=True, note="物业已到场")
        clock.advance(hours=rnd.randrange(1, 20))
        T.resolve(d, op, t.id, "已修复，居民确认")
        if rnd.random() < 0.7:
            clock.advance(hours=rnd.randrange(1, 10))
            T.record_satisfaction(d, op, t.id, rnd.choice(("satisfied", "satisfied", "fairly", "unsatisfied")),
                                  attitude=rnd.randrange(3, 6), ability=rnd.randrange(3, 6))


def ensure_demo_db(path: Path, tickets: int) -> tuple[str, str]:
    """Create the demo database unless it is there; returns (user, password) of an operator."""
    from console.services.context import Desk
    from console.store.database import Database
    from console.store.migrate import ensure_schema

    fresh = not path.exists()
    db = Database(path)
    try:
        ensure_schema(db)
        desk = Desk(db)
        try:
            from console.demo import desk as demo_desk  # type: ignore[attr-defined]
        except ImportError:
            demo_desk = None
        if fresh:
            print(f"building the demo desk in {path} …", flush=True)
            if demo_desk is not None and hasattr(demo_desk, "build_demo_desk"):
                demo_desk.build_demo_desk(desk, tickets=tickets)
            else:
                build_fallback_desk(desk, tickets)
        accounts = getattr(demo_desk, "DEMO_ACCOUNTS", None) if demo_desk else None
        password = getattr(demo_desk, "DEMO_PASSWORD", DEMO_PASSWORD) if demo_desk else DEMO_PASSWORD
        user = "zhang"
        if accounts:
            first = accounts[0]
            user = first[0] if isinstance(first, (tuple, list)) else getattr(first, "username", user)
        return user, password
    finally:
        db.dispose()


def due_queue_shot(desk, actor, settings, width: int, height: int, save, name: str) -> None:
    """The window a few minutes after the demo was built: its live shift has overdue and due-soon call-backs."""
    from PySide6.QtTest import QTest
    from sqlalchemy import func, select

    from console.domain.clock import FakeClock
    from console.services.context import Desk
    from console.store.models import AuditEntry
    from console.ui.tickets.main_window import MainWindow

    with desk.db.read() as s:
        built = s.scalar(select(func.max(AuditEntry.at)).where(AuditEntry.action == "build_demo_desk"))
    at = (built or datetime.now(UTC)) + timedelta(minutes=2, seconds=20)
    w = MainWindow(Desk(desk.db, FakeClock(at)), actor, settings=settings, demo=True)
    w.resize(width, height)
    w.show()
    QTest.qWait(300)
    panel = w.due.panel  # show where the red (overdue) rows end and the countdowns begin
    soon = next((r for r, i in enumerate(panel.model.items()) if i.due_at > at), 0)
    panel.view.setCurrentIndex(panel.model.index(soon, 0))
    panel.view.scrollTo(panel.model.index(soon, 0), panel.view.ScrollHint.PositionAtCenter)
    panel.view.setFocus()
    save(w, name)
    w.close()


def companion_shots(desk, actor, w, save, suffix: str, *, dark: bool = False) -> None:
    """Phonebook, missed calls, registers, unit editor, handover and settings, at their own default sizes
    (which must fit a 1366×768 screen); with `dark`, also the main window and phonebook in the night theme."""
    from PySide6.QtCore import QSettings
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from console.services import missed_calls as M
    from console.services import shifts
    from console.store import queries
    from console.ui.admin.settings_dialog import SettingsDialog
    from console.ui.missed_calls.missed_calls_window import MissedCallsWindow
    from console.ui.phonebook.phonebook_window import PhonebookWindow
    from console.ui.phonebook.unit_edit_dialog import UnitEditDialog
    from console.ui.registers.registers_window import RegistersWindow
    from console.ui.shell import theme
    from console.ui.shifts.shift_dialogs import CloseShiftDialog

    def shot(win, name: str, wait=lambda: True) -> None:
        win.show()
        for _ in range(50):
            if wait():
                break
            QTest.qWait(50)
        save(win, name)

    with desk.db.read() as s:
        open_missed = queries.missed_calls_open_count(s)
        sid = shifts.current_shift_id(s)
    if open_missed == 0:  # the list is worth looking at with something in it
        for phone in ("13917263548", "021-59123456"):
            M.log_missed_call(desk, actor, phone)

    pb = PhonebookWindow(desk, actor, w.runner, w)
    shot(pb, f"phonebook{suffix}.png", lambda: pb.model.rowCount() > 0)
    row = next((i for i in range(pb.model.rowCount()) if pb.model.unit(i).reachable_now
                and len(pb.model.unit(i).contacts) > 1), 0)
    pb.table.selectRow(row)
    unit = pb.model.unit(row)
    if unit is not None:
        ed = UnitEditDialog(desk, actor, pb, unit_id=unit.id)
        shot(ed, f"unit_edit{suffix}.png")
        ed.done(0)
    mc = MissedCallsWindow(desk, actor, w)
    shot(mc, f"missed_calls{suffix}.png")
    rg = RegistersWindow(desk, actor, w.runner, w)
    shot(rg, f"registers{suffix}.png", lambda: rg.members.model.rowCount() > 0)
    rg.show_tab(1)
    shot(rg, f"handbook{suffix}.png", lambda: rg.handbook.model.rowCount() > 0)
    if sid is not None:
        cs = CloseShiftDialog(desk, actor, sid, w)
        shot(cs, f"close_shift{suffix}.png")
        cs.done(0)
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "look.ini"), QSettings.Format.IniFormat)
    sd = SettingsDialog(settings, w)
    shot(sd, f"settings{suffix}.png")
    sd.done(0)
    from console.ui.exports.bulletin_dialog import BulletinExportDialog

    bd = BulletinExportDialog(desk, actor, w.runner, w)
    shot(bd, f"bulletin{suffix}.png")
    bd.done(0)
    if dark:
        app = QApplication.instance()
        theme.apply_look(app, theme.Look(theme.THEME_DARK, 0, ""))
        try:
            QTest.qWait(100)
            save(w, f"main_window_dark{suffix}.png")
            shot(pb, f"phonebook_dark{suffix}.png")
            cs = CloseShiftDialog(desk, actor, sid, w) if sid is not None else None
            if cs is not None:
                shot(cs, f"close_shift_dark{suffix}.png")
                cs.done(0)
        finally:
            theme.apply_look(app, theme.Look())
    for win in (pb, mc, rg):
        win.close()


def work_order_shots(desk, w, save, suffix: str) -> None:
    """The 12345 work order in the detail pane: the ticket with a photo, and the one a duplicate was merged
    into (its further callers, its co-handling unit), as the demo made them."""
    from sqlalchemy import select

    from console.store.models import Ticket, TicketPhoto

    with desk.db.read() as s:
        photo_ticket = s.scalar(select(TicketPhoto.ticket_id).limit(1))
        kept = s.scalar(select(Ticket.merged_into_id).where(Ticket.merged_into_id.is_not(None)).limit(1))
    for tid, name in ((photo_ticket, "ticket_photo"), (kept, "ticket_merged")):
        if tid is not None and w.select_ticket(tid):
            if name == "ticket_photo":  # the photos are below the fields: scroll the pane to them
                w.detail_view.scrollToAnchor("")
                w.detail_view.verticalScrollBar().setValue(w.detail_view.verticalScrollBar().maximum())
            save(w, f"{name}{suffix}.png")
    # 帮助 → 模拟来电: the caller card a ring shows (the desk's latest caller, with the history it has)
    w.phone.simulate_ring()
    if w.phone.card is not None and w.phone.card.isVisible():
        save(w.phone.card, f"caller_card{suffix}.png")
        w.phone.card.hide()


def saver(out: Path, saved: list[Path]):
    """save(widget, name): the widget's pixels into `out`, after the event loop has painted it."""
    from PySide6.QtTest import QTest

    def save(widget, name: str) -> None:
        QTest.qWait(200)
        p = out / name
        widget.grab().save(str(p))
        saved.append(p)
        print("saved", p, f"{widget.width()}×{widget.height()}")

    return save


def setup_shots(save, suffix: str) -> None:
    """The set-up assistant's pages on a new, empty desk (console.ui.setup), filled as a desk would fill them."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from console.services.context import Desk
    from console.services.reference_data import seed_reference
    from console.store.database import Database
    from console.store.migrate import ensure_schema
    from console.ui.setup import SetupAssistant

    db = Database(Path(tempfile.mkdtemp()) / "new-desk.sqlite3")
    try:
        ensure_schema(db)
        desk = Desk(db)
        seed_reference(desk)
        w = SetupAssistant(desk)
        w.show()
        QTest.qWait(100)
        w.name_page.name.setText("城南街道社区服务热线")
        save(w, f"setup_name{suffix}.png")
        w.next()
        w.street_page.street.setText("城南街道")
        w.street_page.typed.setPlainText("临江一村\n临江二村\n滨河苑\n望江花园\n南湖新村")
        w.street_page.take_typed()
        w.street_page.typed.setPlainText("翠竹小区\n")
        save(w, f"setup_street{suffix}.png")
        w.next()
        g = w.grids_page
        for name, worker, phone, ticks in (("第一网格", "王丽", "13900139001", 2), ("第二网格", "赵强", "13900139002", 2)):
            g.name.setText(name)
            g.worker.setText(worker)
            g.phone.setText(phone)
            for r in range(ticks):
                g.covers_model.item(r).setCheckState(Qt.CheckState.Checked)
            g.take_grid()
        g.name.setText("第三网格")
        g.worker.setText("孙敏")
        g.covers_model.item(0).setCheckState(Qt.CheckState.Checked)
        save(w, f"setup_grids{suffix}.png")
        g.name.clear()
        w.next()
        a = w.admin_page
        a.username.setText("chen")
        a.display_name.setText("陈主任")
        a.password.setText("night-desk-1")
        a.again.setText("night-desk-1")
        save(w, f"setup_admin{suffix}.png")
        w.next()
        save(w, f"setup_shifts{suffix}.png")
        w.next()
        save(w, f"setup_imports{suffix}.png")
        w.hide()
        w.deleteLater()
    finally:
        db.dispose()


def admin_shots(desk, password: str, w, save, suffix: str) -> None:
    """管理 menu editors as the demo administrator, and the switch-user login over the window."""
    from PySide6.QtTest import QTest

    from console.services.accounts import authenticate
    from console.ui.admin.accounts_dialog import AccountsDialog
    from console.ui.admin.calendar_dialog import CalendarDialog
    from console.ui.admin.categories_dialog import CategoriesEditorDialog
    from console.ui.admin.request_types_dialog import RequestTypesDialog
    from console.ui.admin.street_dialog import StreetDialog

    admin = authenticate(desk, "admin", password)
    for cls, name in ((StreetDialog, "admin_street"), (CategoriesEditorDialog, "admin_categories"),
                      (RequestTypesDialog, "admin_request_types"), (AccountsDialog, "admin_accounts"),
                      (CalendarDialog, "admin_calendar")):
        dlg = cls(desk, admin, w)
        dlg.show()
        QTest.qWait(100)
        save(dlg, f"{name}{suffix}.png")
        if cls is StreetDialog:
            dlg.tabs.setCurrentIndex(1)
            save(dlg, f"admin_grids{suffix}.png")
        dlg.done(0)
    w.log_out()
    if w.login_dialog is not None:
        save(w.login_dialog, f"switch_user{suffix}.png")
        w.ask_quit_from_login = lambda: True  # closing the dialog below ends this window


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    ap.add_argument("--db", default=str(Path(tempfile.gettempdir()) / "hotline-screenshots" / "demo.sqlite3"),
                    help="demo database (built on first use, then reused)")
    ap.add_argument("--tickets", type=int, default=3000)
    ap.add_argument("--size", default="1366x768")
    ap.add_argument("--lang", choices=("zh_CN", "en", "both"), default="both")
    ap.add_argument("--only", choices=("all", "setup", "admin"), default="all",
                    help="setup: only the set-up assistant's pages (no demo desk needed); "
                         "admin: only the 管理 editors and the switch-user login (quicker)")
    args = ap.parse_args(argv)

    db_path = Path(args.db)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("HOTLINE_DATA_DIR", str(db_path.parent / "data"))  # never the real data folder
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    width, height = (int(x) for x in args.size.lower().split("x"))

    if args.only == "setup":
        return only_setup_shots(out, args.lang)
    user, password = ensure_demo_db(db_path, args.tickets)

    from PySide6.QtCore import QSettings
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from console.domain.enums import Status
    from console.services.accounts import authenticate
    from console.services.context import Desk, get_setting
    from console.store.database import Database
    from console.ui.shell import launch
    from console.ui.shell.i18n import apply_cjk_font, install_translators, remove_translators
    from console.ui.tickets.ticket_table_model import ROW_ROLE

    app = QApplication.instance() or QApplication([sys.argv[0]])
    font = apply_cjk_font(app)
    launch.apply_look(app)
    print(f"platform {app.platformName()}, CJK font: {font}")
    db = Database(db_path)
    desk = Desk(db)
    actor = authenticate(desk, user, password)
    settings_file = Path(tempfile.mkdtemp()) / "screens.ini"
    saved: list[Path] = []

    save = saver(out, saved)

    langs = ("zh_CN", "en") if args.lang == "both" else (args.lang,)
    for lang in langs:
        suffix = "" if lang == "zh_CN" else "_en"
        translators = install_translators(app, lang)
        try:
            from console.ui.login.login_dialog import LoginDialog
            from console.ui.tickets.main_window import MainWindow

            with db.read() as s:
                desk_name = get_setting(s, "desk_name", "")
            from console.services.accounts import authenticate

            if args.only == "admin":
                settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
                w = MainWindow(desk, actor, settings=settings, demo=True)
                w.resize(width, height)
                w.show()
                admin_shots(desk, password, w, save, suffix)
                if w.login_dialog is not None:
                    w.login_dialog.reject()  # asks to quit (answered yes): the window closes
                if w.isVisible():
                    w.close()
                continue
            login = LoginDialog(lambda u, p: authenticate(desk, u, p), demo=True, desk_name=desk_name,
                                settings=QSettings(str(settings_file), QSettings.Format.IniFormat))
            login.user_edit.setText(user)
            login.show()
            save(login, f"login{suffix}.png")
            login.close()

            settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
            settings.clear()
            w = MainWindow(desk, actor, settings=settings, demo=True)
            w.resize(width, height)
            w.show()
            QTest.qWait(300)
            # a ticket with a history makes the detail pane worth looking at
            for row in range(w.model.rowCount()):
                brief = w.model.index(row, 0).data(ROW_ROLE)
                if brief is not None and brief.status == Status.CLOSED.value:
                    w.select_ticket(brief.id)
                    break
            save(w, f"main_window{suffix}.png")
            work_order_shots(desk, w, save, suffix)
            from console.ui.tickets.ticket_table_model import COL_STATUS

            w.sort_tickets(COL_STATUS)  # 视图 → 排序 → 按状态: the header shows the arrow
            save(w, f"main_window_sorted{suffix}.png")
            due_queue_shot(desk, actor, settings, width, height, save, f"due_queue{suffix}.png")

            from console.services.dispatch_options import dispatch_options
            from console.ui.tickets.lifecycle_dialogs import DispatchDialog

            detail = w.detail_view.detail
            if detail is not None:
                dd = DispatchDialog(dispatch_options(desk, detail.category_id, detail.community_id), w)
                dd.show()
                save(dd, f"dispatch{suffix}.png")
                dd.close()
            try:
                from console.ui.new_call.new_call_dialog import NewCallDialog
            except ImportError:
                NewCallDialog = None
            if NewCallDialog is not None:
                nc = NewCallDialog(desk, actor, w, phone="13800138000")
                nc.show()
                save(nc, f"new_call{suffix}.png")
                nc.done(0)  # not reject(): that would ask whether to discard the typed phone
                if hasattr(NewCallDialog, "discard_pending_draft"):
                    NewCallDialog.discard_pending_draft(desk, actor)
            companion_shots(desk, actor, w, save, suffix, dark=True)
            setup_shots(save, suffix)
            admin_shots(desk, password, w, save, suffix)
            if w.login_dialog is not None:
                w.login_dialog.reject()  # asks to quit (answered yes): the window closes
            if w.isVisible():
                w.close()
        finally:
            remove_translators(app, translators)
    db.dispose()
    print(f"{len(saved)} screenshots in {out}")
    return 0


def only_setup_shots(out: Path, lang: str) -> int:
    """`--only setup`: the assistant's pages in the languages asked, without building the demo desk."""
    from PySide6.QtWidgets import QApplication

    from console.ui.shell import launch
    from console.ui.shell.i18n import apply_cjk_font, install_translators, remove_translators

    app = QApplication.instance() or QApplication([sys.argv[0]])
    apply_cjk_font(app)
    launch.apply_look(app)
    saved: list[Path] = []

    save = saver(out, saved)

    for one in (("zh_CN", "en") if lang == "both" else (lang,)):
        translators = install_translators(app, one)
        try:
            setup_shots(save, "" if one == "zh_CN" else "_en")
        finally:
            remove_translators(app, translators)
    print(f"{len(saved)} screenshots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
