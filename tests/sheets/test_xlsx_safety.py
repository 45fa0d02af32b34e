"""Hostile spreadsheets are refused with a Chinese message, never a traceback."""
from __future__ import annotations

import re
import struct
import zipfile
from datetime import date, datetime, time
from pathlib import Path

import pytest
from xlsx_helpers import HEADER, rewrite_member, write_xlsx

from console.domain.errors import ValidationError
from console.sheets.xlsx_safety import cell_text, open_untrusted_xlsx, text_cell


def _refused(path, **kw) -> ValidationError:
    with pytest.raises(ValidationError) as e:
        list(open_untrusted_xlsx(path, **kw))
    assert e.value.zh and e.value.en and "Traceback" not in e.value.zh
    return e.value


def test_good_file_rows_are_numbered_as_excel_shows_them(tmp_path):
    p = write_xlsx(tmp_path / "ok.xlsx", [["电话簿"], [], HEADER, ["城东供电所", "供电所", None, "停电"]])
    rows = list(open_untrusted_xlsx(p))
    assert rows[0] == (1, ("电话簿",))
    assert rows[1] == (2, ())
    assert rows[2] == (3, tuple(HEADER))
    assert rows[3] == (4, ("城东供电所", "供电所", None, "停电"))


def test_text_file_renamed_xlsx(tmp_path):
    p = tmp_path / "phonebook.xlsx"
    p.write_text("单位名称,类别\n城东供电所,供电所\n", encoding="utf-8")
    e = _refused(p)
    assert "不是 Excel（.xlsx）文件" in e.zh and "phonebook.xlsx" in e.zh


def test_empty_and_missing_files(tmp_path):
    p = tmp_path / "empty.xlsx"
    p.write_bytes(b"")
    assert "是空的" in _refused(p).zh
    assert "不存在" in _refused(tmp_path / "nope.xlsx").zh
    assert "不是文件" in _refused(tmp_path).zh


def test_too_large_file(tmp_path):
    p = write_xlsx(tmp_path / "ok.xlsx", [HEADER])
    assert "太大" in _refused(p, max_bytes=100).zh


def test_other_zips_are_not_excel(tmp_path):
    plain = tmp_path / "plain.xlsx"
    with zipfile.ZipFile(plain, "w") as z:
        z.writestr("readme.txt", "hello")
    assert "不是 Excel（.xlsx）文件" in _refused(plain).zh
    docx = tmp_path / "letter.xlsx"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    assert "不是 Excel（.xlsx）文件" in _refused(docx).zh


def test_zip_bomb_by_compression_ratio(tmp_path):
    good = write_xlsx(tmp_path / "ok.xlsx", [HEADER])
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info.filename))
        zout.writestr("xl/media/zeros.bin", b"\0" * (20 * 1024 * 1024))  # ~20 KB on disk
    assert bomb.stat().st_size < 200_000
    e = _refused(bomb)
    assert "压缩炸弹" in e.zh and "zip bomb" in e.en


def _declare_size(path: Path, member: str, size: int) -> None:
    """Patch the member's declared uncompressed size in both zip headers (a lying file)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    with zipfile.ZipFile(path) as z:
        local = z.getinfo(member).header_offset
    assert data[local:local + 4] == b"PK\x03\x04"
    struct.pack_into("<I", data, local + 22, size)
    for m in re.finditer(rb"PK\x01\x02", data):
        start = m.start()
        n = struct.unpack_from("<H", data, start + 28)[0]
        if bytes(data[start + 46:start + 46 + n]) == name:
            struct.pack_into("<I", data, start + 24, size)
    path.write_bytes(bytes(data))


def test_zip_bomb_by_declared_size(tmp_path):
    p = write_xlsx(tmp_path / "huge.xlsx", [HEADER, ["城东供电所", "供电所"]])
    _declare_size(p, "xl/worksheets/sheet1.xml", 0xFFFF0000)
    with zipfile.ZipFile(p) as z:
        assert z.getinfo("xl/worksheets/sheet1.xml").file_size == 0xFFFF0000
    assert "压缩炸弹" in _refused(p).zh
    # Even where the ratio check would let it pass, the declared total is over the cap.
    assert "解压后过大（4096 MB" in _refused(p, max_ratio=10**12).zh


def test_total_declared_size_is_capped(tmp_path):
    p = write_xlsx(tmp_path / "ok.xlsx", [HEADER])
    e = _refused(p, max_uncompressed=1000)
    assert "解压后过大" in e.zh


def test_sheet_that_claims_column_xfd(tmp_path):
    from openpyxl import Workbook

    p = tmp_path / "wide.xlsx"
    wb = Workbook()
    wb.active["A1"] = "单位名称"
    wb.active["XFD2"] = "x"
    wb.save(p)
    e = _refused(p)
    assert "列数过多" in e.zh and "16384" in e.zh


def test_sheet_with_a_cell_at_row_one_million(tmp_path):
    from openpyxl import Workbook

    p = tmp_path / "tall.xlsx"
    wb = Workbook()
    wb.active["A1"] = "单位名称"
    wb.active["A1000000"] = "x"
    wb.save(p)
    assert "行数过多" in _refused(p).zh


def _strip_dimension(data: bytes) -> bytes:
    return re.sub(rb"<dimension[^>]*/>", b"", data)


def test_wrong_or_missing_dimension_is_capped_while_reading(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "单位名称"
    wb.active["XFD2"] = "x"
    wb.save(tmp_path / "wide.xlsx")
    lying = rewrite_member(tmp_path / "wide.xlsx", tmp_path / "wide2.xlsx", "xl/worksheets/sheet1.xml",
                           lambda d: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:B2"', d))
    e = _refused(lying)
    assert "第 2 行超过 200 列" in e.zh

    wb = Workbook()
    wb.active["A1"] = "单位名称"
    wb.active["A300000"] = "x"
    wb.save(tmp_path / "tall.xlsx")
    undeclared = rewrite_member(tmp_path / "tall.xlsx", tmp_path / "tall2.xlsx", "xl/worksheets/sheet1.xml",
                                _strip_dimension)
    assert "行数过多（超过 200000 行）" in _refused(undeclared).zh


def test_entity_expansion_is_refused_by_defusedxml(tmp_path):
    good = write_xlsx(tmp_path / "ok.xlsx", [HEADER, ["城东供电所"]])
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>')
    evil = rewrite_member(good, tmp_path / "evil.xlsx", "xl/worksheets/sheet1.xml",
                          lambda d: laughs + re.sub(rb"^<\?xml[^>]*\?>", b"", d).replace(
                              b"\xe5\x9f\x8e\xe4\xb8\x9c", b"&lol2;"))
    assert "不安全的内容" in _refused(evil).zh


def test_damaged_xml_inside_a_zip(tmp_path):
    good = write_xlsx(tmp_path / "ok.xlsx", [HEADER])
    broken = rewrite_member(good, tmp_path / "broken.xlsx", "xl/workbook.xml", lambda d: d[: len(d) // 2])
    assert "已损坏或格式不正确" in _refused(broken).zh


def test_defusedxml_must_be_active(tmp_path, monkeypatch):
    import openpyxl.xml

    p = write_xlsx(tmp_path / "ok.xlsx", [HEADER])
    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    assert "defusedxml" in _refused(p).zh


def test_close_releases_a_file_that_was_never_read(tmp_path):
    p = write_xlsx(tmp_path / "ok.xlsx", [HEADER])
    with open_untrusted_xlsx(p) as rows:
        pass
    with pytest.raises(StopIteration):
        next(rows)


@pytest.mark.parametrize("value, text", [
    (None, ""),
    (13800138000.0, "13800138000"),
    (13800138000, "13800138000"),
    (1.38001380e10, "13800138000"),
    (1.5, "1.5"),
    (True, "是"),
    ("  城东 ", "城东"),
    (datetime(2026, 11, 22, 22, 5), "2026-11-22 22:05"),
    (datetime(2026, 11, 22), "2026-11-22"),
    (date(2026, 11, 22), "2026-11-22"),
    (time(8, 30), "08:30"),
])
def test_cell_text(value, text):
    assert cell_text(value) == text


def test_text_cell_never_writes_a_formula(tmp_path):
    from openpyxl import Workbook, load_workbook

    risky = ["=HYPERLINK(\"http://x\",\"点我\")", "+1+1", "-2", "@SUM(A1)", "\tx", "＝1+1", "普通\x07文字"]
    wb = Workbook()
    for i, v in enumerate(risky, start=1):
        text_cell(wb.active, i, 1, v)
    text_cell(wb.active, 1, 2, 42)
    p = tmp_path / "out.xlsx"
    wb.save(p)
    with zipfile.ZipFile(p) as z:
        xml = z.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml and b"<f " not in xml
    ws = load_workbook(p).active
    got = [ws.cell(row=i, column=1) for i in range(1, len(risky) + 1)]
    assert all(c.data_type == "s" for c in got)
    assert [c.value for c in got] == risky[:-1] + ["普通文字"]
    assert got[0].quotePrefix and not got[-1].quotePrefix
    assert ws["B1"].value == 42
