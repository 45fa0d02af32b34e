"""Fixtures for the PostgreSQL tests: the server URL, fresh empty databases, a demo desk.

Tests here that use `desk` run on both engines (tests/engines.py PG_DIRS);
the others need a server and skip, with the reason, when
HOTLINE_TEST_PG_URL is not set.
"""
from __future__ import annotations

import itertools
import os
import shutil
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from engines import NO_PG_REASON, create_database, drop_database, pg_url

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 22, 22, 0, tzinfo=SH)
_names = itertools.count(1)


@pytest.fixture(scope="session")
def pg_base_url() -> str:
    url = pg_url()
    if not url:
        pytest.skip(NO_PG_REASON)
    return url


@pytest.fixture
def pg_fresh(pg_base_url):
    """A new, empty PostgreSQL database (no schema); its URL. Dropped afterwards."""
    from sqlalchemy.engine import make_url

    made = []

    def make() -> str:
        name = f"{make_url(pg_base_url).database}_t{os.getpid()}_{next(_names)}"
        made.append(name)
        return create_database(pg_base_url, name)

    yield make
    for name in made:
        drop_database(pg_base_url, name)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """A SQLite demo desk (the street of db/reference, 600 tickets over two years)."""
    from console.demo.desk import build_demo_desk
    from console.domain.clock import FakeClock
    from console.services.context import Desk
    from console.store.database import Database
    from console.store.migrate import ensure_schema

    path = tmp_path_factory.mktemp("pg-demo") / "demo.sqlite3"
    db = Database(path)
    ensure_schema(db, backup_dir=path.parent)
    build_demo_desk(Desk(db, FakeClock(NOW)), tickets=600, seed=3)
    with db.engine.connect() as c:
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return path


@pytest.fixture
def demo_sqlite(demo_template, tmp_path):
    p = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_template, p)
    return p
