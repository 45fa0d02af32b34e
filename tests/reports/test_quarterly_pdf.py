"""The quarterly analysis PDF, read back with pdftotext / pdfinfo.

Built on the hand-counted 2026 Q3 story of conftest.py (`q3`): 6 tickets,
one repeat caller 13800138000, two overdue units.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from sqlalchemy import select

from console.domain.errors import PermissionDenied
from console.domain.kpi_summary import SummaryLine
from console.reports import ExportCancelled
from console.reports.fonts import get_font
from console.reports.quarterly_pdf import arrows, change_text
from console.services.exports import export_quarterly_pdf
from console.store.models import AuditEntry

needs_poppler = pytest.mark.skipif(not (shutil.which("pdftotext") and shutil.which("pdfinfo")),
                                   reason="poppler-utils (pdftotext, pdfinfo) not installed")


def _text(path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def _pages(path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True).stdout.decode()
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def _desk_name(desk) -> str:
    from console.services.context import get_setting
    from console.services.reference_data import DEFAULT_DESK_NAME

    with desk.db.read() as s:
        return get_setting(s, "desk_name", "").strip() or DEFAULT_DESK_NAME


@needs_poppler
def test_pdf_has_the_kpis_the_desk_and_the_period(desk, q3, operator, tmp_path):
    path = export_quarterly_pdf(desk, operator, 2026, 3, tmp_path / "exports")
    assert path.name == "热线季度分析-2026Q3.pdf"
    text = _text(path)
    for word in ("受理量", "办结率", "满意率", "按时办结率", _desk_name(desk), "2026年第3季度",
                 "2026年第2季度", "各月受理量", "来电时段分布", "承办单位超期情况"):
        assert word in text, word
    # 办结率 66.7% against 50.0% the quarter before: up 16.7 percentage points
    assert re.search(r"办结率\s+66\.7%\s+50\.0%\s+▲ 16\.7 个百分点", text), text
    # 受理量 6 against 2: +200%
    assert re.search(r"受理量\s+6\s+2\s+▲ 200\.0%", text)
    # overdue units and the repeat caller, masked
    assert "城东派出所" in text and "白马小区物业" in text
    assert "138****8000" in text and "13800138000" not in text
    assert "本季度没有工单" not in text
    pages = _pages(path)
    assert pages >= 1
    assert re.search(rf"第\s*1\s*页\s*共\s*{pages}\s*页", text)
    with desk.db.read() as s:
        rows = s.execute(select(AuditEntry.user_id, AuditEntry.new)
                         .where(AuditEntry.action == "export_quarterly_pdf")).all()
    assert [(u, json.loads(n)["mask"], json.loads(n)["tickets"]) for u, n in rows] == [(operator.id, True, 6)]


@needs_poppler
def test_empty_quarter_says_so(desk, operator, tmp_path):
    path = export_quarterly_pdf(desk, operator, 2025, 1, tmp_path)
    text = _text(path)
    assert "本季度没有工单" in text
    assert "2025年第1季度" in text and _desk_name(desk) in text
    assert "主要指标" not in text  # no table of dashes
    assert _pages(path) == 1


@needs_poppler
def test_unmasked_pdf_is_for_supervisors(desk, q3, operator, supervisor, tmp_path):
    out = tmp_path / "exports"
    with pytest.raises(PermissionDenied):
        export_quarterly_pdf(desk, operator, 2026, 3, out, mask=False)
    assert not out.exists() or not any(out.iterdir())
    path = export_quarterly_pdf(desk, supervisor, 2026, 3, out, mask=False)
    assert path.name == "热线季度分析-2026Q3-未打码.pdf"
    text = _text(path)
    assert "13800138000" in text and "注意保密" in text


def test_cancelled_half_way_leaves_no_file(desk, q3, operator, tmp_path):
    asked = []

    def cancelled() -> bool:  # says yes once the first sections are laid out
        asked.append(1)
        return len(asked) > 2

    with pytest.raises(ExportCancelled):
        export_quarterly_pdf(desk, operator, 2026, 3, tmp_path / "exports", cancelled=cancelled)
    assert len(asked) == 3
    assert list((tmp_path / "exports").iterdir()) == []  # no PDF, no temporary file


def test_failure_while_drawing_leaves_no_file(desk, q3, operator, tmp_path, monkeypatch):
    from reportlab.platypus import Flowable

    import console.reports.quarterly_pdf as qp

    class Broken(Flowable):  # lays out fine, fails while the page is being drawn
        def wrap(self, aw, ah):
            return aw, 20

        def draw(self):
            raise RuntimeError("disk on fire")

    monkeypatch.setattr(qp, "_hour_grid", lambda *a, **kw: Broken())
    with pytest.raises(RuntimeError):
        export_quarterly_pdf(desk, operator, 2026, 3, tmp_path / "exports")
    assert list((tmp_path / "exports").iterdir()) == []
    with desk.db.read() as s:
        assert s.scalar(select(AuditEntry.id).where(AuditEntry.action == "export_quarterly_pdf")) is None


def test_change_wording():
    font = get_font()
    up, down = arrows(font)
    assert (up, down) == ("▲", "▼")  # the embedded font has them
    rate = SummaryLine("办结率", "", "rate", 0.6, 0.65, -5.0)
    count = SummaryLine("受理量", "", "count", 110, 100, 0.1)
    assert change_text(rate, font) == "▼ 5.0 个百分点"
    assert change_text(count, font) == "▲ 10.0%"
    assert change_text(SummaryLine("受理量", "", "count", 5, 5, 0.0), font) == "持平"
    assert change_text(SummaryLine("按时办结率", "", "rate", 0.5, None, None), font) == "—"


def test_arrows_fall_back_when_the_font_lacks_them():
    from dataclasses import replace

    font = get_font()
    no_triangles = replace(font, has_glyph=lambda cp: cp not in (ord("▲"), ord("▼")))
    assert arrows(no_triangles) == ("↑", "↓")
    nothing = replace(font, has_glyph=lambda cp: cp < 0x2000 or cp > 0x3000)
    assert arrows(nothing) == ("升", "降")
