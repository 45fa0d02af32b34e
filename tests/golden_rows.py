"""Golden-row helpers: every row of every table before and after a service call, the difference named
by what the ids stand for (a unit's name, T1 for the first new ticket, D1 for the first new deadline), so a
faster path can be held to the rows the slower one wrote, on SQLite and PostgreSQL alike
(tests/services/test_hot_path_golden.py, tests/services/imports/test_import_tickets_golden.py)."""
from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event, select

from console.domain.audit_chain import row_hash
from console.store.models import Base, Category, Community, Contact, Grid, Unit, User

# column -> the table whose ids it holds (the labels come from `_labels`)
_REFS = {"ticket_id": "ticket", "merged_into_id": "ticket", "unit_id": "unit", "contact_id": "contact",
         "community_id": "community", "category_id": "category", "grid_id": "grid", "operator_id": "user",
         "actor_id": "user", "user_id": "user", "done_by": "user", "undone_by": "user",
         "newest_deadline": "deadline", "closed": "deadline"}


def _utc(v: Any) -> Any:
    """Datetimes as naive UTC text (both engines give aware UTC ones); other values as they are."""
    if isinstance(v, datetime):
        return (v.astimezone(UTC) if v.tzinfo else v).replace(tzinfo=None).isoformat(sep=" ")
    return v


def snapshot(desk) -> dict[str, dict[tuple, dict[str, Any]]]:
    """Every row of every table, keyed by primary key (by the whole row when a table has none)."""
    out: dict[str, dict[tuple, dict[str, Any]]] = {}
    with desk.db.read() as s:
        for table in Base.metadata.sorted_tables:
            pk = [c.name for c in table.primary_key.columns] or [c.name for c in table.columns]
            rows = {}
            for r in s.execute(select(table)).mappings():
                row = {k: _utc(v) for k, v in r.items()}
                rows[tuple(row[k] for k in pk)] = row
            out[table.name] = rows
    return out


def _labels(desk, diff) -> dict[str, dict[int, str]]:
    """id -> label per referenced table: names for the street's rows, T1…/D1… for new tickets/deadlines."""
    with desk.db.read() as s:
        out = {"unit": dict(s.execute(select(Unit.id, Unit.name)).all()),
               "community": dict(s.execute(select(Community.id, Community.name)).all()),
               "grid": dict(s.execute(select(Grid.id, Grid.name)).all()),
               "user": dict(s.execute(select(User.id, User.username)).all()),
               "category": {c.id: c.path for c in s.scalars(select(Category))},
               "contact": {c.id: f"{c.unit.name}/{c.person}" for c in s.scalars(select(Contact))}}
    for name, table in (("ticket", "tickets"), ("deadline", "deadlines")):
        out[name] = {r["id"]: f"{name[0].upper()}{i}" for i, r in enumerate(diff.get(table, {}).get("added", []), 1)}
    return out


def _named(v: Any, key: str, labels) -> Any:
    """`v` with the ids it holds replaced by labels; JSON text parsed, keeping its key order (as pairs)."""
    if isinstance(v, dict):
        return [(k, _named(x, k, labels)) for k, x in v.items()]
    if isinstance(v, list):
        return [_named(x, key, labels) for x in v]
    if key in _REFS and isinstance(v, int) and not isinstance(v, bool):
        return labels[_REFS[key]].get(v, f"?{v}") if v else v  # 0: none (newest_deadline of a new ticket)
    return v


def normalised(desk, diff) -> dict[str, Any]:
    labels = _labels(desk, diff)
    out: dict[str, Any] = {}
    for name, part in sorted(diff.items()):
        rows = []
        for r in part["added"]:
            row = {}
            for k, v in r.items():
                if k in ("id", "prev_hash", "row_hash"):
                    continue
                if k in ("old", "new", "before_state") and v:
                    v = _named(json.loads(v), k, labels)
                elif k == "entity_id" and r.get("entity") == "ticket":
                    v = labels["ticket"].get(v, v)
                else:
                    v = _named(v, k, labels)
                row[k] = v
            rows.append(row)
        out[name] = {"added": rows, "changed": part["changed"], "gone": part["gone"]}
    return out


def table_diff(before, after) -> dict[str, dict[str, Any]]:
    """Per changed table: rows added (in primary-key order), columns changed of rows kept, keys gone."""
    out: dict[str, dict[str, Any]] = {}
    for name, rows in after.items():
        old = before[name]
        added = [rows[k] for k in sorted(set(rows) - set(old))]
        changed = {k: {c: (old[k][c], v) for c, v in rows[k].items() if old[k][c] != v}
                   for k in sorted(set(rows) & set(old)) if rows[k] != old[k]}
        gone = sorted(set(old) - set(rows))
        if added or changed or gone:
            out[name] = {"added": added, "changed": changed, "gone": gone}
    return out


class Writes:
    """Write transactions begun and committed on the desk's engine."""

    def __init__(self, desk):
        self.begun = self.committed = 0
        event.listen(desk.db.engine, "begin", self._begin)
        event.listen(desk.db.engine, "commit", self._commit)

    def _begin(self, conn):
        self.begun += bool(conn.get_execution_options().get("hotline_write"))

    def _commit(self, conn):
        self.committed += bool(conn.get_execution_options().get("hotline_write"))


def check_chain(rows: list[dict[str, Any]], prev: str) -> None:
    for r in rows:
        assert r["prev_hash"] == prev
        at = datetime.fromisoformat(r["at"]).replace(tzinfo=UTC)
        assert r["row_hash"] == row_hash(prev, at, r["user_id"], r["action"], r["entity"], r["entity_id"],
                                         r["old"], r["new"], r["via"])
        prev = r["row_hash"]
