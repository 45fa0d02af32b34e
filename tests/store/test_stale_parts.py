"""Half-written copies a killed backup or restore left behind are swept on the next run, once untouched long
enough that nobody is writing them; a copy being written (touched just now) is left alone."""
from __future__ import annotations

import os
import time

from console.store.backup import STALE_PART_SECONDS, backup_sqlite, restore_sqlite, sweep_stale_parts
from console.store.database import Database


def _age(path, seconds):
    t = time.time() - seconds
    os.utime(path, (t, t))


def test_a_killed_restores_copy_goes_with_the_next_restore(tmp_path, db_path):
    backup = backup_sqlite(Database(db_path), tmp_path / "backups" / "b.sqlite3")
    target = tmp_path / "desk" / "hotline.sqlite3"
    target.parent.mkdir()
    old = target.with_name(f"{target.name}.restore-20261201-030000.part")
    old.write_bytes(b"x" * 1000)
    (old.with_name(old.name + "-journal")).write_bytes(b"j")
    _age(old, STALE_PART_SECONDS + 60)
    fresh = target.with_name(f"{target.name}.restore-20261206-050000.part")  # another restore, writing now
    fresh.write_bytes(b"y")
    restore_sqlite(backup, target)
    assert target.is_file() and not old.exists() and not old.with_name(old.name + "-journal").exists()
    assert fresh.exists()


def test_a_killed_backups_copy_goes_with_the_next_backup(tmp_path, db_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    left = folder / "hotline-20261201-030000.sqlite3.part"
    left.write_bytes(b"x")
    _age(left, STALE_PART_SECONDS + 1)
    backup_sqlite(Database(db_path), folder / "hotline-20261206-050000.sqlite3")
    assert not left.exists()
    assert sweep_stale_parts(tmp_path / "no-such-folder", "*.part") == []  # never raises
