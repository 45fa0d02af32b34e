"""A long phonebook import shares the desk: it holds the write lock only for its short final step.

Real imports of generated sheets, with a second seat (a second `Database` on
the same file or server) saving tickets through the services meanwhile. No
wall-clock limits: the import's progress phases say when it stages (no lock)
and when it writes, and the tests hold the import inside a phase until the
other seat has done its part.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from xlsx_helpers import HEADER, write_xlsx

from console.domain.errors import ConflictError
from console.services import categories as C
from console.services import phonebook as P
from console.services import phonebook_reads as PR
from console.services import street as S
from console.services import tickets as T
from console.services.context import Desk
from console.services.deadlines import set_rule
from console.services.imports.tickets import import_tickets_file
from console.services.imports.unit_staging import ImportCancelled
from console.services.imports.units import import_units_file
from console.store.database import Database
from console.store.health import audit_chain_problems
from console.store.models import AuditEntry, Contact, Deadline, Ticket, TicketCounter, TicketEvent, Unit, UnitCommunity

WAIT_S = 120  # only a broken import waits this long (the event never comes); a working one goes on at once


def _sheet(tmp_path, street, units: int, *, name: str = "big.xlsx", notes: str = ""):
    """`units` units, one or two contact rows each (the shape of a street office's phonebook)."""
    comms, cats = sorted(street.communities), sorted(street.categories)
    rows: list[list] = [HEADER + (["备注"] if notes else [])]
    for i in range(units):
        for k in range(1 + i % 2):
            first = k == 0
            rows.append([f"测试第{i + 1}号服务站", "物业" if first else None,
                         comms[i % len(comms)] if first else None, cats[i % len(cats)] if first else None,
                         f"王师傅{k + 1}", "值班" if first else "维修", f"13{(800000000 + i * 2 + k):09d}",
                         "24小时"] + ([notes if first else None] if notes else []))
    return write_xlsx(tmp_path / name, rows)


def _counts(desk) -> tuple[int, int, int, int]:
    with desk.db.read() as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) or 0  # type: ignore[return-value]
                     for m in (Unit, Contact, UnitCommunity, AuditEntry))


@contextmanager
def _seat(desk):
    """A second seat: its own Database on the same desk."""
    other = Desk(Database(desk.db.target), desk.clock)
    try:
        yield other
    finally:
        other.db.dispose()


def _count_writes(desk) -> list[int]:
    """Wrap the import's own Database.write and write_on: how many write transactions it opens."""
    opened: list[int] = []

    def counting(plain):
        @contextmanager
        def counted(*a):
            opened.append(1)
            with plain(*a) as s:
                yield s
        return counted

    desk.db.write, desk.db.write_on = counting(desk.db.write), counting(desk.db.write_on)
    return opened


def _beside_a_saving_seat(desk, operator, run) -> tuple[object, dict[str, int]]:
    """`run(progress)` (an import) on this thread while a second seat logs calls on another. The import is
    held at its first "stage" report until the seat has saved three tickets; then it goes on. Returns the
    import's result and the saves counted by the phase they ended in ("inside the final step": begun and
    ended while the import held the lock — which must never happen). The import opens one write
    transaction: its final step."""
    writes = _count_writes(desk)
    phase = {"now": "check"}
    saved_in: dict[str, int] = {}
    failures: list[BaseException] = []
    three_saved_while_staging = threading.Event()
    stop = threading.Event()

    def saver(seat: Desk) -> None:
        n = 0
        while not stop.is_set():
            n += 1
            began = phase["now"]
            try:
                T.log_call(seat, operator, T.NewCall(description=f"楼道灯不亮 {n}", caller_phone="13800138000"))
            except BaseException as e:  # noqa: BLE001 - every failure fails the test
                failures.append(e)
                return
            now = phase["now"]
            if began == now == "write":  # begun and done while the import held the lock: must not happen
                now = "inside the final step"
            saved_in[now] = saved_in.get(now, 0) + 1
            if now == "stage" and saved_in[now] >= 3:
                three_saved_while_staging.set()

    def progress(done: int, total: int, ph: str = "") -> None:
        if ph == "stage" and done > 0 and phase["now"] != "stage":
            phase["now"] = "stage"  # the import holds no lock now: the other seat must get its saves in
            assert three_saved_while_staging.wait(WAIT_S), "no ticket was saved while the import staged"
        elif ph == "write":
            phase["now"] = "write" if done == 0 else "written"

    with _seat(desk) as seat:
        th = threading.Thread(target=saver, args=(seat,))
        th.start()
        try:
            result = run(progress)
        finally:
            stop.set()
            th.join()
    assert failures == []
    assert saved_in.get("stage", 0) >= 3
    assert "inside the final step" not in saved_in  # while the import held the lock, no save got through
    assert writes == [1]  # one write transaction: the final step
    return result, saved_in


def test_seats_keep_saving_tickets_while_a_big_import_stages(desk, street, admin, operator, tmp_path):
    path = _sheet(tmp_path, street, 1500)
    before = _counts(desk)
    report, _saved = _beside_a_saving_seat(desk, operator, lambda progress: import_units_file(
        desk, admin, path, progress=progress))
    assert report.imported and (report.created, report.updated, report.contacts) == (1500, 0, 2250)
    units, contacts, links, audits = _counts(desk)
    assert (units - before[0], contacts - before[1], links - before[2]) == (1500, 2250, 1500)
    with desk.db.read() as s:
        assert audit_chain_problems(s.connection()) == []
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "import_create_unit")) == 1500
        u = s.scalar(select(Unit).where(Unit.name == "测试第2号服务站"))
        row = s.scalar(select(AuditEntry).where(AuditEntry.entity == "unit", AuditEntry.entity_id == u.id))
        assert json.loads(row.new) == P.snapshot(s, u)  # the row the dialog's save would have written
        assert u.initials == "csd2hfwz"


def test_cancel_while_staging_writes_nothing(desk, street, admin, tmp_path):
    path = _sheet(tmp_path, street, 1200)
    before = _counts(desk)
    seen: list[str] = []

    def progress(done: int, total: int, ph: str = "") -> None:
        seen.append(ph)

    with pytest.raises(ImportCancelled, match="没有写入"):
        import_units_file(desk, admin, path, progress=progress, cancelled=lambda: "stage" in seen)
    assert _counts(desk) == before and "write" not in seen


def _rename(seat: Desk, actor, unit_id: int) -> None:
    data = P.load_unit(seat, unit_id)
    data.name = data.name + "（新址）"
    P.update_unit(seat, actor, unit_id, data)


def _edit_notes(seat: Desk, actor, unit_id: int) -> None:
    data = P.load_unit(seat, unit_id)
    data.notes = "夜间请打值班电话"
    P.update_unit(seat, actor, unit_id, data)


def _take_a_new_name(seat: Desk, actor, _unit_id: int) -> None:
    P.create_unit(seat, actor, P.UnitInput(name="测试第9号服务站", kind="物业"))


@pytest.mark.parametrize("meanwhile, named", [
    (_rename, "测试第3号服务站"),  # a unit the sheet updates, renamed at another seat
    (_edit_notes, "测试第3号服务站"),  # … or edited
    (_take_a_new_name, "测试第9号服务站"),  # a name the sheet creates, taken by another seat
])
def test_a_unit_changed_at_another_seat_while_staging_refuses_the_import(
        desk, street, admin, supervisor, tmp_path, meanwhile, named):
    import_units_file(desk, admin, _sheet(tmp_path, street, 8, name="first.xlsx"))  # 测试第1–8号 exist
    with desk.db.read() as s:
        uid = s.scalar(select(Unit.id).where(Unit.name == "测试第3号服务站"))
    again = _sheet(tmp_path, street, 600, name="again.xlsx", notes="请先打值班室")
    before = _counts(desk)
    with _seat(desk) as seat:
        def progress(done: int, total: int, ph: str = "") -> None:
            if ph == "stage" and done > 0 and not seat.__dict__.get("done"):
                seat.__dict__["done"] = True
                meanwhile(seat, supervisor, uid)  # another seat saves while the import stages

        with pytest.raises(ConflictError, match=named) as e:
            import_units_file(desk, admin, again, progress=progress)
    assert "没有导入任何内容" in e.value.zh and "nothing was imported" in (e.value.en or "")
    assert "李站长" in e.value.zh  # who changed it
    units, contacts, links, audits = _counts(desk)
    assert (units, contacts, links) == (before[0] + (meanwhile is _take_a_new_name), before[1], before[2])
    assert audits == before[3] + 1  # the other seat's save only
    with desk.db.read() as s:
        assert audit_chain_problems(s.connection()) == []


def test_units_another_seat_adds_meanwhile_are_numbered_around(desk, street, admin, supervisor, tmp_path):
    path = _sheet(tmp_path, street, 700)
    with _seat(desk) as seat:
        def progress(done: int, total: int, ph: str = "") -> None:
            if ph == "stage" and done > 0 and not seat.__dict__.get("done"):
                seat.__dict__["done"] = True
                P.create_unit(seat, supervisor, P.UnitInput(
                    name="另一席位新建的单位", kind="物业",
                    contacts=[P.ContactInput("赵工", "维修", "13900000001", "24小时")]))

        report = import_units_file(desk, admin, path, progress=progress)
    assert report.imported and report.created == 700
    with desk.db.read() as s:
        other = s.scalar(select(Unit).where(Unit.name == "另一席位新建的单位"))
        assert [c.person for c in other.contacts] == ["赵工"]
        assert audit_chain_problems(s.connection()) == []


KILLED_IMPORT = """
import os, sys, time
from sqlalchemy import select
from console.services.context import Actor, Desk
from console.services.imports.tickets import import_tickets_file
from console.services.imports.units import import_units_file
from console.store.database import Database
from console.store.models import User

db_path, sheet, phase, marker, what = sys.argv[1:6]
role, run = ("admin", import_units_file) if what == "units" else ("supervisor", import_tickets_file)
desk = Desk(Database(db_path))
with desk.db.read() as s:
    u = s.execute(select(User.id, User.username, User.display_name, User.role).where(User.role == role)).first()

def progress(done, total, ph=""):
    if ph == phase and (done > 0 if ph == "stage" else done == total):
        open(marker, "w").close()
        time.sleep(600)

run(desk, Actor(*u), sheet, progress=progress)
"""


@pytest.mark.parametrize("what", ["units", "tickets"])
@pytest.mark.parametrize("phase", ["stage", "write"])
def test_a_killed_import_leaves_nothing(desk, street, tmp_path, engine, phase, what):
    """Killed (SIGKILL) while staging, or inside the final transaction with every row written but not
    committed: the desk is as before, and its audit trail intact."""
    if engine != "sqlite":
        pytest.skip("the process is killed on one engine; the final step is one transaction on both")
    path = _sheet(tmp_path, street, 500) if what == "units" else _register(tmp_path, street, 600)
    before = _counts(desk), _ticket_counts(desk)
    marker = tmp_path / f"{phase}.reached"
    proc = subprocess.Popen([sys.executable, "-c", KILLED_IMPORT, str(desk.db.target), str(path), phase,
                             str(marker), what], env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    try:
        deadline = time.monotonic() + WAIT_S
        while not marker.exists():
            assert proc.poll() is None, "the import ended before it was killed"
            assert time.monotonic() < deadline, "the import never reached the phase"
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    with _seat(desk) as seat:
        assert (_counts(seat), _ticket_counts(seat)) == before
        with seat.db.read() as s:
            assert audit_chain_problems(s.connection()) == []
            assert s.connection().exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def test_staged_units_carry_the_search_columns_the_phonebook_writes(desk, street, admin, tmp_path):
    """New and updated units are written in bulk, not through the phonebook's save: their search
    columns must still be what console.store.unit_search writes for them."""
    from console.store.unit_search import refresh_unit_search

    import_units_file(desk, admin, _sheet(tmp_path, street, 6, name="first.xlsx"))
    report = import_units_file(desk, admin, _sheet(tmp_path, street, 9, name="again.xlsx", notes="夜间请打值班室"))
    assert (report.created, report.updated) == (3, 6)
    assert [r.name for r in PR.search_units(desk, "夜间请打")] == [f"测试第{i}号服务站" for i in range(1, 10)]
    cols = select(Unit.id, Unit.search_text, Unit.search_digits).where(Unit.name.like("测试第%")).order_by(Unit.id)
    with desk.db.write() as s:
        stored = s.execute(cols).all()
        refresh_unit_search(s, [r[0] for r in stored])
        assert s.execute(cols).all() == stored


# ------------------------------------------------------------------ the old-ticket register

REGISTER_HEAD = ["受理时间", "来电号码", "社区", "问题分类", "内容", "承办单位", "派单时间", "办结时间", "状态"]


def _register(tmp_path, street, rows: int, *, name: str = "register.xlsx", start: datetime | None = None):
    """`rows` old calls seven minutes apart (from 2025-01-01 08:00 Shanghai unless `start`): every third
    still open, the others dispatched and resolved, naming the small street's communities, categories and
    units in turn."""
    comms, cats, units = sorted(street.communities), sorted(street.categories), sorted(street.units)
    at = start or datetime(2025, 1, 1, 8, 0)
    out: list[list] = [REGISTER_HEAD]
    for i in range(rows):
        t = at + timedelta(minutes=7 * i)
        done = i % 3 != 0
        out.append([f"{t:%Y-%m-%d %H:%M}", f"13{700000000 + i:09d}", comms[i % len(comms)], cats[i % len(cats)],
                    f"旧登记表第{i + 1}条：楼道灯不亮", units[i % len(units)] if done else "",
                    f"{t + timedelta(minutes=5):%Y-%m-%d %H:%M}" if done else "",
                    f"{t + timedelta(hours=2):%Y-%m-%d %H:%M}" if done else "", "" if done else "已受理"])
    return write_xlsx(tmp_path / name, out)


def _ticket_counts(desk) -> tuple[int, int, int, int]:
    with desk.db.read() as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) or 0  # type: ignore[return-value]
                     for m in (Ticket, TicketEvent, Deadline, TicketCounter))


def test_seats_keep_saving_tickets_while_a_big_register_is_imported(desk, street, supervisor, operator, tmp_path):
    path = _register(tmp_path, street, 1200)
    before = _ticket_counts(desk)
    report, saved = _beside_a_saving_seat(desk, operator, lambda progress: import_tickets_file(
        desk, supervisor, path, progress=progress))
    assert report.imported and report.created == 1200 and report.skipped == 0
    tickets, events, _deadlines, _counters = _ticket_counts(desk)
    logged = sum(saved.values())
    assert tickets - before[0] == 1200 + logged
    assert events - before[1] == 1200 * 3 - 400 * 2 + logged  # log, dispatch, resolve; log only when open
    with desk.db.read() as s:
        assert audit_chain_problems(s.connection()) == []
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "import_ticket")) == 1200
        assert len(set(s.scalars(select(Ticket.number)))) == tickets  # numbers unique across both seats


def test_cancel_while_a_register_stages_writes_nothing(desk, street, supervisor, tmp_path):
    path = _register(tmp_path, street, 1100)
    before = _ticket_counts(desk), _counts(desk)
    seen: list[str] = []

    def progress(done: int, total: int, ph: str = "") -> None:
        seen.append(ph)

    with pytest.raises(ImportCancelled, match="没有写入"):
        import_tickets_file(desk, supervisor, path, progress=progress, cancelled=lambda: "stage" in seen)
    assert (_ticket_counts(desk), _counts(desk)) == before and "write" not in seen


def _rename_community(seat: Desk, street, actor) -> str:
    S.rename_community(seat, actor, street.communities["白马小区"], "白马新村")
    return "白马小区"


def _rename_category(seat: Desk, street, actor) -> str:
    C.rename_category(seat, actor, street.categories["水电气/停电"], "断电")
    return "停电"


def _rename_unit(seat: Desk, street, actor) -> str:
    _rename(seat, actor, street.units["城东派出所"])
    return "城东派出所"


def _change_a_rule(seat: Desk, street, actor) -> str:
    set_rule(seat, actor, "resolution", 2 * 24 * 60)
    return "时限规则"


@pytest.mark.parametrize("meanwhile", [_rename_community, _rename_category, _rename_unit, _change_a_rule])
def test_a_name_changed_at_another_seat_while_a_register_stages_refuses_it(
        desk, street, admin, supervisor, tmp_path, meanwhile):
    path = _register(tmp_path, street, 600)
    with _seat(desk) as seat:
        named: list[str] = []

        def progress(done: int, total: int, ph: str = "") -> None:
            if ph == "stage" and done > 0 and not named:
                named.append(meanwhile(seat, street, admin))  # another seat saves while the import stages

        before = _ticket_counts(desk)
        with pytest.raises(ConflictError, match="没有导入任何内容") as e:
            import_tickets_file(desk, supervisor, path, progress=progress)
    assert named[0] in e.value.zh and "nothing was imported" in (e.value.en or "")
    if meanwhile is not _change_a_rule:
        assert admin.display_name in e.value.zh  # who changed it
    assert _ticket_counts(desk) == before
    with desk.db.read() as s:
        assert audit_chain_problems(s.connection()) == []


def test_rows_another_seat_imports_meanwhile_are_once_and_numbers_follow_its_calls(
        desk, street, supervisor, operator, tmp_path, clock):
    """Another seat imports part of the same register and logs calls on the register's last day while
    this import stages: those rows are skipped (importing twice is once) and this import's numbers for
    that day follow the other seat's."""
    today = clock.now().astimezone(ZoneInfo("Asia/Shanghai")).replace(hour=8, minute=0, tzinfo=None)
    start = today - timedelta(minutes=7 * 600)  # the register's last rows are today's
    path = _register(tmp_path, street, 700, start=start)
    part = _register(tmp_path, street, 50, name="part.xlsx", start=start)
    todays = sum((start + timedelta(minutes=7 * i)).date() == today.date() for i in range(700))
    with _seat(desk) as seat:
        done: list[int] = []

        def progress(n: int, total: int, ph: str = "") -> None:
            if ph == "stage" and n > 0 and not done:
                done.append(import_tickets_file(seat, supervisor, part).created)
                T.log_call(seat, operator, T.NewCall(description="今天的来电"))

        report = import_tickets_file(desk, supervisor, path, progress=progress)
    assert done == [50]
    assert report.imported and (report.created, report.skipped) == (650, 50)
    day = f"{today:%Y%m%d}"
    assert [n for n in report.numbers if n.startswith(day)] == [f"{day}-{k:04d}" for k in range(2, todays + 2)]
    with desk.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Ticket).where(Ticket.import_key.is_not(None))) == 700
        summary = json.loads(s.scalars(select(AuditEntry.new).where(AuditEntry.action == "import_tickets")
                                       .order_by(AuditEntry.id.desc())).first())
        assert (summary["imported"], summary["already_imported"]) == (650, 50)
        assert audit_chain_problems(s.connection()) == []
