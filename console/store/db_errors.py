"""Database failures a user can understand and do something about.

A locked file, a full disk, a file that is not a database, a server that
does not answer: these are not bugs, and the desk must see one sentence
saying what is wrong and where, not a traceback. They are recognised by
the driver's error CODE (SQLite's result code, PostgreSQL's SQLSTATE),
never by the message text, which changes with versions and locales.

`classify(exc, where=...)` returns a `DatabaseUnavailable` (a UserError
with Chinese and English text) or None when the exception is something
else (then it is a bug and goes to the log with its traceback). An OSError
about a file the user named (no permission, disk full, read-only disk) is
recognised by its errno the same way.
"""
from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from ..domain.errors import UserError

# SQLite primary result codes (extended codes carry these in their low byte).
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_NOMEM = 7
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26

# PostgreSQL SQLSTATEs.
PG_AUTH = {"28P01", "28000"}
PG_NO_DATABASE = "3D000"
PG_DISK_FULL = "53100"
PG_READ_ONLY = "25006"
PG_TOO_MANY_CONNECTIONS = "53300"
PG_CANNOT_CONNECT_NOW = "57P03"
PG_ADMIN_SHUTDOWN = {"57P01", "57P02"}
PG_LOCK_NOT_AVAILABLE = "55P03"
PG_INSUFFICIENT_PRIVILEGE = "42501"  # a seat role (console.store.pg_roles) asked to do an owner's work


class DatabaseUnavailable(UserError):
    """The database cannot be used right now (locked, full, missing, not a database …)."""

    def __init__(self, zh: str, en: str, *, reason: str = ""):
        super().__init__(zh, en)
        self.reason = reason  # a short code: busy, readonly, io, full, corrupt, cantopen, connect …


def _where(where: str) -> tuple[str, str]:
    """The place named in the message (path or masked URL), in both languages."""
    return (f"（{where}）", f" ({where})") if where else ("", "")


def sqlite_code(exc: BaseException) -> int | None:
    """The primary SQLite result code of a sqlite3 error (or one wrapped by SQLAlchemy)."""
    for e in _chain(exc):
        if isinstance(e, sqlite3.Error):
            code = getattr(e, "sqlite_errorcode", None)
            if isinstance(code, int):
                return code & 0xFF
    return None


def pg_state(exc: BaseException) -> tuple[bool, str | None]:
    """(is a psycopg error, its SQLSTATE or None) of a psycopg error (maybe wrapped)."""
    for e in _chain(exc):
        mod = type(e).__module__ or ""
        if mod.startswith("psycopg"):
            state = getattr(e, "sqlstate", None) or getattr(e, "pgcode", None)
            return True, state
    return False, None


def _chain(exc: BaseException):
    """The exception, SQLAlchemy's `.orig`, and its causes (at most a few deep)."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo and len(seen) < 12:
        e = todo.pop(0)
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        todo.extend([getattr(e, "orig", None), e.__cause__, e.__context__])


def classify(exc: BaseException, where: str = "") -> UserError | None:
    """A message for the desk if `exc` is a database condition a user can act on, else None.

    `where` is the database's path or masked URL (`Database.display`); it is
    put into the message so the operator knows which file or server is meant.
    A UserError passes through unchanged.
    """
    if isinstance(exc, UserError):
        return exc
    code = sqlite_code(exc)
    if code is not None:
        return _sqlite_message(code, where)
    is_pg, state = pg_state(exc)
    if is_pg:
        return _pg_message(exc, state, where)
    if isinstance(exc, OSError):
        return _os_message(exc)
    return None


def _os_message(exc: OSError) -> UserError | None:
    """A file the program was asked to read or write (a backup, a log folder) that it cannot."""
    name = exc.filename if exc.filename is not None else ""
    wz, we = _where(str(name))
    if exc.errno in (errno.EACCES, errno.EPERM):
        return UserError(f"没有权限读写这个文件或文件夹{wz}。", f"No permission to read or write this file or folder{we}.")
    if exc.errno == errno.EROFS:
        return UserError(f"文件所在的磁盘是只读的{wz}。", f"The disk is read-only{we}.")
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return UserError(f"磁盘已满{wz}：请腾出空间后再试。", f"The disk is full{we}; free some space and try again.")
    if exc.errno == errno.ENOENT:
        return UserError(f"文件或文件夹不存在{wz}。", f"The file or folder does not exist{we}.")
    return None


def _sqlite_message(code: int, where: str) -> DatabaseUnavailable | None:
    wz, we = _where(where)
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return DatabaseUnavailable(
            f"数据库正被另一个程序占用，请稍后再试{wz}。",
            f"The database is in use by another program; please try again shortly{we}.",
            reason="busy")
    if code == SQLITE_READONLY:
        return DatabaseUnavailable(
            f"数据库文件是只读的，无法保存更改{wz}：请检查文件和所在文件夹的写权限。",
            f"The database file is read-only; nothing can be saved{we}. "
            "Check the write permission of the file and its folder.",
            reason="readonly")
    if code == SQLITE_FULL:
        return DatabaseUnavailable(
            f"磁盘已满，无法写入数据库{wz}：请腾出空间后再试。",
            f"The disk is full; the database cannot be written{we}. Free some space and try again.",
            reason="full")
    if code == SQLITE_IOERR:
        return DatabaseUnavailable(
            f"读写数据库文件时出错{wz}：磁盘可能已满或出现故障。",
            f"Reading or writing the database file failed{we}: the disk may be full or failing.",
            reason="io")
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return DatabaseUnavailable(
            f"不是有效的数据库文件或已损坏{wz}。可用 hotline-console restore 从备份恢复。",
            f"This is not a valid database file, or it is damaged{we}. "
            "hotline-console restore can bring back a backup.",
            reason="corrupt")
    if code in (SQLITE_CANTOPEN, SQLITE_PERM):
        p = Path(where) if where and "://" not in where else None
        if p is not None and p.exists():
            return DatabaseUnavailable(
                f"无法打开数据库文件{wz}：没有读写权限，或所在文件夹不可写"
                "（数据库要在文件旁边建立临时文件）。",
                f"The database file cannot be opened{we}: no permission, or its folder is not writable "
                "(the database keeps temporary files beside it).",
                reason="cantopen")
        return DatabaseUnavailable(
            f"无法打开数据库文件{wz}：文件夹不存在或没有访问权限。",
            f"The database file cannot be opened{we}: its folder does not exist or access is denied.",
            reason="cantopen")
    if code == SQLITE_NOMEM:
        return DatabaseUnavailable(
            f"内存不足，无法打开数据库{wz}。请关闭其他程序后再试。",
            f"Out of memory while using the database{we}. Close other programs and try again.",
            reason="nomem")
    return None


def _pg_message(exc: BaseException, state: str | None, where: str) -> DatabaseUnavailable | None:
    wz, we = _where(where)
    if state is None:
        # libpq reports a failed connection without any SQLSTATE (server down,
        # wrong host or port, unknown database, refused login all look alike),
        # so the message names every cause; only "a password is needed but
        # none was given" can be told apart, from the connection's flags.
        ops = [e for e in _chain(exc) if type(e).__name__ == "OperationalError"]
        if not ops:
            return None
        pgconn = next((getattr(e, "pgconn", None) for e in ops if getattr(e, "pgconn", None)), None)
        if pgconn is not None and getattr(pgconn, "needs_password", False) \
                and not getattr(pgconn, "used_password", True):
            return DatabaseUnavailable(
                f"数据库服务器要求密码，但连接地址里没有密码{wz}。",
                f"The database server asks for a password, but the URL has none{we}.",
                reason="auth")
        return DatabaseUnavailable(
            f"无法连接数据库服务器{wz}：请检查服务器是否开启，地址、端口、数据库名、用户名和密码是否正确，"
            "网络是否通畅。",
            f"Cannot connect to the database server{we}: check that it is running, the host, port, "
            "database name, user name and password, and the network.",
            reason="connect")
    if state in PG_AUTH:
        return DatabaseUnavailable(
            f"数据库服务器拒绝登录{wz}：用户名或密码不对，或没有访问权限。",
            f"The database server refused the login{we}: wrong user name or password, or no access.",
            reason="auth")
    if state == PG_NO_DATABASE:
        return DatabaseUnavailable(
            f"数据库服务器上没有这个数据库{wz}：请先让管理员创建它。",
            f"The database does not exist on the server{we}; ask the administrator to create it.",
            reason="nodb")
    if state == PG_DISK_FULL:
        return DatabaseUnavailable(
            f"数据库服务器的磁盘已满{wz}：请联系管理员腾出空间。",
            f"The database server's disk is full{we}; ask the administrator to free space.",
            reason="full")
    if state == PG_READ_ONLY:
        return DatabaseUnavailable(
            f"数据库当前只读，无法保存更改{wz}（可能连到了只读的备用服务器）。",
            f"The database is read-only; nothing can be saved{we} (perhaps a read-only standby).",
            reason="readonly")
    if state in (PG_TOO_MANY_CONNECTIONS, PG_CANNOT_CONNECT_NOW) or state in PG_ADMIN_SHUTDOWN:
        return DatabaseUnavailable(
            f"数据库服务器暂时无法接受连接{wz}，请稍后再试。",
            f"The database server cannot accept connections right now{we}; try again shortly.",
            reason="connect")
    if state == PG_LOCK_NOT_AVAILABLE:
        return DatabaseUnavailable(
            f"数据库正被另一个程序占用，请稍后再试{wz}。",
            f"The database is in use by another program; please try again shortly{we}.",
            reason="busy")
    if state == PG_INSUFFICIENT_PRIVILEGE:
        return DatabaseUnavailable(
            f"数据库账号没有权限做这件事{wz}：席位账号只能读写数据，升级结构、从备份恢复要用数据库所有者的账号。",
            f"The database role may not do this{we}: a seat role only reads and writes rows; upgrading "
            "the schema or restoring a backup needs the owner role.",
            reason="privilege")
    if state.startswith("08"):  # connection exceptions
        return DatabaseUnavailable(
            f"与数据库服务器的连接中断{wz}，请检查网络后再试。",
            f"The connection to the database server was lost{we}; check the network and try again.",
            reason="connect")
    return None
