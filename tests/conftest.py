"""Shared fixtures: a migrated template database copied per test, a fake
clock, the three roles, and a small hand-built street."""
from __future__ import annotations

import os
import shutil
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

sys.path.insert(0, str(Path(__file__).parent))

SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture(scope="session", autouse=True)
def _isolated_data_dir(tmp_path_factory):
    """Nothing a test does may write into the real user data folder."""
    d = tmp_path_factory.mktemp("userdata")
    old = os.environ.get("HOTLINE_DATA_DIR")
    os.environ["HOTLINE_DATA_DIR"] = str(d)
    yield d
    if old is None:
        os.environ.pop("HOTLINE_DATA_DIR", None)
    else:
        os.environ["HOTLINE_DATA_DIR"] = old


@pytest.fixture(scope="session")
def template_db(tmp_path_factory) -> Path:
    """Migrated once per session, with the small street and three accounts."""
    from console.store.database import Database
    from console.store.migrate import ensure_schema
    from helpers import build_small_desk

    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    db = Database(path)
    ensure_schema(db)
    build_small_desk(db)
    with db.engine.connect() as c:
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return path


@pytest.fixture
def db_path(template_db, tmp_path) -> Path:
    p = tmp_path / "desk.sqlite3"
    shutil.copyfile(template_db, p)
    return p


@pytest.fixture
def clock():
    from console.domain.clock import FakeClock

    return FakeClock(datetime(2026, 11, 22, 22, 0, tzinfo=SH))


@pytest.fixture
def desk(db_path, clock):
    from console.services.context import Desk
    from console.store.database import Database

    db = Database(db_path)
    d = Desk(db, clock)
    yield d
    db.dispose()


@pytest.fixture
def street(desk):
    """Ids of the small street's communities, categories, units and accounts."""
    from helpers import lookup_ids

    return lookup_ids(desk.db)


@pytest.fixture
def operator(street):
    return street.actors["op"]


@pytest.fixture
def supervisor(street):
    return street.actors["lead"]


@pytest.fixture
def admin(street):
    return street.actors["admin"]
