"""The street sheet (`import street` / `export street`): its columns and how its header is found.
Pure rules; the service (console.services.imports.street) checks the names and writes.
"""
from __future__ import annotations

from pathlib import Path

from ..domain.errors import ValidationError
from .sheet_rows import HEADER_SEARCH_ROWS, Column, header_lookup, match_header, norm_header
from .xlsx_safety import Row

SHEET_TITLE = "街道"

COLUMNS: tuple[Column, ...] = (
    Column("community", "社区", "community", ("社区名称", "所属社区", "小区")),
    Column("grid", "网格", "grid", ("网格名称", "所属网格")),
    Column("worker", "网格员", "grid_worker", ("网格员姓名", "grid worker", "worker")),
    Column("phone", "网格员电话", "grid_phone", ("网格员联系电话", "电话", "联系电话", "grid phone", "phone")),
)
REQUIRED = ("community", "grid")
_BY_KEY = {c.key: c for c in COLUMNS}
_HEADER_LOOKUP = header_lookup(COLUMNS)


def find_header(path: Path, rows: list[Row]) -> tuple[int, dict[str, int]]:
    found = match_header(path, rows, lambda text: _HEADER_LOOKUP.get(norm_header(text)), _BY_KEY, REQUIRED,
                         lambda m: len(m) >= 2)
    if found is not None:
        return found
    raise ValidationError(
        f"文件“{path.name}”的前 {HEADER_SEARCH_ROWS} 行中找不到表头。表头应为：社区、网格、网格员、网格员电话。",
        f"File '{path.name}': no header row in the first {HEADER_SEARCH_ROWS} rows "
        "(expected: community, grid, grid_worker, grid_phone).")
