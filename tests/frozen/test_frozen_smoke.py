"""The desktop build, tested like a desk would use it: copy the folder, run the executable.

Run after building (`bash scripts/build_desktop.sh`, which .ci/run does):

    pytest -m frozen tests/frozen

The folder is dist/hotline-console/ beside build.spec, or $HOTLINE_FROZEN_DIR.
Every test runs a *copy* of that folder (a desk copies it to its PC or a USB
stick), never the source tree: PYTHONPATH and the working folder point at a
decoy `console` package that fails on import, so a frozen program that
reached for an installed or source package would fail here. The home folder
is a fresh empty one, so anything written there is seen.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
import tomllib
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

pytestmark = pytest.mark.frozen

ROOT = Path(__file__).resolve().parents[2]
APP = "hotline-console"
NOT_YET = "Not yet available"
SH = ZoneInfo("Asia/Shanghai")


def built_dir() -> Path:
    return Path(os.environ.get("HOTLINE_FROZEN_DIR") or ROOT / "dist" / APP)


def exe_name() -> str:
    # Windows: the console-mode twin answers on the command line (the other one has no console)
    return f"{APP}-cli.exe" if sys.platform == "win32" else APP


def copy_folder(src: Path, dst: Path) -> Path:
    """The folder as a desk would copy it (hard links where the file system allows: fast, same bytes)."""
    def link_or_copy(s, d):
        try:
            os.link(s, d)
        except OSError:
            shutil.copy2(s, d)
        return d

    shutil.copytree(src, dst, symlinks=True, copy_function=link_or_copy)
    return dst


@pytest.fixture(scope="module")
def frozen(tmp_path_factory) -> Path:
    """A copy of the built folder; returns the executable's path."""
    src = built_dir()
    if not (src / exe_name()).is_file():
        pytest.fail(f"no desktop build at {src}: run `bash scripts/build_desktop.sh` first "
                    "(or set HOTLINE_FROZEN_DIR)")
    return copy_folder(src, tmp_path_factory.mktemp("desk") / APP) / exe_name()


@pytest.fixture(scope="module")
def decoy(tmp_path_factory) -> Path:
    """A folder holding a `console` package that refuses to be imported."""
    d = tmp_path_factory.mktemp("decoy")
    (d / "console").mkdir()
    (d / "console" / "__init__.py").write_text(
        'raise ImportError("the frozen program imported a console package from outside its folder")\n',
        encoding="utf-8")
    return d


def clean_env(home: Path, decoy: Path, **extra: str) -> dict[str, str]:
    """A bare environment: no venv, no Python paths but the decoy, a fresh home, offscreen Qt."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "HOTLINE_", "XDG_", "QT_", "VIRTUAL_ENV", "PYTEST", "LD_"))}
    home.mkdir(parents=True, exist_ok=True)
    runtime = home.parent / (home.name + "-runtime")
    runtime.mkdir(mode=0o700, exist_ok=True)
    env.update(HOME=str(home), USERPROFILE=str(home), APPDATA=str(home / "AppData" / "Roaming"),
               LOCALAPPDATA=str(home / "AppData" / "Local"), XDG_RUNTIME_DIR=str(runtime),
               PYTHONPATH=str(decoy), QT_QPA_PLATFORM="offscreen", LANG="C.UTF-8")
    env.update(extra)
    return env


def run(exe: Path, args: list[str], env: dict[str, str], cwd: Path, timeout: float = 180):
    return subprocess.run([str(exe), *args], env=env, cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", errors="replace", timeout=timeout, stdin=subprocess.DEVNULL)


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def desk(frozen, decoy, tmp_path_factory):
    """A demo desk with 2,000 tickets made by the frozen program; (db, data dir, env)."""
    base = tmp_path_factory.mktemp("demo")
    data = base / "data"
    env = clean_env(base / "home", decoy, HOTLINE_DATA_DIR=str(data))
    db = base / "desk.sqlite3"
    r = run(frozen, ["init", "--demo", "--tickets", "2000", "--seed", "7", "--db", str(db)], env, decoy)
    assert r.returncode == 0, r.stdout + r.stderr
    assert db.is_file()
    return db, data, env


def log_text(data: Path) -> str:
    log = data / "logs" / "hotline.log"
    return log.read_text(encoding="utf-8") if log.exists() else ""


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True,
                         encoding="utf-8", check=True).stdout
    return out.replace("\n", "").replace(" ", "")


def skip_if_not_wired(r, what: str) -> None:
    if r.returncode != 0 and NOT_YET in r.stderr:
        pytest.skip(f"`{what}` is not wired in the CLI yet (it says: {r.stderr.strip()})")


# --- the program ---------------------------------------------------------------------------------


def test_version_comes_from_the_package_metadata_with_the_schema_head(frozen, decoy, tmp_path):
    from importlib.metadata import version as installed_version

    from console import __version__
    from console.store.migrate import head_revision

    # pyproject.toml takes the version from console/__init__.py (tool.setuptools.dynamic)
    assert "version" in tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dynamic"]
    version = installed_version("hotline-console")
    assert version == __version__
    r = run(frozen, ["--version"], clean_env(tmp_path / "home", decoy), decoy)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"hotline-console {version} (schema {head_revision()})"


def test_the_folder_carries_what_the_program_reads(frozen):
    internal = frozen.parent / "_internal"
    broken = [str(p) for p in frozen.parent.rglob("*") if p.is_symlink() and not p.exists()]
    assert broken == [], "links to files the build left out"
    assert (internal / "db" / "migrations" / "env.py").is_file()
    assert list((internal / "db" / "migrations" / "versions").glob("*.py"))
    assert (internal / "db" / "reference" / "categories.json").is_file()
    res = internal / "resources"
    assert (res / "translations" / "hotline_en.qm").is_file()
    assert not list(res.rglob("*.ts")), "translation sources are not shipped"
    assert (res / "icons" / "hotline.svg").is_file()
    assert list((res / "fonts").glob("*.tt[cf]")) and list((res / "fonts").glob("LICENSE*"))
    assert (internal / "PySide6" / "Qt" / "translations" / "qtbase_zh_CN.qm").is_file()
    def present(module):  # the Qt library (libQt6Network.so.6, Qt6Network.dll) or its binding
        return bool(list(internal.rglob(f"*Qt6{module}.*")) or list(internal.rglob(f"Qt{module}.*")))

    assert present("Widgets") and present("Gui")
    unused = [m for m in ("Network", "Qml", "Quick", "WebEngineCore", "Multimedia", "Pdf", "Test")
              if present(m)]
    assert unused == [], f"unused Qt modules in the folder: {unused}"
    assert not list(internal.glob("tkinter")) and not list(internal.glob("_pytest"))


def test_init_demo_and_due_json(desk, frozen):
    db, data, env = desk
    r = run(frozen, ["due", "--json", "--db", str(db)], env, db.parent)
    assert r.returncode == 0, r.stderr
    items = json.loads(r.stdout)
    assert isinstance(items, list) and items, "the demo desk has call-backs falling due"
    assert {"ticket", "kind", "due_at", "overdue"} <= set(items[0])
    assert "Traceback" not in log_text(data)


def previous_quarter(now: datetime) -> tuple[int, int]:
    q = (now.month - 1) // 3 + 1
    return (now.year, q - 1) if q > 1 else (now.year - 1, 4)


def test_export_quarterly_opens_with_openpyxl(desk, frozen, tmp_path):
    import openpyxl

    db, data, env = desk
    year, quarter = previous_quarter(datetime.now(SH))
    out = tmp_path / "out"
    r = run(frozen, ["export", "quarterly", "--year", str(year), "--quarter", str(quarter),
                     "--out", str(out), "--db", str(db), "--lang", "en"], env, tmp_path)
    skip_if_not_wired(r, "export quarterly")
    assert r.returncode == 0, r.stdout + r.stderr
    books = list(out.glob("*.xlsx"))
    assert books, files_under(out)
    wb = openpyxl.load_workbook(books[0], read_only=True)
    try:
        assert "汇总" in wb.sheetnames
        names = [row[0] for row in wb["汇总"].iter_rows(min_col=1, max_col=1, values_only=True)]
        assert any(isinstance(n, str) and "受理" in n for n in names), names[:10]
    finally:
        wb.close()
    for pdf in out.glob("*.pdf"):  # a quarterly PDF, when the export writes one
        assert re.search(r"[\u4e00-\u9fff]{2,}", pdf_text(pdf))
    assert "Traceback" not in log_text(data)


def test_export_shift_log_gives_back_chinese_through_pdftotext(desk, frozen, tmp_path):
    db, data, env = desk
    with sqlite3.connect(db) as con:
        (shift_id,) = con.execute("SELECT id FROM shifts ORDER BY id DESC LIMIT 1").fetchone()
    out = tmp_path / "shift.pdf"
    r = run(frozen, ["export", "shift-log", "--shift", str(shift_id), "--out", str(out),
                     "--db", str(db), "--lang", "en"], env, tmp_path)
    skip_if_not_wired(r, "export shift-log")
    assert r.returncode == 0, r.stdout + r.stderr
    assert out.is_file()
    text = pdf_text(out)
    assert "值班人员" in text and "交班人" in text, text[:300]
    log = log_text(data)
    font = re.search(r"PDF font: (.+?) \(index", log)
    assert font, "the PDF font is logged"
    assert Path(font.group(1)).is_relative_to(frozen.parent), f"the PDF font came from outside: {font.group(1)}"
    assert "Traceback" not in log


def test_import_units_reads_a_spreadsheet(desk, frozen, tmp_path):
    """openpyxl and defusedxml, loaded only for an import, are in the folder and work."""
    from openpyxl import Workbook

    db, data, env = desk
    copy = shutil.copyfile(db, tmp_path / "desk.sqlite3")
    wb = Workbook()
    ws = wb.active
    for row in (["单位名称", "类别", "负责社区", "负责分类", "联系人", "职务", "电话", "值班时间"],
                ["冒烟测试自来水公司", "供水", "嘉宏三村", "水电气/漏水", "调度室", "调度", "13800138010", "24小时"]):
        ws.append(row)
    book = tmp_path / "phonebook.xlsx"
    wb.save(book)
    r = run(frozen, ["import", "units", str(book), "--db", str(copy), "--lang", "en", "--user", "admin"],
            {**env, "HOTLINE_PASSWORD": "hotline"}, tmp_path)  # the demo desk's password
    skip_if_not_wired(r, "import units")
    assert r.returncode == 0, r.stdout + r.stderr
    with sqlite3.connect(copy) as con:
        assert con.execute("SELECT count(*) FROM units WHERE name = ?", ("冒烟测试自来水公司",)).fetchone() == (1,)


def test_the_window_stays_up_and_closes_cleanly(desk, frozen):
    db, data, env = desk
    env = dict(env, HOTLINE_AUTOLOGIN="zhang:hotline", HOTLINE_QUIT_AFTER_MS="5000",
               HOTLINE_STARTUP_MARKER="1")
    start = time.monotonic()
    p = subprocess.Popen([str(frozen), "--db", str(db)], env=env, cwd=db.parent, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
                         errors="replace")
    try:
        shown = None
        for line in p.stdout:
            if line.strip() == "HOTLINE_WINDOW_SHOWN":
                shown = time.monotonic() - start
                break
        rest, err = p.communicate(timeout=120)
    finally:
        if p.poll() is None:
            p.kill()
            p.communicate()
    total = time.monotonic() - start
    log = log_text(data)
    assert p.returncode == 0, err + log[-3000:]
    assert shown is not None, "the window never showed: " + err + log[-3000:]
    # Timings are printed for whoever reads the CI log; the start-up target (3 s) is measured in bench/.
    print(f"\nfrozen window shown after {shown:.2f} s; process ended after {total:.2f} s")
    assert "logged in: zhang (operator)" in log
    asked = log.find("unattended run: closing the window after 5000 ms, as asked")
    assert asked >= 0, "the window closed before the 5 s asked: " + log[-3000:]
    closed = log.find("main window closed (workers finished: True)")
    assert asked < closed < log.find("window stopped")
    qt_tr = re.search(r"Qt translation qtbase_zh_CN from (.+)", log)
    assert qt_tr and Path(qt_tr.group(1).strip()).is_relative_to(frozen.parent), \
        "Qt's own Chinese (qtbase_zh_CN.qm) loads from the folder"
    assert "Traceback" not in log and "Traceback" not in err
    crash = data / "logs" / "crash.log"
    assert not crash.exists() or not crash.read_text(encoding="utf-8", errors="replace").strip()


# --- PostgreSQL (several seats) ------------------------------------------------------------------


@pytest.fixture
def pg_database():
    """A fresh PostgreSQL database on the CI's throwaway server; its URL. Dropped afterwards."""
    from engines import NO_PG_REASON, create_database, drop_database, pg_url
    from sqlalchemy.engine import make_url

    base = pg_url()
    if not base:
        pytest.skip(NO_PG_REASON)
    name = f"{make_url(base).database}_frozen_{os.getpid()}"
    url = create_database(base, name)
    yield url
    drop_database(base, name)


def test_a_postgresql_desk_with_its_driver_and_pg_dump(frozen, decoy, pg_database, tmp_path):
    """The driver travels in the folder; the server's pg_dump, started by the program, runs clean."""
    data = tmp_path / "data"
    env = clean_env(tmp_path / "home", decoy, HOTLINE_DATA_DIR=str(data))
    r = run(frozen, ["init", "--demo", "--tickets", "200", "--seed", "5", "--db", pg_database], env, tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    r = run(frozen, ["due", "--json", "--db", pg_database], env, tmp_path)
    assert r.returncode == 0, r.stderr
    assert isinstance(json.loads(r.stdout), list)
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not on PATH (the server's client tools)")
    out = tmp_path / "desk.pgdump"
    r = run(frozen, ["backup", "--db", pg_database, "--out", str(out), "--lang", "en"], env, tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr  # pg_dump must not load the folder's libraries
    assert out.is_file() and out.read_bytes()[:5] == b"PGDMP"
    assert "Traceback" not in log_text(data)


# --- portable mode -------------------------------------------------------------------------------


def test_portable_mode_keeps_everything_beside_the_executable(frozen, decoy, tmp_path):
    folder = copy_folder(frozen.parent, tmp_path / "usb" / APP)
    exe = folder / frozen.name
    (folder / "portable").write_text("", encoding="utf-8")
    home = tmp_path / "home"
    env = clean_env(home, decoy)
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    r = run(exe, ["init", "--demo", "--tickets", "50", "--seed", "3"], env, elsewhere)
    assert r.returncode == 0, r.stdout + r.stderr
    w = run(exe, ["--demo"], dict(env, HOTLINE_AUTOLOGIN="zhang:hotline", HOTLINE_QUIT_AFTER_MS="1500"),
            elsewhere)
    data = folder / "data"
    assert w.returncode == 0, w.stderr + log_text(data)[-3000:]
    assert (data / "demo.sqlite3").is_file()
    assert "logged in: zhang" in log_text(data)
    assert list((data / "settings").rglob("*.ini")), "the window's settings (QSettings) stay in data/"
    assert (data / "logs" / "hotline.log").is_file()
    assert files_under(home) == [], "portable mode wrote into the home folder"
    assert files_under(elsewhere) == []


def test_without_the_portable_file_the_user_data_folder_is_used(frozen, decoy, tmp_path):
    folder = copy_folder(frozen.parent, tmp_path / "pc" / APP)
    home = tmp_path / "home"
    r = run(folder / frozen.name, ["init", "--demo", "--tickets", "20", "--seed", "3"],
            clean_env(home, decoy), tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert not (folder / "data").exists()
    assert any(p.endswith("demo.sqlite3") for p in files_under(home)), files_under(home)
