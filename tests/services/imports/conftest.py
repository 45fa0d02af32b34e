"""Fixtures of the import tests (spreadsheet builders live in tests/xlsx_helpers.py)."""
from __future__ import annotations

import shutil

import pytest


@pytest.fixture
def make_desk(template_db, tmp_path, clock):
    """A second, independent desk on a fresh copy of the template (for round trips)."""
    from console.services.context import Desk
    from console.store.database import Database

    made = []

    def make(name: str = "other.sqlite3"):
        p = tmp_path / name
        shutil.copyfile(template_db, p)
        db = Database(p)
        made.append(db)
        return Desk(db, clock)

    yield make
    for db in made:
        db.dispose()
