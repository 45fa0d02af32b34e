"""Opening a desk's database: SQLite done right, or PostgreSQL.

SQLite: WAL (readers never wait for the writer), synchronous=FULL (a pulled
plug loses no committed ticket), foreign keys on, a busy timeout, and write
transactions that begin with BEGIN IMMEDIATE. pysqlite's default deferred
BEGIN lets two writers both read first and then collide with SQLITE_BUSY
that no timeout can fix; IMMEDIATE takes the write lock up front so the
second writer simply waits its turn. Reads keep a plain (deferred) BEGIN so
they never queue behind the writer.

PostgreSQL: the same rule, one writer at a time. A write transaction first
takes a transaction-scoped advisory lock (waiting at most the busy timeout,
then SQLSTATE 55P03, which db_errors reports as "busy"), so services
written as read-check-write stay free of lost updates on a server too;
readers never take it. Every write transaction also sends a NOTIFY on
commit (console.store.pg_notify), which other seats' ChangeWatcher hears.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from ..domain.errors import UserError
from ..util.targets import is_url
from .prepared import RawRead
from .sqlite_open import apply_pragmas, busy_timeout_ms, file_gone, file_id

BUSY_TIMEOUT_MS = busy_timeout_ms()


def to_url(target: str | os.PathLike) -> str:
    """A path means SQLite, a URL (postgresql+psycopg://…) means itself."""
    t = os.fspath(target)
    if is_url(t):
        if t.startswith("postgresql://") or t.startswith("postgres://"):
            t = "postgresql+psycopg://" + t.split("://", 1)[1]
        return t
    return "sqlite:///" + str(Path(t).expanduser().absolute())


def masked_url(target: str | os.PathLike) -> str:
    """The URL for messages and logs: the password never shows."""
    t = os.fspath(target)
    if not is_url(t):
        return t
    try:
        url = make_url(t)
        if any(k.lower() == "password" for k in url.query):  # libpq also takes ?password=…
            url = url.update_query_dict({k: "***" for k in url.query if k.lower() == "password"})
        return url.render_as_string(hide_password=True).replace("%2A%2A%2A", "***")
    except Exception:  # noqa: BLE001 - a malformed URL is still never echoed whole
        return t.split("://", 1)[0] + "://***"


def checked_url(target: str) -> str:
    """A database URL this program can open, or a UserError saying what to write instead.

    PostgreSQL through psycopg is the only server; a ``sqlite:///PATH`` URL is
    returned as PATH, so the checks a path gets (must exist, not a folder, not
    empty) apply to it too. Without this a typo or another driver reached the
    user as "Something went wrong: ModuleNotFoundError …" and a sqlite URL to
    a missing file silently made a new, empty desk.
    """
    shown = masked_url(target)
    usage_zh = "请写数据库文件的路径，或 postgresql+psycopg://用户名:密码@主机:端口/数据库名"
    usage_en = "give a database file path, or postgresql+psycopg://user:password@host:port/database"
    try:
        url = make_url(target)
        url.port  # noqa: B018 - a malformed port only shows when read
    except Exception:  # noqa: BLE001 - any parse failure is the same mistake for the user
        raise UserError(f"数据库地址格式不对：{shown}。{usage_zh}。",
                        f"The database URL is malformed: {shown}; {usage_en}.") from None
    backend, _, driver = url.drivername.lower().partition("+")
    if backend in ("postgresql", "postgres") and driver in ("", "psycopg"):
        return target
    if backend == "sqlite" and driver in ("", "pysqlite"):
        db = url.database or ""
        if not db or db == ":memory:" or db.startswith("file:"):
            raise UserError(f"数据库地址没有指明文件：{shown}。{usage_zh}。",
                            f"The database URL names no file: {shown}; {usage_en}.")
        return target if url.query else db
    raise UserError(f"不支持这种数据库地址：{shown}。{usage_zh}。",
                    f"This kind of database URL is not supported: {shown}; {usage_en}.")


def _install_sqlite_hooks(engine: Engine, db: Database) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        if db.file_id is None:  # the file this desk opened; see _on_begin
            db.file_id = file_id(db.sqlite_path)
        apply_pragmas(dbapi_conn, BUSY_TIMEOUT_MS)  # autocommit: we emit BEGIN ourselves, below
        _record.info[_BUSY_MS] = BUSY_TIMEOUT_MS

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        if conn.get_execution_options().get("hotline_write"):
            # An open connection keeps writing into a file that was deleted, moved or replaced
            # (by a restore, a careless copy): SQLite says "saved", and the ticket is gone at
            # exit. One stat per write transaction catches it before anything is written.
            if db.file_moved():
                raise file_gone(db.display)
            ms, info = db.busy_ms(), conn.connection.info  # the DBAPI connection's own (kept by the pool)
            if info.get(_BUSY_MS) == ms:  # this connection waits that long already: one statement fewer
                _begin_on_driver(conn, "BEGIN IMMEDIATE")
            else:
                _begin_on_driver(conn, f"PRAGMA busy_timeout = {ms}", "BEGIN IMMEDIATE")
                info[_BUSY_MS] = ms
        else:
            _begin_on_driver(conn, "BEGIN")


_BUSY_MS = "hotline_busy_ms"  # a DBAPI connection's busy timeout as last set, in its pool record's info


def _begin_on_driver(conn: Connection, *statements: str) -> None:
    """Run the begin's own statements on the DBAPI cursor: run as SQLAlchemy statements (exec_driver_sql)
    its execution machinery cost several times what SQLite spends on them, on every transaction. An error
    is handled as SQLAlchemy handles its own (the same exception classes: "database is locked" is an
    OperationalError as before)."""
    cur = conn.connection.cursor()
    try:
        for sql in statements:
            cur.execute(sql)
    except Exception as e:  # noqa: BLE001 - handed to SQLAlchemy, which raises
        conn._handle_dbapi_exception(e, sql, None, cur, None)
    finally:
        cur.close()


# pg_advisory_xact_lock key of "the desk's write lock" (ASCII "hotline").
PG_WRITE_LOCK_KEY = 0x686F746C696E65


def _install_pg_hooks(engine: Engine, db: Database) -> None:
    """One writer at a time (like BEGIN IMMEDIATE), and a NOTIFY on each write commit."""

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        if conn.get_execution_options().get("hotline_write"):
            cur = conn.connection.dbapi_connection.cursor()
            try:
                cur.execute(f"SET LOCAL lock_timeout = {int(db.busy_ms())}")
                cur.execute("SELECT pg_advisory_xact_lock(%s)", (PG_WRITE_LOCK_KEY,))
            finally:
                cur.close()

    from .pg_notify import install_notify

    install_notify(engine)


def _strip_nul(session: Session, flush_context, instances) -> None:
    """Drop NUL characters from text about to be written, on every engine.

    PostgreSQL cannot store NUL in text (the whole save would fail), and in
    a resident's words it is only copy-and-paste debris; dropping it on
    SQLite too keeps both engines holding the same text.
    """
    for obj in (*session.new, *session.dirty):
        state = sa_inspect(obj)
        for attr in state.mapper.column_attrs:
            v = state.dict.get(attr.key)
            if isinstance(v, str) and "\x00" in v:
                setattr(obj, attr.key, v.replace("\x00", ""))


class Database:
    """One desk's database: an engine plus read and write sessions."""

    def __init__(self, target: str | os.PathLike, *, echo: bool = False):
        self.target = os.fspath(target)
        self.url = to_url(self.target)
        self.display = masked_url(self.target)
        self.file_id: tuple[int, int] | None = None  # SQLite: (device, inode) of the file first opened
        self._local = threading.local()  # per thread: how long a write waits for the lock
        self._raw_idle: list[Any] = []  # SQLite: the DBAPI connections `raw_read` keeps between reads
        self._write_idle: list[tuple[Connection, Any]] = []  # SQLite: `write_connection`'s, with their pool
        self._raw_generation = 0  # bumped by `dispose`: a connection of an older one is closed, not kept (both)
        # hide_parameters: an unexpected database error names the statement, never the values bound to it
        # (a caller's phone, name and words would otherwise land in hotline.log and in crash reports)
        kwargs: dict = {"echo": echo, "hide_parameters": True}
        if self.url.startswith("sqlite"):
            kwargs["connect_args"] = {"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
        else:
            kwargs["pool_pre_ping"] = True
        self.engine: Engine = create_engine(self.url, **kwargs)
        self._sqlite_path = self._path_of_sqlite()  # asked on every write (file_moved): built once
        if self.is_sqlite:
            _install_sqlite_hooks(self.engine, self)
        elif self.engine.dialect.name == "postgresql":
            _install_pg_hooks(self.engine, self)
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write_engine = self.engine.execution_options(hotline_write=True)
        self._write = sessionmaker(self._write_engine, expire_on_commit=False)
        event.listen(self._write, "before_flush", _strip_nul)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def file_moved(self) -> bool:
        """SQLite: the file at the path is no longer the one this desk opened (moved, deleted, replaced).

        Writes are refused then (see _on_begin); the window's watcher asks every two
        seconds so the status bar says it before anyone tries to save."""
        return self.file_id is not None and self.sqlite_path is not None and file_id(self.sqlite_path) != self.file_id

    @property
    def sqlite_path(self) -> Path | None:
        return self._sqlite_path

    def _path_of_sqlite(self) -> Path | None:
        if not self.is_sqlite:
            return None
        db = self.engine.url.database
        return Path(db) if db and db != ":memory:" else None

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for queries; rolled back at the end (never writes)."""
        with self._read() as s:
            try:
                yield s
            finally:
                s.rollback()

    @contextmanager
    def raw_read(self) -> Iterator[RawRead]:
        """One read transaction on a DBAPI connection, for prepared statements (store.prepared): the hot
        reads (the caller card, the list's search page) without an ORM Session around each. Rolled back at
        the end, like `read`.

        SQLite: on a connection of the desk's own (made by the engine, so with the pragmas of its `connect`
        hook, then detached from the pool) kept idle between reads: taking one is a list pop, where the
        engine's pool costs ~30 µs a checkout — as much as a card's indexed lookup. Begun with BEGIN, as
        `read`'s hook does (the connection is in autocommit mode). PostgreSQL: the engine's pool (its
        pre-ping), begun by the driver's first statement."""
        if not self.is_sqlite:
            fairy = self.engine.raw_connection()
            try:
                cur = fairy.cursor()
                try:
                    yield RawRead(cur, self.engine.dialect)
                finally:
                    fairy.rollback()
                    cur.close()
            finally:
                fairy.close()
            return
        generation = self._raw_generation
        try:
            conn = self._raw_idle.pop()  # atomic: one thread gets each
        except IndexError:
            fairy = self.engine.raw_connection()
            conn = fairy.dbapi_connection
            fairy.detach()  # ours from now on: closed by `dispose`
        cur = conn.cursor()
        keep = False
        try:
            cur.execute("BEGIN")
            yield RawRead(cur, self.engine.dialect)
        finally:
            try:
                conn.rollback()
                cur.close()
                keep = generation == self._raw_generation
            finally:
                if keep:
                    self._raw_idle.append(conn)
                else:
                    conn.close()

    def busy_ms(self) -> int:
        """How long a write transaction begun on this thread waits for the desk's write lock."""
        ms = getattr(self._local, "busy_ms", None)
        return BUSY_TIMEOUT_MS if ms is None else ms

    def set_thread_busy_ms(self, ms: int | None) -> None:
        """From now on, writes begun by this thread wait at most `ms` for the lock (None: the default).

        The window's GUI thread uses a shorter wait than workers: a dialog's save that
        cannot get the lock says "in use by another program" after two seconds instead of
        freezing the window for the full timeout."""
        self._local.busy_ms = None if ms is None else max(0, int(ms))

    @contextmanager
    def waiting_at_most(self, ms: int) -> Iterator[None]:
        """Writes begun by this thread inside the block wait at most `ms` for the lock.

        The window tries a save this way on the GUI thread first: when another
        program holds the lock, the short wait fails fast with "busy" and the
        save moves to a worker that waits the full timeout while the window
        keeps painting (console.ui.new_call.new_call_dialog)."""
        old = getattr(self._local, "busy_ms", None)
        self._local.busy_ms = max(0, int(ms))
        try:
            yield
        finally:
            self._local.busy_ms = old

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed if the block ends normally, else rolled back."""
        with self._write() as s:
            with s.begin():
                yield s

    @contextmanager
    def write_connection(self) -> Iterator[Connection]:
        """`write` without the ORM: a Core connection in one write transaction — the same lock (BEGIN
        IMMEDIATE / the advisory lock), the same file check, the same NOTIFY on commit — committed if the
        block ends normally, else rolled back. For a hot path that writes with statements it built once
        (store.prebuilt); text it writes is its own to clean of NUL (no flush runs here).

        SQLite: the Core connection is kept idle between writes (as `raw_read` keeps its DBAPI connections):
        taking one from the engine's pool and handing it back cost as much as the begin and commit
        themselves (~20 µs a write); each write still begins and commits on it, with the begin hook (the
        file check, BEGIN IMMEDIATE) and every begin/commit event as before. Not reused after an error, a
        `dispose`, or the engine's pool disposed (every connection new from then on, as before)."""
        if not self.is_sqlite:  # PostgreSQL: the pool's pre-ping before each write, as `write` has it
            with self._write_engine.connect() as conn, conn.begin():
                yield conn
            return
        generation, pool = self._raw_generation, self.engine.pool
        conn: Connection | None = None
        try:
            conn, its_pool = self._write_idle.pop()  # atomic: one thread gets each
        except IndexError:
            pass
        else:
            if its_pool is not pool:  # the engine's pool was disposed since: a connection of the new one
                conn.close()
                conn = None
        if conn is None:
            conn = self._write_engine.connect()
        keep = False
        try:
            with conn.begin():
                yield conn
            keep = generation == self._raw_generation and not conn.invalidated
        finally:
            if keep:
                self._write_idle.append((conn, pool))
            else:  # after an error (or a dispose) a fresh one next time: nothing of this one is trusted
                conn.close()

    @contextmanager
    def own_connection(self) -> Iterator[Connection]:
        """One connection held for a whole job, for what lives on a connection: TEMP tables a bulk import
        fills while it holds no lock, then copies from in its write transaction (`write_on`)."""
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def write_on(self, conn: Connection) -> Iterator[Session]:
        """`write` on `conn` (from `own_connection`, not in a transaction): the same write lock (BEGIN
        IMMEDIATE / the advisory lock), NOTIFY and NUL stripping; committed if the block ends normally,
        else rolled back. `conn` reads and writes its TEMP tables without the lock again afterwards."""
        if conn.in_transaction():
            conn.commit()
        conn.execution_options(hotline_write=True)
        try:
            with self._write(bind=conn) as s:
                with s.begin():
                    yield s
        finally:
            conn.execution_options(hotline_write=False)

    def dispose(self) -> None:
        self._raw_generation += 1
        while self._raw_idle:
            self._raw_idle.pop().close()
        while self._write_idle:
            self._write_idle.pop()[0].close()
        self.engine.dispose()
