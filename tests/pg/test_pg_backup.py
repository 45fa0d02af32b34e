"""Backup and restore of a PostgreSQL desk through pg_dump / pg_restore."""
from __future__ import annotations

import os
import subprocess

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from console.domain.errors import UserError
from console.services import tickets as T
from console.store import pg_backup as B
from console.store.database import Database
from console.store.migrate import ensure_schema
from console.store.models import Ticket
from console.store.revisions import head_revision
from console.store.transfer import table_counts

needs_tools = pytest.mark.skipif(
    not (B.find_pg_tool("pg_dump") and B.find_pg_tool("pg_restore")),
    reason="pg_dump/pg_restore are not on PATH (install postgresql-client)")


pytestmark = pytest.mark.pg  # `desk` is on PostgreSQL here


@pytest.fixture
def pg_desk(desk, pg_desk_pool):
    pg_desk_pool.release()  # the pool's idle connection would count as another seat
    return desk


@needs_tools
def test_backup_then_restore_into_an_empty_database(pg_desk, street, operator, pg_fresh, tmp_path):
    t = T.log_call(pg_desk, operator, T.NewCall(description="备份前的工单"),
                   dispatch=T.Dispatch(street.units["城东供电所"]))
    out = B.backup_postgres(pg_desk.db, tmp_path / "desk.pgdump")
    assert out.is_file() and not list(tmp_path.glob("*.part"))
    assert B.archive_revision(out) == head_revision()
    assert {"tickets", "audit_log", "alembic_version"} <= B.archive_tables(out)

    target = Database(pg_fresh())
    try:
        done = B.restore_postgres(out, target)
        assert done.revision == head_revision() and done.replaced is None
        assert table_counts(target) == table_counts(pg_desk.db)
        ensure_schema(target)  # at head: nothing to do
        with target.read() as s:
            assert s.get(Ticket, t.id).status == "dispatched"
        # the restored desk keeps its rules: append-only audit, search index, sequences
        with pytest.raises(DBAPIError):  # the append-only trigger refuses
            with target.write() as s:
                s.execute(text("DELETE FROM audit_log"))
        from console.store.health import check_database, has_search_index
        assert has_search_index(target) and check_database(target) == []
    finally:
        target.dispose()


@needs_tools
def test_restore_over_the_desk_keeps_a_dump_of_what_it_replaced(pg_desk, operator, tmp_path):
    B.backup_postgres(pg_desk.db, tmp_path / "before.pgdump")
    T.log_call(pg_desk, operator, T.NewCall(description="备份后才记的工单"))
    pg_desk.db.dispose()
    done = B.restore_postgres(tmp_path / "before.pgdump", pg_desk.db, keep_dir=tmp_path / "kept")
    assert done.replaced is not None and done.replaced.is_file()
    with pg_desk.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Ticket)) == 0
    assert B.archive_revision(done.replaced) == head_revision()


@needs_tools
def test_restore_is_refused_while_another_seat_is_connected(pg_desk, operator, tmp_path):
    B.backup_postgres(pg_desk.db, tmp_path / "d.pgdump")
    T.log_call(pg_desk, operator, T.NewCall(description="另一席位还开着"))
    seat = Database(pg_desk.db.target)
    with seat.engine.connect() as c:
        c.execute(text("SELECT 1"))
        with pytest.raises(UserError) as e:
            B.restore_postgres(tmp_path / "d.pgdump", pg_desk.db)
        assert "连接" in e.value.zh and "Nothing was changed" in e.value.en
    seat.dispose()
    with pg_desk.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Ticket)) == 1


@needs_tools
def test_a_file_that_is_not_an_archive_is_refused(pg_desk, tmp_path):
    bad = tmp_path / "bad.pgdump"
    bad.write_bytes(b"not a dump at all")
    with pytest.raises(UserError) as e:
        B.restore_postgres(bad, pg_desk.db)
    assert "失败" in e.value.zh or "不是" in e.value.zh


def test_missing_tools_give_one_clear_sentence(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("HOTLINE_PG_BIN", raising=False)
    db = Database("postgresql+psycopg://desk:pw@127.0.0.1:1/hotline")
    with pytest.raises(B.PgToolMissing) as e:
        B.backup_postgres(db, tmp_path / "x.pgdump")
    assert "pg_dump" in e.value.zh and "PATH" in e.value.en and "postgresql-client" in e.value.en
    assert "pw" not in e.value.en.replace("pg_dump", "")
    with pytest.raises(B.PgToolMissing):
        B.restore_postgres(tmp_path / "x.pgdump", db)
    db.dispose()


def test_password_goes_through_the_environment_never_the_command_line(monkeypatch, tmp_path):
    seen = []

    def fake_run(args, env=None, **kw):
        seen.append((list(args), dict(env or {})))
        if "--file" in args:
            with open(args[args.index("--file") + 1], "wb") as f:
                f.write(b"PGDMP")
        return subprocess.CompletedProcess(args, 0, b"", b"")

    monkeypatch.setattr(B.subprocess, "run", fake_run)
    monkeypatch.setattr(B, "find_pg_tool", lambda name: f"/opt/pg/bin/{name}")
    db = Database("postgresql+psycopg://desk:p%40ss%20w0rd@db.example:5433/hotline?sslmode=require")
    out = B.backup_postgres(db, tmp_path / "d.pgdump")
    assert out.is_file()
    assert seen, "pg_dump was not called"
    for args, _env in seen:
        assert not any("p@ss w0rd" in a or "p%40ss" in a for a in args), args
    dump_args, env = seen[0]
    assert env["PGPASSWORD"] == "p@ss w0rd"
    uri = dump_args[dump_args.index("--dbname") + 1]
    u = make_url(uri)
    assert (u.username, u.host, u.port, u.database, u.password) == ("desk", "db.example", 5433, "hotline", None)
    assert u.query.get("sslmode") == "require"
    db.dispose()


def test_a_failing_tool_is_reported_without_the_password(monkeypatch, tmp_path):
    def fake_run(args, env=None, **kw):
        return subprocess.CompletedProcess(args, 1, b"", b"pg_dump: error: connection failed: secretpw bad\n")

    monkeypatch.setattr(B.subprocess, "run", fake_run)
    monkeypatch.setattr(B, "find_pg_tool", lambda name: f"/opt/pg/bin/{name}")
    monkeypatch.setattr(B, "_reach", lambda db: None)  # the server answers: pg_dump's own reason stands
    db = Database("postgresql+psycopg://desk:secretpw@db.example/hotline")
    with pytest.raises(UserError) as e:
        B.backup_postgres(db, tmp_path / "d.pgdump")
    assert "secretpw" not in e.value.zh + e.value.en and "***" in e.value.en
    assert "db.example" in e.value.en
    assert not (tmp_path / "d.pgdump").exists() and not (tmp_path / "d.pgdump.part").exists()
    db.dispose()


def test_libpq_url_without_password_uses_the_usual_sources(monkeypatch):
    monkeypatch.setenv("PGPASSWORD", "from-env")
    uri, env = B.libpq_target("postgresql+psycopg://desk@db.example/hotline")
    assert env["PGPASSWORD"] == "from-env" and "from-env" not in uri
    assert uri == "postgresql://desk@db.example/hotline"
    assert os.environ["PGPASSWORD"] == "from-env"


def test_a_password_in_the_query_string_is_moved_out_of_the_command_line_too():
    from console.store.database import masked_url

    url = "postgresql+psycopg://desk@db.example/hotline?password=q-secret&sslmode=require"
    uri, env = B.libpq_target(url)
    assert "q-secret" not in uri and "sslmode=require" in uri and env["PGPASSWORD"] == "q-secret"
    shown = masked_url(url)
    assert "q-secret" not in shown and "password=***" in shown
