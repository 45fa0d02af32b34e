"""督办: a supervisor presses the unit on an overdue ticket; each press is on record, and the notice
(督办通知单) prints on one A4 page with the ticket, its deadlines and the presses so far."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from console.domain.errors import PermissionDenied, ValidationError
from console.reports.press_notice_pdf import build_press_notice_pdf
from console.services import tickets as T
from console.services.supervision import press_notice


def _overdue_ticket(desk, street, operator, clock):
    tid = T.log_call(desk, operator, T.NewCall(description="楼道漏水，墙面渗水<b>严重</b>", caller_phone="13800138000",
                                                community_id=street.communities["嘉宏三村"], building="12号",
                                                room="301", category_id=street.categories["水电气/漏水"]),
                     dispatch=T.Dispatch(street.units["嘉宏三村物业"])).id
    return tid


def test_only_an_overdue_ticket_is_pressed_and_only_by_a_supervisor(desk, street, operator, supervisor, clock):
    tid = _overdue_ticket(desk, street, operator, clock)
    with pytest.raises(ValidationError, match="还没有超过办结时限"):
        T.press(desk, supervisor, tid, "请尽快处理")
    clock.advance(days=1, hours=3)
    with pytest.raises(PermissionDenied):
        T.press(desk, operator, tid, "请尽快处理")
    with pytest.raises(ValidationError):
        T.press(desk, supervisor, tid, "  ")
    T.press(desk, supervisor, tid, "请今天内派人维修")
    clock.advance(hours=2)
    T.press(desk, supervisor, tid, "第二次督办：居民再次来电")
    n = press_notice(desk, supervisor, tid)
    assert [p.note for p in n.presses] == ["请今天内派人维修", "第二次督办：居民再次来电"]
    assert n.unit == "嘉宏三村物业" and n.phone == "138****8000" and n.overdue_minutes == 5 * 60
    assert n.status == "dispatched"  # a press changes no status and no deadline


@pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
                    reason="pdftotext/pdfinfo (poppler-utils) are not installed")
def test_the_notice_prints_on_one_page_in_chinese(desk, street, operator, supervisor, clock, tmp_path):
    tid = _overdue_ticket(desk, street, operator, clock)
    clock.advance(days=2)
    T.press(desk, supervisor, tid, "请今天内派人维修")
    out = tmp_path / "督办通知单.pdf"
    assert build_press_notice_pdf(press_notice(desk, supervisor, tid), str(out)) == 1
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M)
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    for words in ("督办通知单", "致：嘉宏三村物业", "已超时 1 天 0 小时", "请今天内派人维修", "138****8000",
                  "嘉宏三村 12号301室", "<b>严重</b>", "承办单位签收", "第1页共1页"):
        assert words in text, words
    assert "13800138000" not in text


def test_a_masked_notice_masks_numbers_in_the_text_too(desk, street, operator, supervisor, clock):
    tid = _overdue_ticket(desk, street, operator, clock)
    clock.advance(days=2)
    T.press(desk, supervisor, tid, "居民留的另一个号码 139-8765-4321，请直接联系")
    masked = press_notice(desk, supervisor, tid)
    assert "8765" not in masked.presses[-1].note and "139****4321" in masked.presses[-1].note
    assert "8765" in press_notice(desk, supervisor, tid, mask=False).presses[-1].note
