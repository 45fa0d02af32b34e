"""The street sheet (`import street` / `export street`): its columns and how its header is found.
Pure rules; the service (console.services.imports.street) checks the names and writes.
"""
from __future__ import annotations

from pathlib import Path

from .sheet_rows import Column, header_of
from .xlsx_safety import Row

SHEET_TITLE = "街道"

COLUMNS: tuple[Column, ...] = (
    Column("community", "社区", "community", ("社区名称", "所属社区", "小区")),
    Column("grid", "网格", "grid", ("网格名称", "所属网格")),
    Column("worker", "网格员", "grid_worker", ("网格员姓名", "grid worker", "worker")),
    Column("phone", "网格员电话", "grid_phone", ("网格员联系电话", "电话", "联系电话", "grid phone", "phone")),
)
REQUIRED = ("community", "grid")


def find_header(path: Path, rows: list[Row]) -> tuple[int, dict[str, int]]:
    return header_of(path, rows, COLUMNS, REQUIRED, lambda m: len(m) >= 2)
