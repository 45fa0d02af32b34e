"""The migrations on PostgreSQL, the append-only audit trail, and `check` on both engines."""
from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from console.services import tickets as T
from console.store.database import Database
from console.store.health import check_database, notes
from console.store.migrate import current_revision, ensure_schema, head_revision
from console.store.models import Base


def _include(obj, name, type_, reflected, compare_to):
    if type_ == "table" and name and name.startswith("ticket_fts"):
        return False
    if type_ == "index" and name == "ix_tickets_search_trgm":  # made by hand in the migration
        return False
    return True


def test_empty_postgres_to_head_equals_the_models(pg_fresh):
    db = Database(pg_fresh())
    try:
        assert ensure_schema(db) is None
        assert current_revision(db) == head_revision()
        with db.engine.connect() as c:
            diff = compare_metadata(MigrationContext.configure(c, opts={"include_object": _include}),
                                    Base.metadata)
            names = set(c.execute(text(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal "
                "UNION SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")).scalars())
        assert diff == []
        assert {"audit_log_append_only", "ix_tickets_search_trgm"} <= names
        assert ensure_schema(db) is None  # opening again changes nothing
        assert check_database(db) == [] and notes(db) == []
    finally:
        db.dispose()


SEAT_INIT = textwrap.dedent("""
    import sys
    from console.store.database import Database
    from console.store.migrate import ensure_schema, current_revision
    db = Database(sys.argv[1])
    ensure_schema(db)
    print(current_revision(db))
""")


def test_two_seats_creating_the_schema_at_once_both_succeed(pg_fresh):
    url = pg_fresh()
    procs = [subprocess.Popen([sys.executable, "-c", SEAT_INIT, url], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1][-1500:] for o in outs]
    assert [o[0].strip() for o in outs] == [head_revision()] * 2
    db = Database(url)
    try:
        assert check_database(db) == []
    finally:
        db.dispose()


@pytest.mark.pg
def test_audit_log_refuses_update_and_delete_on_postgres(desk, operator):
    T.log_call(desk, operator, T.NewCall(description="审计"))
    for sql in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log",
                "TRUNCATE users CASCADE"):  # TRUNCATE fires no row trigger: a statement-level one refuses it
        with pytest.raises(DatabaseError) as e:
            with desk.db.write() as s:
                s.execute(text(sql))
        assert "append-only" in str(e.value)
    with desk.db.read() as s:
        assert s.execute(text("SELECT count(*) FROM audit_log")).scalar() == 1


def test_check_passes_on_a_healthy_desk(desk):
    assert check_database(desk.db) == []


@pytest.mark.pg
def test_check_on_postgres_finds_orphans_disabled_triggers_and_missing_constraints(desk, operator):
    t = T.log_call(desk, operator, T.NewCall(description="孤儿行"))
    with desk.db.engine.begin() as c:  # what a careless restore could leave behind
        c.execute(text("SET LOCAL session_replication_role = replica"))
        c.execute(text("UPDATE tickets SET community_id = 999 WHERE id = :i"), {"i": t.id})
        c.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
        c.execute(text("ALTER TABLE deadlines DROP CONSTRAINT ck_deadlines_has_subject"))
    try:
        problems = check_database(desk.db)
        text_en = " | ".join(p.en for p in problems)
        assert "1 row(s) of tickets point through community_id at missing rows of communities" in text_en
        assert "append-only trigger" in text_en
        assert "ck_deadlines_has_subject" in text_en
        assert len(problems) == 3
    finally:
        with desk.db.engine.begin() as c:
            c.execute(text("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only"))
            c.execute(text("ALTER TABLE deadlines ADD CONSTRAINT ck_deadlines_has_subject "
                           "CHECK ((ticket_id is not null) or (missed_call_id is not null))"))


@pytest.mark.sqlite_only
def test_check_on_sqlite_reports_a_stale_schema(desk):
    import sqlite3

    con = sqlite3.connect(desk.db.sqlite_path)
    con.execute("UPDATE alembic_version SET version_num = 'ffff'")
    con.commit()
    con.close()
    problems = check_database(desk.db)
    assert len(problems) == 1 and "ffff" in problems[0].zh


def test_check_of_an_unreachable_server_names_it_without_the_password():
    db = Database("postgresql+psycopg://desk:s3cret@127.0.0.1:1/hotline")
    try:
        problems = check_database(db)
    finally:
        db.dispose()
    assert len(problems) == 1
    assert "无法连接" in problems[0].zh and "127.0.0.1" in problems[0].en
    assert "s3cret" not in problems[0].zh + problems[0].en and "***" in problems[0].en


@pytest.mark.pg
def test_check_on_postgres_finds_a_disabled_truncate_guard(desk):
    with desk.db.engine.begin() as c:
        c.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_truncate"))
    try:
        assert any("truncated" in p.en for p in check_database(desk.db))
    finally:
        with desk.db.engine.begin() as c:
            c.execute(text("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_truncate"))
