"""`import street` / `export street`: the desk's geography as one sheet (社区, 网格, 网格员, 网格员电话).

A new desk sets up its communities and grids from the street office's list;
a second desk copies the first one's set-up (export → import). One row per
community: its grid, the grid's worker and phone. A grid that covers no
community yet is a row with 社区 left blank. The header may sit under a title
row; Chinese names or English aliases (community, grid, grid_worker,
grid_phone) are accepted; 社区 and 网格 are required columns.

Importing sets up or extends: a new community or grid is created, an
existing community moves to the grid its row names, a grid's worker and
phone are set to what the sheet says (a blank cell keeps the desk's).
Nothing is deleted or retired. Bad rows follow every import's rules:
grouped by cause, nothing written unless the good rows are asked for; one
transaction; one audit row per change and one ``import_street`` row.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from ...domain.errors import ValidationError
from ...domain.permissions import require
from ...domain.phone import normalise_phone
from ...services.context import Actor, Changes, Desk, audit
from ...services.street import clean_place_name, ensure_community, ensure_grid
from ...sheets.sheet_out import sheet_workbook
from ...sheets.sheet_rows import (
    RowError,
    report_message,
    require_rows,
    row_error,
    rows_under_header,
)
from ...sheets.street import COLUMNS, SHEET_TITLE, find_header
from ...sheets.xlsx_safety import cell_text
from ...store.models import Community, Grid

MAX_WORKER = 64


@dataclass(frozen=True)
class StreetRow:
    row_number: int
    community: str  # "" for a grid-only row
    grid: str  # "" for a community in no grid
    worker: str
    phone: str


@dataclass
class StreetImportPlan:
    file_name: str
    rows_total: int
    errors: list[RowError]
    rows: list[StreetRow]

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class StreetImportReport:
    file_name: str
    imported: bool
    rows_total: int
    errors: list[RowError]
    communities_created: int = 0
    communities_moved: int = 0
    grids_created: int = 0
    grids_updated: int = 0
    changes: Changes = field(default_factory=Changes)

    def message(self, lang: str = "zh_CN") -> str:
        return report_message(
            self.file_name, self.errors, self.imported,
            f"{self.file_name}：新建社区 {self.communities_created} 个，调整所属网格 {self.communities_moved} 个；"
            f"新建网格 {self.grids_created} 个，更新网格员 {self.grids_updated} 个；共 {self.rows_total} 行。",
            f"{self.file_name}: communities created {self.communities_created}, moved to another grid "
            f"{self.communities_moved}; grids created {self.grids_created}, grid workers updated "
            f"{self.grids_updated}; {self.rows_total} row(s).", lang)


def _parse_row(number: int, cells: dict[str, str]) -> tuple[StreetRow | None, list[ValidationError]]:
    errs: list[ValidationError] = []

    def attempt(fn: Callable[..., str], *a: str) -> str:
        try:
            return fn(*a)
        except ValidationError as e:
            errs.append(e)
            return ""

    community = attempt(clean_place_name, cells["community"]) if cells.get("community") else ""
    grid = attempt(clean_place_name, cells["grid"], "网格", "grid") if cells.get("grid") else ""
    worker = (cells.get("worker") or "").strip()
    if len(worker) > MAX_WORKER:
        errs.append(ValidationError(f"网格员姓名太长（最多 {MAX_WORKER} 个字）",
                                    f"the grid worker's name is too long (at most {MAX_WORKER} characters)"))
    phone = attempt(normalise_phone, cells["phone"]) if cells.get("phone") else ""
    if not cells.get("community") and not cells.get("grid"):
        errs.append(ValidationError("社区和网格都没有填写", "neither a community nor a grid is given"))
    if (worker or cells.get("phone")) and not cells.get("grid"):
        errs.append(ValidationError("填写了网格员，但没有网格", "a grid worker is given but no grid"))
    if errs:
        return None, errs
    return StreetRow(number, community, grid, worker, phone), []


def parse_street_file(desk: Desk, path: str | os.PathLike[str]) -> StreetImportPlan:
    """Read and check the whole sheet; nothing is written. File-level problems raise ValidationError."""
    p = Path(path)
    rows, mapping, data_rows = rows_under_header(p, find_header)
    errors: list[RowError] = []
    good: list[StreetRow] = []
    first_community: dict[str, StreetRow] = {}
    first_grid: dict[str, StreetRow] = {}
    total = 0
    try:
        for number, values in data_rows:
            cells = {k: cell_text(values[i]) if i < len(values) else "" for k, i in mapping.items()}
            if not any(cells.values()):
                continue
            total += 1
            row, errs = _parse_row(number, cells)
            if row is not None:
                seen = first_community.get(row.community) if row.community else None
                if seen is not None and seen.grid != row.grid:
                    errs.append(ValidationError(
                        f"社区“{row.community}”在第 {seen.row_number} 行属于网格“{seen.grid}”，这里又写了“{row.grid}”",
                        f"community {row.community!r} is in grid {seen.grid!r} on row {seen.row_number}, "
                        f"here in {row.grid!r}"))
                g = first_grid.get(row.grid) if row.grid else None
                if g is not None and ((row.worker and g.worker and row.worker != g.worker)
                                      or (row.phone and g.phone and row.phone != g.phone)):
                    errs.append(ValidationError(
                        f"网格“{row.grid}”的网格员与第 {g.row_number} 行不一致",
                        f"grid {row.grid!r}: the grid worker differs from row {g.row_number}"))
            if errs:
                errors.append(row_error(number, errs))
                continue
            assert row is not None
            if row.community:
                first_community.setdefault(row.community, row)
            if row.grid and (row.grid not in first_grid or (row.worker and not first_grid[row.grid].worker)):
                first_grid[row.grid] = row
            good.append(row)
    finally:
        rows.close()
    require_rows(total, p)
    return StreetImportPlan(p.name, total, errors, good)


def import_street_file(desk: Desk, actor: Actor, path: str | os.PathLike[str], *,
                       good_rows_only: bool = False) -> StreetImportReport:
    """Set up or extend the communities and grids from a sheet; all or nothing unless ``good_rows_only``."""
    require(actor.role, "manage_street")
    plan = parse_street_file(desk, path)
    report = StreetImportReport(plan.file_name, False, plan.rows_total, plan.errors)
    if plan.errors and not good_rows_only:
        return report
    now = desk.now()
    with desk.db.write() as s:
        grid_ids: dict[str, int] = {}
        for r in plan.rows:
            if not r.grid or r.grid in grid_ids:
                continue
            worker = next((x.worker for x in plan.rows if x.grid == r.grid and x.worker), "")
            phone = next((x.phone for x in plan.rows if x.grid == r.grid and x.phone), "")
            gid, created = ensure_grid(s, r.grid, worker, phone)
            grid_ids[r.grid] = gid
            g = s.get_one(Grid, gid)
            old = {"worker": g.worker, "phone": g.phone}
            if worker and g.worker != worker[:64]:
                g.worker = worker[:64]
            if phone and g.phone != phone:
                g.phone = phone
            if created:
                report.grids_created += 1
                audit(s, actor, now, "import_add_grid", "grid", gid, None,
                      {"name": r.grid, "worker": g.worker, "phone": g.phone})
            elif old != {"worker": g.worker, "phone": g.phone}:
                report.grids_updated += 1
                audit(s, actor, now, "import_update_grid", "grid", gid, old, {"worker": g.worker, "phone": g.phone})
        for r in plan.rows:
            if not r.community:
                continue
            grid_id = grid_ids.get(r.grid) if r.grid else None
            cid, created = ensure_community(s, r.community, grid_id)
            if created:
                report.communities_created += 1
                audit(s, actor, now, "import_add_community", "community", cid, None,
                      {"name": r.community, "grid_id": grid_id})
                continue
            c = s.get_one(Community, cid)
            if grid_id is not None and c.grid_id != grid_id:
                audit(s, actor, now, "import_move_community", "community", cid, {"grid_id": c.grid_id},
                      {"grid_id": grid_id})
                c.grid_id = grid_id
                report.communities_moved += 1
        audit(s, actor, now, "import_street", "community", None, None, {
            "file": plan.file_name, "rows": plan.rows_total, "bad_rows": len(plan.errors),
            "communities_created": report.communities_created, "communities_moved": report.communities_moved,
            "grids_created": report.grids_created, "grids_updated": report.grids_updated,
            "good_rows_only": good_rows_only})
    report.imported = True
    report.changes = Changes(settings=True, units=True)
    return report


# ------------------------------------------------------------------ export

def street_rows(desk: Desk) -> list[dict[str, str]]:
    """One row per community (with its grid), then one per grid that covers none, in name order."""
    with desk.db.read() as s:
        grids = {g.id: g for g in s.scalars(select(Grid).order_by(Grid.name))}
        used: set[int] = set()
        rows = []
        for c in s.scalars(select(Community).order_by(Community.name)):
            g = grids.get(c.grid_id) if c.grid_id is not None else None
            if g is not None:
                used.add(g.id)
            rows.append({"community": c.name, "grid": g.name if g else "", "worker": g.worker if g else "",
                         "phone": g.phone if g else ""})
        for g in grids.values():
            if g.id not in used:
                rows.append({"community": "", "grid": g.name, "worker": g.worker, "phone": g.phone})
    return rows


def export_street_xlsx(desk: Desk, path: str | os.PathLike[str]) -> int:
    """Write the street sheet to ``path`` (atomically: temporary file, fsync, rename); data rows written."""
    from ...reports.atomic_file import atomic_write

    rows = street_rows(desk)
    wb = sheet_workbook(SHEET_TITLE, COLUMNS, rows, default_width=18)
    with atomic_write(path) as fh:
        wb.save(fh)
    return len(rows)
