"""`import street` / `export street`: one desk's communities and grids copied to another."""
from __future__ import annotations

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from xlsx_helpers import write_xlsx

from console.domain.errors import PermissionDenied
from console.services.imports.street import export_street_xlsx, import_street_file, street_rows
from console.store.models import Community, Grid

SHEET = [
    ["城东街道社区网格表"],  # a title row above the header
    ["community", "grid", "grid_worker", "grid_phone"],  # English aliases
    ["临江一村", "第九网格", "张三", "138 0013 8000"],
    ["临江二村", "第九网格", "", ""],
    ["=1+2", "第十网格", "李四", "13900139000"],  # a resident's text that looks like a formula
    ["", "第十一网格", "王五", ""],  # a grid with no community yet
    ["嘉宏三村", "第九网格", "", ""],  # an existing community moves to the grid named
]


def test_import_sets_up_and_export_round_trips(desk, street, supervisor, make_desk, tmp_path):
    p = write_xlsx(tmp_path / "street.xlsx", SHEET)
    report = import_street_file(desk, supervisor, p)
    assert report.imported, report.message()
    assert (report.communities_created, report.communities_moved, report.grids_created) == (3, 1, 3)
    with desk.db.read() as s:
        g = s.scalars(select(Grid).where(Grid.name == "第九网格")).one()
        assert (g.worker, g.phone) == ("张三", "13800138000")
        members = set(s.scalars(select(Community.name).where(Community.grid_id == g.id)))
        assert members == {"临江一村", "临江二村", "嘉宏三村"}
        assert s.scalar(select(Community.name).where(Community.name == "=1+2")) == "=1+2"

    out = tmp_path / "exported.xlsx"
    n = export_street_xlsx(desk, out)
    ws = load_workbook(out).active
    cells = {c.value: c for row in ws.iter_rows() for c in row if c.value}
    assert cells["=1+2"].data_type == "s"  # text, never a formula
    assert n == len(street_rows(desk)) and [c.value for c in ws[1]] == ["社区", "网格", "网格员", "网格员电话"]

    other = make_desk()
    again = import_street_file(other, supervisor, out)
    assert again.imported, again.message()
    assert street_rows(other) == street_rows(desk)  # the second desk has the first one's set-up
    twice = import_street_file(other, supervisor, out)
    assert (twice.communities_created, twice.grids_created, twice.communities_moved) == (0, 0, 0)


def test_bad_rows_grouped_and_nothing_written_unless_good_rows(desk, street, supervisor, tmp_path):
    p = write_xlsx(tmp_path / "bad.xlsx", [
        ["社区", "网格", "网格员", "网格员电话"],
        ["临江一村", "第九网格", "张三", "不是电话"],
        ["临江二村", "", "李四", ""],
        ["临江三村", "", "王五", ""],
        ["临江四村", "第九网格", "", ""],
        ["临江四村", "第十网格", "", ""],
    ])
    before = street_rows(desk)
    report = import_street_file(desk, supervisor, p)
    assert not report.imported and street_rows(desk) == before
    lines = report.message().splitlines()
    assert "填写了网格员，但没有网格：第 3–4 行（2 行）" in lines
    assert any(ln.startswith("社区“临江四村”在第 5 行属于网格“第九网格”") for ln in lines)
    good = import_street_file(desk, supervisor, p, good_rows_only=True)
    assert good.imported and good.communities_created == 1  # 临江四村 (row 5)


def test_operators_may_not_change_the_street(desk, street, operator, tmp_path):
    with pytest.raises(PermissionDenied):
        import_street_file(desk, operator, write_xlsx(tmp_path / "s.xlsx", SHEET))
