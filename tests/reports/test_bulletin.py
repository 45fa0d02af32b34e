"""The bulletin (console.domain.bulletin): periods, 提前办结, 重派率, the league table and the hot-spot matrix,
counted by hand on small plain rows; then the service and the command line on the quarter of conftest.py.

Hand count for `_tickets()` (November 2026, Shanghai; dispatched at receipt):
  E early: a 72 h limit, done after 30 h (< half) → 提前办结 1
  O on time: done after 40 h of 72                → on time, not early (early at a 60 % setting: 40 ≤ 43.2)
  L late                                         → neither
  V void, M merged                               → not counted anywhere (一事一计)
  X received 12-01 00:00 local                   → December: outside the period
  done 3, early 1                                → 提前办结率 1/3
  solved: E 已解决, O 部分解决, L 未解决, V 已解决 (not counted) → asked 3, solved 1 → 解决率 1/3, 未解决 1;
          a ticket whose call did not ask is left out of both sides
  matrix: 水电气 × 嘉宏三村 2 (E, O), 环境卫生 × 白马小区 1 (L)
"""
from __future__ import annotations

import sqlite3
import subprocess
from contextlib import closing
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from console.domain.bulletin import (
    MIN_SAMPLE,
    Bulletin,
    Extras,
    ExtrasBuilder,
    Period,
    PeriodFigures,
    hot_spot_matrix,
    league_table,
    returned_tickets,
    unit_score,
)
from console.domain.errors import ValidationError
from console.domain.kpi import GroupStats, KpiTicket, is_early
from console.domain.kpi_builder import compute_kpis

SH = ZoneInfo("Asia/Shanghai")


def _at(*a) -> datetime:
    return datetime(*a, tzinfo=SH)


def _ticket(tid: int, received: datetime, status: str = "resolved", *, due_h: float | None = None,
            done_h: float | None = None, cat: str = "水电气", comm: str = "嘉宏三村",
            solved: str | None = None) -> KpiTicket:
    """A ticket dispatched at once, its resolution deadline `due_h` hours and done `done_h` hours after receipt."""
    due = received + timedelta(hours=due_h) if due_h is not None else None
    done = received + timedelta(hours=done_h) if done_h is not None else None
    return KpiTicket(id=tid, received_at=received, status=status, category=f"{cat}/某事", category_top=cat,
                     community=comm, unit="城东供电所", dispatched_at=received, resolved_at=done,
                     resolution_due_at=due, resolution_done_at=done, resolution_outcome="done" if done else None,
                     solved=solved)


def _tickets() -> list[KpiTicket]:
    return [
        _ticket(1, _at(2026, 11, 3, 9), due_h=72, done_h=30, solved="solved"),   # E: within half the limit
        _ticket(2, _at(2026, 11, 4, 9), due_h=72, done_h=40, solved="partly"),   # O: 40 h of 72: past half
        _ticket(3, _at(2026, 11, 5, 9), due_h=24, done_h=30, cat="环境卫生", comm="白马小区",
                solved="unsolved"),                                                  # L
        _ticket(4, _at(2026, 11, 6, 9), "void", due_h=24, done_h=1, solved="solved"),
        _ticket(5, _at(2026, 11, 7, 9), "merged", due_h=24, done_h=1),
        _ticket(6, _at(2026, 12, 1, 0), due_h=72, done_h=1),                      # X: December
    ]


def test_periods_know_the_one_before_and_the_year_before():
    assert Period(2026, 1).previous() == Period(2025, 12) and Period(2026, 1).year_ago() == Period(2025, 1)
    assert Period(2026, quarter=1).previous() == Period(2025, quarter=4)
    assert Period(2026, quarter=3).year_ago() == Period(2025, quarter=3)
    assert (Period(2026, 11).label, Period(2026, quarter=4).label) == ("2026年11月", "2026年第4季度")
    assert (Period(2026, 3).file_stem, Period(2026, quarter=4).file_stem) == ("热线月报-2026-03", "热线季报-2026Q4")
    start, end = Period(2026, 11).bounds(SH)
    assert (start.astimezone(SH), end.astimezone(SH)) == (_at(2026, 11, 1), _at(2026, 12, 1))
    for bad in ((2026, 13, None), (2026, None, 5), (2026, 11, 4), (2026, None, None), (99999, 1, None)):
        with pytest.raises(ValidationError):
            Period(*bad)


def test_early_completion_and_the_matrix_counted_by_hand():
    start, end = Period(2026, 11).bounds(SH)
    rows = _tickets()
    assert [is_early(t) for t in rows[:3]] == [True, False, False]
    assert [is_early(t, 0.6) for t in rows[:3]] == [True, True, False]  # the desk's setting: 60 % of the limit
    steps = [(1, "dispatch", "城东供电所"), (1, "return_dispatch", "城东供电所"), (1, "approve_return", None),
             (1, "dispatch", "城西水务"), (2, "return_dispatch", "城东供电所"), (2, "refuse_return", None),
             (3, "approve_return", None), (3, "approve_return", None)]
    assert returned_tickets(steps) == 2  # tickets with an approved return, each once; a refused one is not
    x = ExtrasBuilder(start, end)
    for t in rows:
        x.add(t)
    extras = x.result({"城东供电所": (2, 1, 1, 0), "城西水务": (1, 0, 0, 1)}, returned=1)
    assert extras.early == 1
    assert extras.matrix == {("水电气", "嘉宏三村"): 2, ("环境卫生", "白马小区"): 1}
    assert (extras.presses, extras.returned, extras.extensions, extras.returns) == (3, 1, 1, 1)
    kpis = compute_kpis(rows, [], start=start, end=end, tz=SH, as_of=_at(2026, 12, 6))
    figures = PeriodFigures(Period(2026, 11), kpis, extras)
    assert kpis.done == 3 and figures.early_rate == pytest.approx(1 / 3)
    assert figures.redispatch_rate == pytest.approx(1 / 3)  # 1 ticket with an approved return / 3 dispatched
    assert (extras.solved_asked, extras.solved, extras.unsolved) == (3, 1, 1)
    assert figures.solved_rate == pytest.approx(1 / 3)
    not_asked = ExtrasBuilder(start, end)
    not_asked.add(_ticket(7, _at(2026, 11, 8, 9), due_h=24, done_h=2))
    nothing = not_asked.result({})
    assert (nothing.solved_asked, nothing.solved) == (0, 0)
    assert PeriodFigures(Period(2026, 11), kpis, nothing).solved_rate is None  # "—", not 0 %


def _unit(key: str, dispatched: int, done: int, on_time: int, sat_calls: int = 0, satisfied: int = 0,
          redispatches: int = 0) -> GroupStats:
    return GroupStats(key, received=dispatched, dispatched=dispatched, done=done, on_time=on_time,
                      sat_calls=sat_calls, satisfied=satisfied, redispatches=redispatches)


def test_the_league_ranks_only_units_with_enough_tickets_on_the_documented_score():
    units = [
        # on time 3/6, satisfied 1/2, done 6/6, none taken away: 40×0.5 + 30×0.5 + 20×1 + 10×1 = 65
        _unit("甲物业", 6, 6, 3, 2, 1),
        # no satisfaction call: the other weights scaled up, 100 × (0.4 + 0.2 + 0.1) / 0.7 = 100
        _unit("乙水务", 5, 5, 5),
        # 4 kept + 1 taken away = 5 sent: on time 4/4, sat 1/1, done 4/4, kept 4/5 → 40 + 30 + 20 + 8 = 98
        _unit("丙供电", 4, 4, 4, 1, 1, redispatches=1),
        _unit("丁所", 4, 4, 4, 1, 1),   # 4 sent: too few to rank, however good
        _unit("戊站", 1, 0, 0),         # one dispatch must not top or sink the table
        _unit("己办", 0, 0, 0),         # nothing sent: not listed
    ]
    ranked, small = league_table(units, MIN_SAMPLE)
    assert [(r.rank, r.unit) for r in ranked] == [(1, "乙水务"), (2, "丙供电"), (3, "甲物业")]
    assert [r.score for r in ranked] == pytest.approx([100.0, 98.0, 65.0])
    assert [(r.rank, r.unit, r.sent) for r in small] == [(None, "丁所", 4), (None, "戊站", 1)]
    assert ranked[1].redispatch_rate == pytest.approx(0.2)
    tied, _ = league_table([_unit("乙", 5, 5, 5), _unit("甲", 6, 6, 6)], MIN_SAMPLE)
    assert [(r.rank, r.unit) for r in tied] == [(1, "甲"), (1, "乙")]  # equal scores share a rank; more tickets first
    assert unit_score({"on_time_rate": None, "satisfaction_rate": None, "completion_rate": None,
                       "kept_rate": None}) is None


def test_the_matrix_keeps_the_busiest_and_sums_the_rest():
    cells = {("水电气", "甲村"): 5, ("水电气", "乙村"): 1, ("水电气", "丙村"): 2, ("治安", "乙村"): 3}
    cats, comms, counts = hot_spot_matrix(cells, rows=5, cols=2)
    assert (cats, comms) == (["水电气", "治安"], ["甲村", "乙村", "其他"])
    assert counts == [[5, 1, 2], [0, 3, 0]]


def test_the_summary_lines_carry_both_changes():
    start, end = Period(2026, 11).bounds(SH)
    now = compute_kpis(_tickets(), [], start=start, end=end, tz=SH, as_of=_at(2026, 12, 6))
    empty = compute_kpis([], [], start=start, end=end, tz=SH, as_of=_at(2026, 12, 6))
    b = Bulletin(PeriodFigures(Period(2026, 11), now, Extras(early=1)),
                 PeriodFigures(Period(2026, 10), now, Extras(early=0)),
                 PeriodFigures(Period(2025, 11), empty, Extras()))
    lines = {line.name: line for line in b.lines()}
    early = lines["提前办结率"]
    assert (early.value, early.previous, early.year_ago) == (pytest.approx(1 / 3), 0.0, None)
    assert early.change_previous == pytest.approx(100 / 3)  # percentage points
    assert early.change_year_ago is None                    # nothing to compare with
    assert lines["受理量"].change_previous == 0.0 and lines["受理量"].change_year_ago is None
    names = [line.name for line in b.lines()]
    assert names.index("按时办结率") + 1 == names.index("提前办结率")


# ---------------------------------------------------------------- the service and the command line

def test_the_quarters_bulletin_holds_the_quarters_figures(desk, q3, supervisor, tmp_path):
    from openpyxl import load_workbook

    from console.services.bulletins import bulletin_figures, export_bulletin
    from console.services.exports import quarter_kpis

    b = bulletin_figures(desk, Period(2026, quarter=3))
    q = quarter_kpis(desk, 2026, 3)
    assert (b.current.kpis.received, b.current.kpis.done, b.current.kpis.on_time) == (q.received, q.done, q.on_time)
    assert b.previous.kpis.received == quarter_kpis(desk, 2026, 2).received
    assert b.year_ago.kpis.received == 0
    assert (b.current.extras.solved_asked, b.current.extras.solved, b.current.solved_rate) == (2, 1, 0.5)  # T1, T5

    seen: list[tuple[int, int]] = []
    files = export_bulletin(desk, supervisor, Period(2026, quarter=3), tmp_path,
                            progress=lambda done, total, phase="": seen.append((done, total)))
    assert files.workbook.name == "热线季报-2026Q3.xlsx" and files.pdf.name == "热线季报-2026Q3.pdf"
    assert seen and seen[-1][0] == seen[-1][1]
    wb = load_workbook(files.workbook, read_only=True)
    assert wb.sheetnames == ["概览", "渠道与类型", "分类", "热点矩阵", "网格", "单位排名", "说明"]
    overview = [r for r in wb["概览"].iter_rows(values_only=True) if r and r[0] == "受理量"]
    assert overview[0][1] == q.received
    solved = [r for r in wb["概览"].iter_rows(values_only=True) if r and r[0] == "解决率"]
    assert solved[0][1] == 0.5
    assert files.pdf.read_bytes().startswith(b"%PDF")
    with closing(sqlite3.connect(desk.db.sqlite_path)) as con:
        assert con.execute("select count(*) from audit_log where action = 'export_bulletin'").fetchone() == (1,)


def test_the_pdf_reads_as_a_bulletin(desk, q3, supervisor, tmp_path):
    from console.services.bulletins import export_bulletin

    pdf = export_bulletin(desk, supervisor, Period(2026, 9), tmp_path).pdf
    try:
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
    except FileNotFoundError:
        pytest.skip("pdftotext is not installed")
    assert "热线月报" in text and "2026年9月" in text and "2026年8月" in text and "2025年9月" in text
    assert "提前办结率" in text and "解决率" in text and "承办单位排名" in text


def test_an_english_user_gets_the_bulletin_in_english(desk, q3, supervisor, tmp_path):
    """The bulletin's own words and file names follow the user's language; the desk's names stay as entered."""
    from openpyxl import load_workbook

    from console.services.bulletins import export_bulletin

    files = export_bulletin(desk, supervisor, Period(2026, 9), tmp_path, lang="en_US")
    assert (files.workbook.name, files.pdf.name) == ("hotline-bulletin-2026-09.xlsx", "hotline-bulletin-2026-09.pdf")
    wb = load_workbook(files.workbook, read_only=True)
    assert wb.sheetnames == ["Overview", "Channels and types", "Categories", "Hot spots", "Grids", "Unit league",
                             "Notes"]
    rows = list(wb["Overview"].iter_rows(values_only=True))
    assert rows[0][0].endswith("Monthly bulletin 2026-09")
    names = [r[0] for r in rows[4:] if r and r[0]]
    assert {"Received", "Early-completion rate", "Solved rate", "Re-dispatch rate"} <= set(names)
    assert not any("率" in n for n in names)
    notes = " ".join(r[0] for r in wb["Notes"].iter_rows(values_only=True) if r and r[0])
    assert "Solved rate = tickets the resident called solved" in notes
    try:
        text = subprocess.run(["pdftotext", "-layout", str(files.pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
    except FileNotFoundError:
        pytest.skip("pdftotext is not installed")
    assert "Monthly bulletin" in text and "2026-08" in text and "2025-09" in text
    assert "Early-completion rate" in text and "Handling units ranked" in text and "指标" not in text


def test_the_bulletin_workbook_keeps_its_styles_formats_and_print_set_up(desk, q3, street, supervisor, tmp_path):
    """What the workbook looked like when openpyxl wrote it (before session 10's move to XlsxWriter): each
    sheet landscape A4 one page wide (概览 one page down too), a new sheet's margins; a bold 13-point title,
    a grey note, headers bold on a light-blue fill, centred and wrapped; counts, rates and changes in their
    number formats; "—" centred where there is nothing; a name that looks like a formula stays text."""
    from openpyxl import load_workbook

    from console.services.bulletins import export_bulletin
    from console.services.categories import rename_category

    rename_category(desk, supervisor, street.categories["噪音扰民"], "=1+1")
    wb = load_workbook(export_bulletin(desk, supervisor, Period(2026, quarter=3), tmp_path).workbook)
    for ws in wb.worksheets:
        assert (ws.page_setup.orientation, ws.page_setup.paperSize) == ("landscape", 9)
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1)  # likewise
        assert ws.page_setup.fitToHeight in ((None, 1) if ws.title == "概览" else (0,))  # 1 (the default) may go unsaid
        m = ws.page_margins
        assert (m.left, m.right, m.top, m.bottom, m.header, m.footer) == (0.75, 0.75, 1.0, 1.0, 0.5, 0.5)
    ov = wb["概览"]
    assert ov["A1"].font.b and ov["A1"].font.sz == 13
    assert ov["A2"].font.color.rgb.endswith("595959")
    head = ov["A4"]
    assert head.value == "指标" and head.font.b and head.fill.fill_type == "solid"
    assert head.fill.fgColor.rgb.endswith("DDEBF7")
    assert (head.alignment.horizontal, head.alignment.vertical, head.alignment.wrap_text) == ("center", "center", True)
    rows = {r[0].value: r for r in ov.iter_rows(min_row=5) if r[0].value}
    assert rows["受理量"][1].number_format == "#,##0" and rows["办结率"][1].number_format == "0.0%"
    assert rows["办结率"][3].number_format == '+0.0"个百分点";-0.0"个百分点";0.0"个百分点"'
    assert rows["受理量"][3].number_format == "+0.0%;-0.0%;0.0%"
    dash = rows["受理量"][5]
    assert dash.value == "—" and dash.alignment.horizontal == "center"
    cats = {r[0].value: r[0] for r in wb["分类"].iter_rows(min_row=5) if r[0].value}
    assert cats["=1+1"].data_type == "s" and cats["=1+1"].quotePrefix
    assert [c.width for c in (ov.column_dimensions["A"], wb["说明"].column_dimensions["A"])] == [
        pytest.approx(24, abs=1), pytest.approx(100, abs=1)]
