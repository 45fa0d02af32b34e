"""The audit trail as a chain: each row carries a hash of itself and of the row before.

The database refuses to change or delete audit rows (triggers), but whoever
holds the file or the server can drop a trigger. The chain makes that
visible afterwards: `row_hash` = SHA-256 of the previous row's hash and this
row's fields; a row edited, deleted or slipped in breaks the chain there, and
`check` names the first row where it breaks. Rows written before the chain
existed are chained by the migration that introduced it, in id order.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

# json.dumps(v, ensure_ascii=False) — and with separators=(",", ":") — as bound methods of one encoder each:
# json.dumps builds a new encoder on every call given any option, which cost more than the encoding of an
# audit row's few fields (the same text: the same encoder options).
as_json = json.JSONEncoder(ensure_ascii=False).encode
_as_compact_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _at(at: datetime) -> str:
    global _last_at
    last = _last_at
    if last[0] is at:  # a step's audit rows share one instant (the same object): formatted once
        return last[1]
    text = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(UTC).isoformat(timespec="microseconds")
    _last_at = (at, text)
    return text


_last_at: tuple[object, str] = (None, "")  # the last instant `_at` formatted (one tuple: read and set whole)


def row_hash(prev: str, at: datetime, user_id: int | None, action: str, entity: str, entity_id: int | None,
             old: str, new: str, via: str = "") -> str:
    """The hash of one row, given the previous row's hash ("" for the first).

    `via` (where the step came from, e.g. the command line's operating-system account) is hashed only
    when set, so rows written before it existed keep the hashes they were chained with.

    The text hashed is `chain_hash`'s body of `row_fields` (tests/domain/test_audit_chain_text.py holds them
    equal), written out in one piece: the JSON list [prev, at, user_id, action, entity, entity_id, old, new
    (, via)] with each string through the encoder's own string escaping — every logged call hashes two rows,
    and two encoder passes and a list per row were most of their cost."""
    body = "[" + ",".join((_text(prev), _text(_at(at)), _number(user_id), _text(action), _text(entity),
                           _number(entity_id), _text(old or ""), _text(new or ""))) + (
        "," + _text(via) + "]" if via else "]")
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


# JSON of one string exactly as `as_json` writes it (ensure_ascii=False: the C escaping the encoder calls)
_text = json.encoder.encode_basestring


def _number(v: int | None) -> str:
    """JSON of an id (or null) as the encoder writes it; anything else through the encoder itself."""
    if v is None:
        return "null"
    return int.__repr__(v) if type(v) is int else as_json(v)


def row_fields(at: datetime, user_id: int | None, action: str, entity: str, entity_id: int | None,
               old: str, new: str, via: str = "") -> str:
    """What `row_hash` hashes after the previous hash, serialised: a bulk writer prepares it before it takes
    the write lock (it does not depend on the chain), so only `chain_hash` runs while the lock is held."""
    fields: list[object] = [_at(at), user_id, action, entity, entity_id, old or "", new or ""]
    if via:
        fields.append(via)
    return _as_compact_json(fields)


def chain_hash(prev: str, fields: str) -> str:
    """The hash of a row from the previous row's hash and its `row_fields`: SHA-256 of the JSON list
    [prev, *fields] (the same text as serialising them together)."""
    body = "[" + as_json(prev) + "," + fields[1:]
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


AUDIT_COLUMNS = ("at", "user_id", "action", "entity", "entity_id", "old", "new", "prev_hash", "row_hash", "via")


def _jsonable(v: object) -> object:
    return v.isoformat() if isinstance(v, datetime) else v


def audit_text(values: Mapping[str, object] | None) -> str:
    """The old or new side of an audit row as stored (JSON, Chinese as written; "" for none). Instants are
    written as ISO text; a plain dict without one goes to the encoder as it is (no copy)."""
    if not values:
        return ""
    if type(values) is dict and datetime not in map(type, values.values()):
        try:  # no instant, unless of a subclass of datetime, which the encoder refuses: then the copy below
            return as_json(values)
        except TypeError:
            pass
    return as_json({k: _jsonable(v) for k, v in values.items()})


def audit_row(prev: str, at: datetime, user_id: int | None, via: str, action: str, entity: str,
              entity_id: int | None, old: Mapping[str, object] | None = None,
              new: Mapping[str, object] | None = None) -> dict[str, object]:
    """One audit row's columns (AUDIT_COLUMNS), chained after the row whose hash is `prev`: what
    services.context.audit adds through the ORM and the SQLAlchemy-free shift-log export inserts on the
    driver — one function, so both write the same row and the same hash."""
    old_text, new_text, via = audit_text(old), audit_text(new), via[:96]
    digest = row_hash(prev, at, user_id, action, entity, entity_id, old_text, new_text, via)
    return {"at": at, "user_id": user_id, "action": action, "entity": entity, "entity_id": entity_id,
            "old": old_text, "new": new_text, "prev_hash": prev, "row_hash": digest, "via": via}


@dataclass(frozen=True)
class ChainRow:
    id: int
    at: datetime
    user_id: int | None
    action: str
    entity: str
    entity_id: int | None
    old: str
    new: str
    prev_hash: str
    row_hash: str
    via: str = ""


def first_break(rows: Iterable[ChainRow]) -> int | None:
    """The id of the first row (in id order) whose hashes do not follow from the rows before; None: intact."""
    prev = ""
    for r in rows:
        expected = row_hash(prev, r.at, r.user_id, r.action, r.entity, r.entity_id, r.old, r.new, r.via)
        if r.prev_hash != prev or r.row_hash != expected:
            return r.id
        prev = r.row_hash
    return None
