"""When things go wrong: one line for the user, the details in the log, never a traceback."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time

import pytest


def test_unexpected_exception_goes_to_the_log(cli):
    r = cli("due", env={"HOTLINE_TEST_CRASH": "1"})
    assert r.rc == 1
    log = cli.data_dir / "logs" / "hotline.log"
    lines = r.err.strip().splitlines()
    assert len(lines) == 1 and r.out == ""
    assert lines[0] == f"出错了：RuntimeError: HOTLINE_TEST_CRASH test hook。详细信息已写入 {log}"
    text = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "HOTLINE_TEST_CRASH test hook" in text
    assert (cli.data_dir / "logs" / "crash.log").exists()  # faulthandler's file for hard crashes

    r = cli("--lang", "en", "due", env={"HOTLINE_TEST_CRASH": "1"})
    assert r.rc == 1
    assert r.err.strip() == (f"Something went wrong: RuntimeError: HOTLINE_TEST_CRASH test hook. "
                             f"Details were written to {log}")


def _corrupt_pages(path) -> None:
    """Keep the header page, overwrite every other page with noise."""
    size = path.stat().st_size
    with open(path, "r+b") as f:
        f.seek(4096)
        f.write(os.urandom(size - 4096))


def test_check_finds_a_damaged_file(cli, desk_file):
    _corrupt_pages(desk_file)
    r = cli("--db", desk_file, "check")
    assert r.rc == 1
    assert r.err.startswith("检查发现") and r.out == ""
    assert "\n  - " in r.err


def test_a_file_that_is_not_a_database(cli, tmp_path):
    f = tmp_path / "notes.sqlite3"
    f.write_bytes("值班记录，不是数据库。".encode() * 300)
    before = f.read_bytes()
    r = cli("--db", f, "due")
    assert r.rc == 1
    assert r.err.strip() == f"不是有效的数据库文件或已损坏（{f}）。可用 hotline-console restore 从备份恢复。"
    r = cli("--db", f, "--lang", "en", "check")
    assert r.rc == 1
    assert "not a valid database file" in r.err
    assert f.read_bytes() == before  # never written to
    assert not (tmp_path / "notes.sqlite3-wal").exists()


def _immutable(path):
    """Make `path` truly read-only, even for root (who ignores chmod): chattr +i."""
    if os.geteuid() != 0:
        os.chmod(path, 0o555 if path.is_dir() else 0o444)
        return lambda: os.chmod(path, 0o755 if path.is_dir() else 0o644)
    if shutil.which("chattr") is None:
        pytest.skip("running as root without chattr: no way to make a file read-only for root")
    r = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"running as root and chattr +i failed here ({r.stderr.strip()}): "
                    "root ignores file permissions")
    return lambda: subprocess.run(["chattr", "-i", str(path)], check=True)


def test_read_only_file_and_folder(cli, desk_file, tmp_path):
    undo = _immutable(desk_file)
    try:
        r = cli("--db", desk_file, "user", "add", "night", "--role", "operator", "--user", "admin",
                input="secret12\n")
    finally:
        undo()
    assert r.rc == 1
    assert r.err.strip().startswith(f"数据库文件是只读的，无法保存更改（{desk_file}）")

    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "desk.sqlite3"
    shutil.copyfile(desk_file, db)
    undo = _immutable(folder)
    try:
        r = cli("--db", db, "--lang", "en", "due")
    finally:
        undo()
    assert r.rc == 1
    assert r.err.strip().startswith(f"The database file cannot be opened ({db})")


def test_locked_database(cli, desk_file, tmp_path):
    backup = tmp_path / "b.sqlite3"
    # Copied before the lock is taken: closing any descriptor of the file in this
    # process would drop the process's POSIX locks on it, the holder's included.
    shutil.copyfile(desk_file, backup)
    holder = sqlite3.connect(desk_file, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program in the middle of a write
    try:
        start = time.monotonic()
        r = cli("--db", desk_file, "user", "add", "night", "--role", "operator", "--user", "admin",
                input="secret12\n",
                env={"HOTLINE_BUSY_TIMEOUT_MS": "200"})
        assert r.rc == 1
        assert r.err.strip() == f"数据库正被另一个程序占用，请稍后再试（{desk_file}）。"
        assert time.monotonic() - start < 20

        r = cli("--db", desk_file, "restore", backup, "--user", "admin")
        assert r.rc == 1  # refused already at the login (its count is a write), or at the restore itself
        assert "正被另一个程序占用" in r.err or "正被另一个程序使用" in r.err
        assert not list(tmp_path.glob("*.replaced-*"))
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_unreachable_server_message_hides_the_password(cli):
    url = "postgresql+psycopg://desk:hunter2@127.0.0.1:1/hotline"
    r = cli("--db", url, "due")
    assert r.rc == 1
    assert "hunter2" not in r.text
    assert r.err.startswith("无法连接数据库服务器（postgresql+psycopg://desk:***@127.0.0.1:1/hotline）")
    log = (cli.data_dir / "logs" / "hotline.log").read_text(encoding="utf-8")
    assert "hunter2" not in log


@pytest.fixture
def pg_database():
    """A throwaway database on the test server (HOTLINE_TEST_PG_URL), dropped afterwards."""
    url = os.environ.get("HOTLINE_TEST_PG_URL")
    if not url:
        pytest.skip("HOTLINE_TEST_PG_URL is not set (no PostgreSQL server for tests)")
    psycopg = pytest.importorskip("psycopg")
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"hotline_cli_{os.getpid()}"
    admin = base.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}"')
        con.execute(f'CREATE DATABASE "{name}"')
    yield base.set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.pg
def test_postgres_desk_from_the_command_line(cli, pg_database):
    r = cli("init", env={"HOTLINE_DB": pg_database})
    assert r.rc == 0, r.text
    assert r.out.startswith("已创建数据库")
    r = cli("--db", pg_database.rsplit("/", 1)[0] + "/no_such_database", "check")
    assert r.rc == 1 and "无法连接数据库服务器" in r.err and "Traceback" not in r.text


def test_an_error_in_a_finaliser_goes_to_the_log_not_the_terminal(tmp_path):
    """Python prints "Exception ignored in … Traceback" for errors raised in __del__ (a ZipFile
    closed on a full disk); the program routes them to its log."""
    script = (
        "import sys\n"
        "from console import log_setup\n"
        "log_setup.setup_logging()\n"
        "log_setup.install_excepthooks('zh_CN')\n"
        "class Leaky:\n"
        "    def __del__(self):\n"
        "        raise OSError(28, 'No space left on device')\n"
        "Leaky()\n"
        "print('after', flush=True)\n"
    )
    env = dict(os.environ, HOTLINE_DATA_DIR=str(tmp_path / "data"))
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 0 and r.stdout.strip() == "after"
    assert "Traceback" not in r.stderr and "Exception ignored" not in r.stderr, r.stderr
    log = (tmp_path / "data" / "logs" / "hotline.log").read_text(encoding="utf-8")
    assert "ignored in" in log and "No space left on device" in log


def test_check_names_open_tickets_that_no_reminder_reaches(cli, desk_file):
    """The deadline invariant (console.domain.deadline_effects) as a `check` finding: a hand edit, an old
    program or a restore can leave an open ticket without its resolution deadline."""
    from helpers import lookup_ids

    from console.services import tickets as T
    from console.services.context import Desk
    from console.store.database import Database

    db = Database(desk_file)
    try:
        logged = T.log_call(Desk(db), lookup_ids(db).actors["op"], T.NewCall(description="楼道停电"))
    finally:
        db.dispose()
    assert cli("--db", desk_file, "check").rc == 0
    con = sqlite3.connect(desk_file)
    con.execute("DELETE FROM deadlines WHERE ticket_id = ?", (logged.id,))
    con.commit()
    con.close()
    number = logged.number
    r = cli("--db", desk_file, "check")
    assert r.rc == 1 and r.out == ""
    assert f"1 张未办结工单没有办结时限，待办提醒永远不会提到它们（如 {number}）。" in r.err
    r = cli("--db", desk_file, "--lang", "en", "check")
    assert "1 open ticket(s) have no resolution deadline" in r.err
