"""The phonebook to Excel: same headers as the import, text never a formula, atomic write."""
from __future__ import annotations

import os
import zipfile
from dataclasses import asdict

import pytest

from console.domain.errors import ValidationError
from console.services import phonebook as P
from console.services import phonebook_reads as PR
from console.services.imports.phonebook_export import export_phonebook_xlsx
from console.services.imports.units import import_units_file
from console.sheets.units import COLUMNS

NAME = '=HYPERLINK("http://evil.example","点我")'


def _odd_unit(desk, street, operator) -> int:
    return P.create_unit(desk, operator, P.UnitInput(
        name=NAME, kind="其他", communities=[street.communities["白马小区"], street.communities["嘉宏三村"]],
        categories=[street.categories["水电气/停电"], street.categories["噪音扰民"]],
        skills="@SUM(A1) 修锁", notes="-备注\t里有制表符",
        contacts=[P.ContactInput("+小张", "＝组长", "13800138070、021-59123456-801", "周六、周日 09:00-12:00"),
                  P.ContactInput("老李", "", "95598", "")]))


def _book(desk):
    """The phonebook as plain values, ids left out, for comparing two desks."""
    out = {}
    for r in PR.search_units(desk):
        d = asdict(r)
        d.pop("id")
        d["contacts"] = [{k: v for k, v in c.items() if k != "id"} for c in d["contacts"]]
        out[r.name] = d
    return out


def test_export_writes_the_import_headers_one_row_per_contact_and_no_formulas(desk, street, operator, tmp_path):
    from openpyxl import load_workbook

    _odd_unit(desk, street, operator)
    p = tmp_path / "phonebook.xlsx"
    n = export_phonebook_xlsx(desk, p)
    assert n == 7  # 嘉宏三村物业 ×2, 城东供电所, 城东派出所, 白马小区物业, the odd unit ×2
    with zipfile.ZipFile(p) as z:
        xml = z.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml and b"<f " not in xml
    ws = load_workbook(p).active
    assert [c.value for c in ws[1]] == [c.zh for c in COLUMNS]
    assert [c.value for c in ws[1]][:8] == ["单位名称", "类别", "负责社区", "负责分类", "联系人", "职务", "电话", "值班时间"]
    odd = [row for row in ws.iter_rows(min_row=2) if row[0].value == NAME]
    assert len(odd) == 2
    assert all(c.data_type == "s" for c in odd[0] if c.value)
    assert odd[0][0].quotePrefix
    assert [c.value for c in odd[0][:8]] == [NAME, "其他", "嘉宏三村、白马小区", "水电气/停电、噪音扰民", "+小张", "＝组长",
                                           "13800138070、021-59123456-801", "周六、周日 09:00-12:00"]


def test_export_then_import_round_trips(desk, street, operator, tmp_path, make_desk):
    _odd_unit(desk, street, operator)
    P.deactivate_unit(desk, operator, street.units["城东派出所"])
    p = tmp_path / "phonebook.xlsx"
    export_phonebook_xlsx(desk, p)

    # Into the same desk: nothing changes.
    again = import_units_file(desk, operator, p)
    assert not again.errors and (again.created, again.updated, again.unchanged) == (0, 0, 5)

    # Into a desk that has the same street but not the new unit: the same phonebook appears.
    other = make_desk()
    report = import_units_file(other, operator, p)
    assert not report.errors and (report.created, report.updated) == (1, 1)  # the odd unit; 派出所 deactivated
    assert _book(other) == _book(desk)


def test_export_replaces_an_existing_file_and_leaves_no_temporary_files(desk, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    p = out / "phonebook.xlsx"
    p.write_bytes(b"old content")
    export_phonebook_xlsx(desk, p)
    assert zipfile.is_zipfile(p)
    assert os.listdir(out) == ["phonebook.xlsx"]


def test_export_to_a_missing_folder_is_a_user_error(desk, tmp_path):
    with pytest.raises(ValidationError, match="不存在"):
        export_phonebook_xlsx(desk, tmp_path / "nope" / "phonebook.xlsx")


def test_failed_write_leaves_the_old_file_and_no_temporary(desk, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    p = out / "phonebook.xlsx"
    p.write_bytes(b"old content")

    def boom(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(ValidationError, match="可能正在 Excel 中打开"):
        export_phonebook_xlsx(desk, p)
    assert p.read_bytes() == b"old content"
    assert os.listdir(out) == ["phonebook.xlsx"]
