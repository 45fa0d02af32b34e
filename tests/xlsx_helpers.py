"""Building spreadsheets (good and hostile) for the import tests."""
from __future__ import annotations

import zipfile
from pathlib import Path

HEADER = ["单位名称", "类别", "负责社区", "负责分类", "联系人", "职务", "电话", "值班时间"]


class Formula(str):
    """A cell to be written as a real formula (not text)."""


def write_xlsx(path: Path, rows: list[list], *, title: str | None = None) -> Path:
    """Rows as a first sheet; strings become text cells (Formula(...) a real formula)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = title or "Sheet1"
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row, start=1):
            if v is None:
                continue
            cell = ws.cell(row=r, column=c)
            cell.value = v
            if isinstance(v, str) and not isinstance(v, Formula):
                cell.data_type = "s"
    wb.save(path)
    return path


def rewrite_member(src: Path, dst: Path, member: str, transform) -> Path:
    """Copy a zip, passing one member's bytes through ``transform``."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == member:
                data = transform(data)
            zout.writestr(info, data)
    return dst
