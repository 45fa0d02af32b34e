"""The seat role (console.store.pg_roles): seats read and write rows as a role that owns nothing.

An owner role makes the desk (the migrations, the small street), the grants
make a second LOGIN role its seat; the program then does a seat's day as
that role — log in, log a call, dispatch it, `check`, back up, hear another
seat's change — while emptying or reshaping the audit trail and the tables
is refused by the server. Roles are cluster-wide, so each run names its own
and drops them at the end.
"""
from __future__ import annotations

import itertools
import os
import subprocess
import uuid
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from engines import create_database, drop_database, fill_small_desk, url_for
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from console.domain.clock import FakeClock
from console.domain.errors import UserError
from console.services import accounts as A
from console.services import tickets as T
from console.services.context import Desk
from console.services.maintenance import backup_desk, check_desk
from console.store.database import Database
from console.store.db_errors import PG_INSUFFICIENT_PRIVILEGE, classify, pg_state
from console.store.health import check_database
from console.store.migrate import current_revision, ensure_schema, head_revision
from console.store.pg_backup import find_pg_tool
from console.store.pg_notify import PgListener
from console.store.pg_roles import SCRIPT_PATH, apply_seat_grants, may_migrate

NOW = datetime(2026, 11, 22, 22, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
ROOT = Path(__file__).resolve().parents[2]
_names = itertools.count(1)


def _as(url: str, role: str) -> str:
    """The same database, logged in as `role` (trust authentication: no password)."""
    return make_url(url).set(username=role, password=None).render_as_string(hide_password=False)


def _superuser(url: str):
    return create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)


class SeatDesk:
    """A desk owned by one role, with a seat role granted on it; names and URLs of both."""

    def __init__(self, base_url: str):
        tag = f"{os.getpid()}_{next(_names)}_{uuid.uuid4().hex[:6]}"
        self.base_url = base_url
        self.owner, self.seat = f"hl_owner_{tag}", f"hl_seat_{tag}"
        self.name = f"{make_url(base_url).database}_seat_{tag}"
        self.extra_roles: list[str] = []
        self.url = create_database(base_url, self.name)  # as the superuser
        eng = _superuser(base_url)
        try:
            with eng.connect() as c:
                c.exec_driver_sql(f'CREATE ROLE "{self.owner}" LOGIN')
                c.exec_driver_sql(f'CREATE ROLE "{self.seat}" LOGIN')
                # the owner owns the database, hence (PostgreSQL 15) the public schema: it may create tables
                c.exec_driver_sql(f'ALTER DATABASE "{self.name}" OWNER TO "{self.owner}"')
        finally:
            eng.dispose()
        self.owner_url, self.seat_url = _as(self.url, self.owner), _as(self.url, self.seat)

    def make_role(self, prefix: str) -> str:
        """Another LOGIN role, dropped with the others."""
        name = f"{prefix}_{uuid.uuid4().hex[:8]}"
        eng = _superuser(self.base_url)
        try:
            with eng.connect() as c:
                c.exec_driver_sql(f'CREATE ROLE "{name}" LOGIN')
        finally:
            eng.dispose()
        self.extra_roles.append(name)
        return name

    def grant(self, seat: str) -> list[str]:
        """The grants, applied by the owner through the module (as an administrator's script would)."""
        eng = create_engine(self.owner_url, poolclass=NullPool)
        try:
            with eng.begin() as c:
                return apply_seat_grants(c, seat)
        finally:
            eng.dispose()

    def close(self) -> None:
        """Drop the database (and with it the roles' grants and default privileges), then the roles."""
        drop_database(self.base_url, self.name)
        eng = _superuser(self.base_url)
        try:
            with eng.connect() as c:
                for role in (self.seat, *self.extra_roles, self.owner):
                    c.exec_driver_sql(f'DROP ROLE IF EXISTS "{role}"')
        finally:
            eng.dispose()


@pytest.fixture(scope="module")
def seat_desk(pg_base_url):
    """The small street made by the owner role (migrations and rows), the seat role granted."""
    d = SeatDesk(pg_base_url)
    try:
        fill_small_desk(d.owner_url)
        d.grant(d.seat)
        yield d
    finally:
        d.close()


@pytest.fixture
def seat_db(seat_desk):
    db = Database(seat_desk.seat_url)
    yield db
    db.dispose()


def _until(cond, timeout=60.0):
    """Wait for cond(); the timeout only bounds a hang on a loaded machine."""
    import time

    t0 = time.monotonic()
    while not cond():
        if time.monotonic() - t0 > timeout:
            raise AssertionError(f"not within {timeout}s")
        time.sleep(0.02)


def test_a_seat_does_its_day_as_a_role_that_owns_nothing(seat_desk, seat_db, tmp_path):
    """Open (the schema check), log in, log a call, dispatch it, `check`, back up, hear another seat."""
    from helpers import PASSWORD, lookup_ids

    assert ensure_schema(seat_db) is None  # reads alembic_version, at head: nothing to do
    with seat_db.engine.connect() as c:
        assert may_migrate(c) is False
        c.rollback()
    desk = Desk(seat_db, FakeClock(NOW))
    street = lookup_ids(seat_db)
    with pytest.raises(UserError):  # a wrong password is counted in login_throttle, as the seat
        A.authenticate(desk, "op", "wrong-password")
    operator = A.authenticate(desk, "op", PASSWORD)

    other = Database(seat_desk.seat_url)  # a second seat, listening
    heard = []
    listener = PgListener(other.engine, on_change=heard.append)
    try:
        assert listener.start(wait=5)
        t = T.log_call(desk, operator, T.NewCall(description="楼道停电", caller_phone="13800138000",
                                                   community_id=street.communities["嘉宏三村"]))
        T.dispatch(desk, operator, t.id, T.Dispatch(street.units["城东供电所"]))
        _until(lambda: len(heard) >= 2)
        assert {"tickets", "audit_log", "ticket_counters"} <= heard[0].tables
    finally:
        listener.stop()
        other.dispose()

    assert check_database(seat_db) == []
    assert check_desk(seat_desk.seat_url) == ([], head_revision())
    if find_pg_tool("pg_dump") and find_pg_tool("pg_restore"):  # a seat backs up (SELECT is enough)
        assert backup_desk(seat_db, tmp_path / "seat.dump").stat().st_size > 0


REFUSED = [
    "TRUNCATE audit_log",
    "DELETE FROM audit_log",
    "UPDATE audit_log SET action = action",
    "DROP TRIGGER audit_log_append_only ON audit_log",
    "DROP TRIGGER audit_log_no_truncate ON audit_log",
    "ALTER TABLE audit_log DISABLE TRIGGER USER",
    "ALTER TABLE tickets ADD COLUMN seat_was_here integer",
    "DROP TABLE tickets",
    "TRUNCATE tickets",
    "UPDATE alembic_version SET version_num = version_num",
    "CREATE TABLE seat_table (id integer)",
    "SELECT setval(pg_get_serial_sequence('audit_log', 'id'), 1)",
]


@pytest.mark.parametrize("sql", REFUSED)
def test_a_seat_may_not_empty_the_audit_trail_nor_reshape_the_tables(seat_desk, seat_db, sql):
    """Each refused by the server with SQLSTATE 42501, which the desk reads as a one-line message."""
    with seat_db.engine.connect() as c:
        if sql.startswith("CREATE") and int(c.execute(text("SHOW server_version_num")).scalar_one()) < 150000:
            pytest.skip("before PostgreSQL 15 every role may create tables in schema public")
        before = c.execute(text("SELECT count(*), max(id) FROM audit_log")).one()
        c.rollback()
        with pytest.raises(DBAPIError) as caught:
            c.exec_driver_sql(sql)
        c.rollback()
        assert pg_state(caught.value) == (True, PG_INSUFFICIENT_PRIVILEGE)
        assert c.execute(text("SELECT count(*), max(id) FROM audit_log")).one() == before
        c.rollback()
    err = classify(caught.value, seat_db.display)
    assert err is not None and getattr(err, "reason", None) == "privilege" and "\n" not in err.zh


def test_a_seats_change_to_a_rule_renews_the_policy_stamp(seat_db):
    """A seat may change a rule (and a holiday, the time zone), and the change still renews the stamp, so it
    reaches every other seat's next call: the trigger's function runs as the owner (migration 0026), not as
    the seat, which may not write the stamp itself (below)."""
    with seat_db.engine.connect() as c:
        stamp = text("SELECT token FROM policy_stamp")
        for change in ("UPDATE deadline_rules SET minutes = minutes WHERE kind = 'check_back'",
                       "INSERT INTO settings (key, value) VALUES ('timezone', 'Asia/Shanghai') "
                       "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"):
            before = c.execute(stamp).scalar_one()
            c.execute(text(change))
            assert c.execute(stamp).scalar_one() != before, change
        c.rollback()  # the shared desk stays as it was


STAMP_WRITES = [
    "UPDATE policy_stamp SET token = 'the-old-token'",
    "DELETE FROM policy_stamp",
    "INSERT INTO policy_stamp (id, token) VALUES (2, 'another')",
    "TRUNCATE policy_stamp",
]


@pytest.mark.parametrize("sql", STAMP_WRITES)
def test_a_seat_may_not_write_the_policy_stamp(seat_db, sql):
    """A seat that could set the token back would keep the other seats on rules that no longer hold:
    refused by the server (42501), the row as it was."""
    with seat_db.engine.connect() as c:
        rows = text("SELECT id, token FROM policy_stamp ORDER BY id")
        before = c.execute(rows).all()
        c.rollback()
        with pytest.raises(DBAPIError) as caught:
            c.exec_driver_sql(sql)
        c.rollback()
        assert pg_state(caught.value) == (True, PG_INSUFFICIENT_PRIVILEGE)
        assert c.execute(rows).all() == before
        c.rollback()


def test_the_stamps_function_runs_as_the_owner_with_a_fixed_search_path(seat_desk, seat_db):
    """SECURITY DEFINER, owned by the owner, search_path pinned (a seat's own schema or temporary table named
    policy_stamp is never what it updates), not executable by PUBLIC."""
    with seat_db.engine.connect() as c:
        row = c.execute(text(
            "SELECT p.prosecdef, p.proconfig, pg_get_userbyid(p.proowner), "
            "has_function_privilege('public', p.oid, 'EXECUTE') FROM pg_proc p "
            "WHERE p.proname = 'policy_stamp_renew'")).one()
        c.rollback()
    assert row == (True, ["search_path=pg_catalog, pg_temp"], seat_desk.owner, False)


def test_the_migration_narrows_the_seats_a_desk_already_has(seat_desk):
    """A desk at 0025 whose seat was granted then (the stamp writable): upgrading to 0026 takes the writes
    back from that seat; a downgrade gives them back."""
    from alembic import command

    from console.store.migrate import upgrade
    from console.store.revisions import alembic_config

    def seat_may_write() -> bool:
        eng = create_engine(seat_desk.seat_url, poolclass=NullPool)
        try:
            with eng.connect() as c:
                try:
                    c.exec_driver_sql("UPDATE policy_stamp SET token = token")
                    return True
                except DBAPIError as e:
                    assert pg_state(e) == (True, PG_INSUFFICIENT_PRIVILEGE)
                    return False
                finally:
                    c.rollback()
        finally:
            eng.dispose()

    owner = Database(seat_desk.owner_url)
    try:
        assert not seat_may_write()
        cfg = alembic_config()
        with owner.engine.connect() as conn, conn.begin():
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0025")
        assert seat_may_write()
        upgrade(owner)
        assert current_revision(owner) == head_revision()
        assert not seat_may_write()
    finally:
        upgrade(owner)
        owner.dispose()


def _one_line_owner_message(err: UserError, seat: str) -> None:
    for line in (err.zh, err.en):
        assert "\n" not in line and "hotline-console init --db" in line and seat in line, line
    assert "所有者" in err.zh and "owner" in err.en


def test_a_seat_opening_a_desk_behind_the_program_is_told_the_owner_must_upgrade(seat_desk, tmp_path):
    """One line naming the role and the owner's command; nothing changed, no dump made in vain."""
    from console.store.revisions import migration_scripts

    head = head_revision()
    older = migration_scripts().get_revision(head).down_revision
    owner = create_engine(seat_desk.owner_url, poolclass=NullPool)
    try:
        with owner.begin() as c:
            c.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": older})
        db = Database(seat_desk.seat_url)
        try:
            with pytest.raises(UserError) as caught:
                ensure_schema(db, backup_dir=tmp_path)
            assert current_revision(db) == older
        finally:
            db.dispose()
    finally:
        with owner.begin() as c:
            c.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": head})
        owner.dispose()
    _one_line_owner_message(caught.value, seat_desk.seat)
    assert older in caught.value.zh and head in caught.value.en
    assert list(tmp_path.iterdir()) == []


def test_a_seat_on_an_empty_database_is_told_the_owner_must_create_it(seat_desk, pg_base_url, tmp_path):
    """No schema yet and a role that may not create tables: the same line, from the server's refusal."""
    name = f"{seat_desk.name}_empty"
    url = create_database(pg_base_url, name)
    try:
        db = Database(_as(url_for(url, name), seat_desk.seat))
        try:
            with pytest.raises(UserError) as caught:
                ensure_schema(db, backup_dir=tmp_path)
        finally:
            db.dispose()
    finally:
        drop_database(pg_base_url, name)
    _one_line_owner_message(caught.value, seat_desk.seat)


def _privileges(url: str, role: str) -> tuple[list, list]:
    """What `role` was granted: per table and sequence (pg_class ACLs), and by default (pg_default_acl)."""
    eng = create_engine(url, poolclass=NullPool)
    try:
        with eng.connect() as c:
            objects = c.execute(text(
                "SELECT c.relname, c.relkind, a.privilege_type FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(c.relacl) a "
                "WHERE n.nspname = current_schema() AND a.grantee = to_regrole(:r) "
                "ORDER BY 1, 2, 3"), {"r": role}).all()
            defaults = c.execute(text(
                "SELECT pg_get_userbyid(d.defaclrole), d.defaclobjtype, a.privilege_type FROM pg_default_acl d, "
                "aclexplode(d.defaclacl) a WHERE a.grantee = to_regrole(:r) ORDER BY 1, 2, 3"), {"r": role}).all()
            return [tuple(r) for r in objects], [tuple(r) for r in defaults]
    finally:
        eng.dispose()


def test_the_psql_recipe_grants_what_the_module_grants(seat_desk):
    """docs/postgresql-seat-role.sql run by psql as the owner leaves a second role with exactly the
    seat's privileges (and a run twice changes nothing)."""
    psql = find_pg_tool("psql")
    if psql is None:
        pytest.skip("psql (PostgreSQL client) is not installed")
    other = seat_desk.make_role("hl_seat2")
    uri = seat_desk.owner_url.replace("postgresql+psycopg://", "postgresql://", 1)
    for _ in range(2):
        r = subprocess.run([psql, "-X", "-q", "-d", uri, "-v", f"seat={other}", "-f", str(ROOT / SCRIPT_PATH)],
                           capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
        assert r.returncode == 0, r.stderr
    objects, defaults = _privileges(seat_desk.url, other)
    assert (objects, defaults) == _privileges(seat_desk.url, seat_desk.seat)
    audit = {p for name, kind, p in objects if name == "audit_log"}
    assert audit == {"SELECT", "INSERT"}
    assert {p for name, kind, p in objects if name == "alembic_version"} == {"SELECT"}
    assert {p for name, kind, p in objects if name == "tickets"} == {"SELECT", "INSERT", "UPDATE", "DELETE"}
    assert not any(p in ("TRUNCATE", "TRIGGER", "REFERENCES") for *_, p in objects)
    assert {(kind, p) for _, kind, p in defaults} == {
        ("r", "SELECT"), ("r", "INSERT"), ("r", "UPDATE"), ("r", "DELETE"), ("S", "USAGE"), ("S", "SELECT")}


def test_only_the_owner_restores_and_the_trail_stays_append_only_for_the_seats(seat_desk, seat_db, tmp_path):
    """A seat is refused in one line before anything is dumped; the owner's restore recreates the
    tables, and the seat keeps exactly its rights on them (audit_log: SELECT and INSERT only)."""
    from helpers import lookup_ids

    from console.store.pg_backup import restore_postgres

    if not (find_pg_tool("pg_dump") and find_pg_tool("pg_restore")):
        pytest.skip("pg_dump / pg_restore (PostgreSQL client) are not installed")
    before = _privileges(seat_desk.url, seat_desk.seat)
    dump = backup_desk(seat_db, tmp_path / "desk.dump")
    kept = tmp_path / "kept"
    kept.mkdir()
    with pytest.raises(UserError) as caught:
        restore_postgres(dump, seat_db, keep_dir=kept, force=True)
    assert seat_desk.seat in caught.value.zh and "--db" in caught.value.en and "\n" not in caught.value.zh
    assert list(kept.iterdir()) == []
    owner = Database(seat_desk.owner_url)
    try:
        restore_postgres(dump, owner, force=True)
    finally:
        owner.dispose()
    assert _privileges(seat_desk.url, seat_desk.seat) == before
    seat_db.dispose()  # its pooled connections were cut by the restore
    desk, street = Desk(seat_db, FakeClock(NOW)), lookup_ids(seat_db)
    T.log_call(desk, street.actors["op"], T.NewCall(description="水管爆裂", caller_phone="13800138001",
                                                   community_id=street.communities["嘉宏三村"]))
    with seat_db.engine.connect() as c, pytest.raises(DBAPIError):
        c.exec_driver_sql("DELETE FROM audit_log")
