"""The quarterly workbook, read back with openpyxl and as raw XML."""
from __future__ import annotations

import json
import re
import zipfile
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from console.domain.errors import PermissionDenied, ValidationError
from console.domain.kpi_summary import SUMMARY_ITEMS
from console.reports import ExportCancelled
from console.reports.quarterly_xlsx import DETAIL_COLUMNS, SHEETS
from console.reports.safe_cells import TRUNCATION_MARK
from console.services import tickets as T
from console.services.exports import export_quarterly
from console.store.models import AuditEntry

SH = ZoneInfo("Asia/Shanghai")

HOSTILE = ["=cmd|' /C calc'!A0", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "＝1+1", "#N/A", "=1+1"]


def _sheet_xml(path, name):
    """The raw XML of the worksheet called `name`."""
    with zipfile.ZipFile(path) as z:
        wb = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        rid = re.search(rf'<sheet[^>]*name="{name}"[^>]*r:id="([^"]+)"', wb)
        rid = rid or re.search(rf'<sheet[^>]*r:id="([^"]+)"[^>]*name="{name}"', wb)
        target = re.search(rf'<Relationship[^>]*Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels) or \
            re.search(rf'<Relationship[^>]*Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels)
        return z.read("xl/" + target.group(1).lstrip("/").removeprefix("xl/")).decode()


def _no_temp_files(folder):
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] == []


@pytest.fixture
def workbook(desk, q3, supervisor, tmp_path):
    path = export_quarterly(desk, supervisor, 2026, 3, tmp_path / "out")
    return path, load_workbook(path)


def test_sheets_in_order_and_summary_columns(workbook, q3):
    path, wb = workbook
    assert path.name == "热线季度分析-2026Q3.xlsx"
    assert wb.sheetnames == list(SHEETS)
    ws = wb["汇总"]
    assert [c.value for c in ws[1][:4]] == ["指标", "2026年第3季度", "2026年第2季度", "变化"]
    names = [ws.cell(row=r, column=1).value for r in range(2, 2 + len(SUMMARY_ITEMS))]
    assert names == [zh for zh, *_ in SUMMARY_ITEMS]
    assert names[:17] == ["受理量", "直接答复", "派单量", "办结量", "办结率", "按时办结率", "回访率",
                          "满意率", "接通率", "回拨率", "平均派单用时（分钟）", "派单用时中位数（分钟）",
                          "平均办结用时（分钟）", "办结用时中位数（分钟）", "服务态度平均分",
                          "办事能力平均分", "重复来电人数"]
    b = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2) for r in range(2, 2 + len(SUMMARY_ITEMS))}
    c = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=3) for r in range(2, 2 + len(SUMMARY_ITEMS))}
    d = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=4) for r in range(2, 2 + len(SUMMARY_ITEMS))}
    assert [b[n].value for n in ("受理量", "直接答复", "派单量", "办结量")] == [6, 1, 4, 3]
    assert b["办结率"].value == pytest.approx(4 / 6) and b["办结率"].number_format == "0.0%"
    assert b["接通率"].value == pytest.approx(0.625)
    assert b["派单用时中位数（分钟）"].value == pytest.approx(30)
    assert b["重复来电人数"].value == 1
    assert c["受理量"].value == 2 and c["按时办结率"].value == "—"
    assert d["受理量"].value == pytest.approx(2.0) and "%" in d["受理量"].number_format
    assert d["办结率"].value == pytest.approx(100 * (4 / 6 - 0.5)) and "百分点" in d["办结率"].number_format
    assert d["按时办结率"].value == "—"


def test_detail_sheet_lists_every_ticket_masked_with_filter_and_frozen_header(workbook, q3):
    _, wb = workbook
    ws = wb["明细"]
    assert [c.value for c in ws[1]] == [n for n, _ in DETAIL_COLUMNS]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    numbers = [r[0] for r in rows]
    assert numbers == [q3.numbers[k] for k in ("T1", "T2", "T3", "T4", "T5", "T7")]  # no void, no Q4
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(row=1, column=len(DETAIL_COLUMNS)).column_letter}7"
    phones = [r[4] for r in rows]
    assert phones == ["138****8000", "138****8000", None, "139****9000", "139****9000", "137****7000"]
    received = ws.cell(row=2, column=2)
    assert received.value == datetime(2026, 7, 6, 9, 10)  # local time, no zone
    assert received.number_format.startswith("yyyy-mm-dd h") and received.is_date
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    t5 = rows[4]
    assert t5[19] == "否" and t5[22] == "基本满意" and t5[28] == "部分解决"
    assert [r[28] for r in rows[:2]] == ["已解决", None]  # T2's calls did not ask (解决率 leaves it out)
    assert rows[3][19] == "超期"  # T4: open past its deadline


def test_long_sheets_print_landscape_fit_to_width_with_the_header_on_every_page(workbook):
    """The page set-up LibreOffice and Excel print by: one page wide, as long as needed, header repeated."""
    _, wb = workbook
    for name, titles in (("明细", "$1:$1"), ("分类", "$1:$1"), ("承办单位", "$1:$1"), ("重复来电与热点", "$2:$2")):
        ws = wb[name]
        assert ws.page_setup.orientation == "landscape", name
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True, name
        # fitToWidth left out means 1 (ECMA-376's default; XlsxWriter writes only what differs from it)
        assert (ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight) == (1, 0), name
        assert ws.print_title_rows == titles, name
        assert ws.page_margins.left <= 0.5 and ws.page_margins.top <= 0.75, name


@pytest.mark.slow
def test_libreoffice_prints_the_detail_sheet_in_tens_of_pages_not_hundreds(desk, q3, supervisor, tmp_path):
    """2,000 tickets' 明细 through LibreOffice (headless): without a page set-up it ran past 150 pages."""
    import shutil
    import subprocess

    from console.domain.report_rows import ReportTicket
    from console.reports.quarterly_xlsx import QuarterlyInfo, write_quarterly_xlsx

    soffice = shutil.which("soffice")
    pdfinfo = shutil.which("pdfinfo")
    if not soffice or not pdfinfo:
        pytest.skip("needs LibreOffice (soffice) and pdfinfo")
    start, end = datetime(2026, 7, 1, tzinfo=SH), datetime(2026, 10, 1, tzinfo=SH)
    info = QuarterlyInfo(2026, 3, start, end, SH, end)
    tickets = [ReportTicket(id=i, received_at=datetime(2026, 7, 1 + i % 90 // 3, 8, tzinfo=SH), channel="phone",
                            caller_phone="13800138000", community="嘉宏三村", category="噪音扰民",
                            request_type="complaint", status="closed", number=f"20260701-{i:04d}",
                            description="楼上装修，中午还在电钻，影响老人休息。" * 2, result="已协调")
               for i in range(2000)]
    book = tmp_path / "q.xlsx"
    with open(book, "wb") as fh:
        write_quarterly_xlsx(fh, info, tickets, ())
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(book)], check=True, capture_output=True, timeout=300)
    out = subprocess.run([pdfinfo, str(tmp_path / "q.pdf")], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", out).group(1))
    assert 10 <= pages <= 60, pages


def test_breakdown_sheets_hold_the_hand_counted_figures(workbook):
    _, wb = workbook
    cat = wb["分类"]
    assert [c.value for c in cat[1][:6]] == ["问题分类", "一级分类", "2026年7月", "2026年8月", "2026年9月", "合计"]
    assert [c.value for c in cat[2][:6]] == ["噪音扰民", "—", 0, 1, 1, 2]
    units = {r[0]: r[1:6] for r in wb["承办单位"].iter_rows(min_row=2, values_only=True)}
    assert units["城东派出所"] == (1, 1, 0, 0.0, 1)
    assert units["白马小区物业"][:2] == (1, 0) and units["白马小区物业"][4] == 1
    hours = wb["时段"]
    assert [c.value for c in hours[1]] == ["时段", "周一", "周二", "周三", "周四", "周五", "周六", "周日", "合计"]
    assert hours.cell(row=2 + 9, column=2).value == 1  # Monday 09:00
    assert hours.cell(row=26, column=9).value == 6
    assert hours.conditional_formatting, "the hour × weekday table has a colour scale"
    rep = list(wb["重复来电与热点"].iter_rows(values_only=True))
    assert rep[2][:3] == ("138****8000", 2, 2)
    assert ("嘉宏三村", "12号", 2) in [r[:3] for r in rep]


def test_native_charts_on_summary_category_and_time_sheets(workbook):
    path, _ = workbook
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) >= 4
        for n in charts:
            assert re.search(rb"<(c:)?(barChart|pieChart)>", z.read(n)), n
    for sheet in ("汇总", "分类", "时段"):
        assert "<drawing " in _sheet_xml(path, sheet), sheet


def test_residents_text_is_never_a_formula(desk, street, operator, supervisor, clock, tmp_path):
    """The services strip leading blanks, but imported or older rows may not:
    the hostile text is put into the rows directly."""
    from sqlalchemy import update

    from console.store.models import Ticket

    out = tmp_path / "exports"
    for text in HOSTILE:
        r = T.log_call(desk, operator, T.NewCall(description="占位", community_id=street.communities["嘉宏三村"]))
        with desk.db.write() as s:
            s.execute(update(Ticket).where(Ticket.id == r.id).values(
                description=text, caller_name=text, address=text))
        clock.advance(minutes=1)
    T.log_call(desk, operator, T.NewCall(description="问个事"), answer="=HYPERLINK(\"http://x\")")
    path = export_quarterly(desk, supervisor, 2026, 4, out)
    xml = _sheet_xml(path, "明细")
    assert "<f>" not in xml and "<f " not in xml
    for name in SHEETS:
        assert "<f>" not in _sheet_xml(path, name)
    ws = load_workbook(path)["明细"]
    rows = list(ws.iter_rows(min_row=2))
    assert len(rows) == len(HOSTILE) + 1
    expected = {t: t.replace("\r", "\n") for t in HOSTILE}  # CR is a line end: kept as LF
    for row, text in zip(rows, HOSTILE, strict=False):
        for col in (4, 10, 14):  # 来电人, 地址, 来电内容
            cell = row[col - 1]
            assert cell.data_type == "s", (text, col)
            assert cell.value == expected[text], (text, col)
        assert row[13].quotePrefix, text  # every one of them starts like a formula
    result = rows[-1][20]  # 办理结果 of the answered call
    assert result.value == "=HYPERLINK(\"http://x\")" and result.data_type == "s" and result.quotePrefix


def test_control_characters_removed_and_long_text_cut_with_a_mark(desk, street, operator, supervisor, tmp_path):
    out = tmp_path / "exports"
    T.log_call(desk, operator, T.NewCall(description="漏\x00水\x07了\x1b！\n第二行"))
    T.log_call(desk, operator, T.NewCall(description="长" * 40_000))
    path = export_quarterly(desk, supervisor, 2026, 4, out)
    ws = load_workbook(path)["明细"]
    texts = [r[13] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert texts[0] == "漏水了！\n第二行"
    assert len(texts[1]) == 32_767 and texts[1].endswith(TRUNCATION_MARK) and texts[1].startswith("长长")


def test_empty_quarter_says_so(desk, supervisor, tmp_path):
    out = tmp_path / "exports"
    path = export_quarterly(desk, supervisor, 2025, 1, out)
    wb = load_workbook(path)
    assert wb.sheetnames == list(SHEETS)
    assert wb["汇总"]["A2"].value == "本季度没有工单"
    assert wb["明细"].max_row == 1


def test_unmasked_export_is_for_supervisors_and_audited(desk, q3, operator, supervisor, tmp_path):
    out = tmp_path / "exports"
    with pytest.raises(PermissionDenied):
        export_quarterly(desk, operator, 2026, 3, out, mask=False)
    assert not out.exists()
    path = export_quarterly(desk, supervisor, 2026, 3, out, mask=False)
    assert path.name == "热线季度分析-2026Q3-未打码.xlsx"
    phones = [r[4] for r in load_workbook(path)["明细"].iter_rows(min_row=2, values_only=True)]
    assert phones[0] == "13800138000"
    export_quarterly(desk, operator, 2026, 3, out)  # masked: anyone
    with desk.db.read() as s:
        rows = s.execute(select(AuditEntry.user_id, AuditEntry.new)
                         .where(AuditEntry.action == "export_quarterly").order_by(AuditEntry.id)).all()
    assert [(u, json.loads(n)["mask"]) for u, n in rows] == [(supervisor.id, False), (operator.id, True)]
    assert json.loads(rows[0][1])["tickets"] == 6


def test_cancelled_export_leaves_no_file(desk, q3, supervisor, tmp_path, monkeypatch):
    out = tmp_path / "exports"
    import console.reports.quarterly_xlsx as qx

    monkeypatch.setattr(qx, "CHECK_EVERY", 2)
    asked = []

    def cancelled():
        asked.append(1)
        return len(asked) >= 2

    with pytest.raises(ExportCancelled):
        export_quarterly(desk, supervisor, 2026, 3, out, cancelled=cancelled)
    assert list(out.iterdir()) == []
    assert len(asked) == 2


def _book_temps(tmp_path, monkeypatch):
    """The folder the workbook writer keeps its temporary files in, for this test alone."""
    import console.reports.xlsx_book as xb

    temps = tmp_path / "book-temps"
    temps.mkdir()
    monkeypatch.setattr(xb, "TMP_PARENT", str(temps))
    return temps


def test_failing_progress_callback_leaves_no_file_and_no_temp(desk, q3, supervisor, tmp_path, monkeypatch):
    out = tmp_path / "exports"
    import console.reports.quarterly_xlsx as qx

    monkeypatch.setattr(qx, "CHECK_EVERY", 2)
    temps = _book_temps(tmp_path, monkeypatch)
    seen = []

    def progress(done, total):
        seen.append((done, total))
        if done >= 4:
            raise RuntimeError("disk on fire")

    out.mkdir()
    final = out / "热线季度分析-2026Q3.xlsx"
    final.write_bytes(b"old")  # an earlier export stays as it was
    with pytest.raises(RuntimeError):
        export_quarterly(desk, supervisor, 2026, 3, out, progress=progress)
    assert [p.name for p in out.iterdir()] == [final.name] and final.read_bytes() == b"old"
    assert seen[0][0] == 0 and seen[-1][0] == 4
    assert list(temps.iterdir()) == []  # the writer's own sheet files were removed too


def test_progress_reaches_the_end(desk, q3, supervisor, tmp_path):
    out = tmp_path / "exports"
    seen = []
    export_quarterly(desk, supervisor, 2026, 3, out, progress=lambda d, t: seen.append((d, t)))
    assert seen[0][0] == 0 and seen[-1][0] == seen[-1][1] and _no_temp_files(out)
    assert all(b[0] >= a[0] for a, b in zip(seen, seen[1:], strict=False))


def test_bad_quarter_and_bad_folder_are_user_errors(desk, supervisor, tmp_path):
    with pytest.raises(ValidationError):
        export_quarterly(desk, supervisor, 2026, 5, tmp_path)
    f = tmp_path / "a-file"
    f.write_text("x")
    with pytest.raises(ValidationError):
        export_quarterly(desk, supervisor, 2026, 3, f)


def test_cancel_while_saving_leaves_no_file(desk, q3, supervisor, tmp_path, monkeypatch):
    import console.reports.quarterly_xlsx as qx

    monkeypatch.setattr(qx, "SAVE_TICK", 1)
    temps = _book_temps(tmp_path, monkeypatch)
    calls = []

    def cancelled():  # asked once after the rows (no check inside: fewer than CHECK_EVERY rows), then while saving
        calls.append(1)
        return len(calls) >= 3

    out = tmp_path / "exports"
    with pytest.raises(ExportCancelled):
        export_quarterly(desk, supervisor, 2026, 3, out, cancelled=cancelled)
    assert list(out.iterdir()) == [] and len(calls) == 3
    assert list(temps.iterdir()) == []


def test_detail_rows_stop_at_excels_sheet_limit_but_figures_count_all(desk, q3, supervisor, tmp_path,
                                                                      monkeypatch):
    import console.reports.quarterly_xlsx as qx

    monkeypatch.setattr(qx, "MAX_DETAIL_ROWS", 3)
    wb = load_workbook(export_quarterly(desk, supervisor, 2026, 3, tmp_path / "exports"))
    assert wb["明细"].max_row == 4 and wb["明细"].auto_filter.ref.endswith("4")
    assert wb["汇总"]["B2"].value == 6
    notes = {r[0]: r[1] for r in wb["汇总"].iter_rows(values_only=True) if r[0]}
    assert "只列出前 3 张" in notes["明细行数"]


def test_terminal_progress_draws_one_line_on_a_terminal_only():
    import io

    from console.reports.progress import terminal_progress

    class Tty(io.StringIO):
        def isatty(self):
            return True

    tty, log = Tty(), io.StringIO()
    for stream in (tty, log):
        p = terminal_progress(stream)
        for done in (0, 1, 1, 50, 100):
            p(done, 100)
    assert tty.getvalue() == "\r导出中…   0%\r导出中…   1%\r导出中…  50%\r导出中… 100%\n"
    assert log.getvalue() == ""


def test_cancel_while_counting_the_previous_quarter(desk, q3, supervisor, tmp_path, monkeypatch):
    import console.services.quarterly_files as qf  # the sequence both export paths run

    monkeypatch.setattr(qf, "TICK_EVERY", 1)
    seen = []
    out = tmp_path / "exports"
    with pytest.raises(ExportCancelled):
        export_quarterly(desk, supervisor, 2026, 3, out, progress=lambda d, t: seen.append((d, t)),
                         cancelled=lambda: True)
    assert list(out.iterdir()) == [] and seen == [(0, 2 + 6 + 1)]


def test_category_codes_and_desk_request_types_reach_the_workbook(desk, q3, street, operator, supervisor,
                                                                   tmp_path):
    """The category code the editors set is a column of 分类."""
    from console.services.categories import set_category_code

    set_category_code(desk, supervisor, street.categories["噪音扰民"], "GB39666-0701")
    path = export_quarterly(desk, supervisor, 2026, 3, tmp_path / "out")
    cat = load_workbook(path)["分类"]
    header = [c.value for c in cat[1]]
    col = header.index("分类代码")
    assert {r[0]: r[col] for r in cat.iter_rows(min_row=2, values_only=True) if r[0]}["噪音扰民"] == "GB39666-0701"


def test_a_masked_workbook_masks_the_numbers_inside_the_words(desk, street, operator, supervisor, tmp_path):
    """电话号码已打码 means it: a number typed into the text is masked too (domain.masking); unmasked keeps it."""
    T.log_call(desk, operator, T.NewCall(description="请回电 139 8765 4321，身份证110101199003071234",
                                         caller_name="王13987654321"), answer="已回电 13987654321")
    masked = load_workbook(export_quarterly(desk, supervisor, 2026, 4, tmp_path / "m"))["明细"]
    cells = "\n".join(str(c) for r in masked.iter_rows(min_row=2, values_only=True) for c in r if c)
    assert "98765" not in cells and "8765 4321" not in cells and "199003071234" not in cells
    assert "139****4321" in cells and "110***********1234" in cells
    plain = load_workbook(export_quarterly(desk, supervisor, 2026, 4, tmp_path / "u", mask=False))["明细"]
    assert "139 8765 4321" in "\n".join(str(c) for r in plain.iter_rows(min_row=2, values_only=True) for c in r if c)


def test_a_quarter_across_a_switch_of_scale_shows_both_and_the_mapped_table(desk, q3, supervisor, admin, operator,
                                                                            clock, street, tmp_path):
    """q3 rated T1 满意 and T5 基本满意 on three levels (T2's 不满意 was rectified by reopening); the desk then
    switches to five and rates one more ticket 非常满意: the 满意度 sheet breaks down each scale and adds the
    mapped three-level table with the mapping written out."""
    from console.services.desk_settings import set_desk_settings

    from .conftest import at

    clock.set(at(9, 25, 10))
    set_desk_settings(desk, admin, limits={"satisfaction_scale": 5})
    t = T.log_call(desk, operator, T.NewCall(description="路灯不亮", community_id=street.communities["嘉宏三村"]),
                   dispatch=T.Dispatch(street.units["城东供电所"]))
    T.resolve(desk, operator, t.id, "已修复")
    T.record_satisfaction(desk, operator, t.id, "非常满意")
    clock.set(datetime(2026, 11, 22, 22, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    ws = load_workbook(export_quarterly(desk, supervisor, 2026, 3, tmp_path / "out"))["满意度"]
    rows = [tuple(c.value for c in r[:3]) for r in ws.iter_rows()]
    assert rows[0] == ("满意度（五级，好差评）", "回访量", "占比")
    assert [r[:2] for r in rows[1:7]] == [("非常满意", 1), ("满意", 0), ("基本满意", 0), ("不满意", 0),
                                          ("非常不满意", 0), ("合计", 1)]
    assert rows[8] == ("满意度（三级）", "回访量", "占比")
    assert [r[:2] for r in rows[9:13]] == [("满意", 1), ("基本满意", 1), ("不满意", 1), ("合计", 3)]
    assert rows[14][0] == "满意度（合计，五级按对照表折为三级）"
    assert [r[:2] for r in rows[15:19]] == [("满意", 2), ("基本满意", 1), ("不满意", 1), ("合计", 4)]
    assert rows[18][2] == pytest.approx(3 / 4)  # 满意率 of the whole quarter
    assert rows[20][0].startswith("对照表：非常满意、满意 → 满意")


LOOKALIKES = ["=SUM(A1:A3)", "+8613800138000", "-12", "@handle", "http://example.com/x", "https://例子.cn",
              "www.example.com", "mailto:a@b.cn", "ftp://x.cn", "12345", "0012", "1.5e3", "50%", "TRUE",
              "2026-07-01", "#REF!"]


def test_residents_text_that_looks_like_a_formula_a_link_or_a_number_stays_text(desk, street, operator, supervisor,
                                                                                 clock, tmp_path):
    """Whatever a resident typed is stored as the text typed: no formula, no hyperlink, no number, no date."""
    from sqlalchemy import update

    from console.store.models import Ticket

    for text in LOOKALIKES:
        r = T.log_call(desk, operator, T.NewCall(description="占位", community_id=street.communities["嘉宏三村"]))
        with desk.db.write() as s:
            s.execute(update(Ticket).where(Ticket.id == r.id).values(description=text, caller_name=text,
                                                                     address=text))
        clock.advance(minutes=1)
    path = export_quarterly(desk, supervisor, 2026, 4, tmp_path / "out", mask=False)
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        assert not [n for n in names if "hyperlink" in z.read(n).decode("utf-8", "replace").lower()
                    and n.startswith("xl/worksheets/")]
    xml = _sheet_xml(path, "明细")
    assert "<f>" not in xml and "<f " not in xml
    rows = list(load_workbook(path)["明细"].iter_rows(min_row=2))
    assert len(rows) == len(LOOKALIKES)
    for row, text in zip(rows, LOOKALIKES, strict=True):
        for col in (4, 10, 14):  # 来电人, 地址, 来电内容
            cell = row[col - 1]
            assert cell.data_type == "s" and cell.value == text, (text, col, cell.value)
            assert cell.hyperlink is None, text
        assert row[13].quotePrefix == (text[0] in "=+-@" or text == "#REF!"), text
