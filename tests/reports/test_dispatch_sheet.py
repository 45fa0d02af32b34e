"""派单单: the sheet a unit gets with a dispatched ticket — one A4 page with the ticket, the units, the
deadlines and who dispatched it; the caller's phone and numbers in the call text masked unless a
supervisor asks, a 保密 ticket's caller never shown; a ticket never dispatched has none."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from console.domain.errors import PermissionDenied, ValidationError
from console.reports.dispatch_sheet_pdf import build_dispatch_sheet_pdf
from console.services import tickets as T
from console.services.co_units import add_co_unit
from console.services.confidential import set_confidential
from console.services.dispatch_sheet import dispatch_sheet, write_dispatch_sheet

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
                                   reason="pdftotext/pdfinfo (poppler-utils) are not installed")


def _dispatched(desk, street, operator, *, urgency="normal", note="请物业今晚派人查看"):
    return T.log_call(desk, operator, T.NewCall(
        description="楼道漏水<b>严重</b>，另一个号码 139-8765-4321", caller_name="王阿姨",
        caller_phone="13800138000", community_id=street.communities["嘉宏三村"], building="12号", room="301",
        category_id=street.categories["水电气/漏水"], urgency=urgency),
        dispatch=T.Dispatch(street.units["嘉宏三村物业"], note=note)).id


def _text(pdf: str) -> str:
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M)
    return subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout


@needs_poppler
def test_the_sheet_prints_on_one_page_masked_by_default(desk, street, operator, tmp_path):
    tid = _dispatched(desk, street, operator)
    add_co_unit(desk, operator, tid, T.Dispatch(street.units["城东供电所"]))
    out = tmp_path / "派单单.pdf"
    assert write_dispatch_sheet(desk, operator, tid, out) == 1
    text = _text(str(out))
    for words in ("派单单", "致：嘉宏三村物业", "嘉宏三村 12号301室", "王阿姨", "138****8000", "139****4321",
                  "<b>严重</b>", "协办单位", "城东供电所", "办结时限", "请物业今晚派人查看", "电话", "普通",
                  "承办单位签收", "签收时间", "电话号码已打码", "第1页共1页"):
        assert words in text, words
    assert "13800138000" not in text and "8765" not in text
    assert "到场时限" not in text  # only a 特急 ticket has one


@needs_poppler
def test_a_supervisor_may_print_it_unmasked_and_a_critical_ticket_shows_its_arrival(
        desk, street, operator, supervisor, tmp_path):
    tid = _dispatched(desk, street, operator, urgency="critical")
    with pytest.raises(PermissionDenied):
        dispatch_sheet(desk, operator, tid, mask=False)
    sheet = dispatch_sheet(desk, supervisor, tid, mask=False)
    assert sheet.phone == "13800138000" and sheet.arrival_due_at is not None
    assert sheet.dispatched_by and sheet.co_units == ()
    out = tmp_path / "unmasked.pdf"
    assert write_dispatch_sheet(desk, supervisor, tid, out, mask=False) == 1
    text = _text(str(out))
    for words in ("13800138000", "139-8765-4321", "到场时限", "特急", "含完整电话号码"):
        assert words in text, words


@needs_poppler
def test_a_confidential_ticket_shows_no_caller_whatever_is_asked(desk, street, operator, supervisor, tmp_path):
    tid = _dispatched(desk, street, operator)
    set_confidential(desk, operator, tid, True, "居民要求")
    sheet = dispatch_sheet(desk, supervisor, tid, mask=False)
    assert (sheet.caller_name, sheet.phone, sheet.address) == ("（保密）",) * 3
    out = tmp_path / "secret.pdf"
    assert build_dispatch_sheet_pdf(sheet, str(out)) == 1
    text = _text(str(out))
    assert "（保密）" in text
    for words in ("王阿姨", "13800138000", "138****8000", "12号301室"):
        assert words not in text, words


def test_a_ticket_never_dispatched_has_no_sheet(desk, street, operator):
    tid = T.log_call(desk, operator, T.NewCall(description="咨询办事时间", caller_phone="13800138000")).id
    with pytest.raises(ValidationError, match="还没有派单"):
        dispatch_sheet(desk, operator, tid)


@needs_poppler
def test_the_desks_duty_phone_tells_the_unit_where_to_answer(desk, street, operator, admin, tmp_path):
    """A duty phone set in the desk's settings is printed on the 派单单; a bad one is refused, nothing saved."""
    from console.services.desk_settings import read_desk_settings, set_desk_settings

    tid = _dispatched(desk, street, operator)
    with pytest.raises(ValidationError):
        set_desk_settings(desk, admin, duty_phone="call me maybe")
    assert read_desk_settings(desk).duty_phone == ""
    out = tmp_path / "before.pdf"
    write_dispatch_sheet(desk, operator, tid, out)
    assert "回复热线值班台。" in "".join(_text(str(out)).split())
    set_desk_settings(desk, admin, duty_phone="  021-5912 3456 转 8 ")
    assert read_desk_settings(desk).duty_phone == "021-5912 3456 转 8"
    out = tmp_path / "after.pdf"
    write_dispatch_sheet(desk, operator, tid, out)
    assert "回复热线值班台（值班电话021-59123456转8）。" in "".join(_text(str(out)).split())
