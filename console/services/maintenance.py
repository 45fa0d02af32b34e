"""Looking after the desk's database: back up, restore, check — for the window and the command line.

Before this module the window and the command line each talked to the store
on their own and drifted: the window refused to back up PostgreSQL while the
command line dumped it, and the window named its copies differently, so they
were never rotated. Both now call these functions: the same engines, the
same file names (console.store.backup_files), the same rotation, the same
checks and the same sentences.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .. import paths
from ..domain.errors import UserError
from ..store.backup_files import DUMP_SUFFIX, SQLITE_SUFFIX, free_backup_path
from ..store.database import Database


@dataclass(frozen=True)
class RestoreDone:
    target: str  # the database restored (a path, or a URL with the password masked)
    source: Path
    revision: str
    replaced: Path | None  # what was there before, kept (a .replaced-… file, or a dump)


def backup_suffix(db: Database) -> str:
    """The file type of a backup of this database: a SQLite file or a pg_dump archive."""
    return SQLITE_SUFFIX if db.is_sqlite else DUMP_SUFFIX


def proposed_backup_path(db: Database, folder: Path | None = None, at: datetime | None = None) -> Path:
    """The name a Save dialog offers: timestamped, in the backups folder, like the rotated ones."""
    return free_backup_path(folder or paths.backups_dir(), at or datetime.now(), backup_suffix(db))


def backup_desk(db: Database, out: Path | None = None, *, folder: Path | None = None,
                at: datetime | None = None) -> Path:
    """Copy the desk's database aside, whatever its engine; returns the file written.

    `out` a file: written there (refused if it exists or its folder does not);
    `out` a folder: a timestamped file in it; no `out`: a timestamped file in
    `folder` (default: the data folder's backups/), and our own oldest copies
    beyond the kept number removed.
    """
    from ..store import backup as sqlite_backup, pg_backup

    at = at or datetime.now()
    if out is None:
        target = Path(folder or paths.backups_dir())
        if db.is_sqlite:
            return sqlite_backup.backup_to_folder(db, target, at=at)
        return pg_backup.backup_postgres_to_folder(db, target, at=at)
    out = Path(out).expanduser()
    if out.is_dir():
        out = free_backup_path(out, at, backup_suffix(db))
    if out.exists():
        raise UserError(f"文件已存在：{out}。请换一个文件名。", f"The file already exists: {out}. Choose another name.")
    if not out.parent.is_dir():
        raise UserError(f"文件夹不存在：{out.parent}", f"The folder does not exist: {out.parent}")
    return sqlite_backup.backup_sqlite(db, out) if db.is_sqlite else pg_backup.backup_postgres(db, out)


def restore_desk(db: Database, source: Path) -> RestoreDone:
    """Put a backup in place of the desk's database; the old one is kept, never overwritten.

    Refused while another program (or seat) has the database open; the
    caller closes its own connections first (`db.dispose()`) and, in the
    window, opens the desk again afterwards.
    """
    from ..store import backup as sqlite_backup, pg_backup

    source = Path(source).expanduser()
    if not source.is_file():
        raise UserError(f"文件不存在：{source}", f"The file does not exist: {source}")
    if db.is_sqlite:
        assert db.sqlite_path is not None
        db.dispose()
        done = sqlite_backup.restore_sqlite(source, Path(db.sqlite_path))
        return RestoreDone(str(done.target), source.absolute(), done.revision, done.replaced)
    done_pg = pg_backup.restore_postgres(source, db, keep_dir=paths.backups_dir())
    return RestoreDone(done_pg.target, source.absolute(), done_pg.revision, done_pg.replaced)


def check_desk(target: str) -> tuple[list, str | None]:
    """(problems, revision) of the database at `target` (a SQLite path or a URL); [] means healthy.

    A SQLite file is looked at without trusting it (read-only, nothing
    migrated); a server is asked over a fresh connection.
    """
    from ..store.health import check_database, head_problems, revision_problems
    from ..store.revisions import current_revision

    if not _is_url(target):
        from ..store.backup import file_problems, file_revision

        path = Path(target)
        found = file_problems(path)
        revision = None if found else file_revision(path)
    else:
        db = Database(target)
        try:
            found = check_database(db)
            revision = None if found else current_revision(db)
        finally:
            db.dispose()
    if found:
        return head_problems() + found, None
    return revision_problems(revision), revision


def _is_url(target: str) -> bool:
    return "://" in target
