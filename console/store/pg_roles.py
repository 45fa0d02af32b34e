"""PostgreSQL: the seat role, which reads and writes rows but owns nothing.

Every seat used to connect as the role that owns the tables, and an owner
may do anything to them: `DROP TRIGGER audit_log_append_only`, then empty
the audit trail, and nobody could tell. So a desk on a server has two roles:

* the **owner** runs `hotline-console init` (the migrations) and `restore`;
  it owns every table, sequence and trigger;
* the **seat** role is what the seats' URLs name. It may SELECT, INSERT,
  UPDATE and DELETE rows and draw ids from the sequences; on `audit_log`
  only SELECT and INSERT (the trail is append-only by privilege as well as
  by trigger); on `alembic_version` only SELECT (a seat checks the schema at
  start, never moves it); on `policy_stamp` only SELECT (its token is renewed
  by triggers that run as the owner). Owning nothing, it can ALTER, DROP or TRUNCATE
  nothing and can neither drop nor disable a trigger.

Everything else a seat does day to day needs no grant: LISTEN/NOTIFY,
advisory locks (the desk's write lock), reading the catalogs (`check`) and
pg_dump (it reads with SELECT) are open to every role. Restoring a backup and
upgrading the schema need the owner.

The statements are written once, here; `apply_seat_grants` runs them on a
connection (tests, an administrator's own script), and `seat_grant_script`
renders the same statements as the psql recipe shipped as
docs/postgresql-seat-role.sql (a test keeps that file equal to it).
`ALTER DEFAULT PRIVILEGES` makes tables and sequences that later migrations
(or a restore, run as the owner) create readable and writable by the seat
too. A restore recreates `audit_log` and `alembic_version` with those broad
defaults, so the restore narrows them again for every seat role the
defaults name (`renarrow_seats`). Every statement is idempotent: running
the recipe twice changes nothing.
"""
from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

from ..domain.errors import UserError

APPEND_ONLY_TABLE = "audit_log"  # rows added and read, never changed, removed or truncated
VERSION_TABLE = "alembic_version"  # read at every start, written only by the owner's migrations
# read by every write that times a deadline; written only by its triggers, which run as the owner (migration
# 0026: SECURITY DEFINER) — a seat that could set the token could keep another seat on stale rules
STAMP_TABLE = "policy_stamp"
SEAT_TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"  # never TRUNCATE, REFERENCES or TRIGGER
SEAT_SEQUENCE_PRIVILEGES = "USAGE, SELECT"  # nextval and currval; not setval (UPDATE)

SCRIPT_PATH = "docs/postgresql-seat-role.sql"  # inside the repository, relative to its root

# psql variables the recipe uses for the three names (`:"name"` quotes an identifier).
_PSQL_SEAT, _PSQL_OWNER, _PSQL_SCHEMA = ':"seat"', ':"owner"', ':"schema"'


def quote_ident(name: str) -> str:
    """A role or schema name as a SQL identifier (double quotes, inner quotes doubled)."""
    if not name or "\x00" in name:
        raise ValueError(f"not a usable SQL identifier: {name!r}")
    return '"' + name.replace('"', '""') + '"'


def _narrowing(seat: str, schema: str, stamp: bool = True) -> list[str]:
    """`audit_log`, `alembic_version` and `policy_stamp` back to what a seat may do there, whatever was
    granted before (`stamp` False: a desk from before migration 0025 has no policy_stamp yet)."""
    return [
        f"REVOKE ALL ON TABLE {schema}.{APPEND_ONLY_TABLE} FROM {seat}",
        f"GRANT SELECT, INSERT ON TABLE {schema}.{APPEND_ONLY_TABLE} TO {seat}",
        f"REVOKE ALL ON TABLE {schema}.{VERSION_TABLE} FROM {seat}",
        f"GRANT SELECT ON TABLE {schema}.{VERSION_TABLE} TO {seat}",
        *(stamp_narrowing(seat, schema) if stamp else []),
    ]


def stamp_narrowing(seat: str, schema: str) -> list[str]:
    """`policy_stamp` read-only for `seat` (identifiers already quoted): also run by migration 0026 for the
    seat roles a desk has."""
    return [f"REVOKE ALL ON TABLE {schema}.{STAMP_TABLE} FROM {seat}",
            f"GRANT SELECT ON TABLE {schema}.{STAMP_TABLE} TO {seat}"]


def _statements(seat: str, owner: str, schema: str) -> list[str]:
    """The grants, with `seat`, `owner` and `schema` already written as SQL identifiers.

    Order matters: the broad grant first, then `audit_log` and
    `alembic_version` narrowed by REVOKE ALL + GRANT, so running the list
    again (after a restore widened them through the default privileges)
    ends in the same state.
    """
    return [
        f"GRANT USAGE ON SCHEMA {schema} TO {seat}",
        f"GRANT {SEAT_TABLE_PRIVILEGES} ON ALL TABLES IN SCHEMA {schema} TO {seat}",
        *_narrowing(seat, schema),
        f"GRANT {SEAT_SEQUENCE_PRIVILEGES} ON ALL SEQUENCES IN SCHEMA {schema} TO {seat}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} "
        f"GRANT {SEAT_TABLE_PRIVILEGES} ON TABLES TO {seat}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} "
        f"GRANT {SEAT_SEQUENCE_PRIVILEGES} ON SEQUENCES TO {seat}",
    ]


def seat_grant_statements(seat: str, owner: str, schema: str = "public") -> list[str]:
    """The GRANT statements that make `seat` a seat role of the desk that `owner` owns."""
    return _statements(quote_ident(seat), quote_ident(owner), quote_ident(schema))


def desk_owner(conn: Connection) -> str | None:
    """The role owning the desk's tables (the owner of alembic_version); None before `init`."""
    return conn.execute(text(
        "SELECT pg_get_userbyid(c.relowner) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relname = :t AND c.relkind = 'r' AND n.nspname = current_schema()"),
        {"t": VERSION_TABLE}).scalar_one_or_none()


def apply_seat_grants(conn: Connection, seat: str) -> list[str]:
    """Run the grants for `seat` on `conn` (as the owner or a superuser); returns what ran.

    The caller commits. The desk must have been made by `init` first: the
    owner is read from it, so the default privileges follow the role that
    will run the later migrations.
    """
    owner = desk_owner(conn)
    if owner is None:
        raise UserError("这个数据库还没有热线值班台的表：请先由所有者账号运行 hotline-console init。",
                        "This database holds no hotline-console tables yet: have the owner role run "
                        "hotline-console init first.")
    schema = conn.execute(text("SELECT current_schema()")).scalar_one()
    done = seat_grant_statements(seat, owner, schema)
    for sql in done:
        conn.exec_driver_sql(sql)
    return done


def seat_roles(conn: Connection) -> list[str]:
    """The seat roles of this desk: those the owner's default privileges name for new tables."""
    return list(conn.execute(text(
        "SELECT DISTINCT pg_get_userbyid(a.grantee) FROM pg_default_acl d "
        "JOIN pg_namespace n ON n.oid = d.defaclnamespace, aclexplode(d.defaclacl) a "
        "WHERE d.defaclobjtype = 'r' AND n.nspname = current_schema() "
        "AND d.defaclrole = to_regrole(:owner) AND a.grantee <> d.defaclrole ORDER BY 1"),
        {"owner": desk_owner(conn)}).scalars())


def renarrow_seats(conn: Connection) -> list[str]:
    """After a restore (run as the owner) recreated the tables: the default privileges gave every
    seat role UPDATE and DELETE on `audit_log` and `alembic_version` too; take them back.
    Returns the roles narrowed; the caller commits."""
    schema = quote_ident(conn.execute(text("SELECT current_schema()")).scalar_one())
    stamp = conn.execute(text("SELECT to_regclass(:t) IS NOT NULL"), {"t": STAMP_TABLE}).scalar_one()
    seats = seat_roles(conn)
    for seat in seats:
        for sql in _narrowing(quote_ident(seat), schema, stamp=bool(stamp)):
            conn.exec_driver_sql(sql)
    return seats


def seat_grant_script() -> str:
    """The psql recipe (docs/postgresql-seat-role.sql): the same statements, names from psql variables."""
    lines = [
        "-- hotline-console: a seat role that reads and writes rows but owns nothing.",
        "-- Generated from console/store/pg_roles.py (seat_grant_script); a test keeps this file equal to it.",
        "--",
        "-- Run it as the desk's owner (the role that ran `hotline-console init`) or as a superuser,",
        "-- after init, naming the seat role (create it first, e.g. CREATE ROLE hotline_seat LOGIN PASSWORD '...'):",
        "--",
        "--   psql 'postgresql://OWNER@HOST/DATABASE' -v seat=hotline_seat -f docs/postgresql-seat-role.sql",
        "--",
        "-- It only grants and narrows: running it twice changes nothing. One run per seat role.",
        "-- The owner is read from the desk (the owner of alembic_version); the schema is the current one.",
        "",
        "\\set ON_ERROR_STOP on",
        "\\if :{?seat}",
        "\\else",
        "  DO $$BEGIN RAISE EXCEPTION 'name the seat role: psql ... -v seat=ROLE -f %', "
        f"'{SCRIPT_PATH}'; END$$;",
        "\\endif",
        "-- one row always: a NULL owner (no desk here) leaves :owner unset",
        "SELECT (SELECT pg_get_userbyid(c.relowner) FROM pg_class c",
        "          JOIN pg_namespace n ON n.oid = c.relnamespace",
        f"         WHERE c.relname = '{VERSION_TABLE}' AND c.relkind = 'r' AND n.nspname = current_schema())",
        "       AS owner, current_schema() AS schema \\gset",
        "\\if :{?owner}",
        "\\else",
        "  DO $$BEGIN RAISE EXCEPTION 'no hotline-console tables here: run hotline-console init "
        "as the owner role first'; END$$;",
        "\\endif",
        "",
        "BEGIN;",
        *(s + ";" for s in _statements(_PSQL_SEAT, _PSQL_OWNER, _PSQL_SCHEMA)),
        "COMMIT;",
        "",
    ]
    return "\n".join(lines)


def current_role(conn: Connection) -> str:
    """The role this connection acts as (for messages that name it)."""
    return str(conn.execute(text("SELECT current_user")).scalar_one())


def may_migrate(conn: Connection) -> bool:
    """Whether the connected role may run the migrations: it owns (or has the rights of the role
    owning) alembic_version, as the owner and superusers do. True before `init` (no table yet:
    creating the schema is then up to the server's CREATE privilege)."""
    owner = desk_owner(conn)
    if owner is None:
        return True
    return bool(conn.execute(text("SELECT pg_has_role(current_user, :o, 'USAGE')"), {"o": owner}).scalar_one())


def owner_must_upgrade(where: str, current: str | None, head: str, role: str | None) -> UserError:
    """One line for a seat role that opens a desk whose schema is behind the program: only the
    owner may upgrade it, so say who must run what instead of the server's permission error."""
    who_zh, who_en = (f"账号 {role} ", f"the role {role}") if role else ("当前账号", "this role")
    if current is None:
        what_zh, what_en = f"还没有建立结构（本程序需要 {head}）", f"has no schema yet (this program needs {head})"
        why_zh, why_en = f"{who_zh}无权建表", f"{who_en} may not create tables"
    else:
        what_zh = f"的结构需要升级（{current} → {head}）"
        what_en = f"needs its schema upgraded ({current} → {head})"
        why_zh, why_en = f"{who_zh}不是表的所有者，无权升级", f"{who_en} does not own its tables and may not"
    return UserError(
        f"数据库（{where}）{what_zh}，但{why_zh}：请由所有者账号运行 "
        "hotline-console init --db <所有者账号的数据库地址>，然后再打开。",
        f"The database ({where}) {what_en}, but {why_en}: have the owner role run "
        "hotline-console init --db <owner's URL>, then open it again.")
