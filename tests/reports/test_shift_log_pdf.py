"""The shift log PDF: content read back with pdftotext, masking, hostile text,
page numbers, files that appear whole or not at all; and the rows behind it.

The night of 2026-11-22 (Asia/Shanghai), built through the real services:
  19:58  张值班 (op) opens the night shift
  21:05  call 13800138000 王阿姨, 嘉宏三村 12号 301, 停电 "楼道灯不亮…", dispatched to 城东供电所
  21:40  check-back: someone came
  23:10  resolved "已更换灯泡"
  01:10  call 021-59123456, 白马小区, 噪音扰民 complaint "楼上装修噪音", only logged
  02:00  missed call 13500135000, called back 02:10 ("居民说已自行解决")
  03:00  missed call 13500135001, never called back
  08:02  张值班 closes the shift with a handover note
  11-23 10:00  the noise ticket is dispatched (after the shift: not in its log)
The log is printed at 11-23 10:30.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from console.domain.errors import NotFound, PermissionDenied, ValidationError
from console.reports import ExportCancelled
from console.services import missed_calls as M
from console.services import shifts as S
from console.services import tickets as T
from console.services.context import Actor, Desk
from console.services.photos import add_photo
from console.services.shift_log import export_shift_log, shift_log_data, shift_log_file_name
from console.services.shift_log_lite import export_shift_log_lite
from console.store.database import Database
from console.store.health import audit_chain_problems
from console.store.models import AuditEntry, Setting, Ticket

SH = ZoneInfo("Asia/Shanghai")
DESK_NAME = "嘉定新城社区服务热线"
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="pdftotext/pdfinfo (poppler-utils) are not installed")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=SH)


def pdf_text(path: Path) -> str:
    """The text in drawing order (each cell's lines together), without line breaks and spaces:
    a wrapped cell reads as one string."""
    raw = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return raw.replace("\n", "").replace(" ", "")


def has(text: str, expected: str) -> bool:
    return expected.replace(" ", "") in text


def pdf_pages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (32, 24), (250, 240, 200)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def night(desk, clock, street, operator):
    with desk.db.write() as s:
        s.add(Setting(key="desk_name", value=DESK_NAME))
    units, cats, comms = street.units, street.categories, street.communities
    clock.set(at(22, 19, 58))
    sid = S.open_shift(desk, operator, "night")
    clock.set(at(22, 21, 5))
    light = T.log_call(desk, operator, T.NewCall(
        description="楼道灯不亮，已经三天了，老人晚上下楼看不见", caller_phone="13800138000",
        caller_name="王阿姨", community_id=comms["嘉宏三村"], building="12号", room="301",
        category_id=cats["水电气/停电"]), dispatch=T.Dispatch(units["城东供电所"]))
    clock.set(at(22, 21, 40))
    T.record_check_back(desk, operator, light.id, True, "师傅已到")
    clock.set(at(22, 23, 5))
    add_photo(desk, operator, light.id, _png(), "换好的灯.png")  # 现场照片: counted in the log
    clock.set(at(22, 23, 10))
    T.resolve(desk, operator, light.id, "已更换灯泡")
    clock.set(at(23, 1, 10))
    noise = T.log_call(desk, operator, T.NewCall(
        description="楼上装修噪音，半夜还在敲墙", caller_phone="021-59123456",
        community_id=comms["白马小区"], category_id=cats["噪音扰民"], request_type="complaint"))
    clock.set(at(23, 2, 10))
    m1 = M.log_missed_call(desk, operator, "13500135000", at=at(23, 2, 0))
    M.call_back(desk, operator, m1, "居民说已自行解决")
    clock.set(at(23, 3, 1))
    M.log_missed_call(desk, operator, "13500135001", at=at(23, 3, 0))
    clock.set(at(23, 8, 2))
    S.close_shift(desk, operator, sid, "1. 白马小区噪音投诉待派单，请白班跟进。\n2. 供电所夜班电话已更新。")
    clock.set(at(23, 10, 0))
    T.dispatch(desk, operator, noise.id, T.Dispatch(units["城东派出所"]))
    clock.set(at(23, 10, 30))
    return {"shift": sid, "light": light, "noise": noise}


def _audits(desk, action):
    with desk.db.read() as s:
        return [(a.user_id, json.loads(a.new)) for a in
                s.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id))]


# ------------------------------------------------------------------ the rows

def test_rows_describe_the_night_as_it_was_at_handover(desk, night, operator):
    data = shift_log_data(desk, day=date(2026, 11, 22), night=True)
    assert data.desk_name == DESK_NAME and data.night and not data.running
    assert data.as_of == at(23, 8)  # the end of the window, not the printing time
    assert [c.number for c in data.calls] == [night["light"].number, night["noise"].number]
    light, noise = data.calls
    assert light.phone == "138****8000" and noise.phone == "021-****3456"
    assert light.status == "resolved" and [e.action for e in light.events] == [
        "log", "dispatch", "check_back_came", "add_photo", "resolve"]
    # dispatched at 10:00 the next morning, after the shift: still only logged in this log
    assert noise.status == "logged" and noise.unit is None
    assert [(m.phone, m.called_back_at is not None) for m in data.missed] == [
        ("135****5000", True), ("135****5001", False)]
    assert data.missed[0].called_back_by == operator.display_name
    # the noise ticket is still open but the shift's own (in its calls): no older backlog, nothing listed
    assert data.open_tickets == [] and data.open_total == 1 and data.backlog.total == 0
    assert not data.full_backlog and data.callbacks == []
    kinds = sorted(d.kind for d in data.due)
    assert kinds == ["missed_callback", "satisfaction"] and data.due_total == 2
    assert data.operators == (operator.display_name,)
    assert "请白班跟进" in data.handover_note
    n = data.counts
    assert (n.received, n.phone, n.dispatched, n.resolved, n.still_open, n.missed, n.called_back, n.photos) == (
        2, 2, 1, 1, 1, 2, 1, 1)


def test_rows_by_shift_row_and_a_running_shift(desk, night, clock, operator, street):
    by_row = shift_log_data(desk, shift_id=night["shift"])
    assert [c.number for c in by_row.calls] == [night["light"].number, night["noise"].number]
    assert by_row.day == date(2026, 11, 22) and by_row.night
    clock.set(at(23, 20, 0))
    sid = S.open_shift(desk, operator, "night")
    clock.set(at(23, 20, 30))
    T.log_call(desk, operator, T.NewCall(description="路灯坏了", caller_phone="13900139000"))
    clock.set(at(23, 21, 0))
    running = shift_log_data(desk, shift_id=sid)
    assert running.running and running.as_of == at(23, 21, 0) and len(running.calls) == 1
    # the noise ticket (dispatched at 10:00) is the older backlog now: counted under its unit, not listed
    assert running.open_tickets == [] and running.backlog.total == 1
    assert [(r.unit, r.total) for r in running.backlog.rows] == [("城东派出所", 1)]
    running = shift_log_data(desk, shift_id=sid, full_backlog=True)
    open_numbers = [o.number for o in running.open_tickets]
    assert night["noise"].number in open_numbers and night["light"].number not in open_numbers
    assert next(o for o in running.open_tickets if o.number == night["noise"].number).resolution_due_at
    with pytest.raises(NotFound):
        shift_log_data(desk, shift_id=9999)
    with pytest.raises(ValidationError):
        shift_log_data(desk)


# ------------------------------------------------------------------ the PDF

@needs_poppler
def test_night_log_pdf_reads_back(desk, night, supervisor, tmp_path):
    out = tmp_path / "exports"
    path = export_shift_log(desk, supervisor, day=date(2026, 11, 22), night=True, out=out)
    assert path == out / "交接班日志-2026-11-22-夜班.pdf" and [p.name for p in out.iterdir()] == [path.name]
    text = pdf_text(path)
    pages = pdf_pages(path)
    for expected in (DESK_NAME, "交接班日志", "夜班", "20:00", "交班人", "接班人", "值班领导",
                     "楼道灯不亮", "已更换灯泡", "城东供电所", "138****8000", "021-****3456",
                     "135****5001", "未回拨", "请白班跟进", night["light"].number, night["noise"].number,
                     "张值班", f"第 1 页 共 {pages} 页", f"第 {pages} 页 共 {pages} 页"):
        assert has(text, expected), expected
    assert "13800138000" not in text and "59123456" not in text
    assert text.count(f"共{pages}页") == pages
    (user, new), = _audits(desk, "export_shift_log")
    assert user == supervisor.id and new["mask"] is True and new["file"] == path.name
    assert new["calls"] == 2 and new["pages"] == pages


@needs_poppler
def test_unmasked_log_for_a_supervisor_refused_for_an_operator(desk, night, supervisor, operator, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / "mine.pdf"
    with pytest.raises(PermissionDenied):
        export_shift_log(desk, operator, day=date(2026, 11, 22), night=True, out=out, mask=False)
    assert list(folder.iterdir()) == [] and _audits(desk, "export_shift_log") == []
    path = export_shift_log(desk, supervisor, shift_id=night["shift"], out=out, mask=False)
    assert path == out
    text = pdf_text(out)
    assert "13800138000" in text and "021-59123456" in text and "含完整电话号码" in text
    (user, new), = _audits(desk, "export_shift_log")
    assert new["mask"] is False and new["shift_id"] == night["shift"]
    # masked export by the operator is fine, and the default name says which shift
    p2 = export_shift_log(desk, operator, shift_id=night["shift"], out=folder)
    assert p2.name == shift_log_file_name(date(2026, 11, 22), True, shift_id=night["shift"])


@needs_poppler
def test_hostile_text_prints_literally_and_long_text_flows_over_pages(desk, clock, operator, supervisor,
                                                                      tmp_path):
    clock.set(at(22, 9, 0))
    sid = S.open_shift(desk, operator, "day")
    hostile = ['<b>bold</b> 停电了', '<img src="x"/> 漏水', '&amp; & 噪音', "控制\x00字\x07符\x1b号",
               "号码１３８ 表情😀结束"]
    clock.set(at(22, 9, 30))
    for h in hostile:
        T.log_call(desk, operator, T.NewCall(description=h, caller_name="<i>张</i>"))
    long_text = "开头标记" + "长" * 20_000 + "结尾标记"
    T.log_call(desk, operator, T.NewCall(description=long_text, caller_phone="13800138000"))
    clock.set(at(22, 19, 0))
    S.close_shift(desk, operator, sid, '<b>note</b> & <img src="y"/>')
    path = export_shift_log(desk, supervisor, day=date(2026, 11, 22), night=False, out=tmp_path / "x")
    flat = pdf_text(path)
    for literal in ("<b>bold</b>", '<img src="x"/>', "&amp; &", "<i>张</i>", "<b>note</b> & <img src=\"y\"/>"):
        assert literal.replace(" ", "") in flat, literal
    assert "控制字符号" in flat and "１３８" in flat
    assert "班次进行中" not in flat  # the day's only shift was closed at 19:00
    assert "表情□结束" in flat  # the emoji the font lacks is a visible box, not a blank
    assert "开头标记" in flat and "结尾标记" in flat and flat.count("长") >= 20_000
    pages = pdf_pages(path)
    assert pages >= 5 and f"第{pages}页共{pages}页" in flat


def test_a_failing_export_leaves_no_file(desk, night, supervisor, tmp_path, monkeypatch):
    import console.reports.shift_log_pdf as SL

    def half_then_fail(data, fh, **kw):
        fh.write(b"%PDF-1.4 half a file")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(SL, "build_shift_log_pdf", half_then_fail)
    out = tmp_path / "exports"
    with pytest.raises(RuntimeError):
        export_shift_log(desk, supervisor, day=date(2026, 11, 22), night=True, out=out)
    assert list(out.iterdir()) == []
    assert _audits(desk, "export_shift_log") == []


def test_a_cancelled_export_leaves_no_file(desk, night, supervisor, tmp_path):
    out = tmp_path / "exports"
    with pytest.raises(ExportCancelled):
        export_shift_log(desk, supervisor, day=date(2026, 11, 22), night=True, out=out,
                         cancelled=lambda: True)
    assert list(out.iterdir()) == []


def test_a_killed_export_leaves_no_file_with_the_final_name(db_path, tmp_path):
    """SIGKILL in the middle of writing: at most a hidden temporary file stays, never the final name."""
    if not hasattr(signal, "SIGKILL"):
        pytest.skip("no SIGKILL on this platform")
    out = tmp_path / "out"
    out.mkdir()
    script = textwrap.dedent(f"""
        import sys, time
        from datetime import date, datetime
        from zoneinfo import ZoneInfo
        from console.domain.clock import FakeClock
        from console.services.context import Actor, Desk
        from console.store.database import Database
        import console.reports.shift_log_pdf as SL

        def slow(data, fh, **kw):
            fh.write(b"%PDF-1.4 partial")
            fh.flush()
            print("writing", flush=True)
            time.sleep(60)

        SL.build_shift_log_pdf = slow
        desk = Desk(Database({str(db_path)!r}), FakeClock(datetime(2026, 11, 23, 9, tzinfo=ZoneInfo("Asia/Shanghai"))))
        from console.services.shift_log import export_shift_log
        export_shift_log(desk, Actor.system(), day=date(2026, 11, 22), night=True, out={str(out)!r})
    """)
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    with subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, env=env, text=True) as p:
        try:  # `with` closes the pipe and reaps the child
            assert p.stdout.readline().strip() == "writing"
            p.send_signal(signal.SIGKILL)
            p.wait(timeout=10)
        finally:
            if p.poll() is None:
                p.kill()
    names = [x.name for x in out.iterdir()]
    assert "交接班日志-2026-11-22-夜班.pdf" not in names
    assert all(n.startswith(".") and n.endswith(".tmp") for n in names)


def test_out_must_be_a_pdf_or_a_folder(desk, night, supervisor, tmp_path):
    out = tmp_path / "exports"
    out.mkdir()
    with pytest.raises(ValidationError):
        export_shift_log(desk, supervisor, day=date(2026, 11, 22), night=True, out=out / "log.txt")
    assert list(out.iterdir()) == []


def test_rows_table_carries_a_tall_row_over_with_its_number_and_never_overfills():
    from console.reports.fonts import get_font
    from console.reports.shift_log_pdf import BODY_H, BODY_W, CALL_COLUMNS, RowsTable, _stretch

    font = get_font()
    tall = ["21:05", "20261122-0001", "王阿姨", "嘉宏三村", "噪音扰民", "吵" * 20_000, "", "已受理", ""]
    short = ["21:06", "20261122-0002", "", "", "", "短", "", "已受理", ""]
    table = RowsTable(_stretch(CALL_COLUMNS), [short, tall, short], font, title="来电记录", repeat=2)
    assert table.height > 3 * BODY_H
    parts, rest, room = [], table, BODY_H - 200  # the first page is partly used already
    while True:
        w, h = rest.wrap(BODY_W, room)
        if h <= room:
            parts.append(rest)
            break
        got = rest.split(BODY_W, room)
        assert len(got) == 2, "a table must always make progress on a page"
        first, rest = got
        assert first.wrap(BODY_W, room)[1] <= room
        parts.append(first)
        room = BODY_H
    assert len(parts) >= 4 and all(p.title.endswith("（续）") for p in parts[1:])
    lines = [line for p in parts for _, cells in p.rows for line in cells[5]]
    assert "".join(lines) == "短" + "吵" * 20_000 + "短"  # every character, once
    continued = [cells for p in parts[1:] for _, cells in p.rows[:1]]
    assert all(c[0] == ["（续）"] and c[1] == ["20261122-0001"] for c in continued[:-1])


def test_default_folder_is_exports_here_else_in_the_data_folder(desk, night, supervisor, tmp_path,
                                                                monkeypatch, _isolated_data_dir):
    from console.services.shift_log import default_exports_dir

    work = tmp_path / "work"
    (work / "exports").mkdir(parents=True)
    monkeypatch.chdir(work)
    assert default_exports_dir() == work / "exports"
    p = export_shift_log(desk, supervisor, day=date(2026, 11, 22), night=True)
    assert p.parent == work / "exports" and p.is_file()
    monkeypatch.chdir(tmp_path)  # no exports/ here: the desk's data folder
    p = export_shift_log(desk, supervisor, day=date(2026, 11, 22), night=True)
    assert p.parent == Path(_isolated_data_dir) / "exports" and p.is_file()


@needs_poppler
def test_the_address_is_printed_once_even_for_a_ticket_typed_twice_before_normalisation(
        desk, night, supervisor, tmp_path):
    """Before 0003 a ticket could hold 楼号 12号, 室号 301 and the free text 12号301室 too."""
    with desk.db.write() as s:
        s.get(Ticket, night["light"].id).address = "12号301室"
    light = shift_log_data(desk, day=date(2026, 11, 22), night=True).calls[0]
    assert light.address == "嘉宏三村 12号301室"
    text = pdf_text(export_shift_log(desk, supervisor, day=date(2026, 11, 22), night=True, out=tmp_path))
    assert text.count("12号301室") == 1 and text.count("12号") == 1


def test_numbers_inside_the_words_are_masked_in_a_masked_log(desk, clock, operator, supervisor, street, tmp_path):
    """A phone or an identity-card number typed into a call's text never reaches a masked log (domain.masking);
    the unmasked log a supervisor asks for keeps it."""
    clock.set(at(22, 20, 30))
    sid = S.open_shift(desk, operator, "night")
    clock.set(at(22, 21, 0))
    t = T.log_call(desk, operator, T.NewCall(
        description="请回电 １３９８７６５４３２１，身份证 110101199003071234", caller_phone="13800138000"))
    T.add_note(desk, operator, t.id, "居民又说：座机 021-5912 3456")
    clock.set(at(23, 8, 5))
    S.close_shift(desk, operator, sid, "王阿姨 13987654321 明早回电")
    masked = shift_log_data(desk, day=date(2026, 11, 22), night=True)
    texts = [masked.calls[0].description, *(e.detail for e in masked.calls[0].events), masked.handover_note]
    joined = "\n".join(texts)
    for secret in ("98765", "１３９８７６５４３２１", "199003071234", "5912 3456"):
        assert secret not in joined, secret
    assert "139****4321" in joined and "110***********1234" in joined and "021-****3456" in joined
    out = export_shift_log(desk, supervisor, day=date(2026, 11, 22), night=True, out=tmp_path / "log.pdf")
    assert "98765" not in pdf_text(out)
    plain = shift_log_data(desk, day=date(2026, 11, 22), night=True, mask=False)
    assert "１３９８７６５４３２１" in plain.calls[0].description


# ------------------------------------------------------------------ the older backlog

@pytest.fixture
def older(desk, clock, street, operator):
    """Tickets taken before the night of the 22nd (counted at its end, 11-23 08:00):
    A 11-22 12:00 only logged (20 h old: 不足1天, 未派单)
    B 11-21 07:00 城东供电所 (2 days 1 h: 1–3天)
    C 11-20 08:00 城东供电所 (exactly 3 days: 3–7天)
    D 10-01 09:00 城东派出所 (53 days: 30天以上)
    E 11-10 09:00 城东供电所, resolved 11-11: not open, not counted
    B is checked back during the night (07:00): a call-back on an older ticket."""
    units, comms = street.units, street.communities
    made = {}
    for key, when, unit in (("D", datetime(2026, 10, 1, 9, tzinfo=SH), "城东派出所"), ("E", at(10, 9), "城东供电所"),
                            ("C", at(20, 8), "城东供电所"), ("B", at(21, 7), "城东供电所"), ("A", at(22, 12), None)):
        clock.set(when)
        made[key] = T.log_call(desk, operator, T.NewCall(description=f"旧工单{key}", caller_phone="13600136000",
                                                         community_id=comms["嘉宏三村"]),
                               dispatch=T.Dispatch(units[unit]) if unit else None)
        if key == "E":
            clock.set(at(11, 9))
            T.resolve(desk, operator, made[key].id, "已处理")
    return made


def test_the_older_backlog_is_one_table_by_unit_and_age_and_its_list_an_option(
        desk, older, night, clock, operator, supervisor, tmp_path):
    clock.set(at(23, 7, 0))
    T.record_check_back(desk, operator, older["B"].id, True, "师傅已到场")
    clock.set(at(23, 10, 30))
    data = shift_log_data(desk, day=date(2026, 11, 22), night=True)
    b = data.backlog
    assert [(r.unit, r.by_age, r.total) for r in b.rows] == [
        ("城东供电所", (0, 1, 1, 0, 0), 2), ("城东派出所", (0, 0, 0, 0, 1), 1), (None, (1, 0, 0, 0, 0), 1)]
    assert b.by_age == (1, 1, 1, 0, 1) and b.total == 4
    assert data.open_total == 5  # the four and the night's own noise ticket
    assert data.open_tickets == []
    assert [(c.ticket_number, c.action, c.detail) for c in data.callbacks] == [
        (older["B"].number, "check_back_came", "师傅已到场")]
    full = shift_log_data(desk, day=date(2026, 11, 22), night=True, full_backlog=True)
    assert sorted(o.number for o in full.open_tickets) == sorted(older[k].number for k in "ABCD")
    for r in full.backlog.rows:  # overdue as the full list's deadlines say
        assert r.overdue == sum(1 for o in full.open_tickets if (o.unit == r.unit and o.resolution_due_at
                                                                 and o.resolution_due_at < full.as_of))
    if shutil.which("pdftotext") is None:
        return
    short = pdf_text(export_shift_log(desk, supervisor, day=date(2026, 11, 22), night=True, out=tmp_path / "a"))
    for expected in ("三、本班对以前工单的回访（1条）", "师傅已到场", "以前积压4件", "以前积压工单（按承办单位和已受理时长）",
                     "城东供电所", "不足1天", "30天以上", "未派单", "合计"):
        assert has(short, expected), expected
    assert "以前积压工单明细" not in short and "旧工单" not in short  # the list (with its descriptions) left out
    long = pdf_text(export_shift_log(desk, supervisor, day=date(2026, 11, 22), night=True, out=tmp_path / "b",
                                     full_backlog=True))
    assert "（二）以前积压工单明细（4件）" in long
    assert all(f"旧工单{k}" in long for k in "ABCD") and "旧工单E" not in long
    assert _audits(desk, "export_shift_log")[-1][1]["full_backlog"] is True


# ------------------------------------------------------------------ the same export without SQLAlchemy (issue 21)
# console.services.shift_log_lite: what `export shift-log` runs for a masked log on a SQLite desk at the head.

COLUMNS = "at, user_id, action, entity, entity_id, old, new, prev_hash, row_hash, via"


def _copy(src: Path, dst: Path) -> Path:
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    a.close()
    b.close()
    return dst


def _layout(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


@needs_poppler
@pytest.mark.parametrize("which", ["the night by date", "the shift row"])
def test_the_same_pdf_and_audit_row_either_way_and_in_either_order(desk, night, clock, tmp_path, which):
    if not desk.db.is_sqlite:
        pytest.skip("the path without SQLAlchemy is for a SQLite desk")
    actor = replace(Actor.system(), via="cli:test")
    src = desk.db.sqlite_path
    assert src is not None
    desk.db.dispose()
    log = dict(day=date(2026, 11, 22), night=True) if which == "the night by date" else dict(shift_id=night["shift"])
    texts: dict[str, str] = {}
    trails: dict[str, list[tuple]] = {}
    for first, second in (("full", "lite"), ("lite", "full")):
        copy = _copy(src, tmp_path / f"{first}-first.sqlite3")
        for way in (first, second):
            out = tmp_path / f"{first}-first-{way}" / "log.pdf"  # one file name: the audit rows name it
            if way == "full":
                d = Desk(Database(copy), clock)
                try:
                    assert export_shift_log(d, actor, out=out, **log) == out
                finally:
                    d.db.dispose()
            else:
                assert export_shift_log_lite(copy, str(copy), actor, clock, out=out, **log) == out
            texts[f"{first}-first {way}"] = _layout(out)
        with sqlite3.connect(copy) as c:
            trails[first] = c.execute(f"SELECT {COLUMNS} FROM audit_log ORDER BY id").fetchall()
        c.close()
        db = Database(copy)
        try:
            with db.engine.connect() as conn:
                assert audit_chain_problems(conn) == []  # the chain verifies with the rows of both ways
        finally:
            db.dispose()
    assert len(set(texts.values())) == 1, "the PDF's text differs between the two ways"
    text = next(iter(texts.values()))
    assert "王阿姨" in text and "138****8000" in text and "13800138000" not in text  # the night's call, masked
    # the rows are the same column for column, hashes included: which way wrote which row makes no difference
    assert trails["full"] == trails["lite"]
    assert trails["full"][-1][2] == "export_shift_log" and trails["full"][-1][-1] == "cli:test"


def test_another_schema_revision_is_left_to_todays_path(desk, night, clock, tmp_path):
    if not desk.db.is_sqlite:
        pytest.skip("the path without SQLAlchemy is for a SQLite desk")
    src = desk.db.sqlite_path
    assert src is not None
    desk.db.dispose()
    copy = _copy(src, tmp_path / "older.sqlite3")
    with sqlite3.connect(copy) as c:
        c.execute("UPDATE alembic_version SET version_num = '0001'")
    c.close()
    before = copy.read_bytes()
    got = export_shift_log_lite(copy, str(copy), Actor.system(), clock, day=date(2026, 11, 22), night=True,
                                out=tmp_path / "x.pdf")
    assert got is None and not (tmp_path / "x.pdf").exists()
    assert copy.read_bytes() == before
