"""The pieces behind the command line, in-process: error classification, progress,
backup rotation, password input, and how the window is launched."""
from __future__ import annotations

import io
import sqlite3
import subprocess
import sys
import types

import pytest
from sqlalchemy.exc import OperationalError as SAOperationalError

from console.domain.errors import UserError, ValidationError
from console.store.db_errors import DatabaseUnavailable, classify


def _sqlite_error(code: int, text: str = "some text") -> sqlite3.Error:
    e = sqlite3.OperationalError(text)
    e.sqlite_errorcode = code
    return e


@pytest.mark.parametrize("code, reason", [
    (5, "busy"), (6, "busy"), (8, "readonly"), (8 | (4 << 8), "readonly"),  # SQLITE_READONLY_DBMOVED
    (10, "io"), (10 | (3 << 8), "io"), (13, "full"), (11, "corrupt"), (26, "corrupt"), (14, "cantopen"),
])
def test_sqlite_errors_are_classified_by_code(code, reason):
    wrapped = SAOperationalError("SELECT 1", {}, _sqlite_error(code))
    found = classify(wrapped, "/srv/desk.sqlite3")
    assert isinstance(found, DatabaseUnavailable) and found.reason == reason
    assert "/srv/desk.sqlite3" in found.zh and "/srv/desk.sqlite3" in found.en


def test_classification_ignores_the_message_text():
    # "database is locked" in the text, but the code says disk full: the code wins
    assert classify(_sqlite_error(13, "database is locked")).reason == "full"
    assert classify(_sqlite_error(1, "database is locked")) is None  # SQLITE_ERROR: a bug, not the user's
    assert classify(RuntimeError("database is locked")) is None


def test_user_errors_pass_through():
    e = ValidationError("中文。", "English.")
    assert classify(e) is e


def test_postgres_errors_by_sqlstate():
    psycopg = pytest.importorskip("psycopg")
    from psycopg import errors

    url = "postgresql+psycopg://desk:***@db.example/hotline"
    assert classify(psycopg.OperationalError("connection failed"), url).reason == "connect"
    assert classify(errors.lookup("28P01")("x"), url).reason == "auth"
    assert classify(errors.lookup("3D000")("x"), url).reason == "nodb"
    assert classify(errors.lookup("53100")("x"), url).reason == "full"
    assert classify(errors.lookup("25006")("x"), url).reason == "readonly"
    assert classify(errors.lookup("42P01")("x"), url) is None  # undefined table: a bug
    assert url in classify(psycopg.OperationalError("x"), url).zh


def test_os_errors_by_errno(tmp_path):
    import errno

    e = PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "x"))
    assert str(tmp_path / "x") in classify(e).zh
    assert classify(OSError(errno.ENOSPC, "No space left")).en.startswith("The disk is full")
    assert classify(OSError(errno.EINVAL, "Invalid")) is None


class _Stream(io.StringIO):
    def __init__(self, tty: bool):
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


def test_progress_one_updating_line_on_a_terminal():
    from console.cli import Ctx, Progress

    s = _Stream(tty=True)
    p = Progress(Ctx(), "生成演示数据…", "Building…", stream=s)
    for i in range(0, 101):
        p(i, 100)
    p.finish()
    text = s.getvalue()
    assert text.count("\n") == 1 and text.endswith("\n")
    assert text.count("\r") == 101 and "100%" in text


def test_progress_every_tenth_when_not_a_terminal():
    from console.cli import Ctx, Progress

    s = _Stream(tty=False)
    p = Progress(Ctx(lang="en"), "生成演示数据…", "Building…", stream=s)
    for i in range(0, 1001):
        p(done=i, total=1000)
    p(500, 1000)  # a report behind the last one does not print a line going backwards
    p.finish()
    lines = s.getvalue().splitlines()
    assert len(lines) == 11 and "\r" not in s.getvalue()
    assert lines[0].startswith("Building…   0%") and lines[-1].startswith("Building… 100%")


def test_rotation_keeps_the_newest_30_and_nothing_else_is_touched(tmp_path):
    from console.store.backup_files import rotate_backups

    names = [f"hotline-202611{d:02d}-0300{s:02d}.sqlite3" for d in range(1, 19) for s in (0, 1)]
    for n in names:
        (tmp_path / n).write_bytes(b"x")
    (tmp_path / "hotline-20261101-030000-2.sqlite3").write_bytes(b"x")  # second backup in one second
    keep_others = ["pre-migrate-0001-20260101-000000.sqlite3", "mine.sqlite3", "hotline-notes.sqlite3"]
    for n in keep_others:
        (tmp_path / n).write_bytes(b"x")
    gone = rotate_backups(tmp_path, keep=30)
    assert len(gone) == 37 - 30
    left = sorted(p.name for p in tmp_path.iterdir())
    assert all(n in left for n in keep_others)
    ours = [n for n in left if n not in keep_others]
    assert len(ours) == 30 and ours == sorted(names + ["hotline-20261101-030000-2.sqlite3"])[-30:]


def test_password_on_a_terminal_is_asked_twice():
    from console.cli import Ctx, read_password

    answers = iter(["secret-1", "secret-2"])
    with pytest.raises(ValidationError) as e:
        read_password(Ctx(), stdin=_Stream(tty=True), getpass=lambda prompt: next(answers))
    assert "不一致" in e.value.zh
    answers = iter(["secret-1", "secret-1"])
    assert read_password(Ctx(), stdin=_Stream(tty=True), getpass=lambda prompt: next(answers)) == "secret-1"
    piped = io.StringIO("with spaces kept \r\nsecond line\n")
    assert read_password(Ctx(), stdin=piped) == "with spaces kept "


@pytest.fixture
def fresh_data_dir(tmp_path, monkeypatch):
    d = tmp_path / "data"
    monkeypatch.setenv("HOTLINE_DATA_DIR", str(d))
    monkeypatch.delenv("HOTLINE_DB", raising=False)
    return d


def test_window_gets_a_ready_database(fresh_data_dir, monkeypatch):
    from console import app, cli, paths

    calls = []
    fake = types.ModuleType("console.ui.shell.launch")
    fake.run_gui = lambda db_target, lang, demo, probe=None: calls.append((db_target, lang, demo)) or 0
    monkeypatch.setitem(sys.modules, "console.ui.shell.launch", fake)
    args = cli.parse_args(["--lang", "en"])
    assert app.launch_window(args, cli.Ctx(lang=args.lang)) == 0
    assert calls == [(str(paths.default_db_path()), "en", False)]
    con = sqlite3.connect(paths.default_db_path())
    try:  # created, migrated and seeded before the window opens
        assert con.execute("select count(*) from alembic_version").fetchone()[0] == 1
        assert con.execute("select count(*) from categories").fetchone()[0] > 0
    finally:
        con.close()


def test_window_not_available_is_one_clear_line(fresh_data_dir, monkeypatch):
    from console import app, cli

    monkeypatch.setitem(sys.modules, "console.ui.shell.launch", None)  # import fails as if missing
    args = cli.parse_args([])
    with pytest.raises(UserError) as e:
        app.launch_window(args, cli.Ctx())
    assert "尚未提供" in e.value.zh


def test_demo_window_builds_the_demo_desk_once(fresh_data_dir, monkeypatch):
    from console import app, cli, paths
    from console.demo import desk as demo_desk

    built = []
    real = demo_desk.build_demo_desk

    def small(desk, progress=None, **kw):  # the default 20,000 tickets would take seconds
        built.append(kw)
        return real(desk, tickets=30, seed=3, progress=progress)

    monkeypatch.setattr(demo_desk, "build_demo_desk", small)
    calls = []
    fake = types.ModuleType("console.ui.shell.launch")
    fake.run_gui = lambda db_target, lang, demo, probe=None: calls.append((db_target, lang, demo)) or 0
    monkeypatch.setitem(sys.modules, "console.ui.shell.launch", fake)
    args = cli.parse_args(["--demo"])
    out = io.StringIO()
    assert app.launch_window(args, cli.Ctx(out=out, err=out)) == 0
    assert calls == [(str(paths.demo_db_path()), "zh_CN", True)]
    assert built == [{}] and "演示账号" in out.getvalue()
    assert not list(paths.data_dir().glob("*.creating*"))
    con = sqlite3.connect(paths.demo_db_path())
    try:
        assert con.execute("select count(*) from tickets").fetchone()[0] >= 30
    finally:
        con.close()
    assert app.launch_window(args, cli.Ctx(out=out, err=out)) == 0  # second start: opened, not rebuilt
    assert len(built) == 1 and len(calls) == 2


def _fresh_python(code: str) -> None:
    """`code` run in a new interpreter (what it imports is its own); it must end without error."""
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_cli_modules_load_without_qt_or_sqlalchemy():
    code = ("import sys, console.app, console.cli, console.log_setup, console.store.db_errors\n"
            "bad = [m for m in sys.modules if m.startswith(('PySide6', 'sqlalchemy', 'alembic'))]\n"
            "assert not bad, bad\n")
    _fresh_python(code)



def test_parsing_a_command_loads_no_command_module():
    """Every start parses the command line, the window's too: the handlers are imported only
    when their command runs, so parsing and --version pay for none of them."""
    code = ("import sys, console.cli as cli\n"
            "for argv in (['due'], ['init', '--demo'], ['import', 'tickets', 'x.xlsx'], ['--lang', 'en']):\n"
            "    cli.parse_args(argv)\n"
            "bad = [m for m in sys.modules if m.startswith(('console.cli.commands', 'console.services'))]\n"
            "assert not bad, bad\n"
            "assert callable(cli.create_database) and callable(cli.read_password)\n")
    _fresh_python(code)


def test_the_command_line_builds_no_sql():
    """Queries live in console/store and sessions in console/services (issue 16): no module of
    console/cli imports SQLAlchemy, the models or the query modules, even inside a function."""
    import ast
    from pathlib import Path

    import console.cli

    forbidden = ("sqlalchemy", "alembic", "console.store.models", "console.store.queries",
                 "console.store.report_queries", "console.store.shift_log_queries")
    found = []
    for path in Path(console.cli.__file__).parent.rglob("*.py"):
        package = "console.cli" + "".join(f".{p}" for p in path.parent.relative_to(
            Path(console.cli.__file__).parent).parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = package.rsplit(".", node.level - 1)[0] if node.level else ""
                module = ".".join(p for p in (base, node.module) if p)
                names = [module] + [f"{module}.{a.name}" for a in node.names]
            else:
                continue
            found += [f"{path.name}:{node.lineno} {n}" for n in names
                      if any(n == f or n.startswith(f + ".") for f in forbidden)]
    assert not found, found

def test_window_on_an_empty_file_refuses_and_leaves_it_for_init(fresh_data_dir, tmp_path, monkeypatch):
    """A 0-byte file where a desk should be is most often a copy that failed: only `init` may
    make a new desk of it (the window would otherwise hide the loss behind an empty desk)."""
    from console import app, cli
    from console.domain.errors import UserError

    calls = []
    fake = types.ModuleType("console.ui.shell.launch")
    fake.run_gui = lambda db_target, lang, demo, probe=None: calls.append(db_target) or 0
    monkeypatch.setitem(sys.modules, "console.ui.shell.launch", fake)
    empty = tmp_path / "touched.sqlite3"
    empty.touch()
    args = cli.parse_args(["--db", str(empty)])
    with pytest.raises(UserError) as e:
        app.launch_window(args, cli.Ctx())
    assert "0 字节" in e.value.message("zh_CN") and "hotline-console init" in e.value.message("zh_CN")
    assert calls == [] and empty.stat().st_size == 0


def test_window_on_a_current_desk_skips_the_database_layer(fresh_data_dir, db_path, monkeypatch):
    """A desk at the current schema goes straight to the login dialog with the quick probe's answer."""
    from console import app, cli

    calls = []
    fake = types.ModuleType("console.ui.shell.launch")
    fake.run_gui = lambda db_target, lang, demo, probe=None: calls.append(probe) or 0
    monkeypatch.setitem(sys.modules, "console.ui.shell.launch", fake)
    monkeypatch.setattr(app, "_prepare_database", lambda *a: pytest.fail("migrated a current desk"))
    assert app.launch_window(cli.parse_args(["--db", str(db_path)]), cli.Ctx()) == 0
    assert calls[0] is not None and calls[0].ready


def test_window_on_an_older_schema_migrates_before_opening(fresh_data_dir, db_path, monkeypatch):
    from console import app, cli

    prepared = []
    monkeypatch.setattr(app, "_prepare_database", lambda ctx, target: prepared.append(target))
    monkeypatch.setattr("console.store.quick_probe.SCHEMA_HEAD", "9999")  # as if this program were newer
    fake = types.ModuleType("console.ui.shell.launch")
    fake.run_gui = lambda db_target, lang, demo, probe=None: 0
    monkeypatch.setitem(sys.modules, "console.ui.shell.launch", fake)
    assert app.launch_window(cli.parse_args(["--db", str(db_path)]), cli.Ctx()) == 0
    assert prepared == [str(db_path)]


def test_a_handler_loads_only_its_own_command_module():
    """`export shift-log` pays for the export module only, not for import, init, calls … (issue 21)."""
    _fresh_python("import sys\nfrom console.cli import commands\n"
                  "assert callable(commands.cmd_export_shift_log)\n"
                  "loaded = sorted(m for m in sys.modules if m.startswith('console.cli.commands.'))\n"
                  "assert loaded == ['console.cli.commands.exports'], loaded\n"
                  "assert not hasattr(commands, 'cmd_nothing')\n")
