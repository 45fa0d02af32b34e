"""The command line acts as someone (console.cli.acting): commands that change the desk or unmask take
--user NAME, the password from the terminal or $HOTLINE_PASSWORD (never the command line), the role is
checked by the same services as in the window, and the audit rows name the user and the operating-system
account."""
from __future__ import annotations

import getpass
import io
import sqlite3
from contextlib import closing

import pytest
from openpyxl import Workbook

from console.cli import Ctx
from console.cli.acting import acting_user
from console.domain.errors import UserError


def _q(path, sql: str, *args):
    with closing(sqlite3.connect(path)) as con:
        return con.execute(sql, args).fetchall()


@pytest.fixture
def units_sheet(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["单位名称", "类别", "负责社区", "负责分类", "联系人", "职务", "电话", "值班时间"])
    ws.append(["城西供电所", "供电所", "", "停电", "值班室", "值班", "95598", "24小时"])
    f = tmp_path / "units.xlsx"
    wb.save(f)
    return f


def _imported(desk_file) -> int:
    return _q(desk_file, "select count(*) from units where name = '城西供电所'")[0][0]


def test_a_change_without_a_user_is_refused_and_changes_nothing(cli, desk_file, units_sheet):
    r = cli("--db", desk_file, "import", "units", units_sheet)
    assert r.rc == 1 and "--user" in r.err and "未做任何改动" in r.err
    r = cli("--db", desk_file, "--lang", "en", "user", "add", "night", "--role", "operator", input="secret12\n")
    assert r.rc == 1 and r.err.startswith("This command changes the desk or unmasks data")
    assert _imported(desk_file) == 0
    assert _q(desk_file, "select count(*) from users where username = 'night'")[0][0] == 0


def test_a_wrong_password_is_refused_and_counted_like_the_window(cli, desk_file, units_sheet):
    r = cli("--db", desk_file, "import", "units", units_sheet, "--user", "admin", env={"HOTLINE_PASSWORD": "nope"})
    assert r.rc == 1 and "用户名或密码不对" in r.err
    assert _imported(desk_file) == 0
    assert _q(desk_file, "select failures from login_throttle where username = 'admin'") == [(1,)]


def test_the_audit_rows_name_the_user_and_the_operating_system_account(cli, desk_file, units_sheet):
    r = cli("--db", desk_file, "import", "units", units_sheet, "--user", "lead")
    assert r.rc == 0, r.text
    assert _imported(desk_file) == 1
    lead = _q(desk_file, "select id from users where username = 'lead'")[0][0]
    rows = _q(desk_file, "select user_id, via from audit_log where entity = 'unit' order by id")
    assert rows and set(rows) == {(lead, f"cli:{getpass.getuser()}")}
    assert "检查通过" in cli("--db", desk_file, "check").out  # the chain holds with `via` hashed in


def test_the_role_is_checked_by_the_service_as_in_the_window(cli, desk_file, tmp_path):
    r = cli("--db", desk_file, "user", "add", "night", "--role", "admin", "--user", "op", input="secret12\n")
    assert r.rc == 1 and "只有管理员可以管理账号" in r.err
    assert _q(desk_file, "select count(*) from users where username = 'night'")[0][0] == 0

    quarter = ("export", "quarterly", "--year", "2026", "--quarter", "3", "--out", tmp_path)
    r = cli("--db", desk_file, *quarter, "--no-mask")
    assert r.rc == 1 and "--user" in r.err  # unmasking names who does it
    r = cli("--db", desk_file, *quarter, "--no-mask", "--user", "op")
    assert r.rc == 1 and "只有值班领导或管理员可以导出未打码的电话号码" in r.err
    assert not list(tmp_path.glob("*.xlsx"))
    assert cli("--db", desk_file, *quarter).rc == 0  # masked: no user needed
    assert cli("--db", desk_file, *quarter, "--no-mask", "--user", "lead").rc == 0


def test_restore_and_migrate_data_are_for_administrators(cli, desk_file, tmp_path):
    backup = tmp_path / r"copy.sqlite3"
    assert cli("--db", desk_file, "backup", "--out", backup).rc == 0
    before = desk_file.read_bytes()
    r = cli("--db", desk_file, "restore", backup, "--user", "lead")
    assert r.rc == 1 and "只有管理员可以从备份恢复或整库迁移数据库" in r.err
    assert desk_file.read_bytes() == before and not list(tmp_path.glob("*.replaced-*"))
    r = cli("migrate-data", "--from", desk_file, "--to", tmp_path / "moved.sqlite3", "--user", "lead")
    assert r.rc == 1 and not (tmp_path / "moved.sqlite3").exists()

    r = cli("--db", desk_file, "restore", backup, "--user", "admin")
    assert r.rc == 0, r.text
    admin = _q(desk_file, "select id from users where username = 'admin'")[0][0]
    last = _q(desk_file, "select action, user_id, via, new from audit_log order by id desc limit 1")[0]
    assert last[:3] == ("restore_desk", admin, f"cli:{getpass.getuser()}") and str(backup) in last[3]


def test_a_desk_without_accounts_acts_as_the_system_until_the_first_is_added(cli, tmp_path):
    fresh = tmp_path / "new.sqlite3"
    assert cli("--db", fresh, "init").rc == 0
    r = cli("--db", fresh, "user", "add", "boss", "--role", "admin", input="secret12\n")
    assert r.rc == 0, r.text
    assert "还没有账号" in r.err
    assert _q(fresh, "select action, user_id, via from audit_log where action = 'add_user'") == [
        ("add_user", None, f"cli:{getpass.getuser()}")]
    r = cli("--db", fresh, "user", "add", "night", "--role", "operator", input="secret12\n")
    assert r.rc == 1 and "--user" in r.err  # from now on someone is named


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_password_is_asked_on_a_terminal_and_never_read_from_a_pipe(desk, monkeypatch):
    monkeypatch.delenv("HOTLINE_PASSWORD", raising=False)
    asked: list[str] = []

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return "secret1"

    actor = acting_user(Ctx(), desk, "lead", stdin=_Terminal(), ask=ask)
    assert actor.username == "lead" and asked == ["用户 lead 的密码："] and actor.via.startswith("cli:")
    with pytest.raises(UserError) as e:
        acting_user(Ctx(lang="en"), desk, "lead", stdin=io.StringIO("secret1\n"), ask=ask)
    assert "HOTLINE_PASSWORD" in e.value.en and len(asked) == 1  # a pipe is not a password prompt
