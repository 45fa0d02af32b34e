"""The phonebook sheet (`import units`, and the phonebook export that writes it back): its
columns, the words desks use, how lists in a cell are split and how the header is found. Pure
rules; the service (console.services.imports.units) checks the rows against the desk and writes.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..domain.enums import UnitKind
from ..domain.errors import ValidationError
from .sheet_rows import HEADER_SEARCH_ROWS, Column, header_lookup, match_header, norm_header
from .xlsx_safety import Row

# Order = the export's column order; the first eight are DESIGN.md's.
COLUMNS: tuple[Column, ...] = (
    Column("name", "单位名称", "name", ("单位", "名称", "单位名", "unit", "unit name")),
    Column("kind", "类别", "kind", ("单位类别", "类型", "type")),
    Column("communities", "负责社区", "communities", ("社区", "服务社区", "负责小区", "community")),
    Column("categories", "负责分类", "categories", ("问题分类", "分类", "category")),
    Column("contact", "联系人", "contact", ("姓名", "person")),
    Column("role", "职务", "role", ("岗位",)),
    Column("phones", "电话", "phones", ("联系电话", "电话号码", "phone", "tel")),
    Column("duty_hours", "值班时间", "duty_hours", ("duty hours", "hours")),
    Column("skills", "擅长", "skills", ("技能", "服务内容")),
    Column("notes", "备注", "notes", ("note",)),
    Column("active", "状态", "active", ("status",)),
)
REQUIRED = ("name", "kind", "contact", "phones")
WHOLE_STREET = {"全街道", "全街", "全部", "全部社区", "所有社区", "全辖区"}
INACTIVE_WORDS = {"停用", "否", "inactive", "no", "false", "0", "disabled"}
ACTIVE_WORDS = {"在用", "启用", "正常", "是", "active", "yes", "true", "1", "enabled"}
_LIST_SPLIT = re.compile(r"[、,，;；\n]+")


_HEADER_LOOKUP = header_lookup(COLUMNS)
_BY_KEY = {c.key: c for c in COLUMNS}


def split_list(text: str) -> list[str]:
    return [p.strip() for p in _LIST_SPLIT.split(text or "") if p.strip()]


def find_header(path: Path, rows: list[Row]) -> tuple[int, dict[str, int]]:
    found = match_header(path, rows, lambda text: _HEADER_LOOKUP.get(norm_header(text)), _BY_KEY, REQUIRED,
                         lambda m: "name" in m and len(m) >= 2)
    if found is not None:
        return found
    expected = "、".join(c.zh for c in COLUMNS[:8])
    raise ValidationError(
        f"文件“{path.name}”的前 {HEADER_SEARCH_ROWS} 行中找不到表头（需要“单位名称”“类别”“联系人”“电话”等列）。"
        f"表头应为：{expected}。",
        f"File '{path.name}': no header row in the first {HEADER_SEARCH_ROWS} rows (columns such as "
        "name, kind, contact, phones are required).")


UNIT_FIELDS = (
    ("kind", "类别", "kind"),
    ("communities", "负责社区", "communities"),
    ("categories", "负责分类", "categories"),
    ("skills", "擅长", "skills"),
    ("notes", "备注", "notes"),
    ("active", "状态", "status"),
)


def field_label(key: str, value: object) -> str:
    """A unit field's value as the sheet would write it (for a row that contradicts another)."""
    if key == "kind" and value:
        try:
            return UnitKind(str(value)).zh
        except ValueError:
            return str(value)
    if isinstance(value, bool):
        return "在用" if value else "停用"
    return str(value)
