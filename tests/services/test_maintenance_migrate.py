"""migrate-data as a maintenance service (services.maintenance.migrate_desk), for any caller.

The command line's `migrate-data` is tested end to end in tests/cli/test_commands.py;
PostgreSQL both ways in tests/pg/test_transfer.py.
"""
from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from console.domain.errors import PermissionDenied, UserError
from console.services.context import Actor
from console.services.maintenance import migrate_desk

ADMIN = Actor(3, "admin", "管理员", "admin", via="cli:tester")


def _users(path) -> int:
    with closing(sqlite3.connect(path)) as c:
        return c.execute("select count(*) from users").fetchone()[0]


def test_migrate_desk_copies_every_row_into_an_empty_database(db_path, tmp_path):
    target = tmp_path / "moved.sqlite3"
    seen = []
    report = migrate_desk(str(db_path), str(target), ADMIN, progress=lambda *a, **kw: seen.append(a))
    assert report.total > 0 and report.counts
    assert _users(target) == _users(db_path) > 0
    assert seen  # a long copy shows it moving


def test_migrate_desk_refuses_a_missing_source_and_makes_nothing(tmp_path):
    target = tmp_path / "moved.sqlite3"
    with pytest.raises(UserError) as e:
        migrate_desk(str(tmp_path / "nowhere.sqlite3"), str(target), ADMIN)
    assert "does not exist" in e.value.message("en")
    assert not target.exists()


def test_migrate_desk_refuses_a_target_that_holds_a_desk(db_path, tmp_path):
    target = tmp_path / "moved.sqlite3"
    migrate_desk(str(db_path), str(target), ADMIN)
    with pytest.raises(UserError):
        migrate_desk(str(db_path), str(target), ADMIN)
    assert _users(target) == _users(db_path)  # not copied twice


def test_migrate_desk_is_for_admins_and_the_copy_records_who_moved_it(db_path, tmp_path):
    target = tmp_path / "moved.sqlite3"
    with pytest.raises(PermissionDenied):
        migrate_desk(str(db_path), str(target), Actor(2, "lead", "李站长", "supervisor"))
    assert not target.exists()
    migrate_desk(str(db_path), str(target), ADMIN)
    with closing(sqlite3.connect(target)) as c:
        row = c.execute("select action, user_id, via, new from audit_log order by id desc limit 1").fetchone()
    assert row[:3] == ("migrate_data", 3, "cli:tester") and '"by": "admin"' in row[3]
