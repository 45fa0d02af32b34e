"""Pickers' lists (categories, communities) and the few edits categories allow.

The New Call form filters these lists as the operator types ``td`` or
``jhsc``, so each choice carries its pinyin initials. Categories are two
levels (水电气/停电); a path is written with "/" and lists in cells are
separated by 、 , ， — so those characters are refused inside a name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.category_tree import Cat as _Cat
from ..domain.category_tree import category_codes as codes_of
from ..domain.category_tree import tree as _tree
from ..domain.errors import NotFound, ValidationError
from ..domain.initials import pinyin_initials
from ..domain.permissions import require
from ..domain.text import clean_text
from ..store.models import Category, Community, Grid
from .context import Actor, Changes, Desk, audit, flip_active, unchanged

MAX_NAME = 64
_FORBIDDEN = re.compile(r"[/、,，;；]")


@dataclass(frozen=True)
class CategoryChoice:
    id: int
    path: str  # 水电气/停电, or 噪音扰民 for a top-level one
    name: str
    initials: str  # parent's initials + own (sdqtd), so both "sdq" and "td" find 停电
    parent_id: int | None
    active: bool = True  # False: retired (itself or its parent); listed only with include_retired
    code: str = ""  # a city platform's or GB/T 39666 code, "" for none
    own_active: bool = True  # the row's own flag (a child of a retired parent keeps its own)


@dataclass(frozen=True)
class CommunityChoice:
    id: int
    name: str
    initials: str
    grid: str  # the grid's name, "" when none
    active: bool = True


def _read_categories(desk: Desk) -> list[_Cat]:
    with desk.db.read() as s:
        return [_Cat(c.id, c.parent_id, c.name, c.initials, bool(c.active), c.code or "") for c in
                s.scalars(select(Category).order_by(Category.sort_order, Category.name, Category.id))]


def category_choices(desk: Desk, *, include_retired: bool = False) -> list[CategoryChoice]:
    """The categories, each parent followed by its children (sort order, then name).

    Pickers for new entries get the active ones (a child of a retired parent
    is retired with it); lists that filter or edit old records ask for all,
    so a retired category still names the tickets that used it.
    """
    cats = _read_categories(desk)
    own = {c.id: c.initials or pinyin_initials(c.name) for c in cats}
    out: list[CategoryChoice] = []
    for top, child, active in _tree(cats, include_retired):
        if child is None:
            out.append(CategoryChoice(top.id, top.name, top.name, own[top.id], top.parent_id, active,
                                      top.code, top.active))
        else:
            out.append(CategoryChoice(child.id, f"{top.name}/{child.name}", child.name,
                                      own[top.id] + own[child.id], top.id, active, child.code,
                                      child.active))
    return out


def category_codes(desk: Desk) -> dict[str, str]:
    """Every category's path (水电气/停电, retired ones too) → its code, for those that have one: what a
    report prints beside a category (domain.category_tree). Without the pickers' pinyin initials (their
    dictionaries take ≈ 50 MB to load, and an export in a process of its own would load them for nothing)."""
    return codes_of(_read_categories(desk))


def community_choices(desk: Desk, *, include_retired: bool = False) -> list[CommunityChoice]:
    """Communities for a picker (active ones) or, with include_retired, for filters of old tickets."""
    with desk.db.read() as s:
        q = (select(Community.id, Community.name, Community.initials, Grid.name, Community.active)
             .outerjoin(Grid, Grid.id == Community.grid_id)
             .order_by(Community.initials, Community.name))
        if not include_retired:
            q = q.where(Community.active)
        rows = s.execute(q).all()
    return [CommunityChoice(i, n, ini or pinyin_initials(n), g or "", bool(a)) for i, n, ini, g, a in rows]


def _clean_name(name: str | None) -> str:
    v = clean_text(name, "分类名称", "category name", MAX_NAME, required=True)
    if _FORBIDDEN.search(v):
        raise ValidationError("分类名称不能包含 / 、 , ， ; 等分隔符。",
                              "A category name cannot contain separators such as / 、 , ; .")
    return v


def _check_free(s: Session, name: str, parent_id: int | None, exclude_id: int | None = None) -> None:
    q = select(Category.id).where(Category.name == name)
    q = q.where(Category.parent_id.is_(None) if parent_id is None else Category.parent_id == parent_id)
    if exclude_id is not None:
        q = q.where(Category.id != exclude_id)
    if s.scalar(q) is not None:
        raise ValidationError(f"分类“{name}”已存在。", f"The category {name!r} already exists.")


def create_category(desk: Desk, actor: Actor, name: str, parent_id: int | None = None) -> int:
    """A new top-level category, or a child of a top-level one (two levels only)."""
    require(actor.role, "manage_lists")
    name = _clean_name(name)
    with desk.db.write() as s:
        _check_free(s, name, parent_id)
        cid, _ = ensure_category(s, name, parent_id)  # the parent and two-level checks live there
        parent = s.get(Category, parent_id) if parent_id is not None else None
        audit(s, actor, desk.now(), "create_category", "category", cid, None,
              {"name": name, "parent": parent.name if parent else None})
        return cid


def rename_category(desk: Desk, actor: Actor, category_id: int, name: str, *,
                    expected: str | None = None) -> Changes:
    """Rename in place: tickets, units and rules keep pointing at the same category.

    `expected`: the name the editor showed; another seat's rename since is refused (services.context.unchanged)."""
    require(actor.role, "manage_lists")
    name = _clean_name(name)
    with desk.db.write() as s:
        c = s.get(Category, category_id)
        if c is None:
            raise NotFound("分类不存在。", "The category does not exist.")
        unchanged(s, desk, "category", c.id, c.name, expected, c.name)
        if c.name == name:
            return Changes()
        _check_free(s, name, c.parent_id, exclude_id=c.id)
        audit(s, actor, desk.now(), "rename_category", "category", c.id, {"name": c.name}, {"name": name})
        c.name = name
        c.initials = pinyin_initials(name)[:MAX_NAME]
    return Changes(settings=True, units=True)


# ------------------------------------------------------------------ session level (imports share these)

def check_category_name(name: str | None) -> str:
    """The category naming rule (NFKC-folded first, as sheets are typed): the clean name or ValidationError."""
    import unicodedata

    return _clean_name(unicodedata.normalize("NFKC", name or ""))


def ensure_category(s: Session, name: str, parent_id: int | None = None) -> tuple[int, bool]:
    """The category of that name under that parent, created if missing: (id, created).

    Inside the caller's transaction (an import creates what its file names);
    the same naming and two-level rules as `create_category`; not audited here
    (the caller audits what it created).
    """
    name = check_category_name(name)
    q = select(Category.id).where(Category.name == name)
    q = q.where(Category.parent_id.is_(None) if parent_id is None else Category.parent_id == parent_id)
    found = s.scalar(q)
    if found is not None:
        return found, False
    if parent_id is not None:
        parent = s.get(Category, parent_id)
        if parent is None:
            raise NotFound("上级分类不存在。", "The parent category does not exist.")
        if parent.parent_id is not None:
            raise ValidationError("分类只有两级：不能在二级分类下再建分类。",
                                  "Categories have two levels: a sub-category cannot have children.")
    last = s.scalar(select(func.max(Category.sort_order)).where(
        Category.parent_id.is_(None) if parent_id is None else Category.parent_id == parent_id))
    c = Category(name=name, parent_id=parent_id, initials=pinyin_initials(name)[:MAX_NAME],
                 sort_order=(last or 0) + 1)
    s.add(c)
    s.flush()
    return c.id, True


# ------------------------------------------------------------------ the category editor (管理 → 问题分类)

_CODE = re.compile(r"^[A-Za-z0-9._-]{1,32}$")


def _category(s: Session, category_id: int) -> Category:
    c = s.get(Category, category_id)
    if c is None:
        raise NotFound("分类不存在。", "The category does not exist.")
    return c


def move_category(desk: Desk, actor: Actor, category_id: int, parent_id: int | None) -> Changes:
    """Put a category under another top-level one, or make it top-level (None).

    Two levels only: a category with children cannot become a child, and a
    child's parent must be top-level; a retired parent takes no new children.
    """
    require(actor.role, "manage_lists")
    with desk.db.write() as s:
        c = _category(s, category_id)
        if c.parent_id == parent_id:
            return Changes()
        old_parent = c.parent.name if c.parent else None
        new_parent = None
        if parent_id is not None:
            if parent_id == c.id:
                raise ValidationError("不能把分类移到它自己下面。", "A category cannot be moved under itself.")
            p = _category(s, parent_id)
            if p.parent_id is not None:
                raise ValidationError("分类只有两级：不能移到二级分类下面。",
                                      "Categories have two levels: it cannot go under a sub-category.")
            if not p.active:
                raise ValidationError(f"上级分类“{p.name}”已停用。", f"The parent category {p.name!r} is retired.")
            if s.scalar(select(func.count()).select_from(Category).where(Category.parent_id == c.id)):
                raise ValidationError(f"“{c.name}”下面还有分类，不能成为二级分类。",
                                      f"{c.name!r} has sub-categories: it cannot become one.")
            new_parent = p.name
        _check_free(s, c.name, parent_id, exclude_id=c.id)
        last = s.scalar(select(func.max(Category.sort_order)).where(
            Category.parent_id.is_(None) if parent_id is None else Category.parent_id == parent_id))
        audit(s, actor, desk.now(), "move_category", "category", c.id,
              {"name": c.name, "parent": old_parent}, {"name": c.name, "parent": new_parent})
        c.parent_id = parent_id
        c.sort_order = (last or 0) + 1
    return Changes(settings=True, units=True)


def set_category_active(desk: Desk, actor: Actor, category_id: int, active: bool) -> Changes:
    """Retire (gone from New Call's picker, kept on old tickets) or reinstate a category.

    A retired parent hides its children too; a child is reinstated only under
    an active parent.
    """
    require(actor.role, "manage_lists")
    with desk.db.write() as s:
        c = _category(s, category_id)
        if bool(c.active) == bool(active):
            return Changes()
        if active and c.parent is not None and not c.parent.active:
            raise ValidationError(f"上级分类“{c.parent.name}”已停用，请先恢复它。",
                                  f"The parent category {c.parent.name!r} is retired: reinstate it first.")
        flip_active(s, desk, actor, c, active, "category", c.id, {"name": c.name})
    return Changes(settings=True)


def clean_category_code(code: str | None) -> str:
    """A platform code: ASCII letters, digits, . - _ ; at most 32; "" for none."""
    v = (code or "").strip()
    if v and not _CODE.match(v):
        raise ValidationError("分类代码只能用英文字母、数字和 . - _，最多 32 个字符。",
                              "A category code may hold ASCII letters, digits and . - _ (at most 32).")
    return v


def set_category_code(desk: Desk, actor: Actor, category_id: int, code: str, *,
                      expected: str | None = None) -> Changes:
    """The optional code exports carry (a city platform's or GB/T 39666); unique when not blank.

    `expected`: the code the editor showed ("" for none); a change made since on another seat is refused."""
    require(actor.role, "manage_lists")
    code = clean_category_code(code)
    with desk.db.write() as s:
        c = _category(s, category_id)
        unchanged(s, desk, "category", c.id, c.name, expected, c.code or "")
        if (c.code or "") == code:
            return Changes()
        if code:
            other = s.scalar(select(Category).where(Category.code == code, Category.id != c.id))
            if other is not None:
                raise ValidationError(f"代码“{code}”已用于分类“{other.name}”。",
                                      f"The code {code!r} is already used by {other.name!r}.")
        audit(s, actor, desk.now(), "set_category_code", "category", c.id,
              {"name": c.name, "code": c.code or ""}, {"name": c.name, "code": code})
        c.code = code
    return Changes(settings=True)
