"""The command line's contract (DESIGN.md "Command line"), run as a user runs it."""
from __future__ import annotations

import io
import json
import re
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from console.domain.errors import UserError


def run_here(argv: list[str], lang: str = "zh_CN") -> str:
    """A command run in this process (no logging set-up, exceptions propagate): its stdout."""
    from console.cli import Ctx, parse_args, run

    args = parse_args(argv)
    out, err = io.StringIO(), io.StringIO()  # notes on stderr (the calendar's, which depend on today) apart
    assert run(args, Ctx(lang=args.lang, out=out, err=err)) == 0, out.getvalue() + err.getvalue()
    return out.getvalue()


def _count(path, sql: str) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def test_version_names_program_and_schema_head(cli):
    from console import __version__
    from console.store.migrate import head_revision

    r = cli("--version")
    assert r.rc == 0
    assert r.out.strip() == f"hotline-console {__version__} (schema {head_revision()})"


def test_init_creates_then_is_idempotent(cli, tmp_path):
    db = tmp_path / "new.sqlite3"
    r = cli("--db", db, "init")
    assert r.rc == 0, r.text
    assert "已创建" in r.out and str(db) in r.out
    assert db.is_file()
    assert not list(tmp_path.glob("*.creating*"))  # built aside, renamed into place
    categories = _count(db, "select count(*) from categories")
    assert categories > 0  # reference data seeded

    r = cli("--db", db, "init")
    assert r.rc == 0, r.text
    assert "已是最新" in r.out
    assert _count(db, "select count(*) from categories") == categories  # nothing doubled


def test_database_named_by_environment(desk_file, monkeypatch):
    monkeypatch.setenv("HOTLINE_DB", str(desk_file))
    assert run_here(["check"]).startswith(f"检查通过：{desk_file}")


def test_init_demo_builds_tickets_with_progress(cli, tmp_path):
    db = tmp_path / "demo.sqlite3"
    r = cli("--db", db, "init", "--demo", "--tickets", "200", "--seed", "7", timeout=120)
    assert r.rc == 0, r.text
    assert _count(db, "select count(*) from tickets") == 200
    # stderr is not a terminal here: progress comes as separate lines, not \r updates
    assert "\r" not in r.err
    assert "演示账号" in r.out
    with pytest.raises(UserError) as e:
        run_here(["--db", str(db), "init", "--demo"])
    assert "已经有工单" in e.value.zh


def _dispatch_at(db_path, when, phone: str) -> str:
    """Log a call and dispatch it to 城东供电所 with the clock at `when` (real time based)."""
    from helpers import lookup_ids

    from console.domain.clock import FakeClock
    from console.services.context import Desk
    from console.services.tickets import Dispatch, NewCall, log_call
    from console.store.database import Database

    db = Database(db_path)
    try:
        street = lookup_ids(db)
        desk = Desk(db, FakeClock(when))
        logged = log_call(desk, street.actors["op"], NewCall(
            description="楼道停电", caller_phone=phone, community_id=street.communities["嘉宏三村"],
            category_id=street.categories["水电气/停电"]),
            dispatch=Dispatch(street.units["城东供电所"]))
        return logged.number
    finally:
        db.dispose()


def test_due_table_and_json(cli, desk_file):
    now = datetime.now(UTC)
    late = _dispatch_at(desk_file, now - timedelta(minutes=45), "13800138000")  # check-back 15 min ago
    soon = _dispatch_at(desk_file, now - timedelta(minutes=10), "021-59123456")  # check-back in 20 min

    r = cli("--db", desk_file, "due")
    assert r.rc == 0, r.text
    lines = r.out.splitlines()
    assert lines[0].split()[:2] == ["工单号", "类型"]
    late_line = next(line for line in lines if line.startswith(late))
    soon_line = next(line for line in lines if line.startswith(soon))
    assert re.search(r"逾期 1[456] 分钟", late_line), late_line
    assert re.search(r"还有 (19|20|21) 分钟", soon_line), soon_line
    assert "派单回访" in late_line and "城东供电所" in late_line
    assert "138****8000" in late_line and "13800138000" not in r.out
    assert lines.index(late_line) < lines.index(soon_line)  # most urgent first

    r = cli("--db", desk_file, "due", "--json")
    assert r.rc == 0, r.text
    items = json.loads(r.out)
    by_ticket = {i["ticket"]: i for i in items if i["kind"] == "check_back"}
    item = by_ticket[late]
    for key in ("ticket", "kind", "due_at", "overdue_minutes", "minutes_left", "unit", "caller",
                "deadline_id", "snoozed_until"):
        assert key in item
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00", item["due_at"])
    assert abs(datetime.fromisoformat(item["due_at"]) - (now - timedelta(minutes=15))) < timedelta(seconds=2)
    assert 14 <= item["overdue_minutes"] <= 16 and item["minutes_left"] == 0
    assert item["caller"] == "138****8000" and item["unit"] == "城东供电所"
    assert item["snoozed_until"] is None
    assert by_ticket[soon]["overdue_minutes"] == 0 and 19 <= by_ticket[soon]["minutes_left"] <= 21
    assert by_ticket[soon]["caller"] == "021-****3456"

    out = run_here(["--db", str(desk_file), "due", "--lang", "en"])  # --lang after the command too
    assert "Check-back call" in out and re.search(r"1[456] min overdue", out)
    assert out.splitlines()[0].split()[:2] == ["Ticket", "Kind"]


def test_due_empty_queue(desk_file, monkeypatch):
    monkeypatch.setenv("HOTLINE_DB", str(desk_file))
    assert run_here(["due", "--lang", "en"]).strip() == "Nothing is due or overdue in the next hour."


def test_due_says_on_stderr_when_the_holiday_calendar_runs_out(cli, desk_file):
    con = sqlite3.connect(desk_file)
    with con:
        con.execute("DELETE FROM calendar_years")  # a desk whose calendar knows no year
    con.close()
    r = cli("--db", desk_file, "due", "--json")
    assert r.rc == 0 and json.loads(r.out) is not None
    assert "节假日日历缺" in r.err


def test_user_add_reads_password_from_stdin(cli, desk_file, monkeypatch):
    r = cli("--db", desk_file, "user", "add", "xiaowang", "--role", "operator", "--user", "admin",
            "--display-name", "小王", input="pass-word-1\n")
    assert r.rc == 0, r.text
    assert "xiaowang" in r.out and "pass-word-1" not in r.text

    from console.services.accounts import authenticate
    from console.services.context import Desk
    from console.store.database import Database

    db = Database(desk_file)
    try:
        actor = authenticate(Desk(db), "xiaowang", "pass-word-1")
        assert (actor.role, actor.display_name) == ("operator", "小王")
    finally:
        db.dispose()

    monkeypatch.setattr("sys.stdin", io.StringIO("another-1\n"))
    with pytest.raises(UserError) as e:
        run_here(["--db", str(desk_file), "user", "add", "xiaowang", "--role", "admin", "--user", "admin"])
    assert e.value.zh == "用户名“xiaowang”已存在。"

    r = cli("--db", desk_file, "user", "add", "x2", "--role", "king", "--user", "admin", input="another-1\n")
    assert r.rc == 2
    assert "invalid choice" in r.err

    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with pytest.raises(UserError) as e:
        run_here(["--db", str(desk_file), "--lang", "en", "user", "add", "x3", "--role", "admin", "--user", "admin"])
    assert e.value.en.startswith("No password was read")


def test_backup_restore_check(cli, desk_file, tmp_path):
    r = cli("--db", desk_file, "backup")
    assert r.rc == 0, r.text
    copy = tmp_path / r.out.strip()
    assert copy.parent == cli.data_dir / "backups"
    assert re.fullmatch(r"hotline-\d{8}-\d{6}(-\d+)?\.sqlite3", copy.name)
    users_before = _count(desk_file, "select count(*) from users")

    con = sqlite3.connect(desk_file)  # a change made after the backup
    con.execute("insert into settings(key, value) values ('after_backup', '1')")
    con.commit()
    con.close()

    r = cli("--db", desk_file, "restore", copy, "--user", "admin")
    assert r.rc == 0, r.text
    replaced = list(tmp_path.glob("desk.sqlite3.replaced-*"))
    assert len(replaced) == 1 and str(replaced[0]) in r.out
    assert _count(replaced[0], "select count(*) from settings where key='after_backup'") == 1
    assert _count(desk_file, "select count(*) from settings where key='after_backup'") == 0
    assert _count(desk_file, "select count(*) from users") == users_before

    assert "检查通过" in run_here(["--db", str(desk_file), "check"])


def test_backup_to_named_file_refuses_overwrite(desk_file, tmp_path):
    out = tmp_path / "mine.sqlite3"
    out.write_bytes(b"keep me")
    with pytest.raises(UserError) as e:
        run_here(["--db", str(desk_file), "backup", "--out", str(out)])
    assert "已存在" in e.value.zh
    assert out.read_bytes() == b"keep me"
    folder = tmp_path / "copies"
    folder.mkdir()
    made = run_here(["--db", str(desk_file), "backup", "--out", str(folder)]).strip()
    assert made.startswith(str(folder / "hotline-")) and _count(made, "select count(*) from users") == 3


def test_restore_refuses_a_file_that_is_not_a_backup(cli, desk_file, tmp_path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all " * 200)
    before = desk_file.read_bytes()
    r = cli("--db", desk_file, "restore", junk, "--user", "admin")
    assert r.rc == 1
    assert "不能使用" in r.err and "未做任何改动" in r.err
    assert desk_file.read_bytes() == before
    assert not list(tmp_path.glob("*.replaced-*")) and not list(tmp_path.glob("*.part"))


def test_commands_need_an_existing_database(cli, tmp_path):
    missing = tmp_path / "nowhere" / "x.sqlite3"
    r = cli("--db", missing, "due")
    assert r.rc == 1
    assert "数据库文件不存在" in r.err
    assert not missing.exists() and not missing.parent.exists()  # nothing created by a typo


def test_bad_usage_exits_2(cli):
    assert cli("frobnicate").rc == 2
    r = cli("export", "shift-log", "--date", "2026-11-22", "--shift", "3")
    assert r.rc == 2 and "not allowed with" in r.err


def test_missing_files_and_bad_quarters_get_one_line(cli, tmp_path):
    r = cli("import", "tickets", tmp_path / "old.xlsx")
    assert r.rc == 1 and "文件不存在" in r.err and "Traceback" not in r.text
    r = cli("--lang", "en", "migrate-data", "--from", tmp_path / "a.sqlite3", "--to", "postgresql://h/db")
    assert r.rc == 1 and r.err.strip().startswith("The source database does not exist")
    r = cli("export", "quarterly", "--year", "2026", "--quarter", "5")
    assert r.rc == 1 and "季度" in r.err


def test_migrate_data_copies_a_desk_and_checks_counts(cli, desk_file, tmp_path):
    target = tmp_path / "moved.sqlite3"
    r = cli("migrate-data", "--from", desk_file, "--to", target, "--user", "admin")
    assert r.rc == 0, r.text
    assert "各表行数已核对" in r.out
    assert _count(target, "select count(*) from users") == _count(desk_file, "select count(*) from users")
    r = cli("migrate-data", "--from", desk_file, "--to", target, "--user", "admin")  # the target is no longer empty
    assert r.rc == 1 and "Traceback" not in r.text


def test_export_shift_log_writes_a_pdf(cli, desk_file, tmp_path):
    r = cli("--db", desk_file, "export", "shift-log", "--date", "2026-11-22", "--night", "--out", tmp_path)
    assert r.rc == 0, r.text
    pdf = Path(r.out.strip())
    assert pdf.parent == tmp_path and pdf.suffix == ".pdf" and pdf.read_bytes().startswith(b"%PDF")
    r = cli("--db", desk_file, "export", "shift-log", "--date", "2026-11-22", "--night", "--full-backlog",
            "--out", tmp_path / "full.pdf")
    assert r.rc == 0, r.text
    assert Path(r.out.strip()) == tmp_path / "full.pdf" and (tmp_path / "full.pdf").read_bytes().startswith(b"%PDF")


def test_export_shift_log_refuses_a_desk_made_by_a_newer_program(cli, desk_file, tmp_path):
    """The export's schema check reads the revision without Alembic when it is the head; any other
    revision still goes the whole way: one from a newer program is refused, nothing written."""
    con = sqlite3.connect(desk_file)
    con.execute("UPDATE alembic_version SET version_num = 'ffff_future'")
    con.commit()
    con.close()
    r = cli("--db", desk_file, "export", "shift-log", "--date", "2026-11-22", "--night", "--out", tmp_path / "x.pdf")
    assert r.rc == 1 and "比本程序新" in r.text and "Traceback" not in r.text
    assert not (tmp_path / "x.pdf").exists()
    assert _count(desk_file, "SELECT count(*) FROM audit_log WHERE action = 'export_shift_log'") == 0


def test_import_units_reports_bad_rows(cli, desk_file, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["单位名称", "类别", "负责社区", "负责分类", "联系人", "职务", "电话", "值班时间"])
    ws.append(["城西供电所", "供电所", "", "停电", "值班室", "值班", "95598", "24小时"])
    ws.append(["城西水务", "供水", "", "漏水", "值班室", "值班", "not-a-phone", "24小时"])
    f = tmp_path / "units.xlsx"
    wb.save(f)

    r = cli("--db", desk_file, "import", "units", f, "--user", "admin")
    assert r.rc == 1, r.text
    assert "第 3 行" in r.err
    assert _count(desk_file, "select count(*) from units where name='城西供电所'") == 0

    out = run_here(["--db", str(desk_file), "import", "units", str(f), "--good-rows", "--user", "admin"])
    assert "第 3 行" in out
    assert _count(desk_file, "select count(*) from units where name='城西供电所'") == 1


def test_export_bulletin_writes_the_workbook_and_the_pdf(cli, desk_file, tmp_path):
    r = cli("--db", desk_file, "export", "bulletin", "--year", "2026", "--month", "11", "--out", tmp_path)
    assert r.rc == 0, r.text
    assert r.out.split() == [str(tmp_path / "热线月报-2026-11.xlsx"), str(tmp_path / "热线月报-2026-11.pdf")]
    r = cli("--db", desk_file, "--lang", "en", "export", "bulletin", "--year", "2026", "--quarter", "5")
    assert r.rc == 1 and r.err.strip() == "The quarter must be 1 to 4."
    r = cli("--db", desk_file, "export", "bulletin", "--year", "2026", "--month", "1", "--quarter", "1")
    assert r.rc == 2
    assert not list(tmp_path.glob("*.part"))
