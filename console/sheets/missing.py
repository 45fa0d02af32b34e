"""`--add-missing`: what a sheet names and the desk lacks, listed first, created with the rows.

A new desk's first register names communities, units and categories it has
not entered yet. With the operator's consent (``--add-missing``, or the
check box in the preview), the importers record each unknown name here
while checking the file, under a temporary negative id that stands in for
the real one in the planned rows. The preview lists them ("将新建：社区 5 个
（…）") before anything is written; the write (console.services.imports.missing)
creates them at the start of the import's own transaction and maps the
temporary ids to real ones, so the names and the rows arrive together or
not at all.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import overload

_LIST_LIMIT = 8  # names shown in the summary per kind before "…"


@dataclass
class MissingNames:
    """Unknown names seen while checking a file → temporary ids (negative, unique across kinds)."""

    communities: dict[str, int] = field(default_factory=dict)
    units: dict[str, int] = field(default_factory=dict)
    categories: dict[str, int] = field(default_factory=dict)  # "大类" or "大类/小类"
    _next: int = -1

    def temp(self, kind: str, name: str) -> int:
        table: dict[str, int] = getattr(self, kind)
        if name not in table:
            table[name] = self._next
            self._next -= 1
        return table[name]

    def __bool__(self) -> bool:
        return bool(self.communities or self.units or self.categories)

    def keep_only(self, used: set[int]) -> None:
        """Forget names only bad rows used (those rows are not imported, so nothing is made for them).

        A kept category ``大类/小类`` keeps its parent ``大类`` when that is to be created too.
        """
        for path, temp in self.categories.items():
            if temp in used and "/" in path:
                parent = self.categories.get(path.split("/", 1)[0])
                if parent is not None:
                    used.add(parent)
        for kind in ("communities", "units", "categories"):
            table: dict[str, int] = getattr(self, kind)
            setattr(self, kind, {name: temp for name, temp in table.items() if temp in used})

    def summary(self, lang: str = "zh_CN", *, done: bool = False) -> str:
        """"将新建：社区 5 个（…）、责任单位 12 个（…）、问题分类 2 个（…）" ("" when nothing)."""
        en = lang.startswith("en")
        parts = []
        for names, zh, en_word in ((self.communities, "社区", "communit{y}"), (self.units, "责任单位", "unit{s}"),
                                   (self.categories, "问题分类", "categor{y}")):
            if not names:
                continue
            shown = list(names)[:_LIST_LIMIT]
            more = "…" if len(names) > _LIST_LIMIT else ""
            n = len(names)
            if en:
                word = en_word.format(y="y" if n == 1 else "ies", s="" if n == 1 else "s")
                parts.append(f"{n} {word} ({', '.join(shown)}{more})")
            else:
                parts.append(f"{zh} {n} 个（{'、'.join(shown)}{more}）")
        if not parts:
            return ""
        if en:
            return ("Created: " if done else "Will be created: ") + "; ".join(parts) + "."
        return ("已新建：" if done else "将新建：") + "、".join(parts) + "。"


@overload
def real_id(ids: dict[int, int], value: int) -> int: ...
@overload
def real_id(ids: dict[int, int], value: None) -> None: ...
@overload
def real_id(ids: dict[int, int], value: int | None) -> int | None: ...
def real_id(ids: dict[int, int], value: int | None) -> int | None:
    """A planned id with a temporary one replaced by the id the import created."""
    if value is None or value >= 0:
        return value
    return ids[value]
