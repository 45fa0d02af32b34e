"""Issue 15 "done when": a 3,000-row register that names 5 communities, 12 units and 2 categories
a fresh `init` desk lacks. Without --add-missing the report has one line per cause; with it,
everything arrives in one transaction; a SIGKILL in the middle of the write leaves none of it."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
H = ["受理时间", "来电人", "来电号码", "地址", "社区", "诉求类型", "问题分类", "内容", "承办单位", "派单时间",
     "办结时间", "办理结果", "回访时间", "满意度", "状态"]
N = 3000
COMMUNITIES = ["临江一村", "临江二村", "临江三村", "望江苑", "滨江花园"]  # 600 rows each, in blocks
UNITS = [f"临江{i}号物业" for i in range(1, 13)]  # 250 rows each
SATISFACTION = ["满意", "基本满意", "不满意"]


def category(i: int) -> str:
    if i < 1000:
        return "水电气/暖气"  # a new child of the existing 水电气
    if i < 2000:
        return "宠物扰民"  # a new top-level category
    return "噪音扰民"  # one the desk has


def write_register(path: Path) -> Path:
    """Rows 2–3001; every fourth row still being handled (处理中), the rest called back."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("登记表")
    ws.append(H)
    start = datetime(2025, 4, 1, 8, 0)
    for i in range(N):
        at = start + timedelta(minutes=40 * i)
        d = at + timedelta(minutes=10)
        common = [at.strftime("%Y-%m-%d %H:%M"), f"居民{i}", f"1380013{i:04d}", f"{i % 30 + 1}号",
                  COMMUNITIES[i // 600], "求助", category(i), f"第 {i} 号来电：暖气不热", UNITS[i // 250],
                  d.strftime("%Y-%m-%d %H:%M")]
        if i % 4 == 3:
            ws.append(common + ["", "", "", "", "处理中"])
        else:
            r, cb = at + timedelta(days=1), at + timedelta(days=2)
            ws.append(common + [r.strftime("%Y-%m-%d %H:%M"), "已处理", cb.strftime("%Y-%m-%d %H:%M"),
                                SATISFACTION[i % 3], "已回访"])
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def register(tmp_path_factory) -> Path:
    return write_register(tmp_path_factory.mktemp("register") / "旧登记表.xlsx")


@pytest.fixture
def fresh(cli, tmp_path) -> Path:
    db = tmp_path / "desk.sqlite3"
    r = cli("--db", db, "init")
    assert r.rc == 0, r.text
    return db


def counts(db: Path) -> dict[str, int]:
    con = sqlite3.connect(db)
    try:
        q = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "tickets": q("select count(*) from tickets"),
            "communities": q("select count(*) from communities"),
            "import_units": q("select count(*) from units where origin = 'import'"),
            "contacts": q("select count(*) from contacts"),
            "categories": q("select count(*) from categories"),
            "open_deadlines": q("select count(*) from deadlines where done_at is null"),
            "overdue": q("select count(*) from deadlines where done_at is null and due_at < datetime('now')"),
            "reopened": q("select count(*) from tickets where status = 'reopened' or reopen_count > 0"),
        }
    finally:
        con.close()


def test_without_add_missing_one_line_per_cause(cli, fresh, register):
    before = counts(fresh)
    r = cli("--db", fresh, "import", "tickets", register, timeout=300)
    assert r.rc == 1
    err = r.err.strip().splitlines()
    lines = err[next(i for i, ln in enumerate(err) if ln.startswith("旧登记表.xlsx")):]  # progress lines before
    assert lines[0].startswith("旧登记表.xlsx：有 3000 行错误，未导入任何数据")
    causes = [ln for ln in lines if "行（" in ln]
    assert len(causes) == 5 + 12 + 2  # one line per cause, not one per row
    assert "社区“临江一村”不存在：第 2–601 行（600 行）" in causes
    assert "承办单位“临江12号物业”不在电话簿中：第 2752–3001 行（250 行）" in causes
    assert any(ln.startswith("问题分类“宠物扰民”不存在") and ln.endswith("：第 1002–2001 行（1000 行）")
               for ln in causes)
    assert any("--add-missing" in ln for ln in lines)  # said once, not per row
    assert len(lines) <= 25
    assert counts(fresh) == before  # nothing written

    r = cli("--db", fresh, "--lang", "en", "import", "tickets", register, timeout=300)
    assert r.rc == 1
    assert "Community '临江一村' does not exist: rows 2–601 (600 rows)" in r.err.splitlines()


def test_add_missing_brings_everything_in_one_go(cli, fresh, register):
    before = counts(fresh)
    r = cli("--db", fresh, "import", "tickets", register, "--add-missing", timeout=300)
    assert r.rc == 0, r.text
    out = r.out.splitlines()
    # listed before anything is written, then the report
    assert out[0].startswith("将新建：社区 5 个（临江一村、临江二村、临江三村、望江苑、滨江花园）、责任单位 12 个（")
    assert out[0].endswith("问题分类 2 个（水电气/暖气、宠物扰民）。")
    assert any(ln.startswith("旧登记表.xlsx：导入 3000 张工单") for ln in out)
    assert "750 张导入的未办结工单：状态筛选“导入的未办结”列出它们，请逐一处理。" in out
    after = counts(fresh)
    assert after["tickets"] == 3000 and after["communities"] == before["communities"] + 5
    assert after["import_units"] == 12 and after["contacts"] == 0
    assert after["categories"] == before["categories"] + 2
    # each open row owed an outcome from the import on; history rings nothing as overdue at once
    assert after["open_deadlines"] == 750 and after["overdue"] == 0
    assert after["reopened"] == 0  # 已回访 + 不满意 stays closed
    con = sqlite3.connect(fresh)
    try:
        assert con.execute("select count(*) from tickets where status = 'closed' and satisfaction = 'unsatisfied'"
                           ).fetchone()[0] == 750
        assert con.execute("select count(*) from tickets where status = 'in_progress' and import_key is not null"
                           ).fetchone()[0] == 750
        kinds = {k for (k,) in con.execute("select kind from units where origin = 'import'")}
        assert kinds == {"other"}
        parent = con.execute("select p.name from categories c join categories p on p.id = c.parent_id "
                             "where c.name = '暖气'").fetchone()
        assert parent == ("水电气",)
    finally:
        con.close()
    assert cli("--db", fresh, "check").rc == 0

    again = cli("--db", fresh, "import", "tickets", register, "--add-missing", timeout=300)
    assert again.rc == 0 and "3000 行此前已导入" in again.out and not again.out.startswith("将新建")
    assert counts(fresh)["tickets"] == 3000


KILLER = r"""
import os, sys, time
import console.cli.commands.imports as imports  # the module whose Progress the import uses

class Hooked(imports.Progress):
    # half-way through the phase asked for (writing: inside the import's transaction): say so, wait to be killed
    def __call__(self, *args, **kw):
        super().__call__(*args, **kw)
        if os.environ["KILL_PHASE"] in args and args[0] >= 1500:
            open(os.environ["MARKER"], "w").close()
            while True:
                time.sleep(1)

imports.Progress = Hooked
from console.app import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("phase", ["read", "write"])
def test_sigkill_while_reading_or_writing_leaves_none_of_it(cli, fresh, register, tmp_path, phase):
    marker = tmp_path / "reached"
    env = cli.env({"MARKER": str(marker), "KILL_PHASE": phase})
    p = subprocess.Popen([sys.executable, "-c", KILLER, "--db", str(fresh), "import", "tickets", str(register),
                          "--add-missing"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 300
        while not marker.exists():  # waits on the program's own signal, not on a guessed duration
            assert p.poll() is None, p.communicate()
            assert time.monotonic() < deadline, f"the import never reached its {phase} phase"
            time.sleep(0.05)
        os.kill(p.pid, signal.SIGKILL)
    finally:
        p.wait(timeout=60)
        p.stdout.close()
        p.stderr.close()
    assert p.returncode == -signal.SIGKILL
    r = cli("--db", fresh, "check")
    assert r.rc == 0, r.text
    c = counts(fresh)
    assert c["tickets"] == 0 and c["import_units"] == 0  # none of it: not even the names it would add

    r = cli("--db", fresh, "import", "tickets", register, "--add-missing", timeout=300)
    assert r.rc == 0, r.text
    assert counts(fresh)["tickets"] == 3000  # all of it


def test_demo_flag_before_or_after_the_subcommand(cli):
    before, after = cli("--demo", "due"), cli("due", "--demo")
    assert before.rc == after.rc == 1
    assert before.err == after.err and "demo.sqlite3" in after.err  # both reach the demo desk (not made yet)
    assert "demo.sqlite3" not in cli("due").err


def test_street_through_the_command_line(cli, fresh, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["社区", "网格", "网格员", "网格员电话"])
    wb.active.append(["临江一村", "第一网格", "张三", "13800138000"])
    wb.save(tmp_path / "street.xlsx")
    r = cli("--db", fresh, "import", "street", tmp_path / "street.xlsx")
    assert r.rc == 0 and "新建社区 1 个" in r.out, r.text
    out = tmp_path / "copy.xlsx"
    r = cli("--db", fresh, "export", "street", "--out", out)
    assert r.rc == 0 and r.out.strip() == str(out)
    other = tmp_path / "other.sqlite3"
    assert cli("--db", other, "init").rc == 0
    r = cli("--db", other, "--lang", "en", "import", "street", out)
    assert r.rc == 0 and "communities created 1" in r.out, r.text
