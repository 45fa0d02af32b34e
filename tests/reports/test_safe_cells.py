"""The cell-text sanitiser and the atomic file writer, on their own."""
from __future__ import annotations

import io
import os
import zipfile

import pytest
from openpyxl import load_workbook

from console.reports.atomic_file import ExportFileError, atomic_path, atomic_write
from console.reports.safe_cells import (
    EXCEL_CELL_LIMIT,
    TRUNCATION_MARK,
    clean_text,
    is_formula_like,
)
from console.reports.xlsx_book import Book

HOSTILE = ["=cmd|' /C calc'!A0", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "＝1+1", "=1+1", "#N/A",
           "#DIV/0!", "-", "=", "＋1", "－1", "＠x"]


def _roundtrip(values):
    """`values` written twice (two rows) by the exports' writer (reports.xlsx_book), read back."""
    buf = io.BytesIO()
    book = Book(buf)
    sheet = book.sheet("s")
    sheet.append(values)
    sheet.append(values)
    book.close()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    return load_workbook(io.BytesIO(buf.getvalue()))["s"], xml


def test_hostile_text_is_written_as_text_not_formula():
    ws, xml = _roundtrip(HOSTILE)
    assert "<f>" not in xml and "<f " not in xml
    for row in ws.iter_rows():
        for cell, text in zip(row, HOSTILE, strict=False):
            assert cell.data_type == "s", text
            assert cell.value == text.replace("\r", "\n"), text
            assert cell.quotePrefix, text


def test_ordinary_text_and_numbers_pass_through():
    ws, xml = _roundtrip(["楼道灯不亮", 12, None, 1.5, "楼道=灯"])
    assert [c.value for c in ws[1]] == ["楼道灯不亮", 12, None, 1.5, "楼道=灯"]
    assert not ws["A1"].quotePrefix and "<f>" not in xml
    assert not is_formula_like("楼道=灯") and is_formula_like("＝1") and is_formula_like("#N/A")
    assert not is_formula_like("")


def test_control_characters_removed_line_ends_kept():
    assert clean_text("a\x00b\x07c\x0bd\x0ce\x1bf\x7fg") == "abcdef\x7fg"
    assert clean_text("一\r\n二\r三\n四\t五") == "一\n二\n三\n四\t五"
    assert clean_text("x\ud800y\uffffz") == "xyz"
    assert clean_text(None) == ""


def test_long_text_is_cut_at_excels_limit_with_a_visible_mark():
    cut = clean_text("长" * 40_000)
    assert len(cut) == EXCEL_CELL_LIMIT and cut.endswith(TRUNCATION_MARK)
    emoji = clean_text("😀" * 20_000)  # two UTF-16 units each: Excel counts those
    assert emoji.endswith(TRUNCATION_MARK)
    assert (len(emoji) - len(TRUNCATION_MARK)) * 2 + len(TRUNCATION_MARK) <= EXCEL_CELL_LIMIT
    assert clean_text("短" * 100) == "短" * 100
    ws, _ = _roundtrip(["长" * 40_000])
    assert ws["A1"].value == cut and ws["A2"].value == cut


def test_literal_excel_escapes_are_escaped():
    # Excel would show _x0041_ as "A"; the resident typed the characters themselves (XlsxWriter escapes it).
    ws, xml = _roundtrip(["编号_x0041_", "a_xyz_"])
    assert "编号_x005F_x0041_" in xml  # Excel reads _x005F_ as "_": 编号_x0041_ as typed (openpyxl shows it raw)
    assert ws["B1"].value == "a_xyz_"


# --- atomic files ----------------------------------------------------------------

def test_atomic_write_replaces_only_on_success(tmp_path):
    final = tmp_path / "report.xlsx"
    with atomic_write(final) as fh:
        fh.write(b"first")
        assert not final.exists()
    assert final.read_bytes() == b"first"
    with pytest.raises(ZeroDivisionError):
        with atomic_write(final) as fh:
            fh.write(b"half")
            raise ZeroDivisionError("killed half way")
    assert final.read_bytes() == b"first" and os.listdir(tmp_path) == ["report.xlsx"]


def test_atomic_write_cleans_up_on_keyboard_interrupt(tmp_path):
    final = tmp_path / "r.pdf"
    with pytest.raises(KeyboardInterrupt):
        with atomic_path(final) as p:
            p.write_bytes(b"x" * 100)
            raise KeyboardInterrupt
    assert os.listdir(tmp_path) == []


def test_atomic_write_into_a_missing_folder_is_a_user_error(tmp_path):
    with pytest.raises(ExportFileError):
        with atomic_write(tmp_path / "nope" / "r.xlsx"):
            pass
