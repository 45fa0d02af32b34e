"""What every use case needs: the database, the clock, the acting user.

Passing a `Desk` in (rather than reaching for a global) keeps the services
usable from the CLI, the window, the demo generator and the tests alike.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.audit_chain import audit_row
from ..domain.audit_chain import audit_text as audit_text  # named here by the use cases
from ..domain.clock import Clock, SystemClock, checked_now
from ..domain.errors import ConflictError
from ..domain.timeutil import DEFAULT_TZ, TIMEZONE_KEY, zone_or_default
from ..store.audit_statements import AUDIT_TAIL_SELECT
from ..store.database import Database
from ..store.models import AuditEntry
from ..store.setting_reads import SETTING
from .actor import Actor as Actor  # defined without the store (services.actor); found here by every use case


@dataclass
class Changes:
    """What a write changed, so each view refreshes only what it shows."""

    tickets: set[int] = field(default_factory=set)
    deadlines: bool = False
    units: bool = False
    missed_calls: bool = False
    registers: bool = False
    shifts: bool = False
    settings: bool = False

    def merge(self, other: Changes) -> Changes:
        self.tickets |= other.tickets
        for f in ("deadlines", "units", "missed_calls", "registers", "shifts", "settings"):
            setattr(self, f, getattr(self, f) or getattr(other, f))
        return self




class Desk:
    def __init__(self, db: Database, clock: Clock | None = None):
        self.db = db
        self.clock = clock or SystemClock()
        self._tz: ZoneInfo | None = None

    def now(self) -> datetime:
        """The clock's time, refused outside the years the desk counts in (domain.clock.checked_now)."""
        return checked_now(self.clock)

    @property
    def tz(self) -> ZoneInfo:
        if self._tz is None:
            with self.db.read() as s:
                self._tz = timezone_of(s)
        return self._tz

    def local(self, dt: datetime) -> datetime:
        return dt.astimezone(self.tz)

    def local_now(self) -> datetime:
        return self.local(self.now())


def last_change(s: Session, desk: Desk, entity: str, entity_id: int | None) -> tuple[str | None, str]:
    """Who last changed (`entity`, `entity_id`) and when (local "MM-DD HH:MM"), from its latest audit row;
    (None, "") when it has none."""
    from ..store.models import AuditEntry, User

    row = s.execute(select(User.display_name, AuditEntry.at).outerjoin(User, User.id == AuditEntry.user_id)
                    .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
                    .order_by(AuditEntry.id.desc()).limit(1)).first()
    return (row[0] if row and row[0] else None), (f"{desk.local(row[1]):%m-%d %H:%M}" if row else "")


def stale_copy(s: Session, desk: Desk, entity: str, entity_id: int | None, label: str) -> ConflictError:
    """A save made from a copy another seat has changed since (its version moved): who changed `label` and
    when, from the latest audit row of (`entity`, `entity_id`). Nothing is saved; the form keeps what was
    typed."""
    who, when = last_change(s, desk, entity, entity_id)
    at_zh, at_en = (f"于 {when} ", f" at {when}") if when else ("", "")  # a change nobody audited: no time
    return ConflictError(
        f"“{label}”已被{who or '另一席位'}{at_zh}修改。您的修改没有保存（表单中的内容仍在）："
        "请关闭后重新打开，核对后再改。",
        f"{label!r} was changed by {who or 'another seat'}{at_en}. Your changes were not saved (the form "
        "keeps them): close it, reopen it, check and edit again.")


def unchanged(s: Session, desk: Desk, entity: str, entity_id: int | None, label: str,
              expected: object | None, current: object) -> None:
    """Compare-and-set for an editor without a version column: refuse (`stale_copy`) when the value the
    editor showed (`expected`) is no longer what is stored (`current`) — another seat changed it since.
    `expected` None: the caller showed nothing to compare (a script, an import), so nothing is refused."""
    if expected is not None and expected != current:
        raise stale_copy(s, desk, entity, entity_id, label)


def get_setting(s: Session, key: str, default: str = "") -> str:
    v = s.scalar(SETTING, {"key": key})
    return default if v is None else v


def timezone_of(s: Session) -> ZoneInfo:
    """The desk's time zone (setting `timezone`, Asia/Shanghai unless set)."""
    return zone_or_default(get_setting(s, TIMEZONE_KEY, DEFAULT_TZ))


def audit(s: Session, actor: Actor, at: datetime, action: str, entity: str,
          entity_id: int | None, old: Mapping[str, object] | None = None,
          new: Mapping[str, object] | None = None) -> None:
    """Append one row to the audit trail (who, when, what, old → new), chained to the row before it
    (console.domain.audit_chain). Writes are one at a time on both engines (store.database), so the tail
    read here is the last row; rows added earlier in this transaction are remembered on the session (no
    flush: a step's changes stay one flush)."""
    row = audit_row(_audit_tail(s), at, actor.id, actor.via, action, entity, entity_id, old, new)
    s.add(AuditEntry(**row))
    s.info[_AUDIT_TAIL] = row["row_hash"]


_AUDIT_TAIL = "hotline_audit_tail"  # Session.info key: the hash of the last audit row this transaction added


def _audit_tail(s: Session) -> str:
    prev = s.info.get(_AUDIT_TAIL)
    if prev is None:
        with s.no_autoflush:
            prev = s.scalar(AUDIT_TAIL_SELECT) or ""
    return prev


@dataclass(frozen=True)
class PreparedAudit:
    """One audit row made ready before the write transaction (`prepare_audit`): all but its place in
    the chain, which only the transaction that appends it can know."""

    action: str
    entity: str
    entity_id: int | None
    old: str
    new: str
    fields: str  # console.domain.audit_chain.row_fields of the row


def prepare_audit(actor: Actor, at: datetime, action: str, entity: str, entity_id: int | None,
                  old: Mapping[str, object] | None = None,
                  new: Mapping[str, object] | None = None) -> PreparedAudit:
    """The row `audit` would add, serialised now — a bulk import does this for thousands of rows while
    it holds no lock, then appends them with `append_audit` in its short final transaction."""
    from ..domain.audit_chain import row_fields

    old_text, new_text = audit_text(old), audit_text(new)
    return PreparedAudit(action, entity, entity_id, old_text, new_text,
                         row_fields(at, actor.id, action, entity, entity_id, old_text, new_text, actor.via[:96]))


def append_audit(s: Session, actor: Actor, at: datetime, rows: list[PreparedAudit]) -> None:
    """Append prepared rows (made by `prepare_audit` with the same `actor` and `at`), in order, chained
    after the rows already there — the same rows and hashes as calling `audit` for each, written by one
    executemany. Rows `audit` added earlier in this transaction are flushed first, so ids follow the chain."""
    from ..domain.audit_chain import chain_hash
    from ..store.bulk import BulkWriter

    if not rows:
        return
    prev = _audit_tail(s)
    s.flush()
    conn = s.connection()
    w = BulkWriter(conn)
    at_value, via = w.stored("audit_log", "at", at), actor.via[:96]
    out: list[tuple[object, ...]] = []
    for r in rows:
        digest = chain_hash(prev, r.fields)
        out.append((at_value, actor.id, r.action, r.entity, r.entity_id, r.old, r.new, prev, digest, via))
        prev = digest
    w.insert("audit_log", ("at", "user_id", "action", "entity", "entity_id", "old", "new", "prev_hash",
                           "row_hash", "via"), out)
    s.info[_AUDIT_TAIL] = prev


class Retirable(Protocol):
    """A row of a desk-owned list that is retired rather than deleted."""

    active: bool


def flip_active(s: Session, desk: Desk, actor: Actor, row: Retirable, active: bool, entity: str,
                entity_id: int | None, ident: Mapping[str, object]) -> bool:
    """Retire or reinstate one row of a desk-owned list (its `active` column), audited old → new.

    `ident` names the row in the audit trail ({"name": …}); the action is
    retire_<entity> or reinstate_<entity>. False when the row already was so
    (nothing written)."""
    if bool(row.active) == bool(active):
        return False
    audit(s, actor, desk.now(), ("reinstate_" if active else "retire_") + entity, entity, entity_id,
          {**ident, "active": bool(row.active)}, {**ident, "active": bool(active)})
    row.active = bool(active)
    return True
