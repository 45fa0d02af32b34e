"""The shift log drawn on the canvas (console.reports.canvas_flow, issue 21): long and hostile text, a huge
night over many pages, read back with pdftotext — every ticket number there, the pages numbered right, no
word outside the body, its column or the page — and the layout rules of the flow itself.

The log is built from plain rows (`ShiftLogData`), as the services hand them over; the reads behind them
are tested in test_shift_log_pdf.py and test_shift_log_golden.py."""
from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from console.domain.report_rows import ShiftCall, ShiftEvent, ShiftInfo, ShiftLogData, ShiftMissedCall
from console.reports.canvas_flow import Flow, Space, Text, Together
from console.reports.fonts import get_font
from console.reports.pdf_page import MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, PAGE_H, PAGE_W
from console.reports.shift_log_pdf import CALL_COLUMNS, _stretch, build_shift_log_pdf

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
                                   reason="pdftotext/pdfinfo (poppler-utils) are not installed")
SH = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)  # 20:00 in Shanghai
PHRASES = ["楼道灯不亮", "家里突然停电", "厨房水管漏水", "楼上装修噪音很大", "独居老人需要帮忙买药", "电梯困人"]


def _call(i: int, description: str, *, minutes: float = 0, name: str = "王阿姨", detail: str = "师傅已到") -> ShiftCall:
    at = START + timedelta(minutes=minutes)
    events = (ShiftEvent(at + timedelta(minutes=5), "dispatch", "dispatched", "城东供电所", "张值班", ""),
              ShiftEvent(at + timedelta(minutes=35), "check_back_came", "in_progress", None, "张值班", detail))
    return ShiftCall(ticket_id=i, number=f"20261122-{i:04d}", received_at=at, channel="phone", caller_name=name,
                     phone=f"138****{i % 10000:04d}", community="嘉宏三村", address=f"嘉宏三村 {i % 40 + 1}号",
                     request_type="help", urgency="normal", category="水电气/停电", description=description,
                     unit="城东供电所", status="in_progress", result="", satisfaction=None, operator="张值班",
                     events=events)


def _night(calls: list[ShiftCall], note: str = "一切正常。", missed: int = 3) -> ShiftLogData:
    end = START + timedelta(hours=12)
    return ShiftLogData(
        desk_name="嘉定新城社区服务热线", day=date(2026, 11, 22), night=True, start=START, end=end, as_of=end,
        generated_at=end, tz=SH, masked=True,
        shifts=(ShiftInfo(1, "night", START, end, "张值班", "李站长", note),), operators=("张值班", "李站长"),
        calls=calls,
        missed=[ShiftMissedCall(i, START + timedelta(minutes=7 * i), f"135****{i:04d}", None, None, "", None)
                for i in range(missed)])


def _raw(path: Path) -> str:
    """pdftotext in drawing order, spaces and line breaks out: a wrapped cell reads as one string."""
    out = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return out.replace("\n", "").replace(" ", "")


def _pages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


@dataclass(frozen=True)
class Word:
    page: int
    x0: float
    y0: float  # from the top of the page, as pdftotext gives it
    x1: float
    y1: float
    text: str


def _words(path: Path) -> list[Word]:
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    words, page = [], 0
    for line in out.splitlines():
        if "<page " in line:
            page += 1
        m = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
        if m:
            words.append(Word(page, *(float(v) for v in m.groups()[:4]), html.unescape(m.group(5))))
    return words


def _assert_nothing_outside(path: Path) -> list[Word]:
    """Every word in the page's header band, its footer band or its body; none past the side margins."""
    words = _words(path)
    assert words
    tol = 1.0
    for w in words:
        assert MARGIN_X - tol <= w.x0 and w.x1 <= PAGE_W - MARGIN_X + tol, w
        header, footer = w.y1 <= MARGIN_TOP, w.y0 >= PAGE_H - MARGIN_BOTTOM
        assert header or footer or (MARGIN_TOP - tol <= w.y0 and w.y1 <= PAGE_H - MARGIN_BOTTOM + tol), w
    return words


def _column(words: list[Word], i: int, sep: str = "") -> str:
    """The words inside column `i` of the calls table, page by page, top down: a cell's lines in order (the
    header row repeated on every page left out)."""
    x0, x1 = _call_table_rules()[i:i + 2]
    inside = [w for w in words if x0 - 1 <= w.x0 and w.x1 <= x1 + 1 and w.text != CALL_COLUMNS[i][0]
              and MARGIN_TOP <= w.y0 and w.y1 <= PAGE_H - MARGIN_BOTTOM]
    return sep.join(w.text for w in sorted(inside, key=lambda w: (w.page, w.y0, w.x0)))


def _call_table_rules() -> list[float]:
    xs = [MARGIN_X]
    for _, w in _stretch(CALL_COLUMNS):
        xs.append(xs[-1] + w)
    return xs


# ------------------------------------------------------------------ the PDF

@needs_poppler
def test_a_huge_night_numbers_its_pages_and_keeps_every_ticket(tmp_path):
    rnd_descs = ["，".join(PHRASES[(i + k) % len(PHRASES)] for k in range(i % 7 + 1)) + "，请尽快处理。"
                 for i in range(400)]
    for i in range(0, 400, 57):  # now and then a letter of a description, taller than a page
        rnd_descs[i] = f"长信{i}开始" + "居民反映的事很多" * 400 + f"长信{i}结束"
    calls = [_call(i + 1, d, minutes=i * 1.8) for i, d in enumerate(rnd_descs)]
    out = tmp_path / "huge.pdf"
    pages = build_shift_log_pdf(_night(calls, missed=40), out)
    assert pages == _pages(out) and pages > 30
    flat = _raw(out)
    for c in calls:
        assert c.number in flat, c.number
    for i in range(0, 400, 57):
        assert f"长信{i}开始" in flat and f"长信{i}结束" in flat
    assert flat.count("映") == 400 * len(range(0, 400, 57))  # every character of them, once
    for p in range(1, pages + 1):
        assert f"第{p}页共{pages}页" in flat, p
    assert flat.count(f"共{pages}页") == pages
    assert "签字" in flat and "交班人" in flat and "135****0039" in flat
    words = _assert_nothing_outside(out)
    # no word of the calls table crosses one of its column rules: every cell's lines stay in their column
    rules = _call_table_rules()[1:-1]
    numbers = [w for w in words if re.fullmatch(r"20261122-\d{4}", w.text)]
    assert numbers and all(rules[0] - 1 <= w.x0 and w.x1 <= rules[1] + 1 for w in numbers)
    middle = [w for w in words if 2 <= w.page <= pages - 3 and MARGIN_TOP <= w.y0  # pages of the calls only
              and w.y1 <= PAGE_H - MARGIN_BOTTOM and w.y1 - w.y0 < 8]  # the table's 7.5-point text, not titles
    assert len(middle) > 1000
    for w in middle:
        assert not any(w.x0 + 1 < x < w.x1 - 1 for x in rules), w


@needs_poppler
def test_a_very_long_description_wraps_in_its_column_and_loses_nothing(tmp_path):
    latin = "https://example.org/" + "a1b2c3" * 500  # an unbroken run: cut where it must be
    words = " ".join(f"word{i}" for i in range(600))  # English: broken at spaces
    desc = "开头标记" + "长" * 6000 + latin + " " + words + "结尾标记"
    out = tmp_path / "long.pdf"
    pages = build_shift_log_pdf(_night([_call(1, desc), _call(2, "短的一条")]), out)
    assert pages >= 3
    flat = _raw(out)
    assert "开头标记" in flat and "结尾标记" in flat and flat.count("长") >= 6000
    all_words = _assert_nothing_outside(out)
    assert latin in _column(all_words, 5)  # every character, in order, in 来电内容, over the page breaks
    assert words in _column(all_words, 5, " ")  # broken at its spaces
    assert "20261122-0002" in flat and "短的一条" in flat
    assert flat.count("（续）") >= pages - 1  # the row goes on with its number on every next page


@needs_poppler
def test_hostile_text_prints_literally_inside_the_page(tmp_path):
    hostile = ['<b>bold</b> 停电了', '<img src="file:///etc/passwd"/> 漏水', '&amp; & &lt; 噪音',
               "控制\x00字\x07符\x1b号\x7f\x85完", "表情😀结束", "换行\r\n第二行\u2028第三行\t制表",
               "<para>" + "&" * 300 + "</para>", "W" * 2000, "\u200b零宽\ufeff"]
    calls = [_call(i + 1, h, name="<i>张</i>", detail="<font color=red>红</font>") for i, h in enumerate(hostile)]
    out = tmp_path / "hostile.pdf"
    build_shift_log_pdf(_night(calls, note='<b>note</b> & <img src="y"/>\x00交班'), out)
    flat = _raw(out)
    for literal in ("<b>bold</b>", '<img src="file:///etc/passwd"/>', "&amp;&&lt;", "<i>张</i>",
                    "<fontcolor=red>红</font>", '<b>note</b>&<imgsrc="y"/>交班', "第二行第三行", "表情□结束"):
        assert literal.replace(" ", "") in flat, literal
    assert "控制字符号完" in flat  # control characters are not text: removed, the rest kept
    assert not re.search("[\x00-\x08\x0b\x0d-\x1f\x7f]", flat)  # \x0c: pdftotext's page break
    words = _assert_nothing_outside(out)
    content = _column(words, 5)  # the long unbroken ones, whole and in their column over the page break
    assert "<para>" + "&" * 300 + "</para>" in content and "W" * 2000 in content


@needs_poppler
def test_a_quiet_night_is_one_page(tmp_path):
    out = tmp_path / "quiet.pdf"
    assert build_shift_log_pdf(_night([_call(1, "楼道灯不亮")], missed=0), out) == 1
    flat = _raw(out)
    assert "第1页共1页" in flat and "本班没有未接来电" in flat and "一切正常" in flat and "值班领导" in flat
    _assert_nothing_outside(out)


# ------------------------------------------------------------------ the flow's rules

def _flow() -> tuple[Flow, list[int]]:
    from reportlab.pdfgen.canvas import Canvas

    finished: list[int] = []
    c = Canvas(io.BytesIO())
    flow = Flow(c, lambda: finished.append(1))
    return flow, finished


def _fill(flow: Flow, room: float) -> None:
    """A line at the top of the page, then space down to `room` points above the body's foot."""
    flow.add(_lines(1))
    flow.add(Space(flow.y - flow.bottom - room))
    assert flow.y == pytest.approx(flow.bottom + room)


def _lines(n: int, size: float = 9, leading: float = 13.5, **kw) -> Text:
    return Text([f"第{i}行" for i in range(n)], get_font(), size, leading, **kw)


def test_space_is_dropped_at_the_top_of_a_page_and_overlaps_the_space_after():
    flow, _ = _flow()
    flow.add(Space(30))
    assert flow.y == flow.top
    flow.add(_lines(1, space_after=6))
    y = flow.y
    flow.add(_lines(1, space_before=8))  # 8 before, 6 after the line above: 2 more
    assert flow.y == pytest.approx(y - 2 - 13.5)


def test_a_paragraph_never_leaves_its_first_line_alone_at_the_foot_of_a_page():
    flow, finished = _flow()
    _fill(flow, 1.5 * 13.5)  # room for one line and a half
    flow.add(_lines(5))
    assert finished == [1] and flow.y == pytest.approx(flow.top - 5 * 13.5)  # all five on the next page
    flow, finished = _flow()
    _fill(flow, 2.5 * 13.5)  # room for two: two here, three on the next page
    flow.add(_lines(5))
    assert finished == [1] and flow.y == pytest.approx(flow.top - 3 * 13.5)


def test_a_group_moves_to_the_next_page_whole_when_it_fits_there():
    flow, finished = _flow()
    _fill(flow, 40)
    flow.add(Together([_lines(2), _lines(3)]))  # 67.5 points: not here, but on the next page
    assert finished == [1] and flow.y == pytest.approx(flow.top - 5 * 13.5)
    flow, finished = _flow()
    _fill(flow, 40)
    flow.add(Together([_lines(200)]))  # taller than a page: laid out from here as it comes
    assert len(finished) == 4


def test_nothing_is_drawn_below_the_body():
    flow, finished = _flow()
    for i in range(300):
        flow.add(_lines(i % 9 + 1, space_before=8, space_after=2))
        assert flow.y >= flow.bottom - 2 - 1e-6  # at most the space after the last block
    assert len(finished) > 10


def test_cancel_between_pages_stops_the_layout():
    """`cancelled()` is asked after every page: a yes half-way through a long log raises ExportCancelled there
    (the caller's atomic file then leaves nothing behind: test_shift_log_pdf)."""
    from console.reports import ExportCancelled

    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 12  # the story's own checks first, then a few pages

    calls = [_call(i + 1, "，".join(PHRASES) * 3, minutes=i) for i in range(300)]
    with pytest.raises(ExportCancelled):
        build_shift_log_pdf(_night(calls), io.BytesIO(), cancelled=cancelled)
    assert len(asked) == 13
    assert build_shift_log_pdf(_night(calls), io.BytesIO(), cancelled=lambda: False) > 13
