"""Moving a desk between SQLite and PostgreSQL (`hotline-console migrate-data`).

Every table of the models is copied with SQLAlchemy Core in foreign-key
order, ids kept, audit trail included, so the moved desk is the same desk:
same ticket numbers, same timelines, same KPIs. Values go through the
column types on both sides (times as naive UTC, booleans as booleans), so
nothing depends on how either engine stores them.

Safety, in order:
- the source is read in one consistent snapshot (PostgreSQL: REPEATABLE
  READ, read only; SQLite: one read transaction under WAL), so seats that
  keep working on the source cannot tear the copy;
- the target is written in ONE transaction, which also holds the desk's
  write lock, so a failure anywhere leaves it exactly as it was;
- a target that holds any data is refused (only the reference rows the
  migration itself puts in, request types and default deadline rules, are
  replaced by the source's);
- at the end, inside the same transaction, every table's row count on the
  target must equal the source's, or nothing is committed.
Text bound for PostgreSQL loses NUL characters (which it cannot store and
which mean nothing in a resident's words; the report counts them).
PostgreSQL sequences are moved past the copied ids; on a SQLite target the
FTS5 search index is rebuilt in one pass (its triggers and the busiest
indexes are set aside during the load, see console.store.bulk).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from sqlalchemy import String, Table, bindparam, func, insert, select, update
from sqlalchemy.engine import Connection

from ..domain.errors import UserError
from ..util.progress import Progress
from .bulk import suspended_search_and_indexes
from .database import Database
from .models import Base

# Rows the migrations put into every new database (0001: request types and rules, 0006: the holiday
# calendar, 0025: the deadline policy's stamp); the source's replace them.
SEEDED_TABLES = ("request_types", "deadline_rules", "calendar_days", "calendar_years", "policy_stamp")
BATCH = 2000

# progress(rows copied so far, rows in the table, table name); phase "(index)" and "(search)"
# while a SQLite target rebuilds its indexes and FTS after the load (done = total = 0: unknown).


class TransferError(UserError):
    """The copy was refused or failed; the target was not changed."""


@dataclass
class TransferReport:
    source: str  # path or masked URL
    target: str
    revision: str
    counts: dict[str, int] = field(default_factory=dict)  # table -> rows copied, in copy order
    seconds: float = 0.0
    nul_cleaned: int = 0  # text values that lost NUL characters on the way to PostgreSQL

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def tables_in_order() -> list[Table]:
    """The desk's tables, parents before children; the deadline policy's stamp last: the triggers of the
    policy's tables renew it while they are copied, and copied after them it is the source's own token,
    which names the very inputs copied (migration 0025)."""
    tables = list(Base.metadata.sorted_tables)
    return [t for t in tables if t.name != "policy_stamp"] + [t for t in tables if t.name == "policy_stamp"]


def _same_database(a: Database, b: Database) -> bool:
    if a.sqlite_path is not None and b.sqlite_path is not None:
        try:
            return a.sqlite_path.resolve() == b.sqlite_path.resolve()
        except OSError:
            return a.sqlite_path == b.sqlite_path
    ua, ub = a.engine.url, b.engine.url
    return (ua.get_backend_name(), ua.host, ua.port, ua.database) == \
        (ub.get_backend_name(), ub.host, ub.port, ub.database)


def _check_source(src: Database, head: str) -> str:
    from .migrate import current_revision

    if src.sqlite_path is not None and not src.sqlite_path.is_file():
        raise TransferError(f"源数据库文件不存在：{src.display}", f"The source database file does not exist: {src.display}")
    rev = current_revision(src)
    if rev is None:
        raise TransferError(f"源数据库不是热线值班台的数据库（没有结构版本）：{src.display}",
                            f"The source is not a hotline-console database (no schema version): {src.display}")
    if rev != head:
        raise TransferError(
            f"源数据库的结构版本是 {rev}，本程序是 {head}：请先用本程序打开源数据库（hotline-console init）"
            "使结构一致，再迁移。",
            f"The source's schema is {rev}, this program's is {head}: open the source with this program "
            "first (hotline-console init) so the schemas match, then move it.")
    return rev


def _refuse_non_empty(conn: Connection, target: str) -> None:
    busy = []
    for t in tables_in_order():
        if t.name in SEEDED_TABLES:
            continue
        if conn.execute(select(1).select_from(t).limit(1)).first() is not None:
            busy.append((t.name, conn.execute(select(func.count()).select_from(t)).scalar_one()))
    if busy:
        first = ("tickets", "users", "units", "audit_log")
        busy.sort(key=lambda nc: first.index(nc[0]) if nc[0] in first else len(first))
        shown = ", ".join(f"{n} {c}" for n, c in busy[:6]) + (" …" if len(busy) > 6 else "")
        raise TransferError(
            f"目标数据库已有数据（{shown} 行），迁移只写入空数据库，未做任何改动：{target}。"
            "请新建一个空数据库（不必先运行 init），再迁移。",
            f"The target database already holds data ({shown} rows); migrate-data only writes into an "
            f"empty database. Nothing was changed: {target}. Create a new, empty database "
            "(no need to run init first), then move the desk.")


def _self_refs(t: Table) -> list[str]:
    """Columns of `t` that point at `t` itself (categories.parent_id)."""
    return [fk.parent.name for fk in t.foreign_keys if fk.column.table is t]


def _copy_table(sconn: Connection, dconn: Connection, t: Table, total: int,
                progress: Progress | None, batch: int, report: TransferReport | None = None) -> int:
    selfs = _self_refs(t)
    strip = report is not None and dconn.dialect.name == "postgresql"
    texts = [c.name for c in t.columns if isinstance(c.type, String)] if strip else []
    pk = list(t.primary_key.columns)
    later: list[dict] = []
    done = 0
    copier = _pg_copier(dconn, t) if dconn.dialect.name == "postgresql" else None
    if progress:
        progress(0, total, t.name)
    result = sconn.execute(select(t).order_by(*pk).execution_options(yield_per=batch))
    for part in result.partitions():
        rows = [dict(r._mapping) for r in part]
        for r in rows if texts else ():  # PostgreSQL cannot store NUL in text; SQLite could
            for c in texts:
                v = r[c]
                if v and "\x00" in v:
                    r[c] = v.replace("\x00", "")
                    report.nul_cleaned += 1
        if selfs:  # parents may come after their children: link them once all rows are in
            for r in rows:
                links = {c: r[c] for c in selfs if r[c] is not None}
                if links:
                    later.append({**{f"k_{c.name}": r[c.name] for c in pk}, **{f"v_{c}": v for c, v in links.items()}})
                    for c in links:
                        r[c] = None
        if copier is not None:
            copier(rows)
        else:
            dconn.execute(insert(t), rows)
        done += len(rows)
        if progress:
            progress(done, total, t.name)
    for c in selfs:
        params = [{**{k: v for k, v in p.items() if k.startswith("k_")}, f"v_{c}": p[f"v_{c}"]}
                  for p in later if f"v_{c}" in p]
        if params:
            stmt = (update(t).where(*[col == bindparam(f"k_{col.name}") for col in pk])
                    .values({c: bindparam(f"v_{c}")}))
            dconn.execute(stmt, params)
    return done


def _pg_copier(dconn: Connection, t: Table):
    """PostgreSQL: rows in through COPY (several times faster than INSERT), same transaction.

    Values pass through each column type's bind processor first (times to
    naive UTC), exactly as an INSERT through SQLAlchemy would store them.
    """
    dialect = dconn.dialect
    cols = list(t.columns)
    procs = [c.type.dialect_impl(dialect).bind_processor(dialect) for c in cols]
    names = ", ".join(f'"{c.name}"' for c in cols)
    sql = f'COPY "{t.name}" ({names}) FROM STDIN'
    raw = dconn.connection.dbapi_connection

    def copy(rows: list[dict]) -> None:
        with raw.cursor() as cur, cur.copy(sql) as cp:
            for r in rows:
                cp.write_row([v if (v is None or f is None) else f(v)
                              for v, f in zip((r[c.name] for c in cols), procs, strict=False)])

    return copy


def _fix_sequences(dconn: Connection) -> None:
    """PostgreSQL: move each serial past the copied ids (the next new row must not collide)."""
    for t in tables_in_order():
        pk = list(t.primary_key.columns)
        if len(pk) != 1 or pk[0].name != "id":
            continue
        seq = dconn.exec_driver_sql("SELECT pg_get_serial_sequence(%(t)s, 'id')", {"t": t.name}).scalar()
        if seq:
            dconn.exec_driver_sql(
                f'SELECT setval(%(s)s, COALESCE((SELECT MAX(id) FROM "{t.name}"), 0) + 1, false)',
                {"s": seq})


def transfer(src: Database, dst: Database, progress: Progress | None = None, *,
             batch: int = BATCH) -> TransferReport:
    """Copy the whole desk from `src` into the empty `dst`; returns what was copied.

    `dst` is created or brought to the schema head first if it has no
    tables (a new SQLite file, an empty PostgreSQL database). Raises
    TransferError (a UserError) when refused or when counts disagree; the
    target is then unchanged.
    """
    from .migrate import ensure_schema, head_revision

    started = time.monotonic()
    if _same_database(src, dst):
        raise TransferError("源数据库和目标数据库是同一个。", "The source and the target are the same database.")
    head = head_revision()
    revision = _check_source(src, head)
    ensure_schema(dst)  # creates an empty target; refuses a foreign or newer one

    report = TransferReport(src.display, dst.display, revision)
    sconn = src.engine.connect()
    if src.engine.dialect.name == "postgresql":
        sconn = sconn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
    try:
        with sconn.begin(), dst.engine.connect().execution_options(hotline_write=True) as dconn:
            with dconn.begin():
                _refuse_non_empty(dconn, dst.display)
                tables = tables_in_order()
                for name in reversed(SEEDED_TABLES):
                    dconn.execute(Base.metadata.tables[name].delete())
                expected = {t.name: sconn.execute(select(func.count()).select_from(t)).scalar_one()
                            for t in tables}
                with suspended_search_and_indexes(
                        dconn, on_phase=(lambda ph: progress(0, 0, f"({ph})")) if progress else None):
                    for t in tables:
                        report.counts[t.name] = _copy_table(sconn, dconn, t, expected[t.name], progress,
                                                            batch, report)
                if dst.engine.dialect.name == "postgresql":
                    _fix_sequences(dconn)
                _verify(dconn, tables, expected, report.counts, dst.display)
    finally:
        sconn.close()
    report.seconds = time.monotonic() - started
    return report


def _verify(dconn: Connection, tables: list[Table], expected: dict[str, int],
            copied: dict[str, int], target: str) -> None:
    wrong = []
    for t in tables:
        n = dconn.execute(select(func.count()).select_from(t)).scalar_one()
        if not (n == expected[t.name] == copied[t.name]):
            wrong.append(f"{t.name} {expected[t.name]}→{n}")
    if wrong:
        raise TransferError(
            f"迁移后行数不一致（{', '.join(wrong)}），已全部撤销，目标数据库未改动：{target}",
            f"Row counts differ after the copy ({', '.join(wrong)}); everything was rolled back and "
            f"the target is unchanged: {target}")


def table_counts(db: Database) -> dict[str, int]:
    """Rows per table (for the CLI's summary and for checks after a move)."""
    with db.engine.connect() as c:
        out = {t.name: c.execute(select(func.count()).select_from(t)).scalar_one() for t in tables_in_order()}
        c.rollback()
    return out
