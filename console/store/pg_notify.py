"""Live updates between seats on PostgreSQL: NOTIFY on commit, LISTEN with reconnect.

Every write transaction of a `Database` on PostgreSQL sends one
`pg_notify('hotline_changes', payload)` just before it commits. NOTIFY is
transactional: the server delivers it only if the commit succeeds, and
only after it, so a listener that reloads on a notification always sees
the new rows. The payload names the tables the transaction wrote (as JSON,
``{"tables": [...], "source": "host:pid"}``; ``"*"`` stands for "something
written through raw SQL"), so a seat can refresh only what it shows.

`PgListener` keeps one dedicated connection (not from the pool) in
autocommit mode, LISTENs, and waits for notifications in a daemon thread.
When the server goes away it reports "offline", retries with a growing
pause, and on reconnecting reports "online" and counts one change: what
happened while it was away was not heard, so the seat must reload once.
TCP keepalives and `tcp_user_timeout` make a pulled cable show within
seconds instead of the kernel's two hours, and a heartbeat query every few
seconds catches a server that vanished without closing the socket.

Callbacks run in the listener thread; a Qt window must hand them to its
own thread (a queued signal) before touching widgets.
"""
from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import event
from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

CHANNEL = "hotline_changes"
MAX_PAYLOAD = 7000  # the server refuses payloads of 8000 bytes or more
_INFO_KEY = "hotline_written_tables"
_SOURCE = f"{socket.gethostname()}:{os.getpid()}"
_WRITE_WORDS = {"INSERT", "UPDATE", "DELETE", "TRUNCATE", "CREATE", "ALTER", "DROP", "COPY", "MERGE"}

# States a listener reports.
CONNECTING = "connecting"
ONLINE = "online"
OFFLINE = "offline"
STOPPED = "stopped"


def install_notify(engine: Engine) -> None:
    """Make every write transaction on `engine` announce itself on commit."""

    @event.listens_for(engine, "after_execute")
    def _remember_tables(conn, clauseelement, multiparams, params, execution_options, result):
        if not conn.get_execution_options().get("hotline_write"):
            return
        names = _written_tables(clauseelement)
        if names:
            conn.info.setdefault(_INFO_KEY, set()).update(names)

    @event.listens_for(engine, "commit")
    def _notify(conn):
        if not conn.get_execution_options().get("hotline_write"):
            conn.info.pop(_INFO_KEY, None)
            return
        tables = conn.info.pop(_INFO_KEY, None) or {"*"}
        cur = conn.connection.dbapi_connection.cursor()
        try:
            cur.execute("SELECT pg_notify(%s, %s)", (CHANNEL, encode_payload(tables)))
        finally:
            cur.close()

    @event.listens_for(engine, "rollback")
    def _forget(conn):
        conn.info.pop(_INFO_KEY, None)


def note_written(conn, tables) -> None:
    """A write transaction on `conn` wrote `tables` by statements SQLAlchemy did not execute (the DBAPI
    cursor, store.prebuilt): the NOTIFY on commit names them as it names its own (no effect elsewhere)."""
    conn.info.setdefault(_INFO_KEY, set()).update(tables)


def _written_tables(stmt) -> set[str]:
    if getattr(stmt, "is_dml", False):
        table = getattr(stmt, "table", None)
        name = getattr(table, "name", None)
        return {name} if name else {"*"}
    text = stmt if isinstance(stmt, str) else getattr(stmt, "text", None)
    if isinstance(text, str):
        first = text.lstrip().split(None, 1)[:1]
        if first and first[0].upper() in _WRITE_WORDS:
            return {"*"}
    return set()


def encode_payload(tables) -> str:
    payload = json.dumps({"tables": sorted(tables), "source": _SOURCE}, ensure_ascii=True)
    if len(payload) > MAX_PAYLOAD:
        payload = json.dumps({"tables": ["*"], "source": _SOURCE})
    return payload


@dataclass(frozen=True)
class Change:
    """One notification as heard by a listener."""

    tables: frozenset[str]
    source: str
    own: bool  # sent by this very process


def decode_payload(payload: str) -> Change:
    try:
        data = json.loads(payload or "{}")
        tables = frozenset(str(t) for t in data.get("tables") or ["*"])
        source = str(data.get("source", ""))
    except (ValueError, AttributeError, TypeError):
        tables, source = frozenset({"*"}), ""
    return Change(tables, source, source == _SOURCE)


def _scrub(message: str, password: str | None) -> str:
    """An error text for the status bar and the log: one line, no password in it."""
    text = " ".join(str(message).split())
    if password:
        text = text.replace(password, "***")
    return text[:300]


class PgListener:
    """LISTEN on a dedicated connection in a daemon thread; reconnects by itself.

    `on_change(Change)` is called for each notification; `on_state(state,
    message)` when the connection state changes (CONNECTING, ONLINE,
    OFFLINE, STOPPED; the message is empty when online, else why not, with
    no password in it). `changes` counts notifications plus reconnections,
    so a poller can compare it with the value it saw last.
    """

    def __init__(self, engine: Engine, *, on_change: Callable[[Change], None] | None = None,
                 on_state: Callable[[str, str], None] | None = None, channel: str = CHANNEL,
                 retry_min: float = 0.5, retry_max: float = 10.0, heartbeat: float = 5.0,
                 poll: float = 0.25, name: str = "hotline-listener"):
        self._engine = engine
        self._on_change = on_change
        self._on_state = on_state
        self.channel = channel
        self.retry_min, self.retry_max = retry_min, retry_max
        self.heartbeat, self.poll = heartbeat, poll
        self._stop = threading.Event()
        self._online = threading.Event()
        self.heard = threading.Event()  # set at each notification (and reconnection); cleared by waiters
        self._lock = threading.Lock()
        self._tables: set[str] = set()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._conn = None
        self.state = CONNECTING
        self.message = ""
        self.changes = 0
        self.reconnects = 0
        self.backend_pid: int | None = None

    # --- control ---------------------------------------------------------------------------

    def start(self, wait: float = 5.0) -> bool:
        """Start listening; True once LISTEN is in place (False: still trying, in the background)."""
        self._thread.start()
        return self._online.wait(wait) if wait > 0 else False

    def wait_online(self, timeout: float) -> bool:
        return self._online.wait(timeout)

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        conn = self._conn
        if conn is not None:
            try:
                conn.cancel()  # wake a wait that is stuck in the network
            except Exception:  # noqa: BLE001 - the connection may be gone already
                pass
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout)

    def take_tables(self) -> frozenset[str]:
        """The tables named by notifications since the last call ("*": unknown or missed)."""
        with self._lock:
            out = frozenset(self._tables)
            self._tables.clear()
        return out

    # --- the thread ------------------------------------------------------------------------

    def _password(self) -> str | None:
        return self._engine.url.password

    def _connect(self):
        import psycopg

        cargs, cparams = self._engine.dialect.create_connect_args(self._engine.url)
        params = dict(cparams)
        params.setdefault("connect_timeout", 5)
        params.setdefault("application_name", "hotline-console listener")
        params.setdefault("keepalives", 1)
        params.setdefault("keepalives_idle", 5)
        params.setdefault("keepalives_interval", 2)
        params.setdefault("keepalives_count", 2)
        params.setdefault("tcp_user_timeout", 10_000)
        conn = psycopg.connect(*cargs, autocommit=True, **params)
        try:
            conn.execute(f'LISTEN "{self.channel}"')
            self.backend_pid = conn.info.backend_pid
        except BaseException:
            conn.close()
            raise
        return conn

    def _set_state(self, state: str, message: str = "") -> None:
        if state == self.state and message == self.message:
            return
        self.state, self.message = state, message
        if state == ONLINE:
            self._online.set()
        else:
            self._online.clear()
        if self._on_state is not None:
            try:
                self._on_state(state, message)
            except Exception:  # noqa: BLE001 - a broken callback must not kill the listener
                log.exception("listener state callback failed")

    def _heard(self, change: Change) -> None:
        with self._lock:
            self._tables |= change.tables
            self.changes += 1
        self.heard.set()
        if self._on_change is not None:
            try:
                self._on_change(change)
            except Exception:  # noqa: BLE001
                log.exception("listener change callback failed")

    def _run(self) -> None:
        delay = self.retry_min
        first = True
        while not self._stop.is_set():
            try:
                self._conn = self._connect()
            except Exception as e:  # noqa: BLE001 - any failure: offline, try again later
                self._set_state(OFFLINE, _scrub(e, self._password()))
                log.info("listener cannot connect (%s); retrying in %.1fs", self.message, delay)
                if self._stop.wait(delay):
                    break
                delay = min(delay * 2, self.retry_max)
                continue
            if not first:
                self.reconnects += 1
                self._heard(Change(frozenset({"*"}), "", False))  # what was missed must be reloaded
            first = False
            delay = self.retry_min
            self._set_state(ONLINE)
            try:
                self._listen(self._conn)
            except Exception as e:  # noqa: BLE001
                if not self._stop.is_set():
                    self._set_state(OFFLINE, _scrub(e, self._password()))
                    log.info("listener lost the server (%s)", self.message)
            finally:
                conn, self._conn = self._conn, None
                try:
                    conn.close()
                except Exception:  # noqa: BLE001
                    pass
            if not self._stop.is_set() and self._stop.wait(delay):
                break
        self._set_state(STOPPED)

    def _listen(self, conn) -> None:
        beat = time.monotonic()
        while not self._stop.is_set():
            for n in conn.notifies(timeout=self.poll):
                self._heard(decode_payload(n.payload))
            if time.monotonic() - beat >= self.heartbeat:
                conn.execute("SELECT 1")
                beat = time.monotonic()
