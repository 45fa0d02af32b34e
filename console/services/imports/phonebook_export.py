"""The phonebook written back to Excel, in the sheet `import units` reads.

Same headers as the import, one row per contact with the unit's fields on
every row, so export → edit in Excel → import is a round trip (the sheet is
written by console.sheets.sheet_out: text cells, never a formula). The
file is written beside its destination, fsynced and renamed into place, so a
crash never leaves half a workbook under the real name.
"""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import select

from ...domain.enums import UnitKind
from ...domain.errors import ValidationError
from ...services.context import Desk
from ...sheets.sheet_out import sheet_workbook
from ...sheets.units import COLUMNS
from ...store.models import Category, Community, Contact, Unit, UnitCategory, UnitCommunity
from ...util.atomic_file import writing_atomically

SHEET_TITLE = "电话簿"
_WIDTHS = {"name": 24, "kind": 10, "communities": 24, "categories": 28, "contact": 12, "role": 12,
           "phones": 30, "duty_hours": 28, "skills": 24, "notes": 24, "active": 8}


def phonebook_rows(desk: Desk) -> list[dict[str, str]]:
    """One dict per contact (a unit without contacts gives one row), keyed by column key."""
    with desk.db.read() as s:
        units = s.scalars(select(Unit).order_by(Unit.name)).all()
        comms: dict[int, list[str]] = {}
        for uid, name in s.execute(select(UnitCommunity.unit_id, Community.name)
                                   .join(Community, Community.id == UnitCommunity.community_id)
                                   .order_by(Community.name)):
            comms.setdefault(uid, []).append(name)
        cats: dict[int, list[str]] = {}
        for uid, cat in s.execute(select(UnitCategory.unit_id, Category)
                                  .join(Category, Category.id == UnitCategory.category_id)
                                  .order_by(Category.sort_order, Category.name)):
            cats.setdefault(uid, []).append(cat.path)
        contacts: dict[int, list[Contact]] = {}
        for c in s.scalars(select(Contact).order_by(Contact.id)):
            contacts.setdefault(c.unit_id, []).append(c)
        rows = []
        for u in units:
            try:
                kind = UnitKind(u.kind).zh
            except ValueError:
                kind = u.kind
            base = {"name": u.name, "kind": kind, "communities": "、".join(comms.get(u.id, [])),
                    "categories": "、".join(cats.get(u.id, [])), "skills": u.skills or "",
                    "notes": u.notes or "", "active": "在用" if u.active else "停用"}
            people: list[Contact | None] = [*contacts.get(u.id, [])] or [None]  # a unit without contacts: one row
            for who in people:
                rows.append(base | {
                    "contact": who.person if who else "", "role": who.role if who else "",
                    "phones": who.phones if who else "", "duty_hours": who.duty_hours if who else "",
                })
    return rows


def export_phonebook_xlsx(desk: Desk, path: str | os.PathLike[str]) -> int:
    """Write the phonebook to ``path`` (replaced atomically); returns the number of data rows."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ValidationError(f"文件夹“{folder}”不存在。", f"The folder '{folder}' does not exist.")
    rows = phonebook_rows(desk)

    wb = sheet_workbook(SHEET_TITLE, COLUMNS, rows, widths=_WIDTHS)

    try:
        with writing_atomically(target, mode=0o600) as fh:  # staff phones: a new file is private; a replaced one keeps its permissions
            wb.save(fh)
    except PermissionError:
        raise ValidationError(f"无法写入“{target}”：文件可能正在 Excel 中打开，请关闭后重试。",
                              f"Cannot write '{target}': it may be open in Excel; close it and try again.") from None
    except OSError as e:
        raise ValidationError(f"无法写入“{target}”：{e.strerror or e}。",
                              f"Cannot write '{target}': {e.strerror or e}.") from None
    return len(rows)

