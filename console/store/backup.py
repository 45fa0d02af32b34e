"""Copies of a desk's SQLite database that are safe to rely on.

A backup is written with SQLite's online backup API into a temporary file
beside the target, checked with `integrity_check`, fsynced, and only then
renamed into place: a crash mid-copy leaves no file with the final name.
A restore works the same way round: the backup is checked and copied beside
the database first, and the database it replaces is kept, never deleted.
"""
from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..domain.errors import UserError
from ..util.atomic_file import fsync_dir, fsync_file, replace_durably
from .backup_files import KEEP_BACKUPS, SQLITE_SUFFIX, STAMP, free_backup_path, rotate_backups
from .database import Database


def integrity_errors(path: Path) -> list[str]:
    """integrity_check and foreign_key_check of a file; [] means healthy."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as e:
        return [str(e)]
    try:
        rows = [r[0] for r in con.execute("PRAGMA integrity_check")]
        errs = [] if rows == ["ok"] else rows
        errs += [f"foreign key: {r}" for r in con.execute("PRAGMA foreign_key_check")]
        return errs
    except sqlite3.DatabaseError as e:
        return [str(e)]
    finally:
        con.close()


def _backup_target_problem(e: BaseException, out: Path) -> UserError | None:
    """The copy failed writing the backup (full stick, read-only folder): a message naming the
    backup file, not the database — the desk itself is fine and must not be blamed."""
    from .db_errors import SQLITE_CANTOPEN, SQLITE_FULL, SQLITE_IOERR, SQLITE_PERM, SQLITE_READONLY, sqlite_code

    code = sqlite_code(e)
    if code in (SQLITE_FULL, SQLITE_IOERR):
        return UserError(f"无法写完备份文件 {out}：磁盘已满或无法写入。数据库本身没有改动；请换一个有空间的位置再备份。",
                         f"The backup file {out} could not be written: the disk is full or failing. "
                         "The database itself is unchanged; back up to a place with room.")
    if code in (SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_PERM):
        return UserError(f"无法写入备份文件 {out}：没有写权限，或磁盘是只读的。数据库本身没有改动。",
                         f"The backup file {out} cannot be written: no permission, or the disk is read-only. "
                         "The database itself is unchanged.")
    return None


STALE_PART_SECONDS = 15 * 60  # a copy being written is touched all the time; one untouched this long was killed


def sweep_stale_parts(folder: Path, pattern: str, now: float | None = None) -> list[Path]:
    """Remove the half-written copies (`pattern`, e.g. "*.part") a killed backup or restore left in `folder`,
    with their SQLite side files, once untouched for `STALE_PART_SECONDS`; the paths removed. Never raises:
    a file that cannot be removed stays for the next run."""
    import time

    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        candidates = list(Path(folder).glob(pattern))
    except OSError:
        return removed
    for part in candidates:
        try:
            if now - part.stat().st_mtime < STALE_PART_SECONDS:
                continue
            for side in (part, *(part.with_name(part.name + x) for x in ("-journal", "-wal", "-shm"))):
                side.unlink(missing_ok=True)
            removed.append(part)
        except OSError:
            continue
    return removed


def backup_sqlite(db: Database, out: Path) -> Path:
    src = db.sqlite_path
    if src is None:
        raise UserError("只能备份 SQLite 数据库文件。", "Only SQLite database files can be backed up this way.")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    tmp.unlink(missing_ok=True)
    sweep_stale_parts(out.parent, "*.part")  # what a killed backup left
    if not src.is_file():  # connecting would create an empty file where the database should be
        raise UserError(f"数据库文件不存在：{src}", f"The database file does not exist: {src}")
    try:
        source = sqlite3.connect(str(src), timeout=30)
        try:
            dest = sqlite3.connect(str(tmp))
            try:
                source.backup(dest)
                dest.execute("PRAGMA journal_mode=DELETE")
            finally:
                dest.close()
        finally:
            source.close()
    except BaseException as e:
        for side in (tmp, *(tmp.with_name(tmp.name + x) for x in ("-journal", "-wal", "-shm"))):
            side.unlink(missing_ok=True)  # no half copy left behind
        problem = _backup_target_problem(e, out)
        if problem is not None:
            raise problem from None
        raise
    errors = integrity_errors(tmp)
    if errors:
        tmp.unlink(missing_ok=True)
        raise UserError(
            "备份副本未通过完整性检查，已丢弃：" + "; ".join(errors[:3]),
            "The backup copy failed its integrity check and was discarded: " + "; ".join(errors[:3]),
        )
    replace_durably(tmp, out)
    return out


# --- backups in the data folder, kept to a number -----------------------------

def backup_to_folder(db: Database, folder: Path, *, keep: int = KEEP_BACKUPS,
                     at: datetime | None = None) -> Path:
    """A timestamped backup in `folder`, then the oldest beyond `keep` removed."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = free_backup_path(folder, at or datetime.now(), SQLITE_SUFFIX)
    backup_sqlite(db, out)
    rotate_backups(folder, keep, SQLITE_SUFFIX)
    return out


# --- looking at a file without trusting it -----------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a database, in both languages."""

    zh: str
    en: str

    def message(self, lang: str = "zh_CN") -> str:
        return self.en if lang.startswith("en") else self.zh


def open_read_only(path: Path) -> sqlite3.Connection:
    """A SQLite file opened so that nothing, not even a journal, is written to it (check, backup)."""
    return sqlite3.connect(f"{Path(path).absolute().as_uri()}?mode=ro", uri=True, timeout=5)


def _not_a_database(path: Path, exc: sqlite3.Error) -> UserError:
    from .db_errors import classify

    found = classify(exc, str(path))
    return found or UserError(f"无法读取数据库文件（{path}）。", f"Cannot read the database file ({path}).")


def file_problems(path: Path, *, where: str | None = None) -> list[Problem]:
    """integrity_check and foreign_key_check of a SQLite file, as messages; [] means healthy.

    `where=""`: the caller names the file itself (restore: "备份文件 … 不能使用：…"), so a
    file that is not a database is said plainly — without the path again, and without the
    advice to restore a backup, which is what the user is doing."""
    path = Path(path)
    if not path.is_file():
        return [Problem(f"数据库文件不存在：{path}", f"The database file does not exist: {path}")]
    try:
        con = open_read_only(path)
        try:
            rows = [str(r[0]) for r in con.execute("PRAGMA integrity_check(20)")]
            fks = list(con.execute("PRAGMA foreign_key_check"))
        finally:
            con.close()
    except sqlite3.Error as e:
        if where == "":
            return [Problem("不是有效的数据库文件，或已损坏（可能没有复制完整）。",
                            "It is not a valid database file, or it is damaged (perhaps copied only in part).")]
        err = _not_a_database(path, e)
        return [Problem(err.zh, err.en)]
    problems = []
    if rows != ["ok"]:
        shown = "; ".join(rows[:3]) + (" …" if len(rows) > 3 else "")
        problems.append(Problem(f"完整性检查发现 {len(rows)} 处错误：{shown}",
                                f"The integrity check found {len(rows)} error(s): {shown}"))
    if fks:
        tables = sorted({str(r[0]) for r in fks})
        problems.append(Problem(
            f"外键检查发现 {len(fks)} 行引用了不存在的记录（表：{'、'.join(tables)}）。",
            f"The foreign key check found {len(fks)} row(s) pointing at missing records "
            f"(tables: {', '.join(tables)})."))
    return problems


def file_revision(path: Path) -> str | None:
    """The schema revision recorded in a SQLite file (None: not made by this program).

    Raises a UserError when the file cannot be read as a database at all.
    """
    try:
        con = open_read_only(path)
        try:
            has = con.execute("SELECT count(*) FROM sqlite_master WHERE type='table' "
                              "AND name='alembic_version'").fetchone()[0]
            if not has:
                return None
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            return row[0] if row else None
        finally:
            con.close()
    except sqlite3.Error as e:
        raise _not_a_database(Path(path), e) from None


# --- restore ------------------------------------------------------------------


@dataclass(frozen=True)
class Restored:
    target: Path
    replaced: Path | None  # the database that was there before, kept beside it
    revision: str


def _sidecars(p: Path) -> list[Path]:
    return [p.with_name(p.name + s) for s in ("-wal", "-shm", "-journal")]


def _take_over(target: Path) -> sqlite3.Connection | None:
    """Fold the old database's WAL into its file and make sure no one else has it open.

    Leaving WAL mode needs the only connection to the file, so it doubles as
    the test "is the window (or another seat) still using it?". Returns the
    connection, holding an exclusive lock, or None if the old file is not a
    readable database (then there is nothing to fold and no one can use it).
    """
    try:
        con = sqlite3.connect(str(target), timeout=0, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        con.execute("PRAGMA journal_mode=DELETE").fetchone()
        con.execute("BEGIN EXCLUSIVE")
        return con
    except sqlite3.Error as e:
        con.close()
        from .db_errors import SQLITE_BUSY, SQLITE_LOCKED, sqlite_code

        if sqlite_code(e) in (SQLITE_BUSY, SQLITE_LOCKED):
            raise UserError(
                f"数据库正被另一个程序使用（例如值班台窗口）：{target}。请先关闭它，再恢复。未做任何改动。",
                f"The database is in use by another program (the console window, perhaps): {target}. "
                "Close it, then restore. Nothing was changed.") from None
        return None  # damaged beyond reading: it is simply moved aside


def restore_sqlite(src: Path, target: Path, *, at: datetime | None = None) -> Restored:
    """Put the backup `src` in place of the database `target`, keeping the old one beside it.

    The backup is checked (integrity, foreign keys, a schema revision this
    program knows) and copied next to the target first; only then is the
    old file renamed `<name>.replaced-<timestamp>` and the copy renamed into
    place. Refused while another program has the target open.
    """
    src, target = Path(src).absolute(), Path(target).absolute()
    if not src.is_file():
        raise UserError(f"备份文件不存在：{src}", f"The backup file does not exist: {src}")
    if target.exists() and src.resolve() == target.resolve():
        raise UserError("备份文件就是当前数据库本身，无需恢复。",
                        "The backup file is the current database itself; nothing to restore.")
    problems = file_problems(src, where="")
    if problems:
        raise UserError(f"备份文件 {src} 不能使用：" + problems[0].zh + " 未做任何改动。",
                        f"The backup file {src} cannot be used: " + problems[0].en + " Nothing was changed.")
    from .revisions import checked_backup_revision

    revision = checked_backup_revision(src, file_revision(src))
    target.parent.mkdir(parents=True, exist_ok=True)
    stamp = (at or datetime.now()).strftime(STAMP)
    tmp = target.with_name(f"{target.name}.restore-{stamp}.part")
    tmp.unlink(missing_ok=True)
    sweep_stale_parts(target.parent, f"{target.name}.restore-*.part")  # what a killed restore left
    try:
        source = open_read_only(src)
        try:
            dest = sqlite3.connect(str(tmp))
            try:
                source.backup(dest)
                dest.execute("PRAGMA journal_mode=DELETE")
            finally:
                dest.close()
        finally:
            source.close()
        if file_problems(tmp):
            raise UserError("复制出的数据库未通过完整性检查，未做任何改动。",
                            "The copied database failed its integrity check; nothing was changed.")
        fsync_file(tmp)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise

    replaced = None
    holder = None
    try:
        # inside the try: a desk still open refuses the restore, and the copy made above goes too
        holder = _take_over(target) if target.exists() else None
        if holder is not None and os.name == "nt":
            holder.close()  # Windows cannot rename a file that is open
            holder = None
        if target.exists():
            replaced = target.with_name(f"{target.name}.replaced-{stamp}")
            n = 2
            while replaced.exists():
                replaced = target.with_name(f"{target.name}.replaced-{stamp}-{n}")
                n += 1
            try:  # a hard link keeps the old file and leaves no moment without a target
                os.link(target, replaced)
            except OSError:
                os.replace(target, replaced)
            for side in _sidecars(target):  # a WAL left by a damaged file must not meet the new one
                if side.exists():
                    os.replace(side, replaced.with_name(replaced.name + side.name[len(target.name):]))
        os.replace(tmp, target)  # synced above, before the old file was moved aside
        fsync_dir(target.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        if holder is not None:
            holder.close()
    return Restored(target, replaced, revision)
