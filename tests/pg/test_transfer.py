"""migrate-data: SQLite → PostgreSQL → SQLite gives the same desk, row for row."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, text

from console.domain.clock import FakeClock
from console.domain.errors import UserError
from console.services import tickets as T
from console.services.context import Actor, Desk
from console.services.exports import quarter_kpis
from console.store.database import Database
from console.store.migrate import current_revision, head_revision
from console.store.models import AuditEntry, Ticket, User
from console.store.queries import search_ticket_ids
from console.store.transfer import TransferError, table_counts, tables_in_order, transfer

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 22, 22, 0, tzinfo=SH)  # the demo desk's clock (tests/pg/conftest.py)

QUARTERS = [(2025, 1), (2025, 2), (2025, 3), (2025, 4), (2026, 1), (2026, 2), (2026, 3), (2026, 4)]


def _dump(db: Database) -> dict[str, list[tuple]]:
    """Every row of every table, ordered by primary key, values as the models read them."""
    out = {}
    with db.engine.connect() as c:
        for t in tables_in_order():
            out[t.name] = [tuple(r) for r in c.execute(select(t).order_by(*t.primary_key.columns))]
        c.rollback()
    return out


def _kpis(db: Database):
    desk = Desk(db, FakeClock(NOW))
    return [quarter_kpis(desk, y, q) for y, q in QUARTERS]


def test_round_trip_sqlite_postgres_sqlite_keeps_every_row_and_every_kpi(demo_sqlite, pg_fresh, tmp_path):
    src = Database(demo_sqlite)
    pg = Database(pg_fresh())
    back = Database(tmp_path / "back.sqlite3")
    try:
        seen = []
        r1 = transfer(src, pg, progress=lambda done, total, table: seen.append((table, done, total)))
        assert r1.counts == table_counts(src) and r1.total > 600
        assert r1.counts["tickets"] == 600 and r1.counts["audit_log"] >= 1
        assert ("tickets", 600, 600) in seen
        assert current_revision(pg) == head_revision()
        r2 = transfer(pg, back)
        assert r2.counts == r1.counts

        original, moved, returned = _dump(src), _dump(pg), _dump(back)
        assert moved == original  # on PostgreSQL, value for value
        assert returned == original
        k = _kpis(src)
        assert k[-2].received > 0
        assert _kpis(pg) == k and _kpis(back) == k

        # search agrees on all three (the SQLite copy's FTS index was rebuilt)
        with src.read() as s:
            desc = s.scalars(select(Ticket.description).order_by(Ticket.id.desc()).limit(5)).all()
        terms = [d[:4] for d in desc] + ["嘉宏三村", "1380"]
        for term in terms:
            expected = _search(src, term)
            assert _search(pg, term) == expected and _search(back, term) == expected, term

        # the moved desk works: sequences continue after the copied ids, numbers continue the day
        actor = Actor(None, "system", "系统", "admin")
        for db in (pg, back):
            desk = Desk(db, FakeClock(NOW + timedelta(minutes=1)))
            t = T.log_call(desk, actor, T.NewCall(description="迁移后的第一通电话"))
            assert t.id > max(r[0] for r in original["tickets"])
            with db.write() as s:
                s.add(AuditEntry(at=desk.now(), action="x", entity="x", old="", new=""))
    finally:
        for db in (src, pg, back):
            db.dispose()


def _search(db, term):
    with db.read() as s:
        return search_ticket_ids(s, term, limit=1000)


def test_a_target_with_data_is_refused_and_left_alone(desk, street, operator, tmp_path):
    T.log_call(desk, operator, T.NewCall(description="已有的工单"))
    other = Database(tmp_path / "other.sqlite3")
    try:
        transfer(desk.db, other)  # fill the other engine's database from the desk
        before = table_counts(desk.db)
        with pytest.raises(TransferError) as e:
            transfer(other, desk.db)
        assert "已有数据" in e.value.zh and "tickets 1" in e.value.en
        assert table_counts(desk.db) == before
        with pytest.raises(UserError) as e:
            transfer(desk.db, desk.db)
        assert "同一个" in e.value.zh
    finally:
        other.dispose()


def test_a_failure_mid_copy_changes_nothing_on_the_target(demo_sqlite, pg_fresh, tmp_path):
    src = Database(demo_sqlite)
    targets = [Database(pg_fresh()), Database(tmp_path / "t.sqlite3")]
    try:
        for dst in targets:
            def boom(done, total, table):
                if table == "deadlines" and done > 0:
                    raise RuntimeError("cable pulled")
            with pytest.raises(RuntimeError):
                transfer(src, dst, progress=boom)
            counts = table_counts(dst)
            assert counts["tickets"] == 0 and counts["users"] == 0 and counts["request_types"] == 6
            seeded = {"request_types", "deadline_rules", "calendar_days", "calendar_years", "policy_stamp"}
            assert not any(n for t, n in counts.items() if t not in seeded)  # only the migrations' reference rows
            assert counts["deadline_rules"] == 7 and counts["calendar_years"] >= 7
            again = transfer(src, dst)  # and the empty target still takes the desk afterwards
            assert again.counts == table_counts(src)
    finally:
        for db in (src, *targets):
            db.dispose()


def test_counts_are_verified_inside_the_transaction(demo_sqlite, pg_fresh, monkeypatch):
    """A copy that loses rows is rolled back, not committed."""
    import console.store.transfer as tr

    src = Database(demo_sqlite)
    dst = Database(pg_fresh())
    real = tr._copy_table

    def lossy(sconn, dconn, t, *rest):
        n = real(sconn, dconn, t, *rest)
        if t.name == "ticket_events":
            dconn.execute(text("DELETE FROM ticket_events WHERE id = (SELECT max(id) FROM ticket_events)"))
        return n

    monkeypatch.setattr(tr, "_copy_table", lossy)
    try:
        with pytest.raises(TransferError) as e:
            transfer(src, dst)
        assert "ticket_events" in e.value.en
        assert table_counts(dst)["tickets"] == 0
    finally:
        src.dispose()
        dst.dispose()


def test_a_source_that_is_missing_or_not_ours_is_refused(tmp_path):
    dst = Database(tmp_path / "t.sqlite3")
    with pytest.raises(TransferError) as e:
        transfer(Database(tmp_path / "nope.sqlite3"), dst)
    assert "不存在" in e.value.zh
    assert not (tmp_path / "nope.sqlite3").exists()
    import sqlite3

    con = sqlite3.connect(tmp_path / "foreign.sqlite3")
    con.execute("create table recipes(id integer primary key)")
    con.commit()
    con.close()
    with pytest.raises(TransferError):
        transfer(Database(tmp_path / "foreign.sqlite3"), dst)
    dst.dispose()


@pytest.mark.sqlite_only
def test_nul_characters_from_an_old_sqlite_desk_do_not_stop_the_move(desk, operator, tmp_path, pg_fresh):
    """SQLite stores NUL in text, PostgreSQL cannot: the move drops them and counts them."""
    t = T.log_call(desk, operator, T.NewCall(description="正常的内容"))
    import sqlite3

    con = sqlite3.connect(desk.db.sqlite_path)  # written by an older program, behind the services' back
    con.execute("UPDATE tickets SET description = 'a' || char(0) || 'b', caller_name = char(0) WHERE id = ?",
                (t.id,))
    con.commit()
    con.close()
    pg = Database(pg_fresh())
    try:
        r = transfer(desk.db, pg)
        assert r.nul_cleaned == 2
        with pg.read() as s:
            tk = s.get(Ticket, t.id)
            assert (tk.description, tk.caller_name) == ("ab", "")
    finally:
        pg.dispose()


def test_services_drop_nul_on_both_engines(desk, operator):
    t = T.log_call(desk, operator, T.NewCall(description="控制\x00字符", caller_name="王\x00"))
    with desk.db.read() as s:
        tk = s.get(Ticket, t.id)
        assert (tk.description, tk.caller_name) == ("控制字符", "王")


def test_the_demo_desk_built_on_postgres_equals_the_one_built_on_sqlite(demo_sqlite, pg_fresh):
    """`init --demo` on a server: same seed, same clock, same desk as on SQLite (bar salted hashes)."""
    from console.demo.desk import build_demo_desk
    from console.store.health import check_database
    from console.store.migrate import ensure_schema

    pg = Database(pg_fresh())
    src = Database(demo_sqlite)
    try:
        ensure_schema(pg)
        build_demo_desk(Desk(pg, FakeClock(NOW)), tickets=600, seed=3)
        a, b = _dump(src), _dump(pg)
        pw = list(User.__table__.columns.keys()).index("password_hash")  # scrypt hashes are salted
        for d in (a, b):
            d["users"] = [r[:pw] + r[pw + 1:] for r in d["users"]]
            assert len(d.pop("policy_stamp")) == 1  # a random token of each database's own (migration 0025)
        assert b == a and len(a["tickets"]) == 600
        assert check_database(pg) == []
        assert _kpis(pg) == _kpis(src)
    finally:
        pg.dispose()
        src.dispose()
