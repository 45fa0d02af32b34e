"""`hotline-console export open311 --from DATE --to DATE [--out FILE.json] [--no-mask --user NAME]`, run as a
user would: the path printed, one-line refusals (exit 1), bad usage (exit 2), nothing written on a refusal."""
from __future__ import annotations

import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

SH = ZoneInfo("Asia/Shanghai")
PERIOD = ("--from", "2026-11-01", "--to", "2026-11-30")


@pytest.fixture
def desk_with_calls(desk_file):
    """Two November tickets on the test street: one with a mobile and an ID in the words, one voided."""
    from helpers import lookup_ids

    from console.domain.clock import FakeClock
    from console.services import tickets as T
    from console.services.context import Desk
    from console.store.database import Database

    db = Database(desk_file)
    try:
        desk = Desk(db, FakeClock(datetime(2026, 11, 20, 21, 5, tzinfo=SH)))
        street = lookup_ids(db)
        op, lead = street.actors["op"], street.actors["lead"]
        T.log_call(desk, op, T.NewCall(description="停电了，回电13987654321，身份证110101199003071234",
                                       caller_phone="13800138000", community_id=street.communities["嘉宏三村"],
                                       building="12号", room="301", category_id=street.categories["水电气/停电"]),
                   dispatch=T.Dispatch(street.units["城东供电所"]))
        void = T.log_call(desk, op, T.NewCall(description="打错了", caller_phone="13700137000")).id
        T.void(desk, lead, void, "打错电话")
    finally:
        db.dispose()
    return desk_file


def test_writes_the_file_and_prints_its_path(cli, desk_with_calls, tmp_path):
    out = tmp_path / "open.json"
    r = cli("--db", desk_with_calls, "export", "open311", *PERIOD, "--out", out)
    assert r.rc == 0, r.text
    assert r.out.strip() == str(out) and "已写入 1 条服务请求" in r.err
    text = out.read_text(encoding="utf-8")
    data = json.loads(text)
    assert [(o["status"], o["service_name"], o["agency_responsible"], o["address"]) for o in data] == [
        ("open", "水电气/停电", "城东供电所", "嘉宏三村 12号")]
    assert data[0]["requested_datetime"] == "2026-11-20T21:05:00+08:00"
    assert re.search(r"(?<!\d)(1[3-9]\d{9}|\d{17}[\dXx])(?!\d)", text) is None


def test_no_mask_names_a_supervisor(cli, desk_with_calls, tmp_path):
    out = tmp_path / "open.json"
    r = cli("--db", desk_with_calls, "export", "open311", *PERIOD, "--out", out, "--no-mask")
    assert r.rc == 1 and "--user" in r.err and not out.exists()
    r = cli("--db", desk_with_calls, "export", "open311", *PERIOD, "--out", out, "--no-mask", "--user", "op")
    assert r.rc == 1 and "只有值班领导或管理员可以导出未打码的电话号码" in r.err and not out.exists()
    r = cli("--db", desk_with_calls, "export", "open311", *PERIOD, "--out", out, "--no-mask", "--user", "lead")
    assert r.rc == 0, r.text
    assert "13987654321" in out.read_text(encoding="utf-8")


def test_default_name_in_a_folder_and_an_empty_period(cli, desk_with_calls, tmp_path):
    r = cli("--db", desk_with_calls, "export", "open311", "--from", "2025-01-01", "--to", "2025-01-31",
            "--out", tmp_path)
    assert r.rc == 0, r.text
    f = tmp_path / "热线开放数据-20250101-20250131.json"
    assert r.out.strip() == str(f) and f.read_text(encoding="utf-8") == "[]\n"


@pytest.mark.parametrize("args,zh,en", [
    (("--from", "2026-11-30", "--to", "2026-11-01"), "早于开始日期", "is before the start date"),
    (("--from", "2025-01-01", "--to", "2026-06-30"), "最多 366 天", "at most 366"),
    (("--from", "2026-13-01", "--to", "2026-11-30"), "开始日期“2026-13-01”不对", "The start date '2026-13-01'"),
])
def test_bad_periods_get_one_line_and_write_nothing(cli, desk_with_calls, tmp_path, args, zh, en):
    out = tmp_path / "open.json"
    for lang, words in (("zh_CN", zh), ("en", en)):
        r = cli("--db", desk_with_calls, "--lang", lang, "export", "open311", *args, "--out", out)
        assert r.rc == 1 and words in r.err and len(r.err.strip().splitlines()) == 1, r.text
    assert not out.exists()


def test_out_in_a_missing_folder_or_inside_a_file_gets_one_line(cli, desk_with_calls, tmp_path):
    (tmp_path / "note.txt").write_text("x")
    for out, words in ((tmp_path / "nope" / "open.json", "不存在"), (tmp_path / "note.txt" / "open.json", "不是文件夹")):
        r = cli("--db", desk_with_calls, "export", "open311", *PERIOD, "--out", out)
        assert r.rc == 1 and words in r.err and len(r.err.strip().splitlines()) == 1, r.text
    assert not (tmp_path / "nope").exists() and (tmp_path / "note.txt").read_text() == "x"


def test_usage_mistakes_exit_2(cli):
    r = cli("export", "open311", "--from", "2026-11-01")
    assert r.rc == 2 and "--to" in r.err
