"""Looking after the desk's database: back up, restore, check — for the window and the command line.

Before this module the window and the command line each talked to the store
on their own and drifted: the window refused to back up PostgreSQL while the
command line dumped it, and the window named its copies differently, so they
were never rotated. Both now call these functions: the same engines, the
same file names (console.store.backup_files), the same rotation, the same
checks and the same sentences.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import paths
from ..domain.errors import UserError
from ..domain.permissions import require
from ..store.backup_files import DUMP_SUFFIX, SQLITE_SUFFIX, free_backup_path
from ..store.database import Database
from ..util.targets import is_url

if TYPE_CHECKING:
    from ..store.backup import Problem
    from .context import Actor
from ..util.progress import Progress


@dataclass(frozen=True)
class RestoreDone:
    target: str  # the database restored (a path, or a URL with the password masked)
    source: Path
    revision: str
    replaced: Path | None  # what was there before, kept (a .replaced-… file, or a dump)
    upgraded_copy: str | None = None  # an older backup was brought to this schema: the copy from before


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
    from ..store import backup as sqlite_backup
    from ..store import pg_backup

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


def restore_desk(db: Database, source: Path, actor: Actor) -> RestoreDone:
    """Put a backup in place of the desk's database (administrators); the old one is kept, never overwritten.

    Refused while another program (or seat) has the database open; the
    caller closes its own connections first (`db.dispose()`) and, in the
    window, opens the desk again afterwards. The restored desk is brought to
    this program's schema and its audit trail records the restore: who (by
    user name — the restored accounts may differ), from which file.
    """
    from ..store import backup as sqlite_backup
    from ..store import pg_backup

    require(actor.role, "replace_desk")
    source = Path(source).expanduser()
    if not source.is_file():
        raise UserError(f"文件不存在：{source}", f"The file does not exist: {source}")
    if db.is_sqlite:
        assert db.sqlite_path is not None
        db.dispose()
        done = sqlite_backup.restore_sqlite(source, Path(db.sqlite_path))
        target, revision, replaced = str(done.target), done.revision, done.replaced
        restored = Database(str(db.sqlite_path))
    else:
        done_pg = pg_backup.restore_postgres(source, db, keep_dir=paths.backups_dir())
        target, revision, replaced = done_pg.target, done_pg.revision, done_pg.replaced
        restored = Database(db.url)
    try:
        copy = _record_in(restored, actor, "restore_desk",
                          {"file": str(source.absolute()), "revision": revision, "by": actor.username})
    finally:
        restored.dispose()
    return RestoreDone(target, source.absolute(), revision, replaced, copy)


def _record_in(db: Database, actor: Actor, action: str, new: dict[str, object]) -> str | None:
    """Bring a desk that was just put in place (restored, copied) to the schema and audit how it got there,
    as the user of that name in it (None when it has no such account). Returns the pre-upgrade copy."""
    from dataclasses import replace

    from sqlalchemy import select

    from ..store.migrate import ensure_schema
    from ..store.models import User
    from .context import Desk, audit

    copy = ensure_schema(db)
    desk = Desk(db)
    with db.write() as s:
        same = s.scalar(select(User.id).where(User.username == actor.username)) if actor.id is not None else None
        audit(s, replace(actor, id=same), desk.now(), action, "desk", None, None, new)
    return copy


def check_desk(target: str) -> tuple[list[Problem], str | None]:
    """(problems, revision) of the database at `target` (a SQLite path or a URL); [] means healthy.

    A SQLite file is looked at without trusting it (read-only, nothing
    migrated); a server is asked over a fresh connection.
    """
    from ..store.health import check_database, head_problems, revision_problems, sqlite_data_problems
    from ..store.revisions import current_revision

    if not is_url(target):
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
    found = revision_problems(revision)
    if not found and not is_url(target):  # the server's data checks ran in check_database
        found = sqlite_data_problems(Path(target))
    return found, revision


def migrate_desk(source: str, dest: str, actor: Actor, progress: Callable[..., None] | None = None) -> Any:
    """Copy a whole desk into an empty database (SQLite ↔ PostgreSQL), row counts checked (administrators).

    Returns store.transfer's TransferReport; refusals (a missing source, a
    target that is not empty, counts that disagree) are UserErrors and leave
    the target unchanged. The copy's audit trail then records the move, by
    whom, from where (after the counts were checked: the record is the
    target's first row of its own).
    """
    from ..store.transfer import transfer

    require(actor.role, "replace_desk")
    if not is_url(source) and not Path(source).expanduser().is_file():
        raise UserError(f"源数据库不存在：{source}", f"The source database does not exist: {source}")
    src, dst = Database(source), Database(dest)
    try:
        report = transfer(src, dst, progress=progress)
        _record_in(dst, actor, "migrate_data", {"from": src.display, "rows": report.total, "by": actor.username})
        return report
    finally:
        src.dispose()
        dst.dispose()


# ------------------------------------------------------------------ provisioning (init, first start)

@dataclass(frozen=True)
class Provisioned:
    new: bool                 # there was no schema before (new file, empty file or server database)
    copy: str | None = None   # the pre-migration copy, when an older schema was upgraded
    notes: list[Problem] = field(default_factory=list)  # worth saying, not faults (store.health.notes)
    demo: Any = None          # the demo desk's summary, when one was built


def provision_desk(target: str, *, demo: Callable[..., Any] | None = None, tickets: int | None = None,
                   seed: int | None = None, progress: Progress | None = None) -> Provisioned:
    """Create or migrate the desk's database, seed the reference data, build the demo desk if asked.

    `demo` is the demo builder (console.demo.desk.build_demo_desk) when a demo
    desk is wanted: demo generation sits above the services (it calls them),
    so the caller hands it in rather than this module reaching up for it.

    A new SQLite file is built under a temporary name and renamed into place
    at the end, so an interrupted demo build never leaves a half-made desk
    that the next start would take for a finished one. The caller has checked
    that `target` names a place a database may be (a regular file or none,
    in an existing folder).
    """
    from ..store.migrate import ensure_schema
    from ..store.revisions import current_revision
    from ..util.atomic_file import replace_durably

    path = None if is_url(target) else Path(target)
    if path is not None and not path.exists():
        tmp = path.with_name(path.name + ".creating")
        _remove_with_sidecars(tmp)
        db = Database(tmp)
        try:
            ensure_schema(db)
            summary = _seed(db, demo, tickets, seed, progress)
            db.dispose()
            _fold_wal(tmp)  # only the main file is renamed: nothing may stay in a -wal beside it
        except BaseException:
            db.dispose()
            _remove_with_sidecars(tmp)
            raise
        replace_durably(tmp, path)  # a power cut right after "created" must not lose the new desk
        return Provisioned(new=True, demo=summary)
    db = Database(target)
    try:
        new = current_revision(db) is None
        copy = ensure_schema(db)
        notes: list[Problem] = []
        if db.engine.dialect.name == "postgresql":
            from ..store.health import notes as health_notes
            from ..store.migrate import ensure_search_index

            ensure_search_index(db)
            notes = health_notes(db)
        summary = _seed(db, demo, tickets, seed, progress)
        return Provisioned(new=new, copy=copy, notes=notes, demo=summary)
    finally:
        db.dispose()


def _seed(db: Database, demo: Callable[..., Any] | None, tickets: int | None, seed: int | None,
          progress: Progress | None) -> Any:
    from .context import Desk
    from .reference_data import seed_reference

    desk = Desk(db)
    seed_reference(desk)
    if demo is None:
        return None
    from sqlalchemy import func, select

    from ..store.models import Ticket

    with db.read() as s:
        if s.scalar(select(func.count()).select_from(Ticket)):
            raise UserError(
                f"这个数据库里已经有工单，不能再生成演示数据（{db.display}）。请换一个新文件。",
                f"This database already holds tickets; demo data is only made in a new one ({db.display}).")
    kw: dict[str, Any] = {}
    if tickets is not None:
        kw["tickets"] = tickets
    if seed is not None:
        kw["seed"] = seed
    return demo(desk, progress=progress, **kw)


def _remove_with_sidecars(p: Path) -> None:
    for side in (p, *(p.with_name(p.name + s) for s in ("-wal", "-shm", "-journal"))):
        side.unlink(missing_ok=True)


def _fold_wal(path: Path) -> None:
    import sqlite3

    con = sqlite3.connect(str(path), isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode=DELETE").fetchone()
    finally:
        con.close()
