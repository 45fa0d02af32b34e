"""Backups of a PostgreSQL desk through the server's own tools, pg_dump and pg_restore.

The tools come from PATH (or the folder in HOTLINE_PG_BIN); when they are
missing the desk gets one sentence saying which package to install, not a
traceback. The password never appears on a command line (where `ps` shows
it to every user of the machine) nor in a message: the tools get the
connection as a libpq URI without the password, and the password, when the
desk's URL carries one, through the PGPASSWORD environment variable of the
child process only. A URL without a password uses libpq's usual sources
(PGPASSWORD, ~/.pgpass, peer or trust authentication).

A backup is a custom-format archive written under a temporary name,
checked by `pg_restore --list`, fsynced, and only then renamed into place.
A restore is checked first (a readable archive of a schema revision this
program knows, no other seat connected), keeps a dump of the database it
replaces when asked, and runs in one transaction (`--single-transaction
--exit-on-error`): a failure leaves the database as it was.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from ..domain.errors import UserError
from ..util.atomic_file import replace_durably
from .backup_files import BACKUP_PREFIX, DUMP_SUFFIX, KEEP_BACKUPS, STAMP, free_backup_path, rotate_backups
from .database import Database, masked_url

TOOL_TIMEOUT = 6 * 3600  # seconds; a stuck tool must not hang the command for ever


class PgToolMissing(UserError):
    """pg_dump / pg_restore is not installed (or not on PATH)."""


def find_pg_tool(name: str) -> str | None:
    """The path of a PostgreSQL client tool: HOTLINE_PG_BIN first, then PATH."""
    folder = os.environ.get("HOTLINE_PG_BIN")
    if folder:
        cand = Path(folder) / (name + (".exe" if os.name == "nt" else ""))
        if cand.is_file() and os.access(cand, os.X_OK):
            return str(cand)
    return shutil.which(name)


def _require_tool(name: str) -> str:
    path = find_pg_tool(name)
    if path is None:
        raise PgToolMissing(
            f"找不到 {name}（PostgreSQL 客户端工具），无法备份或恢复 PostgreSQL 数据库。"
            "请安装与服务器版本相同或更新的 PostgreSQL 客户端（Debian/Ubuntu：postgresql-client；"
            f"Windows：PostgreSQL 安装包），并把它所在的文件夹加入 PATH，或用 HOTLINE_PG_BIN 指明该文件夹。",
            f"{name} (a PostgreSQL client tool) was not found, so a PostgreSQL database cannot be backed "
            "up or restored. Install the PostgreSQL client of the server's version or newer (Debian/Ubuntu: "
            "postgresql-client; Windows: the PostgreSQL installer) and put its folder on PATH, or name "
            "the folder in HOTLINE_PG_BIN.")
    return path


def libpq_target(db_or_url: Database | str) -> tuple[str, dict[str, str]]:
    """(a libpq URI without the password, environment for the child process).

    The environment is a copy of ours plus PGPASSWORD when the URL has a
    password; nothing else about the password leaves this function.
    """
    url = make_url(db_or_url.url if isinstance(db_or_url, Database) else db_or_url)
    env = dict(os.environ)
    in_query = [k for k in url.query if k.lower() == "password"]  # libpq also takes ?password=…
    password = url.password or next((url.query[k] for k in in_query), None)
    if isinstance(password, tuple):
        password = password[0]
    if password:
        env["PGPASSWORD"] = str(password)
    url = url.difference_update_query(in_query)
    # URL.set(password=None) would mean "unchanged": the field is replaced outright
    uri = url.set(drivername="postgresql")._replace(password=None).render_as_string(hide_password=False)
    return uri, env


def _scrub(message: str, password: str | None) -> str:
    text_ = message or ""
    if password and len(password) >= 3:  # a one-letter password would blank out the message
        text_ = text_.replace(password, "***")
    return text_


def _run(args: list[str], env: dict[str, str], password: str | None,
         what_zh: str, what_en: str, where: str) -> subprocess.CompletedProcess:
    try:
        r = subprocess.run(args, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                           timeout=TOOL_TIMEOUT)
    except FileNotFoundError:
        raise PgToolMissing(f"无法运行 {args[0]}。", f"Cannot run {args[0]}.") from None
    except subprocess.TimeoutExpired:
        raise UserError(f"{what_zh}超时（{where}）。", f"{what_en} timed out ({where}).") from None
    if r.returncode != 0:
        err = _scrub(r.stderr.decode("utf-8", "replace"), password).strip()
        lines = [ln for ln in err.splitlines() if ln.strip()]
        shown = " ".join(lines[-3:])[:600] if lines else f"exit {r.returncode}"
        hint_zh = hint_en = ""
        if "version mismatch" in err or "unsupported version" in err:
            hint_zh = " 客户端工具的版本比服务器旧：请安装与服务器相同或更新版本的 PostgreSQL 客户端。"
            hint_en = (" The client tool is older than the server: install the PostgreSQL client of the "
                       "server's version or newer.")
        raise UserError(f"{what_zh}失败（{where}）：{shown}{hint_zh}",
                        f"{what_en} failed ({where}): {shown}{hint_en}")
    return r


def _require_pg(db: Database) -> None:
    if db.engine.dialect.name != "postgresql":
        raise UserError("这个数据库不是 PostgreSQL 数据库。", "This database is not a PostgreSQL database.")


# --- backup -----------------------------------------------------------------------------------


def _reach(db: Database) -> None:
    """Connect through the driver after pg_dump failed: an unreachable server or a wrong password
    then reads like every other command's message (console.store.db_errors), not pg_dump's English."""
    from sqlalchemy import text

    with db.engine.connect() as c:
        c.execute(text("SELECT 1"))


def backup_postgres(db: Database, out: Path) -> Path:
    """pg_dump the desk into `out` (custom format), atomically; returns `out`."""
    _require_pg(db)
    pg_dump = _require_tool("pg_dump")
    pg_restore = _require_tool("pg_restore")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    tmp.unlink(missing_ok=True)
    uri, env = libpq_target(db)
    password = env.get("PGPASSWORD")
    try:
        try:
            _run([pg_dump, "--format=custom", "--no-owner", "--no-privileges", "--file", str(tmp),
                  "--dbname", uri], env, password, "备份", "The backup", db.display)
        except UserError:
            _reach(db)  # the server unreachable or the password wrong: said as every command says it
            raise  # reachable: pg_dump's own reason stands
        _run([pg_restore, "--list", str(tmp)], env, password,
             "检查备份文件", "Checking the backup file", str(tmp))
        replace_durably(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return out


def backup_postgres_to_folder(db: Database, folder: Path, *, keep: int = KEEP_BACKUPS,
                              at: datetime | None = None) -> Path:
    """A timestamped dump in `folder`; our own oldest dumps beyond `keep` are removed."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = free_backup_path(folder, at or datetime.now(), DUMP_SUFFIX)
    backup_postgres(db, out)
    rotate_backups(folder, keep, DUMP_SUFFIX)
    return out


# --- looking at an archive ----------------------------------------------------------------------


def archive_tables(path: Path) -> set[str]:
    """The tables an archive holds (from `pg_restore --list`)."""
    pg_restore = _require_tool("pg_restore")
    r = _run([pg_restore, "--list", str(path)], dict(os.environ), None,
             "读取备份文件", "Reading the backup file", str(path))
    names = set()
    for line in r.stdout.decode("utf-8", "replace").splitlines():
        if line.startswith(";"):
            continue
        m = re.search(r"\bTABLE\s+(\S+)\s+(\S+)\s", line + " ")
        if m and " TABLE DATA " not in line:
            names.add(m.group(2))
    return names


def archive_revision(path: Path) -> str | None:
    """The schema revision recorded in an archive's alembic_version (None: not ours)."""
    pg_restore = _require_tool("pg_restore")
    r = _run([pg_restore, "--data-only", "--table=alembic_version", "--file=-", str(path)],
             dict(os.environ), None, "读取备份文件", "Reading the backup file", str(path))
    lines = r.stdout.decode("utf-8", "replace").splitlines()
    for i, line in enumerate(lines):
        if line.startswith("COPY ") and "alembic_version" in line:
            row = lines[i + 1] if i + 1 < len(lines) else "\\."
            return None if row.strip() == "\\." else row.split("\t")[0].strip()
        if line.startswith("INSERT INTO") and "alembic_version" in line:
            m = re.search(r"VALUES \('([^']+)'\)", line)
            return m.group(1) if m else None
    return None


# --- restore ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PgRestored:
    target: str  # the masked URL
    replaced: Path | None  # a dump of the database as it was before, if one was kept
    revision: str


def other_sessions(db: Database) -> int:
    """Client connections to this database other than our own (other seats, tools)."""
    with db.engine.connect() as c:
        n = c.execute(text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_type = 'client backend'")).scalar_one()
        c.rollback()
    return int(n)


def _live_tables(db: Database) -> set[str]:
    with db.engine.connect() as c:
        rows = c.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")).scalars().all()
        c.rollback()
    return set(rows)


def restore_postgres(src: Path, db: Database, *, keep_dir: Path | None = None,
                     force: bool = False, at: datetime | None = None) -> PgRestored:
    """Replace the desk's tables with those of the archive `src`, in one transaction.

    Refused (nothing changed) when the archive is unreadable or not ours, when
    its schema is newer than this program, while other connections use the
    database (unless `force`), and when the database holds tables the archive
    does not (they would survive the restore and clash with a later upgrade:
    restore into a new, empty database instead). With `keep_dir`, the
    database as it was is dumped there first.
    """
    _require_pg(db)
    pg_restore = _require_tool("pg_restore")
    src = Path(src).absolute()
    if not src.is_file():
        raise UserError(f"备份文件不存在：{src}", f"The backup file does not exist: {src}")
    from .revisions import checked_backup_revision

    revision = checked_backup_revision(src, archive_revision(src))
    _require_owner(db)
    extra = _live_tables(db) - archive_tables(src)
    if extra:
        names = ", ".join(sorted(extra))
        raise UserError(
            f"数据库里有备份中没有的表（{names}），恢复后会残留。请恢复到一个新建的空数据库。未做任何改动。",
            f"The database holds tables the backup does not ({names}); they would remain after the "
            "restore. Restore into a new, empty database instead. Nothing was changed.")
    if not force:
        n = other_sessions(db)
        if n:
            raise UserError(
                f"还有 {n} 个连接正在使用这个数据库（其他席位或工具）：{db.display}。请先关闭它们，再恢复。未做任何改动。",
                f"{n} other connection(s) are using this database (other seats or tools): {db.display}. "
                "Close them, then restore. Nothing was changed.")
    replaced = None
    if keep_dir is not None and _live_tables(db):
        stamp = (at or datetime.now()).strftime(STAMP)
        replaced = Path(keep_dir) / f"{BACKUP_PREFIX}replaced-{stamp}{DUMP_SUFFIX}"
        n = 2
        while replaced.exists():
            replaced = Path(keep_dir) / f"{BACKUP_PREFIX}replaced-{stamp}-{n}{DUMP_SUFFIX}"
            n += 1
        backup_postgres(db, replaced)
    db.engine.dispose()  # our own pooled connections must not hold locks the restore needs
    uri, env = libpq_target(db)
    _run([pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges",
          "--single-transaction", "--exit-on-error", "--dbname", uri, str(src)],
         env, env.get("PGPASSWORD"), "恢复", "The restore", masked_url(db.url))
    from .pg_roles import renarrow_seats

    with db.engine.begin() as c:  # the recreated audit_log got the seats' broad default privileges
        renarrow_seats(c)
    return PgRestored(db.display, replaced, revision)


def _require_owner(db: Database) -> None:
    """Only the role owning the tables may replace them: a seat role (console.store.pg_roles) is
    told so in one line before anything is dumped, instead of pg_restore's "must be owner"."""
    from .pg_roles import current_role, may_migrate

    with db.engine.connect() as c:
        allowed, role = may_migrate(c), current_role(c)
        c.rollback()
    if not allowed:
        raise UserError(
            f"账号 {role} 不是表的所有者，无权从备份恢复（{db.display}）：请用所有者账号的数据库地址运行 "
            "hotline-console restore 文件 --db <所有者账号的数据库地址>。未做任何改动。",
            f"The role {role} does not own the tables and may not restore a backup ({db.display}): run "
            "hotline-console restore FILE --db <owner's URL> with the owner role. Nothing was changed.")
