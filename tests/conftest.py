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


@pytest.fixture(autouse=True)
def _closed_shift_logs(tmp_path, monkeypatch):
    """Closing a shift writes its log into the reports folder: here a folder of the test's own, never the
    checkout's exports/ (the working folder while tests run)."""
    from console.services import shift_log

    folder = tmp_path / "closed-shift-logs"
    monkeypatch.setattr(shift_log, "closed_shift_logs_dir", lambda: folder)
    return folder


@pytest.fixture(scope="session")
def template_db(tmp_path_factory) -> Path:
    """Migrated once per session, with the small street and three accounts."""
    from helpers import build_small_desk

    from console.store.database import Database
    from console.store.migrate import ensure_schema

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


# --- engines: SQLite always, PostgreSQL too when a server is given (tests/engines.py) ----


def pytest_addoption(parser):
    parser.addoption("--engine", action="store", default=None, metavar="sqlite|pg|both",
                     help="database engines for tests using `desk` (default: sqlite, plus pg "
                          "when HOTLINE_TEST_PG_URL is set; env HOTLINE_TEST_ENGINES)")


def pytest_configure(config):
    config.addinivalue_line("markers", "both_engines: run this `desk` test on SQLite and PostgreSQL")
    config.addinivalue_line("markers", "sqlite_only: never run this `desk` test on PostgreSQL")


def pytest_generate_tests(metafunc):
    if "desk" not in metafunc.fixturenames or "db_path" in metafunc.fixturenames:
        return  # no desk, or a test that wants the SQLite file itself
    from engines import selected_engines, wants_both

    node = metafunc.definition
    if node.get_closest_marker("pg") is not None:  # a PostgreSQL-only test: its desk is on the server
        metafunc.parametrize("engine", ["pg"], indirect=True)
        return
    if not wants_both(node.path, node.get_closest_marker("both_engines") is not None,
                      node.get_closest_marker("sqlite_only") is not None):
        return
    engines = selected_engines(metafunc.config.getoption("--engine"))
    if engines != ["sqlite"]:
        metafunc.parametrize("engine", engines, indirect=True)


@pytest.fixture
def engine(request) -> str:
    """The engine under the `desk` fixture: "sqlite" unless parametrised to "pg"."""
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def pg_desk_pool():
    """A scratch PostgreSQL database with the small street, reset for each test."""
    from engines import NO_PG_REASON, PgDeskPool, pg_url

    url = pg_url()
    if not url:
        pytest.skip(NO_PG_REASON)
    pool = PgDeskPool(url)
    try:
        pool.start()
    except Exception as e:  # noqa: BLE001 - say which server, never its password
        from console.store.database import masked_url

        pool.close()
        pytest.fail(f"HOTLINE_TEST_PG_URL is set but unusable ({masked_url(url)}): {e}", pytrace=False)
    yield pool
    pool.close()


@pytest.fixture
def desk(engine, clock, request):
    from console.services.context import Desk
    from console.store.database import Database

    if engine == "pg":
        db = Database(request.getfixturevalue("pg_desk_pool").reset())
    else:
        db = Database(request.getfixturevalue("db_path"))
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


@pytest.fixture
def empty_desk(tmp_path, clock):
    """A desk as `init` without --demo leaves it: schema and reference data, no account (SQLite)."""
    from console.services.context import Desk
    from console.services.reference_data import seed_reference
    from console.store.database import Database
    from console.store.migrate import ensure_schema

    db = Database(tmp_path / "new.sqlite3")
    ensure_schema(db)
    d = Desk(db, clock)
    seed_reference(d)
    yield d
    db.dispose()
