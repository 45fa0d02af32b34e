"""The prebuilt statements' one-step UTCDateTime processor on SQLite (store.prebuilt.sqlite_utc_text) writes
the text the type's own chain writes — UTCDateTime's decorator (console.store.values.stored_utc), then
SQLAlchemy's SQLite DATETIME storage format — for any aware instant in any zone, and refuses a naive one
the same way."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sqlalchemy.dialects import sqlite

from console.store.prebuilt import sqlite_utc_text
from console.store.types import UTCDateTime

_DIALECT = sqlite.dialect()
_CHAIN = UTCDateTime().dialect_impl(_DIALECT).bind_processor(_DIALECT)  # as a compiled statement gets it
_ZONES = st.sampled_from([UTC, ZoneInfo("Asia/Shanghai"), ZoneInfo("America/St_Johns"), ZoneInfo("Europe/London"),
                          timezone(timedelta(hours=13, minutes=45)), timezone(-timedelta(hours=11))])


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=_ZONES))
@example(datetime(2026, 12, 6, 17, 0, tzinfo=UTC))
@example(datetime(2026, 12, 6, 17, 0, 0, 1, tzinfo=ZoneInfo("Asia/Shanghai")))
@example(datetime(999, 1, 1, 12, tzinfo=UTC))
def test_the_one_step_text_is_the_chain_s_text(at):
    assert sqlite_utc_text(at) == _CHAIN(at)


def test_a_naive_time_is_refused_by_both():
    naive = datetime(2026, 12, 6, 17, 0)
    for proc in (sqlite_utc_text, _CHAIN):
        with pytest.raises(ValueError, match="naive"):
            proc(naive)


def test_the_prebuilt_statements_use_it_on_sqlite_only():
    from sqlalchemy.dialects import postgresql

    from console.services.ticket_logging import _Statements

    assert _Statements.build(sqlite.dialect()).deadline.processors["due_at"] is sqlite_utc_text
    assert _Statements.build(postgresql.dialect()).deadline.processors["due_at"] is not sqlite_utc_text
