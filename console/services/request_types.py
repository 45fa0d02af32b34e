"""诉求类型 (request types): the six defaults plus what a desk adds, renamed or retired.

Tickets point at `request_types.code`. The six defaults keep the codes of
console.domain.enums.RequestType (reports and KPIs group by them); a type a
desk adds gets the next free code "x1", "x2"…, never reused, so an old
ticket's code always finds its row. Labels come from the table: a renamed
default shows its new Chinese name, a desk-added type its own name in both
languages, and a code nobody knows (a damaged row) shows as itself — a
label is never a crash.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.enums import RequestType
from ..domain.errors import NotFound, ValidationError
from ..domain.permissions import require
from ..store.models import RequestTypeRow, Ticket
from .context import Actor, Changes, Desk, audit, flip_active, unchanged

MAX_NAME = 16
_DESK_CODE = re.compile(r"^x(\d+)$")


@dataclass(frozen=True)
class RequestTypeInfo:
    code: str
    name: str  # the desk's Chinese name
    active: bool
    builtin: bool  # one of the six defaults (its English label comes from the enum)
    tickets: int = 0


def label_for(code: str, names: dict[str, str], lang: str = "zh_CN") -> str:
    """The label of a request-type code: the desk's name; English for an unrenamed default.

    `names` is code → the desk's name (request_type_names); pure, so reports,
    the window and the CLI label the same way without a session."""
    if not code:
        return ""
    try:
        builtin = RequestType(code)
    except ValueError:
        return names.get(code) or code
    name = names.get(code) or builtin.zh
    if lang.startswith("en"):
        return builtin.en if name == builtin.zh else name
    return name


def names_in(s: Session) -> dict[str, str]:
    """code → name for every request type, retired ones too (old tickets keep theirs)."""
    return dict(s.execute(select(RequestTypeRow.code, RequestTypeRow.name)).all())


def request_type_names(desk: Desk) -> dict[str, str]:
    with desk.db.read() as s:
        return names_in(s)


def list_request_types(desk: Desk, *, include_retired: bool = True,
                       with_counts: bool = False) -> list[RequestTypeInfo]:
    """In the desk's order; New Call asks for the active ones only. `with_counts` (the editor):
    how many tickets use each — a scan of every ticket, so New Call (F2) never asks for it."""
    with desk.db.read() as s:
        used: dict[str, int] = {}
        if with_counts:
            used = dict(s.execute(select(Ticket.request_type, func.count()).group_by(Ticket.request_type)).all())
        q = select(RequestTypeRow).order_by(RequestTypeRow.sort_order, RequestTypeRow.code)
        if not include_retired:
            q = q.where(RequestTypeRow.active)
        builtin = {r.value for r in RequestType}
        return [RequestTypeInfo(r.code, r.name, bool(r.active), r.code in builtin, int(used.get(r.code, 0)))
                for r in s.scalars(q)]


def is_active_code(s: Session, code: str) -> bool:
    """Whether a new ticket may use this code (inside the caller's transaction)."""
    row = s.get(RequestTypeRow, code)
    return row is not None and bool(row.active)


def _clean(name: str | None) -> str:
    v = re.sub(r"\s+", " ", (name or "")).strip()
    if not v:
        raise ValidationError("请填写诉求类型名称。", "Please fill in the request type's name.")
    if len(v) > MAX_NAME:
        raise ValidationError(f"诉求类型名称太长（最多 {MAX_NAME} 个字）。",
                              f"The request type's name is too long (at most {MAX_NAME} characters).")
    return v


def _row(s: Session, code: str) -> RequestTypeRow:
    r = s.get(RequestTypeRow, code)
    if r is None:
        raise NotFound("诉求类型不存在。", "The request type does not exist.")
    return r


def _check_free(s: Session, name: str, code: str | None = None) -> None:
    q = select(RequestTypeRow.code).where(RequestTypeRow.name == name)
    if code is not None:
        q = q.where(RequestTypeRow.code != code)
    if s.scalar(q) is not None:
        raise ValidationError(f"诉求类型“{name}”已存在。", f"The request type {name!r} already exists.")


def add_request_type(desk: Desk, actor: Actor, name: str) -> str:
    """A desk's own request type; returns its code (x1, x2, …, never reused)."""
    require(actor.role, "manage_lists")
    name = _clean(name)
    with desk.db.write() as s:
        _check_free(s, name)
        codes = s.scalars(select(RequestTypeRow.code)).all()
        n = max((int(m.group(1)) for c in codes if (m := _DESK_CODE.match(c))), default=0) + 1
        last = s.scalar(select(func.max(RequestTypeRow.sort_order))) or 0
        code = f"x{n}"
        s.add(RequestTypeRow(code=code, name=name, sort_order=last + 1, active=True))
        audit(s, actor, desk.now(), "add_request_type", "request_type", None, None, {"code": code, "name": name})
        return code


def rename_request_type(desk: Desk, actor: Actor, code: str, name: str, *, expected: str | None = None) -> Changes:
    """Tickets keep the code, so every old ticket shows the new name.

    `expected`: the name the editor showed; another seat's rename since is refused."""
    require(actor.role, "manage_lists")
    name = _clean(name)
    with desk.db.write() as s:
        r = _row(s, code)
        unchanged(s, desk, "request_type", None, r.name, expected, r.name)
        if r.name == name:
            return Changes()
        _check_free(s, name, code)
        audit(s, actor, desk.now(), "rename_request_type", "request_type", None,
              {"code": code, "name": r.name}, {"code": code, "name": name})
        r.name = name
    return Changes(settings=True)


def set_request_type_active(desk: Desk, actor: Actor, code: str, active: bool) -> Changes:
    """Retired types are not offered in New Call; old tickets keep theirs. One type stays active."""
    require(actor.role, "manage_lists")
    with desk.db.write() as s:
        r = _row(s, code)
        if bool(r.active) == bool(active):
            return Changes()
        if not active:
            others = s.scalar(select(func.count()).select_from(RequestTypeRow)
                              .where(RequestTypeRow.active, RequestTypeRow.code != code)) or 0
            if not others:
                raise ValidationError("至少要保留一个在用的诉求类型。", "At least one request type must stay in use.")
        flip_active(s, desk, actor, r, active, "request_type", None, {"code": code, "name": r.name})
    return Changes(settings=True)
