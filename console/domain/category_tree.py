"""The categories as a two-level tree, and the codes a report prints beside them: plain rules on plain rows.

services.categories (the pickers, through a Session) and the SQLAlchemy-free quarterly export
(console.store.report_reads, on frozen statements) both build the tree here, so a category's path and its
code are one rule whichever way the rows were read.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Cat:
    id: int
    parent_id: int | None
    name: str
    initials: str
    active: bool = True
    code: str = ""


def tree(cats: list[Cat], include_retired: bool) -> Iterator[tuple[Cat, Cat | None, bool]]:
    """(top, None, active) for a first-level category, then (top, child, active) for each of its children
    (a child of a retired parent is retired with it); retired ones only with include_retired."""
    by_parent: dict[int | None, list[Cat]] = {}
    for c in cats:
        by_parent.setdefault(c.parent_id, []).append(c)
    known = {c.id for c in cats}
    roots = by_parent.get(None, []) + [c for c in cats if c.parent_id is not None and c.parent_id not in known]
    for top in roots:
        if top.active or include_retired:
            yield top, None, top.active
        for child in by_parent.get(top.id, []):
            active = top.active and child.active
            if active or include_retired:
                yield top, child, active


def category_codes(cats: Iterable[Cat]) -> dict[str, str]:
    """Every category's path (水电气/停电, retired ones too) → its code, for those that have one: what a
    report prints beside a category. `cats` in the pickers' order (sort order, name, id)."""
    out: dict[str, str] = {}
    for top, child, _active in tree(list(cats), True):
        c = top if child is None else child
        if c.code:
            out[top.name if child is None else f"{top.name}/{child.name}"] = c.code
    return out
