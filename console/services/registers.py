"""Two registers the operator reads during a call: special groups and the handbook.

重点人群 (elderly living alone, disabled residents …) are shown on the New
Call form when the caller's phone or address matches, so the phone is
stored normalised; the address is kept as written and compared by its key
("12号301室" matches 楼号 12 / 室号 301, console.domain.address) in
`store.queries.special_group_matches`. The 服务手册 holds standard
answers, found by the ticket's category while answering on the spot.
Every change is audited (old → new); a deleted member's last values stay in
the audit trail.
"""
from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..domain.errors import NotFound
from ..domain.phone import normalise_phone
from ..domain.text import clean_text as _text
from ..store.models import Category, Community, HandbookEntry, SpecialGroupMember
from .context import Actor, Changes, Desk, audit, stale_copy

# Suggestions for the group field; other words are accepted (the register is the street's own).
SPECIAL_GROUPS = ("独居老人", "孤寡老人", "高龄老人", "残疾人", "低保户", "重病患者", "困境儿童")
MAX_TEXT = 4000


def _fields(data: SpecialGroupInput | HandbookInput) -> dict[str, Any]:
    """A form's fields as the row stores them (its version is the copy's, not a field)."""
    return {k: v for k, v in asdict(data).items() if k != "version"}


def _fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").lower().split())


def _words(text: str) -> list[str]:
    return [w for w in (_fold(p) for p in unicodedata.normalize("NFKC", text or "").split()) if w]


# ------------------------------------------------------------- special groups

@dataclass
class SpecialGroupInput:
    name: str
    group: str
    phone: str = ""
    community_id: int | None = None
    address: str = ""
    needs: str = ""
    grid_worker: str = ""
    notes: str = ""
    version: int | None = None  # when the form was filled (load_special_member): a stale save is refused


@dataclass(frozen=True)
class SpecialGroupRow:
    id: int
    name: str
    group: str
    phone: str
    community_id: int | None
    community: str
    address: str
    needs: str
    grid_worker: str
    notes: str


def _clean_member(data: SpecialGroupInput) -> SpecialGroupInput:
    phone = (data.phone or "").strip()
    return SpecialGroupInput(
        name=_text(data.name, "姓名", "name", 64, required=True),
        group=_text(data.group, "人群类别", "group", 32, required=True),
        phone=normalise_phone(phone) if phone else "",
        community_id=data.community_id,
        address=_text(data.address, "地址", "address", 255),
        needs=_text(data.needs, "需求", "needs", MAX_TEXT),
        grid_worker=_text(data.grid_worker, "网格员", "grid worker", 64),
        notes=_text(data.notes, "备注", "notes", MAX_TEXT),
        version=data.version,
    )


def _check_community(s: Session, community_id: int | None) -> None:
    if community_id is not None and s.get(Community, community_id) is None:
        raise NotFound("所选社区不存在。", "The chosen community does not exist.")


def _member_dict(m: SpecialGroupMember) -> dict[str, Any]:
    return {"name": m.name, "group": m.group, "phone": m.phone, "community_id": m.community_id,
            "address": m.address, "needs": m.needs, "grid_worker": m.grid_worker, "notes": m.notes}


def create_special_member(desk: Desk, actor: Actor, data: SpecialGroupInput) -> int:
    clean = _clean_member(data)
    with desk.db.write() as s:
        _check_community(s, clean.community_id)
        m = SpecialGroupMember(**_fields(clean))
        s.add(m)
        s.flush()
        audit(s, actor, desk.now(), "create_special_member", "special_group", m.id, None, _member_dict(m))
        return m.id


def update_special_member(desk: Desk, actor: Actor, member_id: int, data: SpecialGroupInput) -> Changes:
    clean = _clean_member(data)
    with desk.db.write() as s:
        m = s.get(SpecialGroupMember, member_id, with_for_update=s.get_bind().dialect.name == "postgresql")
        if m is None:
            raise NotFound("重点人群记录不存在。", "No such special-group record.")
        _check_community(s, clean.community_id)
        before = _member_dict(m)
        after = _fields(clean)
        keys = [k for k in after if before[k] != after[k]]
        if not keys:  # the copy says what the row says: nothing to refuse
            return Changes()
        if clean.version is not None and m.version != clean.version:
            raise stale_copy(s, desk, "special_group", m.id, m.name)
        for k in keys:
            setattr(m, k, after[k])
        m.version = (m.version or 1) + 1
        audit(s, actor, desk.now(), "update_special_member", "special_group", m.id,
              {k: before[k] for k in keys}, {k: after[k] for k in keys})
    return Changes(registers=True)


def delete_special_member(desk: Desk, actor: Actor, member_id: int) -> Changes:
    with desk.db.write() as s:
        m = s.get(SpecialGroupMember, member_id)
        if m is None:
            raise NotFound("重点人群记录不存在。", "No such special-group record.")
        audit(s, actor, desk.now(), "delete_special_member", "special_group", m.id, _member_dict(m), None)
        s.delete(m)
    return Changes(registers=True)


def search_special_members(desk: Desk, text: str = "", group: str | None = None,
                           community_id: int | None = None, limit: int | None = None) -> list[SpecialGroupRow]:
    """Members matching every word of ``text`` (name, phone digits, address, needs, group,
    grid worker, notes), optionally of one group and one community; by community, then name.
    ``limit`` caps the answer (the window shows a page and asks to narrow the search)."""
    with desk.db.read() as s:
        q = select(SpecialGroupMember, Community.name).outerjoin(
            Community, Community.id == SpecialGroupMember.community_id)
        if group:
            q = q.where(SpecialGroupMember.group == group.strip())
        if community_id is not None:
            q = q.where(SpecialGroupMember.community_id == community_id)
        q = q.order_by(Community.name, SpecialGroupMember.name, SpecialGroupMember.id)
        if limit is not None and not _words(text):
            q = q.limit(limit)  # no text to match in Python: the database pages
        rows = [SpecialGroupRow(m.id, m.name, m.group, m.phone, m.community_id, cname or "",
                                m.address, m.needs, m.grid_worker, m.notes)
                for m, cname in s.execute(q)]
    words = _words(text)
    if not words:
        return rows if limit is None else rows[:limit]
    out = []
    for r in rows:
        hay = _fold(" ".join((r.name, r.group, r.phone, r.phone.replace("-", ""), r.community,
                              r.address, r.needs, r.grid_worker, r.notes)))
        if all(w in hay for w in words):
            out.append(r)
            if limit is not None and len(out) >= limit:
                break
    return out


def groups_in_use(desk: Desk) -> list[str]:
    """The group words the register uses, the most frequent first (the street writes its own: 孤老, 高龄 …)."""
    from sqlalchemy import func

    with desk.db.read() as s:
        rows = s.execute(select(SpecialGroupMember.group, func.count()).group_by(SpecialGroupMember.group)
                         .order_by(func.count().desc(), SpecialGroupMember.group)).all()
    return [g for g, _n in rows if g]


def group_suggestions(desk: Desk) -> list[str]:
    """For the group field: the words in use, then the usual ones not yet used."""
    used = groups_in_use(desk)
    return used + [g for g in SPECIAL_GROUPS if g not in used]


def load_special_member(desk: Desk, member_id: int) -> SpecialGroupInput:
    with desk.db.read() as s:
        m = s.get(SpecialGroupMember, member_id)
        if m is None:
            raise NotFound("重点人群记录不存在。", "No such special-group record.")
        return SpecialGroupInput(**_member_dict(m), version=m.version)


# ------------------------------------------------------------------- handbook

@dataclass
class HandbookInput:
    question: str
    answer: str
    category_id: int | None = None  # None: a general answer
    keywords: str = ""
    version: int | None = None  # when the form was filled (load_handbook_entry): a stale save is refused


@dataclass(frozen=True)
class HandbookRow:
    id: int
    category_id: int | None
    category: str  # path, "" for a general entry
    question: str
    answer: str
    keywords: str


def _clean_entry(data: HandbookInput) -> HandbookInput:
    return HandbookInput(
        question=_text(data.question, "问题", "question", MAX_TEXT, required=True),
        answer=_text(data.answer, "答复内容", "answer", MAX_TEXT * 5, required=True),
        category_id=data.category_id,
        keywords=_text(data.keywords, "关键词", "keywords", 1000),
        version=data.version,
    )


def _check_category(s: Session, category_id: int | None) -> None:
    if category_id is not None and s.get(Category, category_id) is None:
        raise NotFound("所选问题分类不存在。", "The chosen category does not exist.")


def _entry_dict(e: HandbookEntry) -> dict[str, Any]:
    return {"question": e.question, "answer": e.answer, "category_id": e.category_id, "keywords": e.keywords}


def create_handbook_entry(desk: Desk, actor: Actor, data: HandbookInput) -> int:
    clean = _clean_entry(data)
    with desk.db.write() as s:
        _check_category(s, clean.category_id)
        e = HandbookEntry(**_fields(clean))
        s.add(e)
        s.flush()
        audit(s, actor, desk.now(), "create_handbook_entry", "handbook", e.id, None, _entry_dict(e))
        return e.id


def update_handbook_entry(desk: Desk, actor: Actor, entry_id: int, data: HandbookInput) -> Changes:
    clean = _clean_entry(data)
    with desk.db.write() as s:
        e = s.get(HandbookEntry, entry_id, with_for_update=s.get_bind().dialect.name == "postgresql")
        if e is None:
            raise NotFound("服务手册条目不存在。", "No such handbook entry.")
        _check_category(s, clean.category_id)
        before, after = _entry_dict(e), _fields(clean)
        keys = [k for k in after if before[k] != after[k]]
        if not keys:  # the copy says what the row says: nothing to refuse
            return Changes()
        if clean.version is not None and e.version != clean.version:
            raise stale_copy(s, desk, "handbook", e.id, e.question[:20])
        for k in keys:
            setattr(e, k, after[k])
        e.version = (e.version or 1) + 1
        audit(s, actor, desk.now(), "update_handbook_entry", "handbook", e.id,
              {k: before[k] for k in keys}, {k: after[k] for k in keys})
    return Changes(registers=True)


def delete_handbook_entry(desk: Desk, actor: Actor, entry_id: int) -> Changes:
    with desk.db.write() as s:
        e = s.get(HandbookEntry, entry_id)
        if e is None:
            raise NotFound("服务手册条目不存在。", "No such handbook entry.")
        audit(s, actor, desk.now(), "delete_handbook_entry", "handbook", e.id, _entry_dict(e), None)
        s.delete(e)
    return Changes(registers=True)


def load_handbook_entry(desk: Desk, entry_id: int) -> HandbookInput:
    with desk.db.read() as s:
        e = s.get(HandbookEntry, entry_id)
        if e is None:
            raise NotFound("服务手册条目不存在。", "No such handbook entry.")
        return HandbookInput(e.question, e.answer, e.category_id, e.keywords, version=e.version)


def handbook_for(desk: Desk, category_id: int | None, text: str = "") -> list[HandbookRow]:
    """Standard answers for a call, the most specific first.

    Order: entries of the category itself, of its parent, of its children
    (when a parent is chosen), general entries (no category), then — only
    when ``text`` is given — entries of other categories. ``text`` keeps the
    entries holding every word of it in question, answer or keywords.
    Without a category, every entry is a candidate.
    """
    words = _words(text)
    with desk.db.read() as s:
        rank: dict[int | None, int] = {None: 3}
        if category_id is not None:
            rank[category_id] = 0
            parent = s.scalar(select(Category.parent_id).where(Category.id == category_id))
            if parent is not None:
                rank[parent] = 1
            for child in s.scalars(select(Category.id).where(Category.parent_id == category_id)):
                rank[child] = 2
        q = select(HandbookEntry)
        if category_id is not None and not words:
            ids = [k for k in rank if k is not None]
            q = q.where(or_(HandbookEntry.category_id.in_(ids), HandbookEntry.category_id.is_(None)))
        paths: dict[int | None, str] = {c.id: c.path for c in s.scalars(select(Category))}
        entries = [HandbookRow(e.id, e.category_id, paths.get(e.category_id, ""), e.question, e.answer,
                               e.keywords) for e in s.scalars(q)]
    out: list[tuple[int, int, HandbookRow]] = []
    for e in entries:
        if words:
            hay = _fold(" ".join((e.question, e.answer, e.keywords)))
            if not all(w in hay for w in words):
                continue
        r = rank.get(e.category_id, 4) if category_id is not None else 0
        out.append((r, e.id, e))
    out.sort(key=lambda t: (t[0], t[1]))
    return [row for _, _, row in out]
