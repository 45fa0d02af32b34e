"""The desk's own geography: its street (街道), communities (社区) and grids (网格).

A demo desk gets a fictional street; a real desk enters its own, in the
set-up assistant, the street editor or from a sheet (`import street`). The
rules every entry path shares live here, once:

- a place name is trimmed, NFKC-folded (full-width letters and digits as
  typed by an input method become ordinary ones), 1–64 characters, without
  the separators that lists in cells use (、 , ， ; ；/);
- names are unique (a community and a grid may share a name);
- a community belongs to at most one grid; a grid covers any number of
  communities;
- nothing that tickets use is ever deleted (retiring is the editors' job).

Session-level helpers (``ensure_community``…) let an import create what its
file names inside the import's own transaction; the desk-level functions
are the use cases (one transaction each, audited).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, func, select
from sqlalchemy.orm import Session

from ..domain.errors import NotFound, ValidationError
from ..domain.initials import pinyin_initials
from ..domain.permissions import require
from ..domain.text import is_blank, without_bidi
from ..store.models import Community, Grid, Setting, Ticket
from .context import Actor, Changes, Desk, audit, flip_active, get_setting, unchanged

MAX_PLACE = 64
_SEPARATORS = re.compile(r"[/、,，;；]")


@dataclass(frozen=True)
class GridRow:
    id: int
    name: str
    worker: str
    phone: str
    active: bool
    communities: tuple[str, ...]  # names of the communities it covers, in name order


@dataclass(frozen=True)
class CommunityRow:
    id: int
    name: str
    grid_id: int | None
    grid: str  # "" when none
    active: bool
    tickets: int  # how many tickets name it (a used community can be retired or merged, never deleted)


def clean_place_name(name: str | None, what_zh: str = "社区", what_en: str = "community") -> str:
    """The one spelling rule for communities and grids (see the module docstring)."""
    v = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", without_bidi(name or ""))).strip()
    if is_blank(v):
        v = ""
    if not v:
        raise ValidationError(f"请填写{what_zh}名称。", f"Please fill in the {what_en} name.")
    if len(v) > MAX_PLACE:
        raise ValidationError(f"{what_zh}名称“{v[:20]}…”太长（最多 {MAX_PLACE} 个字）。",
                              f"The {what_en} name {v[:20]!r}… is too long (at most {MAX_PLACE} characters).")
    if _SEPARATORS.search(v):
        raise ValidationError(f"{what_zh}名称“{v}”不能包含 / 、 , ， ; 等分隔符。",
                              f"The {what_en} name {v!r} cannot contain separators such as / 、 , ; .")
    return v


def split_names(text: str) -> list[str]:
    """Names typed one per line or pasted as a column from Excel (tabs: the first cell of each row).

    Blank lines and repeats are dropped, order kept; each name is cleaned by
    `clean_place_name` when it is added, so a bad one is named then.
    """
    out: list[str] = []
    seen: set[str] = set()
    for line in (text or "").splitlines():
        cell = line.split("\t", 1)[0]
        v = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", cell)).strip()
        if v and v not in seen:
            seen.add(v)
            out.append(v)
    return out


# ------------------------------------------------------------------ session level (imports share these)

def ensure_community(s: Session, name: str, grid_id: int | None = None) -> tuple[int, bool]:
    """The community of that name, created if missing: (id, created). Inside the caller's transaction."""
    name = clean_place_name(name)
    found = s.scalar(select(Community.id).where(Community.name == name))
    if found is not None:
        return found, False
    c = Community(name=name, initials=pinyin_initials(name)[:MAX_PLACE], grid_id=grid_id, active=True)
    s.add(c)
    s.flush()
    return c.id, True


def ensure_grid(s: Session, name: str, worker: str = "", phone: str = "") -> tuple[int, bool]:
    """The grid of that name, created if missing: (id, created). Worker and phone fill blanks only."""
    name = clean_place_name(name, "网格", "grid")
    g = s.scalar(select(Grid).where(Grid.name == name))
    if g is not None:
        if worker and not g.worker:
            g.worker = worker[:64]
        if phone and not g.phone:
            g.phone = phone[:32]
        return g.id, False
    g = Grid(name=name, worker=(worker or "")[:64], phone=(phone or "")[:32], active=True)
    s.add(g)
    s.flush()
    return g.id, True


# ------------------------------------------------------------------ reading

def list_grids(desk: Desk, *, include_retired: bool = True) -> list[GridRow]:
    with desk.db.read() as s:
        q = select(Grid).order_by(Grid.name)
        if not include_retired:
            q = q.where(Grid.active)
        grids = s.scalars(q).all()
        members: dict[int | None, list[str]] = {}
        for gid, cname in s.execute(select(Community.grid_id, Community.name)
                                    .where(Community.grid_id.is_not(None)).order_by(Community.name)):
            members.setdefault(gid, []).append(cname)
        return [GridRow(g.id, g.name, g.worker, g.phone, g.active, tuple(members.get(g.id, ())))
                for g in grids]


def list_communities(desk: Desk, *, include_retired: bool = True) -> list[CommunityRow]:
    with desk.db.read() as s:
        used = dict(s.execute(select(Ticket.community_id, func.count())
                              .where(Ticket.community_id.is_not(None)).group_by(Ticket.community_id)).all())
        q = (select(Community.id, Community.name, Community.grid_id, Grid.name, Community.active)
             .outerjoin(Grid, Grid.id == Community.grid_id).order_by(Community.initials, Community.name))
        if not include_retired:
            q = q.where(Community.active)
        return [CommunityRow(i, n, gid, g or "", bool(a), int(used.get(i, 0)))
                for i, n, gid, g, a in s.execute(q)]


def street_name(desk: Desk) -> str:
    with desk.db.read() as s:
        return get_setting(s, "street_name", "")


# ------------------------------------------------------------------ use cases

def set_street_name(desk: Desk, actor: Actor, name: str, *, expected: str | None = None) -> Changes:
    """The street (街道) the desk serves: shown in report headers beside the desk's name.

    `expected`: the name the editor showed; another seat's change since is refused."""
    require(actor.role, "manage_street")
    name = clean_place_name(name, "街道", "street")
    with desk.db.write() as s:
        row = s.get(Setting, "street_name")
        old = row.value if row else ""
        unchanged(s, desk, "setting", None, old or "街道", expected, old)
        if old == name:
            return Changes()
        if row is None:
            s.add(Setting(key="street_name", value=name))
        else:
            row.value = name
        audit(s, actor, desk.now(), "set_street_name", "setting", None, {"street_name": old}, {"street_name": name})
    return Changes(settings=True)


def add_communities(desk: Desk, actor: Actor, names: list[str], grid_id: int | None = None) -> list[int]:
    """Add communities (all or none); a name that already exists is an error naming it."""
    require(actor.role, "manage_street")
    cleaned = [clean_place_name(n) for n in names]
    if not cleaned:
        raise ValidationError("请至少填写一个社区名称。", "Please enter at least one community name.")
    dupes = sorted({n for n in cleaned if cleaned.count(n) > 1})
    if dupes:
        raise ValidationError(f"社区“{dupes[0]}”写了两次。", f"The community {dupes[0]!r} is listed twice.")
    with desk.db.write() as s:
        if grid_id is not None and s.get(Grid, grid_id) is None:
            raise NotFound("网格不存在。", "The grid does not exist.")
        taken = set(s.scalars(select(Community.name).where(Community.name.in_(cleaned))))
        if taken:
            first = next(n for n in cleaned if n in taken)
            raise ValidationError(f"社区“{first}”已存在。", f"The community {first!r} already exists.")
        ids = []
        for name in cleaned:
            cid, _ = ensure_community(s, name, grid_id)
            ids.append(cid)
            audit(s, actor, desk.now(), "add_community", "community", cid, None, {"name": name, "grid_id": grid_id})
        return ids


def add_grid(desk: Desk, actor: Actor, name: str, worker: str = "", phone: str = "",
             community_ids: list[int] | None = None) -> int:
    """A new grid with its grid worker; the communities listed move into it."""
    require(actor.role, "manage_street")
    name = clean_place_name(name, "网格", "grid")
    worker = (worker or "").strip()
    if len(worker) > 64:
        raise ValidationError("网格员姓名太长（最多 64 个字）。", "The grid worker's name is too long (at most 64).")
    phone = _clean_phone(phone)
    with desk.db.write() as s:
        if s.scalar(select(Grid.id).where(Grid.name == name)) is not None:
            raise ValidationError(f"网格“{name}”已存在。", f"The grid {name!r} already exists.")
        gid, _ = ensure_grid(s, name, worker, phone)
        _assign(s, gid, community_ids or [])
        audit(s, actor, desk.now(), "add_grid", "grid", gid, None,
              {"name": name, "worker": worker, "phone": phone, "communities": list(community_ids or [])})
        return gid


def _clean_phone(phone: str | None) -> str:
    from ..domain.phone import normalise_phone

    p = (phone or "").strip()
    return normalise_phone(p) if p else ""


def _assign(s: Session, grid_id: int, community_ids: list[int]) -> None:
    for cid in community_ids:
        c = s.get(Community, cid)
        if c is None:
            raise NotFound("社区不存在。", "The community does not exist.")
        c.grid_id = grid_id


# ------------------------------------------------------------------ the street editor (管理 → 街道与社区)
# Tickets, units and registers point at a community or grid by id, so a rename
# is one row and every old ticket follows. Two spellings of one place are
# merged (every reference moves, the other row goes); a place nobody uses any
# more is retired — hidden from pickers, still named on old tickets — and only
# a place that nothing references can be deleted.

def _community(s: Session, community_id: int) -> Community:
    c = s.get(Community, community_id)
    if c is None:
        raise NotFound("社区不存在。", "The community does not exist.")
    return c


def _grid(s: Session, grid_id: int) -> Grid:
    g = s.get(Grid, grid_id)
    if g is None:
        raise NotFound("网格不存在。", "The grid does not exist.")
    return g


def _community_uses(s: Session, community_id: int) -> tuple[int, int]:
    """(tickets, other references: unit coverage and special-group members) naming the community."""
    from ..store.models import SpecialGroupMember, UnitCommunity

    tickets = s.scalar(select(func.count()).select_from(Ticket).where(Ticket.community_id == community_id)) or 0
    others = (s.scalar(select(func.count()).select_from(UnitCommunity)
                       .where(UnitCommunity.community_id == community_id)) or 0) \
        + (s.scalar(select(func.count()).select_from(SpecialGroupMember)
                    .where(SpecialGroupMember.community_id == community_id)) or 0)
    return int(tickets), int(others)


def _in_use(tickets: int, others: int) -> ValidationError:
    if tickets:
        return ValidationError(f"已被 {tickets} 张工单使用，只能停用或合并。",
                               f"Used by {tickets} tickets: it can only be retired or merged.")
    return ValidationError(f"还有 {others} 处（单位负责范围、重点人群）用到它，只能停用或合并。",
                           f"Still used in {others} places (units' coverage, special groups): "
                           "it can only be retired or merged.")


def rename_community(desk: Desk, actor: Actor, community_id: int, name: str, *,
                     expected: str | None = None) -> Changes:
    """A new spelling for the same place; old tickets show the new name (they keep the id).

    `expected`: the name the editor showed; another seat's rename since is refused."""
    require(actor.role, "manage_street")
    name = clean_place_name(name)
    with desk.db.write() as s:
        c = _community(s, community_id)
        unchanged(s, desk, "community", c.id, c.name, expected, c.name)
        if c.name == name:
            return Changes()
        if s.scalar(select(Community.id).where(Community.name == name, Community.id != c.id)) is not None:
            raise ValidationError(f"社区“{name}”已存在（两个写法是同一个地方时请用“合并”）。",
                                  f"The community {name!r} already exists (use Merge for two spellings "
                                  "of one place).")
        audit(s, actor, desk.now(), "rename_community", "community", c.id, {"name": c.name}, {"name": name})
        c.name = name
        c.initials = pinyin_initials(name)[:MAX_PLACE]
    return Changes(settings=True, units=True)


def rename_grid(desk: Desk, actor: Actor, grid_id: int, name: str, *, expected: str | None = None) -> Changes:
    require(actor.role, "manage_street")
    name = clean_place_name(name, "网格", "grid")
    with desk.db.write() as s:
        g = _grid(s, grid_id)
        unchanged(s, desk, "grid", g.id, g.name, expected, g.name)
        if g.name == name:
            return Changes()
        if s.scalar(select(Grid.id).where(Grid.name == name, Grid.id != g.id)) is not None:
            raise ValidationError(f"网格“{name}”已存在。", f"The grid {name!r} already exists.")
        audit(s, actor, desk.now(), "rename_grid", "grid", g.id, {"name": g.name}, {"name": name})
        g.name = name
    return Changes(settings=True)


def edit_grid(desk: Desk, actor: Actor, grid_id: int, *, name: str | None = None, worker: str | None = None,
              phone: str | None = None, community_ids: list[int] | None = None,
              expected: GridRow | None = None) -> Changes:
    """The grid's name, grid worker, phone and the communities it covers (None: leave as is).

    Communities taken off the list belong to no grid afterwards; ones added
    move over from the grid that had them (a community has at most one grid).
    `expected`: the grid as the form showed it; a change made since on another
    seat (a new phone for the grid worker, say) is refused, not overwritten.
    """
    require(actor.role, "manage_street")
    if name is not None:
        name = clean_place_name(name, "网格", "grid")
    if worker is not None:
        worker = worker.strip()
        if len(worker) > 64:
            raise ValidationError("网格员姓名太长（最多 64 个字）。", "The grid worker's name is too long (at most 64).")
    if phone is not None:
        phone = _clean_phone(phone)
    with desk.db.write() as s:
        g = _grid(s, grid_id)
        if expected is not None:
            covers = tuple(s.scalars(select(Community.name).where(Community.grid_id == g.id).order_by(Community.name)))
            unchanged(s, desk, "grid", g.id, g.name, (expected.name, expected.worker, expected.phone,
                                                      tuple(sorted(expected.communities))),
                      (g.name, g.worker, g.phone, tuple(sorted(covers))))
        before = s.scalars(select(Community.id).where(Community.grid_id == g.id).order_by(Community.id)).all()
        old = {"name": g.name, "worker": g.worker, "phone": g.phone, "communities": list(before)}
        if name is not None and name != g.name:
            if s.scalar(select(Grid.id).where(Grid.name == name, Grid.id != g.id)) is not None:
                raise ValidationError(f"网格“{name}”已存在。", f"The grid {name!r} already exists.")
            g.name = name
        if worker is not None:
            g.worker = worker
        if phone is not None:
            g.phone = phone
        if community_ids is not None:
            keep = set(community_ids)
            for cid in before:
                if cid not in keep:
                    s.get_one(Community, cid).grid_id = None  # `before` was read in this transaction
            _assign(s, g.id, sorted(keep))
        s.flush()
        after = s.scalars(select(Community.id).where(Community.grid_id == g.id).order_by(Community.id)).all()
        new = {"name": g.name, "worker": g.worker, "phone": g.phone, "communities": list(after)}
        if new == old:
            return Changes()
        audit(s, actor, desk.now(), "edit_grid", "grid", g.id, old, new)
    return Changes(settings=True)


def merge_communities(desk: Desk, actor: Actor, keep_id: int, merge_id: int) -> Changes:
    """Two spellings of one place: everything naming `merge_id` moves to `keep_id`, then it goes.

    Tickets, units' coverage and special-group members move; a unit that
    covered both keeps one row. The audit entry names both communities and
    how many rows moved, so the merge can be followed later.
    """
    require(actor.role, "manage_street")
    from sqlalchemy import delete, update

    from ..store.models import SpecialGroupMember, UnitCommunity

    if keep_id == merge_id:
        raise ValidationError("不能把社区合并到它自己。", "A community cannot be merged into itself.")
    with desk.db.write() as s:
        keep, gone = _community(s, keep_id), _community(s, merge_id)
        moved_ids = s.scalars(select(Ticket.id).where(Ticket.community_id == gone.id)).all()
        s.execute(update(Ticket).where(Ticket.community_id == gone.id).values(community_id=keep.id))
        covered = set(s.scalars(select(UnitCommunity.unit_id).where(UnitCommunity.community_id == keep.id)))
        unit_ids = s.scalars(select(UnitCommunity.unit_id).where(UnitCommunity.community_id == gone.id)).all()
        s.execute(delete(UnitCommunity).where(UnitCommunity.community_id == gone.id))
        s.add_all([UnitCommunity(unit_id=u, community_id=keep.id) for u in unit_ids if u not in covered])
        moved = s.execute(update(SpecialGroupMember).where(SpecialGroupMember.community_id == gone.id)
                          .values(community_id=keep.id))
        members = cast(CursorResult[Any], moved).rowcount
        if keep.grid_id is None and gone.grid_id is not None:
            keep.grid_id = gone.grid_id
        units = len(unit_ids)
        audit(s, actor, desk.now(), "merge_community", "community", keep.id,
              {"name": gone.name, "id": gone.id},
              {"name": keep.name, "tickets": len(moved_ids), "units": units, "special_groups": members})
        s.flush()
        s.delete(gone)
    return Changes(tickets=set(moved_ids), settings=True, units=True, registers=True)


def set_community_active(desk: Desk, actor: Actor, community_id: int, active: bool) -> Changes:
    """Retire (hidden from pickers, still named on old tickets) or reinstate a community."""
    require(actor.role, "manage_street")
    with desk.db.write() as s:
        c = _community(s, community_id)
        changed = flip_active(s, desk, actor, c, active, "community", c.id, {"name": c.name})
    return Changes(settings=changed)


def set_grid_active(desk: Desk, actor: Actor, grid_id: int, active: bool) -> Changes:
    require(actor.role, "manage_street")
    with desk.db.write() as s:
        g = _grid(s, grid_id)
        changed = flip_active(s, desk, actor, g, active, "grid", g.id, {"name": g.name})
    return Changes(settings=changed)


def delete_community(desk: Desk, actor: Actor, community_id: int) -> Changes:
    """Only a community nothing references (a typo just added); else retire or merge it."""
    require(actor.role, "manage_street")
    with desk.db.write() as s:
        c = _community(s, community_id)
        tickets, others = _community_uses(s, c.id)
        if tickets or others:
            raise _in_use(tickets, others)
        audit(s, actor, desk.now(), "delete_community", "community", c.id, {"name": c.name}, None)
        s.delete(c)
    return Changes(settings=True)


def delete_grid(desk: Desk, actor: Actor, grid_id: int) -> Changes:
    """Only a grid no ticket names; its communities are left without a grid."""
    require(actor.role, "manage_street")
    with desk.db.write() as s:
        g = _grid(s, grid_id)
        tickets = s.scalar(select(func.count()).select_from(Ticket).where(Ticket.grid_id == g.id)) or 0
        if tickets:
            raise _in_use(int(tickets), 0)
        for c in s.scalars(select(Community).where(Community.grid_id == g.id)):
            c.grid_id = None
        audit(s, actor, desk.now(), "delete_grid", "grid", g.id, {"name": g.name}, None)
        s.delete(g)
    return Changes(settings=True)
