"""Finding tickets: by address key, by text (FTS5 on SQLite, pg_trgm on PostgreSQL)."""
from __future__ import annotations

from sqlalchemy import and_, or_, select, text
from sqlalchemy.orm import Session

from ...domain.address import search_key
from ..models import (
    Community,
    Ticket,
)


def search_ticket_ids(s: Session, term: str, limit: int = 500) -> list[int]:
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


def _address_ids(s: Session, key: str, rest: str, limit: int) -> list[int]:
    """Tickets at this address: "12号" also finds every room of building 12; a rest that
    names a community ("嘉宏三村12号301") keeps that community's only; any other rest, none."""
    rooms = and_(Ticket.address_key > key + "-", Ticket.address_key < key + ".")  # "12-…", on the index
    q = select(Ticket.id).where(or_(Ticket.address_key == key, rooms))
    if rest:
        community = s.scalar(select(Community.id).where(Community.name == rest))
        if community is None:
            return []
        q = q.where(Ticket.community_id == community)
    return list(s.scalars(q.order_by(Ticket.id.desc()).limit(limit)))


def _text_search_ids(s: Session, term: str, limit: int) -> list[int]:
    dialect = s.bind.dialect.name
    if dialect == "sqlite" and len(term) >= 3:
        quoted = '"' + term.replace('"', '""') + '"'
        return list(s.scalars(_FTS_IDS, {"q": quoted, "n": limit}))
    like = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    cols = (Ticket.caller_name, Ticket.caller_phone, Ticket.address, Ticket.description)
    op = "ilike" if dialect == "postgresql" else "like"
    q = select(Ticket.id).where(or_(*[getattr(c, op)(like, escape="\\") for c in cols]))
    if dialect == "postgresql":
        q = q.where(text(f"({PG_SEARCH_EXPR}) ILIKE :pg_like").bindparams(pg_like=like))
    return list(s.scalars(q.order_by(Ticket.id.desc()).limit(limit)))


_FTS_IDS = text("SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH :q ORDER BY rowid DESC LIMIT :n")

# The expression of the GIN trigram index (migration 0001): a query must
# repeat it exactly for PostgreSQL to use the index.
PG_SEARCH_EXPR = "caller_name || ' ' || caller_phone || ' ' || address || ' ' || description"
PG_SEARCH_INDEX = "ix_tickets_search_trgm"
