"""`import units`: the phonebook from a spreadsheet (单位名称, 类别, 负责社区 …).

Street offices keep their phonebook in Excel; this reads that sheet. One row
per contact; rows with the same 单位名称 build one unit. The header row may
sit under a title row (it is looked for in the first 5 rows); Chinese names
or English aliases are accepted.

Unit-level cells (类别, 负责社区, 负责分类, 擅长, 备注, 状态) may be left blank
on a unit's later rows (sheets often merge those cells); a later row that
*disagrees* with an earlier one is that row's error. When a unit's rows all
leave 负责社区 blank the unit covers the whole street, as in the window.
An optional column that is absent from the sheet leaves an existing unit's
value as it is.

Bad rows are reported by row number and reason and change nothing unless the
caller asks for the good rows only; a file-level problem (not an .xlsx, no
header, a zip bomb) raises ValidationError. Everything is written in ONE
transaction, with an audit row per unit created or changed and one
``import_units`` row for the file; the work before it (cleaning, pinyin,
comparing with the desk) holds no lock, so that transaction is short and
other seats keep saving tickets during a long import (unit_staging).
Re-importing updates units by name.
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...domain.errors import ValidationError
from ...domain.permissions import require
from ...services.categories import check_category_name
from ...services.context import Actor, Changes, Desk, audit
from ...services.phonebook import (
    MAX_PERSON,
    MAX_ROLE,
    MAX_TEXT,
    ContactInput,
    clean_duty_hours,
    clean_kind,
    clean_phones,
    clean_unit_name,
)
from ...services.street import clean_place_name
from ...sheets.missing import MissingNames
from ...sheets.sheet_rows import (
    DeskNames,
    MissingName,
    RowError,
    nfkc,
    report_message,
    require_rows,
    row_error,
    rows_under_header,
)
from ...sheets.units import (
    ACTIVE_WORDS,
    INACTIVE_WORDS,
    UNIT_FIELDS,
    WHOLE_STREET,
    field_label,
    find_header,
    split_list,
)
from ...sheets.xlsx_safety import cell_text
from ...store.models import Category, Community, Unit
from ...store.staged_rows import temp_tables
from ...util.progress import Progress
from .missing import create_missing
from .unit_staging import (
    Cancelled,
    ImportCancelled,
    Numbered,
    Temp,
    check_unchanged,
    fill,
    number_and_check,
    stage,
    write,
)

T = TypeVar("T")

# ------------------------------------------------------------------ results

@dataclass
class PlannedUnit:
    """One unit the file describes. ``None`` fields were not given (keep the unit's value)."""

    name: str
    rows: list[int]
    existing_id: int | None
    kind: str | None = None
    communities: list[int] | None = None
    categories: list[int] | None = None
    skills: str | None = None
    notes: str | None = None
    active: bool | None = None
    contacts: list[ContactInput] = field(default_factory=list)


@dataclass
class ImportPlan:
    file_name: str
    rows_total: int  # non-blank data rows under the header
    rows_ok: int
    errors: list[RowError]
    units: list[PlannedUnit]
    missing: MissingNames = field(default_factory=MissingNames)  # --add-missing: created with the rows

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def to_create(self) -> list[str]:
        return [u.name for u in self.units if u.existing_id is None]

    @property
    def to_update(self) -> list[str]:
        return [u.name for u in self.units if u.existing_id is not None]


@dataclass
class ImportReport:
    file_name: str
    imported: bool  # False: the file had errors and nothing was written
    rows_total: int
    rows_ok: int
    errors: list[RowError]
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    contacts: int = 0
    changes: Changes = field(default_factory=Changes)
    missing: MissingNames = field(default_factory=MissingNames)

    def message(self, lang: str = "zh_CN") -> str:
        """A summary for the CLI or a dialog; then what is (or would be) created; the problems, one line per cause."""
        return report_message(
            self.file_name, self.errors, bool(self.imported),
            f"{self.file_name}：新建 {self.created} 个单位，更新 {self.updated} 个，"
            f"未变 {self.unchanged} 个；共 {self.rows_total} 行，导入 {self.rows_ok} 行。",
            f"{self.file_name}: {self.created} unit(s) created, {self.updated} updated, "
            f"{self.unchanged} unchanged; {self.rows_ok} of {self.rows_total} row(s) imported.", lang,
            [m for m in [self.missing.summary(lang, done=bool(self.imported))] if m])


# ------------------------------------------------------------------ parsing

def read_desk_names(s: Session) -> DeskNames:
    """The communities, categories and units a sheet's names are looked up in (one read)."""
    return DeskNames(communities={c.name: c.id for c in s.scalars(select(Community))},
                     categories=[(c.id, c.name, c.parent_id) for c in s.scalars(select(Category))],
                     units={u.name: u.id for u in s.scalars(select(Unit))})


class _Refs:
    """Names of communities and categories as the sheet writes them → ids."""

    def __init__(self, names: DeskNames, add_missing: bool = False):
        self.add_missing = add_missing
        self.missing = MissingNames()
        self.communities = {nfkc(name): cid for name, cid in names.communities.items()}
        name_of = {cid: name for cid, name, _parent in names.categories}
        self.paths: dict[str, int] = {}
        self.tops: dict[str, int] = {}
        self.leaves: dict[str, list[int]] = {}
        for cid, name, parent_id in names.categories:
            parent = name_of.get(parent_id) if parent_id is not None else None
            if parent is None:
                self.tops[nfkc(name)] = cid
                self.paths[nfkc(name)] = cid
            else:
                self.paths[f"{nfkc(parent)}/{nfkc(name)}"] = cid
                self.leaves.setdefault(nfkc(name), []).append(cid)
        self.units = dict(names.units)

    def community(self, value: str, label_zh: str = "负责社区") -> int:
        v = nfkc(value)
        if v in self.communities:
            return self.communities[v]
        if self.add_missing:
            return self.missing.temp("communities", clean_place_name(v))
        raise MissingName(f"{label_zh}“{value}”不存在", f"community {value!r} does not exist")

    def new_category(self, v: str) -> int:
        """--add-missing: a temporary id for a category path the desk lacks (its parent listed first)."""
        parent, _, child = v.partition("/")
        parent = check_category_name(parent)
        if not child:
            return self.missing.temp("categories", parent)
        child = check_category_name(child)
        if parent not in self.tops:
            self.missing.temp("categories", parent)
        return self.missing.temp("categories", f"{parent}/{child}")

    def category(self, value: str, label_zh: str = "负责分类") -> int:
        v = re.sub(r"\s*/\s*", "/", nfkc(value))
        if "/" in v:
            if v in self.paths:
                return self.paths[v]
            if self.add_missing:
                return self.new_category(v)
        elif v in self.tops:
            return self.tops[v]
        elif len(self.leaves.get(v, [])) == 1:
            return self.leaves[v][0]
        elif len(self.leaves.get(v, [])) > 1:
            raise ValidationError(f"{label_zh}“{value}”有多个同名分类，请写完整路径（如 水电气/停电）",
                                  f"category {value!r} is ambiguous; write its full path (e.g. 水电气/停电)")
        elif self.add_missing:
            return self.new_category(v)
        raise MissingName(f"{label_zh}“{value}”不存在（请写“大类/小类”或已有的分类名称）",
                          f"category {value!r} does not exist (write 'parent/child' or an existing name)")


@dataclass
class _Row:
    number: int
    name: str
    kind: str | None
    communities: list[int] | None  # None: blank cell
    categories: list[int] | None
    skills: str | None
    notes: str | None
    active: bool | None
    contact: ContactInput | None


def _parse_row(number: int, cells: dict[str, str], refs: _Refs) -> tuple[_Row | None, list[ValidationError]]:
    errs: list[ValidationError] = []

    def attempt(fn: Callable[..., T], *a: Any) -> T | None:
        try:
            return fn(*a)
        except ValidationError as e:
            errs.append(e)
            return None

    name = cells.get("name", "")
    if not name:
        errs.append(ValidationError("缺少单位名称（如使用了合并单元格，请取消合并并逐行填写）。",
                                    "The unit name is missing (if cells are merged, unmerge and fill every row)."))
    else:
        name = attempt(clean_unit_name, name) or ""  # a bad name is among errs: the row is refused
    kind = attempt(clean_kind, cells["kind"]) if cells.get("kind") else None

    communities = None
    if "communities" in cells and cells["communities"]:
        items = split_list(cells["communities"])
        if len(items) == 1 and nfkc(items[0]) in WHOLE_STREET:
            communities = []
        else:
            got = [attempt(refs.community, v) for v in items]
            communities = sorted({i for i in got if i is not None})
    categories = None
    if "categories" in cells and cells["categories"]:
        got = [attempt(refs.category, v) for v in split_list(cells["categories"])]
        categories = sorted({i for i in got if i is not None})

    def long_text(key: str, zh: str, en: str, limit: int) -> str | None:
        v = cells.get(key)
        if not v:
            return None
        if len(v) > limit:
            errs.append(ValidationError(f"{zh}太长（最多 {limit} 个字）。",
                                        f"The {en} is too long (at most {limit} characters)."))
        return v

    skills = long_text("skills", "擅长", "skills", MAX_TEXT)
    notes = long_text("notes", "备注", "notes", MAX_TEXT)
    active = None
    if cells.get("active"):
        word = nfkc(cells["active"]).lower()
        if word in INACTIVE_WORDS:
            active = False
        elif word in ACTIVE_WORDS:
            active = True
        else:
            errs.append(ValidationError(f"状态“{cells['active']}”无效，请填“在用”或“停用”。",
                                        f"Status {cells['active']!r} is not valid; write 'active' or 'inactive'."))

    person = long_text("contact", "联系人姓名", "contact name", MAX_PERSON) or ""
    role = long_text("role", "职务", "role", MAX_ROLE) or ""
    phones_text, duty_text = cells.get("phones", ""), cells.get("duty_hours", "")
    contact = None
    if person or role or phones_text or duty_text:
        phones = attempt(clean_phones, phones_text, person, role)
        if phones == "":
            label = person or role
            errs.append(ValidationError(f"联系人“{label}”没有填写电话号码。" if label else "没有填写电话号码。",
                                        f"No phone number for contact {label!r}." if label else "No phone number."))
        duty = attempt(clean_duty_hours, duty_text, person, role)
        if phones and duty is not None:
            contact = ContactInput(person=person, role=role, phones=phones, duty_hours=duty)
    if errs:
        return None, errs
    return _Row(number, name, kind, communities, categories, skills, notes, active, contact), []


def parse_units_file(desk: Desk, path: str | os.PathLike[str], *, add_missing: bool = False) -> ImportPlan:
    """Read and check the whole file; nothing is written. File-level problems raise.

    ``add_missing``: communities and categories the file names and the desk
    lacks are listed in ``plan.missing`` (created by the import) instead of
    being the rows' errors.
    """
    p = Path(path)
    rows, mapping, data_rows = rows_under_header(p, find_header)
    with desk.db.read() as s:
        refs = _Refs(read_desk_names(s), add_missing)

    errors: list[RowError] = []
    units: dict[str, PlannedUnit] = {}
    given: dict[str, set[str]] = {}  # unit name -> unit-level fields some row has filled in
    # Which optional columns exist: absent ones keep an existing unit's value.
    present = set(mapping)
    rows_total = rows_ok = 0
    seen_contacts: dict[str, set[tuple[str, str, str, str]]] = {}
    try:
        for number, values in data_rows:
            cells = {k: cell_text(values[i]) if i < len(values) else "" for k, i in mapping.items()}
            if not any(cells.values()):
                continue
            rows_total += 1
            row, errs = _parse_row(number, cells, refs)
            if errs:
                errors.append(row_error(number, errs))
                continue
            assert row is not None
            unit = units.get(row.name)
            if unit is None:
                unit = PlannedUnit(name=row.name, rows=[], existing_id=refs.units.get(row.name))
                for key in ("communities", "categories", "skills", "notes"):
                    if key in present:  # present but blank on every row: the unit has none
                        setattr(unit, key, [] if key in ("communities", "categories") else "")
                units[row.name] = unit
            filled = given.setdefault(row.name, set())
            conflicts = [(key, zh, en, getattr(unit, key), getattr(row, key))
                         for key, zh, en in UNIT_FIELDS
                         if getattr(row, key) is not None and key in filled
                         and getattr(unit, key) != getattr(row, key)]
            if conflicts:
                first = unit.rows[0]
                errors.append(RowError(
                    number,
                    "；".join(f"单位“{row.name}”的{zh}“{field_label(k, v)}”与第 {first} 行的“{field_label(k, h)}”不一致"
                             for k, zh, en, h, v in conflicts) + "。",
                    "; ".join(f"unit {row.name!r}: {en} {field_label(k, v)!r} differs from row {first} "
                              f"({field_label(k, h)!r})" for k, zh, en, h, v in conflicts) + "."))
                continue
            for key, _zh, _en in UNIT_FIELDS:
                value = getattr(row, key)
                if value is not None:
                    setattr(unit, key, value)
                    filled.add(key)
            if row.contact is not None:
                c = row.contact
                seen = seen_contacts.setdefault(row.name, set())
                if (c.person, c.role, c.phones, c.duty_hours) not in seen:  # the same contact twice is one
                    seen.add((c.person, c.role, c.phones, c.duty_hours))
                    unit.contacts.append(c)
            unit.rows.append(number)
            rows_ok += 1
    finally:
        rows.close()

    require_rows(rows_total, p)

    planned: list[PlannedUnit] = []
    for unit in units.values():
        if unit.kind is None and unit.existing_id is None:
            first = unit.rows[0]
            for n in unit.rows:
                errors.append(RowError(
                    n, f"单位“{unit.name}”没有填写类别（在第 {first} 行填写即可）。",
                    f"Unit {unit.name!r} has no kind (fill it in on row {first})."))
            rows_ok -= len(unit.rows)
            continue
        planned.append(unit)
    errors.sort(key=lambda e: e.row_number)
    refs.missing.keep_only({i for u in planned for i in (*(u.communities or ()), *(u.categories or ()))})
    return ImportPlan(p.name, rows_total, rows_ok, errors, planned, refs.missing)


# ------------------------------------------------------------------ writing

def import_units_file(desk: Desk, actor: Actor, path: str | os.PathLike[str], *,
                      good_rows_only: bool = False, add_missing: bool = False,
                      before_write: Callable[[ImportPlan], None] | None = None,
                      progress: Progress | None = None, cancelled: Cancelled | None = None) -> ImportReport:
    """Import the phonebook sheet; all or nothing unless ``good_rows_only``.

    A file with row errors and ``good_rows_only=False`` writes nothing and
    returns the report (``imported`` False) listing them. File-level
    problems raise ValidationError. ``add_missing`` creates the communities
    and categories the file names and the desk lacks, in the same
    transaction; ``before_write(plan)`` is told first (the CLI prints the list).

    The units are staged without holding the desk's write lock (unit_staging:
    other seats keep saving tickets meanwhile) and written in one short final
    transaction; a unit another seat changed since is a ConflictError naming
    it, with nothing written. ``progress(done, total, phase)`` reports the
    phases "stage" (no lock held; ``cancelled()`` is asked between units and
    stops the import with ImportCancelled, nothing written) and "write" (the
    final transaction: 0 when it holds the lock, total when its rows are in,
    before the commit).
    """
    plan = parse_units_file(desk, path, add_missing=add_missing)
    report = ImportReport(plan.file_name, False, plan.rows_total, plan.rows_ok, plan.errors, missing=plan.missing)
    if plan.errors and not good_rows_only:
        return report
    if before_write is not None:
        before_write(plan)
    if plan.missing:
        require(actor.role, "manage_street")
    now = desk.now()
    staged = stage(desk, plan.units, plan.missing, progress=progress, cancelled=cancelled)
    total = len(plan.units)

    def final(rows: Numbered) -> None:
        fill(conn, temp, rows)  # the new rows into this connection's TEMP tables: still no lock held
        if cancelled is not None and cancelled():
            raise ImportCancelled()
        with desk.db.write_on(conn) as s:
            s.connection()  # begin: from here this import holds the desk's write lock
            if progress is not None:
                progress(0, total, "write")
            check_unchanged(s, desk, staged, rows)
            made = create_missing(s, desk, actor, plan.missing) if plan.missing else {}
            write(s, actor, now, rows, made, temp)
            audit(s, actor, now, "import_units", "unit", None, None, {
                "file": plan.file_name, "rows": plan.rows_total, "rows_imported": plan.rows_ok,
                "bad_rows": len(plan.errors), "created": staged.created, "updated": staged.updated,
                "unchanged": staged.unchanged, "contacts": staged.contacts, "good_rows_only": good_rows_only,
            })
            s.flush()
            if progress is not None:
                progress(total, total, "write")

    try:
        with desk.db.own_connection() as conn, temp_tables(conn, Temp()) as temp:
            number_and_check(desk, staged, actor, now, final)
    except IntegrityError:
        raise ValidationError("导入时电话簿被另一席位同时修改，请稍后重新导入。",
                              "The phonebook was changed at another seat during the import; import again.") from None
    report.imported = True
    report.created, report.updated, report.unchanged = staged.created, staged.updated, staged.unchanged
    report.contacts = staged.contacts
    report.changes = Changes(units=bool(report.created or report.updated))
    return report
