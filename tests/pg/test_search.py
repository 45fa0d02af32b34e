"""Search gives the same tickets on both engines: FTS5 trigram on SQLite, pg_trgm on PostgreSQL.

The rule both must follow (3+ characters): the term occurs inside one of
caller name, phone, address or description, case ignored; newest first.
"""
from __future__ import annotations

import pytest
from sqlalchemy import text

from console.services import tickets as T
from console.store.queries import PG_SEARCH_INDEX, search_ticket_ids

CALLS = [
    dict(caller_name="王阿姨", caller_phone="13800138000", address="嘉宏三村12号301",
         description="楼道停电，整栋楼没电"),
    dict(caller_name="Li Lei", caller_phone="13900139000", address="白马小区5号",
         description="WiFi 信号塔噪音 Noise at night"),
    dict(caller_name="陈先生", caller_phone="13700137000", address="菜场旁",
         description="下水道漏水，水漫到楼道了"),
    dict(caller_name="张 三", caller_phone="13600136000", address="",
         description="100% 满意度调查_回访 说明"),
    dict(caller_name="阿姨", caller_phone="13500135000", address="嘉宏三村8号",
         description="噪音扰民：楼上装修，晚上十点还在敲"),
]

TERMS = [
    "楼道停",     # inside one description
    "楼道",       # 2 characters: the short-term path, in two tickets
    "嘉宏三村",   # address
    "1390013",    # phone fragment
    "noise AT",   # ASCII, case ignored
    "wifi",
    "LI LEI",
    "王阿姨",     # caller name
    "阿姨 1",     # would only match across name and phone: never
    "301 楼道",   # would only match across address and description: never
    "100%",       # LIKE wildcards are literal
    "y_回访",
    "%",
    "_",
    "查_回",
    "没有这个词",
]


def _expected(rows: dict[int, dict], term: str) -> list[int]:
    t = term.strip().lower()
    hits = [i for i, r in rows.items()
            if any(t in (r.get(k) or "").lower()
                   for k in ("caller_name", "caller_phone", "address", "description"))]
    return sorted(hits, reverse=True)


@pytest.fixture
def searchable(desk, operator):
    rows = {}
    for c in CALLS:
        r = T.log_call(desk, operator, T.NewCall(**c))
        rows[r.id] = c
    return rows


def _search(desk, term, limit=500):
    with desk.db.read() as s:
        return search_ticket_ids(s, term, limit)


@pytest.mark.parametrize("term", TERMS)
def test_search_finds_the_same_tickets_on_both_engines(desk, searchable, term):
    assert _search(desk, term) == _expected(searchable, term)


def test_newest_first_and_limit(desk, searchable):
    ids = _search(desk, "阿姨")
    assert ids == sorted(ids, reverse=True) and len(ids) == 2
    assert _search(desk, "阿姨", limit=1) == ids[:1]
    assert _search(desk, "   ") == []


@pytest.mark.pg
def test_postgres_search_uses_the_trigram_index(desk, searchable):
    """EXPLAIN of the very statement the search sends: the GIN index finds the candidates."""
    from sqlalchemy import event

    from console.store.health import has_search_index

    assert has_search_index(desk.db)
    sent = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if "ILIKE" in statement:
            sent.append((statement, parameters))

    event.listen(desk.db.engine, "before_cursor_execute", capture)
    try:
        with desk.db.read() as s:
            # five rows: forbid the scans a planner would rather use on so few, leaving bitmap scans
            s.execute(text("SET LOCAL enable_seqscan = off"))
            s.execute(text("SET LOCAL enable_indexscan = off"))
            assert search_ticket_ids(s, "楼道停") == _expected(searchable, "楼道停")
            statement, params = sent[-1]
            plan = "\n".join(r[0] for r in s.connection().exec_driver_sql("EXPLAIN " + statement, params))
    finally:
        event.remove(desk.db.engine, "before_cursor_execute", capture)
    assert PG_SEARCH_INDEX in plan, plan


@pytest.mark.pg
def test_without_pg_trgm_search_still_agrees(desk, searchable):
    """A role that may not create pg_trgm gets the slower scan, with the same answers."""
    from console.store.health import SEARCH_FALLBACK_NOTE, has_search_index, notes
    from console.store.migrate import ensure_search_index

    with desk.db.write() as s:
        s.execute(text(f"DROP INDEX {PG_SEARCH_INDEX}"))
    try:
        assert not has_search_index(desk.db)
        assert notes(desk.db) == [SEARCH_FALLBACK_NOTE]
        for term in TERMS:
            assert _search(desk, term) == _expected(searchable, term), term
    finally:
        assert ensure_search_index(desk.db) is True  # `init` puts it back once it may
    assert notes(desk.db) == []


def test_pasted_nul_characters_are_ignored_not_an_error(desk, searchable):
    """A NUL is never stored (copy-and-paste debris); in a search it would break FTS5's MATCH and
    PostgreSQL's text parameters. It is dropped: the search finds what it would without it."""
    assert _search(desk, "阿\x00姨") == _search(desk, "阿姨") != []
    assert _search(desk, "\x00\x00") == []
