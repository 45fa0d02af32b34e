"""交班 writes the shift's log into the reports folder by itself; a log that cannot be written keeps the close."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from console.domain.errors import ValidationError
from console.services import shift_log
from console.services import shifts as S
from console.services import tickets as T
from console.services.shift_log import close_shift_and_write_log
from console.store.models import AuditEntry, Shift


def test_closing_writes_the_masked_log_into_the_reports_folder(desk, operator, clock, _closed_shift_logs):
    sid = S.open_shift(desk, operator, "night")
    clock.advance(minutes=30)
    T.log_call(desk, operator, T.NewCall(description="楼道灯不亮", caller_phone="13800138000"))
    clock.advance(hours=2)
    done = close_shift_and_write_log(desk, operator, sid, "交给白班")
    assert done.error is None and done.changes.shifts
    assert done.pdf.parent == _closed_shift_logs and done.pdf.read_bytes()[:5] == b"%PDF-"
    assert done.pdf.name.endswith(f"-班次{sid}.pdf") and "未打码" not in done.pdf.name
    with desk.db.read() as s:
        sh = s.get(Shift, sid)
        assert sh.ended_at is not None and sh.handover_note == "交给白班"
        new = [json.loads(a) for a in s.scalars(select(AuditEntry.new).where(AuditEntry.action == "export_shift_log"))]
    assert [(n["shift_id"], n["mask"], n["calls"]) for n in new] == [(sid, True, 1)]
    with pytest.raises(ValidationError):  # closed already: refused, nothing written again
        close_shift_and_write_log(desk, operator, sid)
    assert list(_closed_shift_logs.iterdir()) == [done.pdf]


def test_a_log_that_cannot_be_written_keeps_the_close(desk, operator, clock, tmp_path, caplog):
    sid = S.open_shift(desk, operator, "night")
    clock.advance(hours=1)
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("x")
    done = close_shift_and_write_log(desk, operator, sid, out=blocked / "sub")
    assert done.pdf is None and "已交班，但交接班日志没有写成" in done.error.zh and "closed" in done.error.en
    with desk.db.read() as s:
        assert s.get(Shift, sid).ended_at is not None
    assert any("could not be written" in r.getMessage() for r in caplog.records)


def test_an_unexpected_failure_is_logged_not_raised(desk, operator, clock, monkeypatch, caplog):
    sid = S.open_shift(desk, operator, "night")
    clock.advance(hours=1)

    def boom(*a, **kw):
        raise RuntimeError("font missing")
    monkeypatch.setattr(shift_log, "export_shift_log", boom)
    done = close_shift_and_write_log(desk, operator, sid)
    assert done.pdf is None and "详细情况已记入日志" in done.error.zh
    with desk.db.read() as s:
        assert s.get(Shift, sid).ended_at is not None
    assert any(r.exc_info and "font missing" in str(r.exc_info[1]) for r in caplog.records)
