"""`hotline-console check` for both engines: is this desk's database sound?

SQLite: `integrity_check` and `foreign_key_check` of the file, then the
schema revision against this program's head.
PostgreSQL: can we connect at all (the message names the server with the
password masked), the schema revision, every table, constraint and the
audit trail's append-only trigger the migrations made, no constraint left
NOT VALID, and no row pointing at a missing parent (which only a restore
or a hand edit with constraints switched off could leave behind).
Both, once the schema is sound: every ticket's open deadlines match its
status (an open ticket is owed a resolution deadline; `deadline_problems`).

Problems come back as `backup.Problem` (Chinese and English); [] means
healthy. `notes` are things worth saying that are not faults (search
without pg_trgm is slower, not wrong).
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import ForeignKeyConstraint, and_, bindparam, create_engine, exists, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from ..domain.deadline_effects import RES, invariant_breaches
from ..domain.lifecycle import OPEN_STATUS_CODES
from .backup import Problem, file_problems
from .database import Database
from .models import Base
from .queries import PG_SEARCH_INDEX
from .revisions import current_revision, is_newer_than_program, migration_scripts


def head_problems(heads: Sequence[str] | None = None) -> list[Problem]:
    """The program's own fault, whatever the database: its migrations must end
    in exactly one head. `heads` saves reading the scripts again."""
    heads = migration_scripts().get_heads() if heads is None else heads
    if len(heads) == 1:
        return []
    return [Problem(
        f"本程序的迁移脚本有 {len(heads)} 个终点（{', '.join(heads)}），应只有一个。",
        f"This program's migrations have {len(heads)} heads ({', '.join(heads)}); there must be one.")]


def revision_problems(revision: str | None) -> list[Problem]:
    """The database's schema `revision` against this program's head (and the
    head itself, `head_problems`); [] when it is the latest."""
    script = migration_scripts()
    heads = script.get_heads()
    out = head_problems(heads)
    head = heads[0] if len(heads) == 1 else None
    if revision is None:
        out.append(Problem("这个数据库没有结构版本记录：不是热线值班台的数据库，或从未初始化。",
                           "The database has no schema version: not a hotline-console database, "
                           "or never initialised."))
    elif is_newer_than_program(revision, script):
        out.append(Problem(f"数据库的结构版本（{revision}）比本程序新，请升级程序。",
                           f"The database schema ({revision}) is newer than this program; "
                           "upgrade the program."))
    elif head is not None and revision != head:
        out.append(Problem(f"数据库的结构版本是 {revision}，不是最新的 {head}：运行 hotline-console init 升级。",
                           f"The database schema is {revision}, not the latest {head}: "
                           "run hotline-console init to upgrade."))
    return out


def check_database(db: Database) -> list[Problem]:
    """Everything wrong with the desk's database that `check` should report."""
    if db.sqlite_path is not None:
        from .backup import file_revision

        found = file_problems(db.sqlite_path)
        if found:
            return found
        return revision_problems(file_revision(db.sqlite_path)) or sqlite_data_problems(db.sqlite_path)
    if db.engine.dialect.name != "postgresql":
        return [Problem("不支持的数据库类型。", "Unsupported kind of database.")]
    return _check_postgres(db)


def _check_postgres(db: Database) -> list[Problem]:
    from .db_errors import classify

    try:
        with db.engine.connect() as c:
            c.execute(text("SELECT 1"))
            c.rollback()
        revision = current_revision(db)
    except DBAPIError as e:
        err = classify(e, db.display)
        if err is None:
            return [Problem(f"无法连接数据库服务器（{db.display}）。",
                            f"Cannot connect to the database server ({db.display}).")]
        return [Problem(err.zh, err.en)]
    problems = revision_problems(revision)
    if revision is None:
        return problems
    with db.engine.connect() as c:
        try:
            problems += _pg_schema_problems(c)
            problems += _orphan_problems(c)
            if not problems:
                problems += data_problems(c)
        finally:
            c.rollback()
    return problems


def _pg_schema_problems(c) -> list[Problem]:
    out: list[Problem] = []
    tables = set(c.execute(text(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")).scalars())
    missing_tables = sorted(set(Base.metadata.tables) - tables)
    if missing_tables:
        out.append(Problem(f"缺少数据表：{'、'.join(missing_tables)}。",
                           f"Missing tables: {', '.join(missing_tables)}."))
    rows = c.execute(text(
        "SELECT con.conname, con.convalidated FROM pg_constraint con "
        "JOIN pg_namespace n ON n.oid = con.connamespace WHERE n.nspname = current_schema()")).all()
    present = {r[0] for r in rows}
    not_valid = sorted(r[0] for r in rows if not r[1])
    expected = set()
    for t in Base.metadata.tables.values():
        if t.name in missing_tables:
            continue
        for con in t.constraints:
            if con.name:
                expected.add(str(con.name))
    missing = sorted(expected - present)
    if missing:
        shown = ", ".join(missing[:8]) + (" …" if len(missing) > 8 else "")
        out.append(Problem(f"缺少 {len(missing)} 个约束：{shown}。",
                           f"{len(missing)} constraint(s) are missing: {shown}."))
    if not_valid:
        out.append(Problem(f"有未经验证（NOT VALID）的约束：{', '.join(not_valid)}。",
                           f"Constraint(s) marked NOT VALID: {', '.join(not_valid)}."))
    trig = c.execute(text(
        "SELECT count(*) FROM pg_trigger WHERE tgname IN ('audit_log_append_only', 'audit_log_no_truncate') "
        "AND NOT tgisinternal AND tgenabled <> 'D'")).scalar_one()
    if "audit_log" in tables and trig < 2:  # the row trigger, and the statement trigger that refuses TRUNCATE
        out.append(Problem("审计日志缺少“只可追加”的触发器（或已被停用）：记录可能被改动、删除或清空。",
                           "The audit log's append-only trigger is missing or disabled: its rows "
                           "could be changed, deleted or truncated."))
    return out


def _orphan_problems(c) -> list[Problem]:
    """Rows whose foreign key names a row that is not there, per constraint."""
    out: list[Problem] = []
    present = set(c.execute(text(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")).scalars())
    for t in Base.metadata.sorted_tables:
        if t.name not in present:
            continue
        for fk in t.constraints:
            if not isinstance(fk, ForeignKeyConstraint) or fk.referred_table.name not in present:
                continue
            parent = fk.referred_table
            pairs = [(e.parent, e.column) for e in fk.elements]
            child_alias, parent_alias = t.alias("c"), parent.alias("p")
            cond = and_(*[parent_alias.c[p.name] == child_alias.c[ch.name] for ch, p in pairs])
            not_null = and_(*[child_alias.c[ch.name].is_not(None) for ch, _ in pairs])
            n = c.execute(select(func.count()).select_from(child_alias).where(
                not_null, ~exists().where(cond))).scalar_one()
            if n:
                cols = ", ".join(ch.name for ch, _ in pairs)
                out.append(Problem(
                    f"表 {t.name} 有 {n} 行的 {cols} 指向 {parent.name} 中不存在的记录。",
                    f"{n} row(s) of {t.name} point through {cols} at missing rows of {parent.name}."))
    return out


EXAMPLES = 5  # ticket numbers named in a finding


def sqlite_data_problems(path: Path) -> list[Problem]:
    """The data checks (`data_problems`) of a sound SQLite file at the latest schema, read-only."""
    from .backup import open_read_only

    engine = create_engine("sqlite://", creator=lambda: open_read_only(path), poolclass=NullPool)
    try:
        with engine.connect() as c:
            return data_problems(c)
    finally:
        engine.dispose()


def data_problems(c) -> list[Problem]:
    """What `check` reads in the rows themselves: the deadline invariant and the audit chain."""
    return deadline_problems(c) + audit_chain_problems(c)


def audit_chain_problems(c) -> list[Problem]:
    """The first audit row where the hash chain breaks (console.domain.audit_chain): a row changed,
    removed or slipped in after the triggers were lifted."""
    from ..domain.audit_chain import ChainRow, first_break
    from .models import AuditEntry

    t = AuditEntry.__table__
    rows = c.execute(select(t.c.id, t.c.at, t.c.user_id, t.c.action, t.c.entity, t.c.entity_id, t.c.old, t.c.new,
                            t.c.prev_hash, t.c.row_hash, t.c.via).order_by(t.c.id).execution_options(yield_per=2000))
    broken = first_break(ChainRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6] or "", r[7] or "", r[8] or "",
                                  r[9] or "", r[10] or "") for r in rows)
    if broken is None:
        return []
    return [Problem(f"操作日志从第 {broken} 条起不连续：有记录被改动、删除或插入（哈希链断开）。",
                    f"The audit trail breaks at row {broken}: a row was changed, removed or inserted "
                    "(its hash chain does not follow).")]


def deadline_problems(c) -> list[Problem]:
    """Tickets whose open deadlines do not match their status (console.domain.deadline_effects's
    invariant): above all, an open ticket without a resolution deadline, which no reminder reaches."""
    statuses = sorted(OPEN_STATUS_CODES)
    missing = c.execute(text(
        "SELECT t.number FROM tickets t WHERE t.status IN :statuses AND t.paused_at IS NULL AND NOT EXISTS ("
        "SELECT 1 FROM deadlines d WHERE d.ticket_id = t.id AND d.kind = :res AND d.done_at IS NULL) "
        "ORDER BY t.id").bindparams(bindparam("statuses", expanding=True)),
        {"statuses": statuses, "res": RES}).scalars().all()
    out: list[Problem] = []
    if missing:
        shown = "、".join(missing[:EXAMPLES]) + (" …" if len(missing) > EXAMPLES else "")
        out.append(Problem(
            f"{len(missing)} 张未办结工单没有办结时限，待办提醒永远不会提到它们（如 {shown}）。",
            f"{len(missing)} open ticket(s) have no resolution deadline: no reminder will ever name them "
            f"(e.g. {shown.replace('、', ', ')})."))
    counts: dict[tuple[int, str, str, bool, str | None], dict[str, int]] = {}
    for tid, number, status, paused, stage, kind, n in c.execute(text(
            "SELECT t.id, t.number, t.status, t.paused_at IS NOT NULL, t.review_stage, d.kind, count(*) "
            "FROM deadlines d JOIN tickets t ON t.id = d.ticket_id WHERE d.done_at IS NULL "
            "GROUP BY t.id, t.number, t.status, t.paused_at, t.review_stage, d.kind ORDER BY t.id")):
        counts.setdefault((tid, number, status, bool(paused), stage), {})[kind] = n
    wrong = [(number, breach) for (_, number, status, paused, stage), kinds in counts.items()
             for breach in invariant_breaches(status, kinds, paused, stage)[:1]
             if status not in OPEN_STATUS_CODES or paused or kinds.get(RES)]  # the missing ones are said above
    if wrong:
        number, breach = wrong[0]
        out.append(Problem(
            f"{len(wrong)} 张工单的未完成时限与其状态不符（如 {number}：{breach}）。",
            f"{len(wrong)} ticket(s) have open deadlines that do not match their status "
            f"(e.g. {number}: {breach})."))
    return out


def notes(db: Database) -> list[Problem]:
    """Things worth telling that are not faults (PostgreSQL search without pg_trgm)."""
    if db.engine.dialect.name != "postgresql":
        return []
    try:
        ok = has_search_index(db)
    except DBAPIError:
        return []
    if ok:
        return []
    return [SEARCH_FALLBACK_NOTE]


SEARCH_FALLBACK_NOTE = Problem(
    "全文搜索没有 pg_trgm 索引（数据库账号无权创建 pg_trgm 扩展）：搜索照常可用，但工单多时会变慢。"
    "请数据库管理员执行 CREATE EXTENSION pg_trgm，然后运行 hotline-console init。",
    "Search has no pg_trgm index (the database role may not create the pg_trgm extension): search "
    "works, but slows down as tickets grow. Ask the database administrator to run CREATE EXTENSION "
    "pg_trgm, then run hotline-console init.")


def has_search_index(db: Database) -> bool:
    """PostgreSQL: is the GIN trigram index of the search in place? (SQLite: FTS5, always.)"""
    if db.engine.dialect.name != "postgresql":
        return True
    with db.engine.connect() as c:
        n = c.execute(text("SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() "
                           "AND indexname = :n"), {"n": PG_SEARCH_INDEX}).scalar_one()
        c.rollback()
    return bool(n)
