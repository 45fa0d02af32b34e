"""The reference data every desk starts with: categories and basic settings.

`init` calls `seed_reference` on every run, so it must be idempotent: the
default 问题分类 go in only when the table is empty (a desk that edited its
list keeps its own), and a setting is written only when it is missing (a
desk that renamed itself keeps its name). The list itself lives in
`db/reference/categories.json`, data beside the migrations, so a desk can
read what it will get; pinyin initials are computed here at load time so
the file never disagrees with `pinyin_initials`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from ..domain.initials import pinyin_initials
from ..paths import reference_dir
from ..store.models import Category, Setting
from .context import Actor, Desk, audit

DEFAULT_DESK_NAME = "社区服务热线值班台"
DEFAULT_TIMEZONE = "Asia/Shanghai"
DEFAULT_SETTINGS: dict[str, str] = {"desk_name": DEFAULT_DESK_NAME, "timezone": DEFAULT_TIMEZONE}


@dataclass(frozen=True)
class CategorySpec:
    """One default category as read from the file: a parent and its children."""

    name: str
    initials: str
    sort_order: int
    children: tuple[tuple[str, str], ...]  # (name, initials), in order


def load_json(name: str, folder: Path | None = None) -> Any:
    """A reference file from `db/reference` (installed as console.db/reference)."""
    path = (folder or reference_dir()) / name
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def default_categories(folder: Path | None = None) -> list[CategorySpec]:
    """The default two-level list, with pinyin initials computed now."""
    data = load_json("categories.json", folder)
    specs = []
    for i, entry in enumerate(data["categories"], start=1):
        name = entry["name"].strip()
        children = tuple((c.strip(), pinyin_initials(c.strip())) for c in entry.get("children", []))
        specs.append(CategorySpec(name, pinyin_initials(name), i, children))
    return specs


def insert_categories(s: Session, specs: list[CategorySpec]) -> int:
    """Insert the list (parents first, to know their ids); returns the rows written."""
    n = 0
    table = cast(Table, Category.__table__)  # a declarative class's __table__ is a Table (typed FromClause)
    for spec in specs:
        parent_id = s.execute(
            insert(table).values(parent_id=None, name=spec.name, initials=spec.initials,
                                 sort_order=spec.sort_order).returning(table.c.id)
        ).scalar_one()
        n += 1
        if spec.children:
            s.execute(insert(table), [
                {"parent_id": parent_id, "name": name, "initials": initials, "sort_order": j}
                for j, (name, initials) in enumerate(spec.children, start=1)
            ])
            n += len(spec.children)
    return n


def seed_reference(desk: Desk) -> None:
    """Default categories (if there are none) and missing settings; audited when it writes."""
    specs = default_categories()
    with desk.db.write() as s:
        written: dict[str, object] = {}
        if not s.scalar(select(func.count()).select_from(Category)):
            written["categories"] = insert_categories(s, specs)
        have = set(s.scalars(select(Setting.key).where(Setting.key.in_(list(DEFAULT_SETTINGS)))))
        missing = {k: v for k, v in DEFAULT_SETTINGS.items() if k not in have}
        if missing:
            s.execute(insert(cast(Table, Setting.__table__)), [{"key": k, "value": v} for k, v in missing.items()])
            written["settings"] = missing
        if written:
            audit(s, Actor.system(), desk.now(), "seed_reference", "reference", None, None, written)
