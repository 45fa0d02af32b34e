"""Open data: `export_open311` writes a period's requests as Open311 GeoReport v2 service requests, checked
against the specification's response fields (https://wiki.open311.org/GeoReport_v2, GET Service Requests).

The fixture (November 2026, Asia/Shanghai; the clock starts at 11-22 22:00):
  OPEN      dispatched to 城东供电所, 水电气/停电 (code 0101), 嘉宏三村 12号301室 北门, caller 王小明; the words
            repeat his name, a mobile written with spaces and an 18-digit ID
  DONE      噪音扰民 (no code), resolved with a phone in the result, called back 满意
  VOID      voided (wrong number)                       — left out
  MERGED    merged into OPEN (并单)                      — left out (一事一计)
  SECRET    保密, 嘉宏三村 3号502室, a mobile in the words — no address, numbers masked even unmasked
  ANSWERED  answered on the spot, no category
  OCTOBER   received 10-31 23:59 — outside the period
"""
from __future__ import annotations

import errno
import io
import json
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from console.domain.errors import PermissionDenied, UserError, ValidationError
from console.domain.open311 import FIELDS
from console.reports import ExportCancelled
from console.services import tickets as T
from console.services.categories import set_category_code
from console.services.confidential import set_confidential
from console.services.merging import merge_tickets
from console.services.open311 import export_open311, open311_file_name
from console.store.models import AuditEntry

SH = ZoneInfo("Asia/Shanghai")
FIRST, LAST = date(2026, 11, 1), date(2026, 11, 30)

# GeoReport v2, GET Service Requests: each response field, whether every request must carry a value, and the
# JSON types it may take (None: the field is there, without a value: "may not be returned")
STR, NUM, NULL = (str,), (int, float), (type(None),)
SPEC: dict[str, tuple[bool, tuple[type, ...]]] = {
    "service_request_id": (True, STR),
    "status": (True, STR),              # "open" | "closed"
    "status_notes": (False, STR + NULL),
    "service_name": (True, STR),
    "service_code": (True, STR),
    "description": (False, STR + NULL),  # at most 4,000 characters
    "agency_responsible": (False, STR + NULL),
    "service_notice": (False, STR + NULL),
    "requested_datetime": (True, STR),   # W3C / ISO 8601 with its offset
    "updated_datetime": (True, STR),
    "expected_datetime": (False, STR + NULL),
    "address": (False, STR + NULL),
    "address_id": (False, STR + NULL),
    "zipcode": (False, STR + NULL),
    "lat": (False, NUM + NULL),
    "long": (False, NUM + NULL),
    "media_url": (False, STR + NULL),
}
W3C = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")
MOBILE_OR_ID = re.compile(r"(?<!\d)(1[3-9]\d{9}|\d{17}[\dXx])(?!\d)")


def at(month, day, hour, minute=0):
    return datetime(2026, month, day, hour, minute, tzinfo=SH)


@pytest.fixture
def story(desk, street, operator, supervisor, clock):
    cats, comms, units = street.categories, street.communities, street.units
    set_category_code(desk, supervisor, cats["水电气/停电"], "0101")
    n = {}

    def log(name, when, **kw):
        clock.set(when)
        answer = kw.pop("answer", None)
        dispatch = kw.pop("dispatch", None)
        r = T.log_call(desk, operator, T.NewCall(**kw), answer=answer,
                       dispatch=T.Dispatch(units[dispatch]) if dispatch else None)
        n[name] = r
        return r.id

    log("OCTOBER", at(10, 31, 23, 59), description="十月的来电", caller_phone="13700137000")
    log("OPEN", at(11, 3, 21, 5), caller_name="王小明", caller_phone="13800138000",
        community_id=comms["嘉宏三村"], building="12号", room="301", address="北门",
        category_id=cats["水电气/停电"], dispatch="城东供电所",
        description="王小明反映12号301室停电，请回电 139 8765 4321，身份证110101199003071234")
    done = log("DONE", at(11, 5, 10), caller_phone="13900139000", community_id=comms["白马小区"],
               category_id=cats["噪音扰民"], dispatch="城东派出所", description="楼上装修太吵")
    clock.set(at(11, 5, 15))
    T.resolve(desk, operator, done, "已劝导，施工方电话 13612345678")
    clock.set(at(11, 6, 9))
    T.record_satisfaction(desk, operator, done, "满意", 5, 5)
    void = log("VOID", at(11, 7, 8), caller_phone="13700137001", description="打错了")
    clock.set(at(11, 7, 8, 5))
    T.void(desk, supervisor, void, "打错电话")
    merged = log("MERGED", at(11, 3, 21, 30), caller_phone="13800138002", community_id=comms["嘉宏三村"],
                 category_id=cats["水电气/停电"], description="12号楼也停电了")
    clock.set(at(11, 3, 21, 40))
    merge_tickets(desk, supervisor, merged, n["OPEN"].number, "同一停电")
    secret = log("SECRET", at(11, 10, 20), caller_name="赵女士", caller_phone="13811112222",
                 community_id=comms["嘉宏三村"], building="3号", room="502", category_id=cats["噪音扰民"],
                 description="邻居深夜吵闹，回电13811112222", confidential=True, dispatch="城东派出所")
    log("ANSWERED", at(11, 12, 9), channel="walk_in", request_type="enquiry", description="问开证明的流程",
        answer="已告知到受理中心办理")
    clock.set(at(11, 22, 22))
    assert secret
    return n


@pytest.fixture
def out(tmp_path):
    """The folder the files go to (the desk's own file sits in tmp_path)."""
    d = tmp_path / "out"
    d.mkdir()
    return d


def _export(desk, actor, tmp_path, **kw):
    done = export_open311(desk, actor, FIRST, LAST, tmp_path / "open.json", **kw)
    text = done.path.read_text(encoding="utf-8")
    return done, text, json.loads(text)


def test_every_request_carries_exactly_the_specifications_fields(desk, story, supervisor, tmp_path):
    done, text, data = _export(desk, supervisor, tmp_path)
    assert tuple(SPEC) == FIELDS
    assert isinstance(data, list) and done.requests == len(data) == 4
    for obj in data:
        assert list(obj) == list(SPEC), obj  # exactly these names, in the specification's order
        for name, (required, types) in SPEC.items():
            assert isinstance(obj[name], types), (name, obj[name])
            if required:
                assert obj[name] not in (None, ""), name
        assert obj["status"] in ("open", "closed")
        for name in ("requested_datetime", "updated_datetime", "expected_datetime"):
            if obj[name] is not None:
                assert W3C.match(obj[name]), obj[name]
                parsed = datetime.fromisoformat(obj[name])
                assert parsed.utcoffset() is not None and parsed.utcoffset().total_seconds() == 8 * 3600
        assert len(obj["description"] or "") <= 4000


def test_the_mapping_of_each_ticket(desk, story, supervisor, street, tmp_path):
    _, text, data = _export(desk, supervisor, tmp_path)
    by = {o["service_request_id"]: o for o in data}
    assert list(by) == [story[k].number for k in ("OPEN", "DONE", "SECRET", "ANSWERED")]  # oldest first
    assert story["VOID"].number not in text and story["MERGED"].number not in text
    assert story["OCTOBER"].number not in text
    o = by[story["OPEN"].number]
    assert (o["status"], o["service_name"], o["service_code"], o["agency_responsible"]) == (
        "open", "水电气/停电", "0101", "城东供电所")
    assert o["requested_datetime"] == "2026-11-03T21:05:00+08:00"
    assert o["updated_datetime"] == "2026-11-03T21:40:00+08:00"  # the merge brought its caller over
    assert o["expected_datetime"] == "2026-11-04T21:05:00+08:00"  # the resolution deadline: a day
    assert o["address"] == "嘉宏三村 12号"  # masked: no room, no free text
    assert o["status_notes"] == "已派单"
    d = by[story["DONE"].number]
    assert (d["status"], d["service_code"], d["service_name"]) == (
        "closed", f"cat-{street.categories['噪音扰民']}", "噪音扰民")
    assert d["status_notes"] == "已回访（满意）：已劝导，施工方电话 136****5678"
    assert d["updated_datetime"] == "2026-11-06T09:00:00+08:00"
    a = by[story["ANSWERED"].number]
    assert (a["status"], a["service_code"], a["service_name"], a["expected_datetime"]) == (
        "closed", "none", "未分类", None)
    assert a["agency_responsible"] == "社区服务热线值班台"  # the desk answered it itself
    assert a["status_notes"] == "已答复：已告知到受理中心办理"
    for obj in data:
        for name in ("service_notice", "address_id", "zipcode", "lat", "long", "media_url"):
            assert obj[name] is None


def test_masked_by_default_no_number_name_or_room_in_the_file(desk, story, supervisor, tmp_path):
    _, text, data = _export(desk, supervisor, tmp_path)
    assert MOBILE_OR_ID.search(text) is None, MOBILE_OR_ID.search(text)
    assert "王小明" not in text and "赵女士" not in text and "301" not in text and "502" not in text
    o = next(x for x in data if x["service_request_id"] == story["OPEN"].number)
    assert o["description"] == "＊＊反映12号＊＊室停电，请回电 139****4321，身份证110***********1234"
    assert "\\u" not in text and "停电" in text  # UTF-8, Chinese as written


def test_unmasked_only_for_a_supervisor_and_a_secret_ticket_stays_hidden(desk, story, operator, supervisor,
                                                                          tmp_path):
    with pytest.raises(PermissionDenied):
        export_open311(desk, operator, FIRST, LAST, tmp_path / "op.json", mask=False)
    assert not (tmp_path / "op.json").exists()
    done, text, data = _export(desk, supervisor, tmp_path, mask=False)
    by = {o["service_request_id"]: o for o in data}
    o = by[story["OPEN"].number]
    assert o["address"] == "嘉宏三村 12号301室 北门"
    assert "139 8765 4321" in o["description"] and "110101199003071234" in o["description"]
    s = by[story["SECRET"].number]
    assert s["address"] is None and "13811112222" not in text and "赵女士" not in text
    assert s["description"] == "邻居深夜吵闹，回电138****2222"
    with desk.db.read() as q:
        audits = [json.loads(a.new) for a in q.scalars(select(AuditEntry).where(AuditEntry.action == "export_open311"))]
    assert audits == [{"from": "2026-11-01", "to": "2026-11-30", "mask": False, "file": "open.json", "requests": 4}]


def test_a_ticket_marked_secret_later_loses_its_address(desk, story, supervisor, tmp_path):
    set_confidential(desk, supervisor, story["OPEN"].id, True, "来电人要求")
    _, text, data = _export(desk, supervisor, tmp_path, mask=False)
    o = next(x for x in data if x["service_request_id"] == story["OPEN"].number)
    assert o["address"] is None and "王小明" not in text and "110101199003071234" not in text
    assert "来电人要求" not in text  # a step's note is no status note


def test_a_period_without_tickets_writes_an_empty_array(desk, street, supervisor, out):
    done = export_open311(desk, supervisor, date(2025, 1, 1), date(2025, 1, 31), out)
    assert done.path == out / open311_file_name(date(2025, 1, 1), date(2025, 1, 31))
    assert done.path.name == "热线开放数据-20250101-20250131.json"
    assert done.path.read_text(encoding="utf-8") == "[]\n" and done.requests == 0


@pytest.mark.parametrize("first,last,words", [
    (date(2026, 11, 30), date(2026, 11, 1), "早于开始日期"),
    (date(2025, 1, 1), date(2026, 1, 2), "最多 366 天"),
])
def test_a_reversed_or_too_long_period_is_refused(desk, street, supervisor, out, first, last, words):
    with pytest.raises(ValidationError, match=words):
        export_open311(desk, supervisor, first, last, out / "x.json")
    assert list(out.iterdir()) == []


def test_366_days_are_one_file(desk, street, supervisor, out):
    assert export_open311(desk, supervisor, date(2024, 1, 1), date(2024, 12, 31), out / "y.json").requests == 0


def test_out_in_a_missing_folder_or_inside_a_file_writes_nothing(desk, story, supervisor, out):
    (out / "a.txt").write_text("x")
    for target, words in ((out / "nope" / "open.json", "不存在"), (out / "a.txt" / "open.json", "不是文件夹"),
                          (out / "open.csv", ".json")):
        with pytest.raises(ValidationError, match=words) as e:
            export_open311(desk, supervisor, FIRST, LAST, target)
        assert "\n" not in e.value.message("zh_CN")
    assert sorted(p.name for p in out.iterdir()) == ["a.txt"]
    assert (out / "a.txt").read_text() == "x"


def test_an_existing_file_is_replaced_whole(desk, story, supervisor, out):
    out = out / "open.json"
    out.write_text("old")
    export_open311(desk, supervisor, FIRST, LAST, out)
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 4


class _FullDisk(io.FileIO):
    room = 600

    def write(self, b):
        if len(b) > self.room:
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= len(b)
        return super().write(b)


def test_a_full_disk_leaves_no_file_and_no_audit(desk, story, supervisor, out, monkeypatch):
    from console.util import atomic_file

    monkeypatch.setattr(atomic_file, "open_exclusive", lambda path, mode=0o666: _FullDisk(path, "wb"))
    with pytest.raises(UserError) as e:
        export_open311(desk, supervisor, FIRST, LAST, out / "open.json")
    assert "磁盘已满" in e.value.message("zh_CN") and list(out.iterdir()) == []
    with desk.db.read() as s:
        assert s.scalar(select(AuditEntry.id).where(AuditEntry.action == "export_open311")) is None


def test_cancel_leaves_no_file(desk, story, supervisor, out, monkeypatch):
    import console.services.open311 as o

    monkeypatch.setattr(o, "TICK_EVERY", 1)
    seen = []
    with pytest.raises(ExportCancelled):
        export_open311(desk, supervisor, FIRST, LAST, out / "open.json", cancelled=lambda: True,
                       progress=lambda d, t, phase="": seen.append((d, t)))
    assert list(out.iterdir()) == [] and seen == [(0, 4)]



@pytest.mark.parametrize(("code", "words"), [("very_satisfied", "已回访（非常满意）"), ("fairly", "已回访（基本满意）"),
                                             ("very_unsatisfied", "已回访（非常不满意）")])
def test_a_rating_on_either_scale_is_named_in_words(code, words):
    """好差评's five levels read as words in status_notes, as the three levels do."""
    from console.domain.open311 import Open311Row, service_request

    row = Open311Row(number="20261101-0001", status="closed", received_at=datetime(2026, 11, 1, 1, 0, tzinfo=SH),
                     updated_at=None, category_id=None, category=None, category_code="", description="停电",
                     result="已恢复", unit=None, resolution_due_at=None, community=None, building="", room="",
                     address="", caller_name="", confidential=False, paused=False, satisfaction=code)
    assert service_request(row, tz=SH, mask=True, desk_name="值班台")["status_notes"] == f"{words}：已恢复"
