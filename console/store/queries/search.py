"""Finding tickets: by address key, by text (FTS5 on SQLite, pg_trgm on PostgreSQL)."""
from __future__ import annotations

from sqlalchemy import Integer, and_, bindparam, or_, select, text
from sqlalchemy.orm import Session

from ...domain.address import search_key
from ..models import (
    Community,
    Ticket,
)
from ..prepared import Prepared, RawRead, dialect_name, rows_of


def search_ticket_ids(s: Session | RawRead, term: str, limit: int = 500) -> list[int]:
    """Newest first, by full text over caller, phone, address and description.

    A term that reads as an address ("12号301", "12-301") also finds the
    tickets stored with that address key, however their address was typed.

    SQLite: FTS5 trigram (3+ characters); shorter terms fall back to LIKE,
    which scans but is rare (a single 漏 is not a useful search anyway).
    PostgreSQL: ILIKE over the very expression the migration's pg_trgm GIN
    index covers (`PG_SEARCH_EXPR`), so the index finds the candidates; the
    per-column ILIKE after it drops matches that only span two columns, so
    the ids agree with SQLite's FTS (a match lies inside one column, case
    ignored). Without pg_trgm the same query runs as a slower scan.

    In a Session or a raw read (console.store.prepared: the window's search); the statements are built once.
    """
    # NUL is never stored (database._strip_nul) and breaks the FTS MATCH and PostgreSQL's text
    term = (term or "").replace("\x00", "").strip()
    if not term:
        return []
    found = _text_search_ids(s, term, limit)
    key, rest = search_key(term)
    if not key:
        return found
    return sorted(set(found) | set(_address_ids(s, key, rest, limit)), reverse=True)[:limit]


def _address_ids(s: Session | RawRead, key: str, rest: str, limit: int) -> list[int]:
    """Tickets at this address: "12号" also finds every room of building 12; a rest that
    names a community ("嘉宏三村12号301") keeps that community's only; any other rest, none."""
    params: dict[str, object] = {"key": key, "lo": key + "-", "hi": key + ".", "n": limit}  # "12-…", on the index
    if not rest:
        return [r[0] for r in rows_of(s, _ADDRESS_IDS, params)]
    found = rows_of(s, _COMMUNITY_ID, {"name": rest})
    if not found:
        return []
    return [r[0] for r in rows_of(s, _ADDRESS_IDS_IN, {**params, "community": found[0][0]})]


def _text_search_ids(s: Session | RawRead, term: str, limit: int) -> list[int]:
    dialect = dialect_name(s)
    if dialect == "sqlite" and len(term) >= 3:
        quoted = '"' + term.replace('"', '""') + '"'
        return [r[0] for r in rows_of(s, _FTS_IDS, {"q": quoted, "n": limit})]
    like = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    stmt = _PG_LIKE_IDS if dialect == "postgresql" else _LIKE_IDS
    return [r[0] for r in rows_of(s, stmt, {"like": like, "n": limit})]


def _like_ids(op: str):
    cols = (Ticket.caller_name, Ticket.caller_phone, Ticket.address, Ticket.description)
    q = select(Ticket.id).where(or_(*[getattr(c, op)(bindparam("like"), escape="\\") for c in cols]))
    if op == "ilike":
        q = q.where(text(f"({PG_SEARCH_EXPR}) ILIKE :like"))
    return q.order_by(Ticket.id.desc()).limit(bindparam("n", type_=Integer))


# The expression of the GIN trigram index (migration 0001): a query must
# repeat it exactly for PostgreSQL to use the index.
PG_SEARCH_EXPR = "caller_name || ' ' || caller_phone || ' ' || address || ' ' || description"
PG_SEARCH_INDEX = "ix_tickets_search_trgm"

_FTS_IDS = Prepared(text("SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH :q ORDER BY rowid DESC LIMIT :n"))
_LIKE_IDS = Prepared(_like_ids("like"))
_PG_LIKE_IDS = Prepared(_like_ids("ilike"))
_ROOMS = and_(Ticket.address_key > bindparam("lo"), Ticket.address_key < bindparam("hi"))
_ADDRESS_IDS = Prepared(select(Ticket.id).where(or_(Ticket.address_key == bindparam("key"), _ROOMS))
                        .order_by(Ticket.id.desc()).limit(bindparam("n", type_=Integer)))
_ADDRESS_IDS_IN = Prepared(select(Ticket.id).where(or_(Ticket.address_key == bindparam("key"), _ROOMS),
                                                   Ticket.community_id == bindparam("community"))
                           .order_by(Ticket.id.desc()).limit(bindparam("n", type_=Integer)))
_COMMUNITY_ID = Prepared(select(Community.id).where(Community.name == bindparam("name")))
