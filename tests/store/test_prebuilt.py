"""store.prebuilt: a statement compiled once and run on the DBAPI cursor writes what Core would have written
(the column types' processing, the Python-side defaults), and its errors are SQLAlchemy's."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select
from sqlalchemy.exc import IntegrityError

from console.store.models import Deadline, Ticket
from console.store.prebuilt import DriverCursor, insert_of

pytestmark = pytest.mark.both_engines

AT = datetime(2026, 12, 6, 9, 30, 15, 123456, tzinfo=UTC)


def _any_ticket(desk) -> int:
    with desk.db.read() as s:
        tid = s.scalar(select(Ticket.id).order_by(Ticket.id).limit(1))
    assert tid is not None
    return tid


def test_an_insert_writes_the_row_core_writes(desk, street, operator):
    from console.services import tickets as T

    T.log_call(desk, operator, T.NewCall(description="楼道停电", caller_phone="13800138000"))
    tid = _any_ticket(desk)
    table = Deadline.__table__
    values = dict(ticket_id=tid, kind="check_back", start_at=AT, due_at=AT)  # snooze_reason: its default
    with desk.db.write_connection() as conn:
        ours = DriverCursor(conn).one(insert_of(table, conn.dialect, returning=table.c.id), values)[0]
        core = conn.execute(insert(table).returning(table.c.id), values).scalar_one()
    cols = [c for c in table.columns if c.key != "id"]
    with desk.db.read() as s:
        rows = {r.id: r[1:] for r in s.execute(select(table.c.id, *cols).where(table.c.id.in_([ours, core])))}
    assert rows[ours] == rows[core]
    assert dict(zip([c.key for c in cols], rows[ours], strict=True))["snooze_reason"] == ""
    assert rows[ours][cols.index(table.c.due_at)] == AT


def test_a_column_with_only_a_server_default_must_be_given(desk):
    t = Table("t", MetaData(), Column("id", Integer, primary_key=True), Column("v", String, server_default="x"))
    stmt = insert_of(t, desk.db.engine.dialect)
    with pytest.raises(ValueError, match="required for v"):
        stmt.params({})
    assert stmt.params({"v": "y"}) in (("y",), {"v": "y"})


def test_a_driver_error_is_sqlalchemys_with_the_values_hidden(desk, street):
    table = Deadline.__table__
    with pytest.raises(IntegrityError) as caught:  # no such ticket: the foreign key refuses it
        with desk.db.write_connection() as conn:
            DriverCursor(conn).many(insert_of(table, conn.dialect), [
                dict(ticket_id=987654, kind="check_back", start_at=AT, due_at=AT, snooze_reason="秘密的话")])
    assert "秘密的话" not in str(caught.value)
    with desk.db.read() as s:  # rolled back
        assert s.scalar(select(Deadline.id).where(Deadline.ticket_id == 987654)) is None
