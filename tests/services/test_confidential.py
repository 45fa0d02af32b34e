"""保密: a confidential caller's name, phone and address appear in no list and no output — the ticket table, the
due queue, the masked and the unmasked workbook, the shift log, the 督办通知单 — while the detail pane still shows
them to the operator who calls back; anyone marks a ticket, only a supervisor lifts it."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from console.domain.errors import PermissionDenied
from console.domain.masking import CONFIDENTIAL
from console.services import shifts as S
from console.services import tickets as T
from console.services.confidential import set_confidential
from console.services.exports import export_quarterly
from console.services.shift_log import shift_log_data
from console.store.queries import due_queue, ticket_detail, ticket_rows_by_ids

SECRETS = ("赵秘密", "13912345678", "秘密小区", "9号")


def _secret_call(desk, street, operator):
    return T.log_call(desk, operator, T.NewCall(description="举报邻居私搭乱建", caller_name="赵秘密",
                                                caller_phone="13912345678", address="秘密小区9号",
                                                confidential=True),
                      dispatch=T.Dispatch(street.units["城东供电所"]))


def test_no_list_and_no_output_names_a_confidential_caller(desk, street, operator, supervisor, clock, tmp_path):
    clock.set(datetime(2026, 11, 22, 21, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    sid = S.open_shift(desk, operator, "night")
    t = _secret_call(desk, street, operator)
    with desk.db.read() as s:
        [brief] = ticket_rows_by_ids(s, [t.id])
        queued = [d for d in due_queue(s, desk.now(), timedelta(days=2)) if d.ticket_id == t.id]
        detail = ticket_detail(s, t.id)
    assert brief.confidential and queued and all(d.confidential for d in queued)
    assert detail.caller_name == "赵秘密" and detail.confidential  # the pane: for the call back
    for mask in (True, False):
        book = load_workbook(export_quarterly(desk, supervisor, 2026, 4, tmp_path / str(mask), mask=mask))["明细"]
        cells = "\n".join(str(c) for r in book.iter_rows(min_row=2, values_only=True) for c in r if c)
        assert CONFIDENTIAL in cells and not any(x in cells for x in SECRETS), mask
        log = shift_log_data(desk, shift_id=sid, mask=mask)
        call = next(c for c in log.calls if c.ticket_id == t.id)
        assert (call.caller_name, call.phone, call.address) == (CONFIDENTIAL,) * 3


def test_anyone_marks_only_a_supervisor_lifts(desk, street, operator, supervisor):
    t = T.log_call(desk, operator, T.NewCall(description="家庭纠纷", caller_name="钱女士"))
    set_confidential(desk, operator, t.id, True, "居民要求")
    with pytest.raises(PermissionDenied):
        set_confidential(desk, operator, t.id, False)
    set_confidential(desk, supervisor, t.id, False, "居民同意公开")
    with desk.db.read() as s:
        d = ticket_detail(s, t.id)
    assert not d.confidential and [e.detail for e in d.events][-2:] == ["设为保密：居民要求", "取消保密：居民同意公开"]



def test_the_press_notice_names_no_confidential_caller(desk, street, operator, supervisor):
    from console.services.supervision import press_notice

    t = _secret_call(desk, street, operator)
    for mask in (True, False):
        n = press_notice(desk, supervisor, t.id, mask=mask)
        assert (n.caller_name, n.phone, n.address) == (CONFIDENTIAL,) * 3
