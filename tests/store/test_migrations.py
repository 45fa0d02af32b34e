"""Migrations: empty → head, schema equals the models, failures change nothing."""
from __future__ import annotations

import shutil
import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from console import paths
from console.domain.errors import UserError
from console.store.database import Database
from console.store.migrate import current_revision, ensure_schema, head_revision
from console.store.models import Base


def _include(obj, name, type_, reflected, compare_to):
    return not (type_ == "table" and name and name.startswith("ticket_fts"))


def test_empty_to_head_and_schema_equals_models(tmp_path):
    db = Database(tmp_path / "new.sqlite3")
    ensure_schema(db)
    assert current_revision(db) == head_revision()
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"include_object": _include}),
                                Base.metadata)
    assert diff == []
    names = {r[0] for r in sqlite3.connect(tmp_path / "new.sqlite3").execute(
        "select name from sqlite_master where type in ('table','trigger')")}
    assert {"ticket_fts", "tickets_fts_ai", "audit_log_no_update", "audit_log_no_delete"} <= names


def test_opening_twice_is_a_no_op(tmp_path):
    db = Database(tmp_path / "d.sqlite3")
    ensure_schema(db)
    assert ensure_schema(db) is None


def test_failing_migration_leaves_the_old_schema_and_data_intact(tmp_path):
    """A broken step after some DDL: the transaction rolls the whole upgrade back."""
    scripts = tmp_path / "migrations"
    shutil.copytree(paths.migrations_dir(), scripts, ignore=shutil.ignore_patterns("__pycache__"))
    db = Database(tmp_path / "d.sqlite3")
    ensure_schema(db, script_location=scripts)
    con = sqlite3.connect(tmp_path / "d.sqlite3")
    con.execute("insert into settings(key, value) values ('desk_name', '测试')")
    con.commit()
    con.close()
    head = head_revision(scripts)
    (scripts / "versions" / "9999_broken.py").write_text(
        "from alembic import op\nimport sqlalchemy as sa\n"
        f"revision = '9999'\ndown_revision = '{head}'\nbranch_labels = None\ndepends_on = None\n"
        "def upgrade():\n"
        "    op.add_column('tickets', sa.Column('extra', sa.Integer()))\n"
        "    op.create_table('half_done', sa.Column('id', sa.Integer(), primary_key=True))\n"
        "    op.execute('insert into no_such_table values (1)')\n"
        "def downgrade():\n    pass\n", encoding="utf-8")
    with pytest.raises(Exception):  # noqa: B017 - whatever the failing step raises, nothing may change
        ensure_schema(db, script_location=scripts, backup_dir=tmp_path / "bk")
    assert current_revision(db) == head
    con = sqlite3.connect(tmp_path / "d.sqlite3")
    cols = [r[1] for r in con.execute("pragma table_info(tickets)")]
    tables = {r[0] for r in con.execute("select name from sqlite_master where type='table'")}
    assert "extra" not in cols and "half_done" not in tables
    assert con.execute("select value from settings where key='desk_name'").fetchone() == ("测试",)
    # the copy taken before migrating is there and is a healthy database
    copies = list((tmp_path / "bk").glob("pre-migrate-*.sqlite3"))
    assert len(copies) == 1
    assert sqlite3.connect(copies[0]).execute("pragma integrity_check").fetchone() == ("ok",)


def test_database_from_a_newer_version_is_refused(tmp_path):
    db = Database(tmp_path / "d.sqlite3")
    ensure_schema(db)
    con = sqlite3.connect(tmp_path / "d.sqlite3")
    con.execute("update alembic_version set version_num='ffff_future'")
    con.commit()
    con.close()
    with pytest.raises(UserError) as e:
        ensure_schema(db)
    assert "比本程序新" in e.value.zh


def test_a_foreign_database_is_not_touched(tmp_path):
    p = tmp_path / "other.sqlite3"
    con = sqlite3.connect(p)
    con.execute("create table recipes(id integer primary key, name text)")
    con.commit()
    con.close()
    with pytest.raises(UserError):
        ensure_schema(Database(p))
    con = sqlite3.connect(p)
    assert {r[0] for r in con.execute("select name from sqlite_master")} == {"recipes"}


def test_pragmas_wal_full_sync_foreign_keys(tmp_path):
    db = Database(tmp_path / "d.sqlite3")
    ensure_schema(db)
    with db.engine.connect() as c:
        assert c.exec_driver_sql("pragma journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("pragma synchronous").scalar() == 2  # FULL
        assert c.exec_driver_sql("pragma foreign_keys").scalar() == 1
        assert c.exec_driver_sql("pragma busy_timeout").scalar() >= 1000


def test_a_database_at_head_opens_without_alembic(tmp_path):
    """The open of a desk already at the head (almost every command) reads its revision with one
    SELECT (quick_probe.SCHEMA_HEAD, held to the newest migration): Alembic is not imported."""
    import subprocess
    import sys

    path = tmp_path / "d.sqlite3"
    ensure_schema(Database(path))
    code = ("import sys\nfrom console.store.database import Database\n"
            "from console.store.migrate import ensure_schema\n"
            "assert ensure_schema(Database(sys.argv[1])) is None\n"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('alembic', 'mako')]\n"
            "assert not bad, bad\n")
    r = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize("rows", [["0001", head_revision()], []], ids=["two rows", "no row"])
def test_a_revision_table_that_is_not_one_head_row_takes_the_full_path(tmp_path, rows):
    """Only a single recorded revision equal to the head skips Alembic; two rows (one of them the head)
    or none go to Alembic, which refuses them as before and changes nothing."""
    path = tmp_path / "d.sqlite3"
    db = Database(path)
    ensure_schema(db)
    con = sqlite3.connect(path)
    con.execute("delete from alembic_version")
    con.executemany("insert into alembic_version(version_num) values (?)", [(r,) for r in rows])
    con.commit()
    con.close()
    with pytest.raises(Exception):  # noqa: B017 - Alembic's own error (several heads) or UserError (no version)
        ensure_schema(db)
    con = sqlite3.connect(path)
    assert sorted(r[0] for r in con.execute("select version_num from alembic_version")) == sorted(rows)
    con.close()


def test_every_migration_file_begins_with_its_revision():
    """What migrate.head_is_newest_script relies on: a file's name begins with its revision id."""
    import re

    for f in (paths.migrations_dir() / "versions").glob("*.py"):
        rev = re.search(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", f.read_text(encoding="utf-8"), re.M)
        assert rev is not None and f.name.startswith(rev.group(1) + "_"), f.name


def test_a_migration_newer_than_schema_head_is_not_taken_for_the_head(tmp_path, monkeypatch):
    """A migration added without updating quick_probe.SCHEMA_HEAD: the fast check says no, so the desk
    goes through Alembic (and is upgraded) instead of passing for current."""
    from console.store import migrate
    from console.store.quick_probe import SCHEMA_HEAD

    assert migrate.head_is_newest_script()
    versions = tmp_path / "migrations" / "versions"
    shutil.copytree(paths.migrations_dir() / "versions", versions)
    (versions / f"{int(SCHEMA_HEAD) + 1:04d}_next.py").write_text("revision = 'next'\n", encoding="utf-8")
    monkeypatch.setattr(paths, "migrations_dir", lambda: tmp_path / "migrations")
    assert not migrate.head_is_newest_script()
