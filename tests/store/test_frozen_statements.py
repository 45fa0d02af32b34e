"""The frozen SQLite statements are a build artifact of their Core definitions, converted by one rule."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import DateTime
from sqlalchemy.dialects import sqlite

from console.store import values
from console.store.freezing import FROZEN, TARGET, render
from console.store.frozen import shift_log_sqlite as F
from console.store.frozen_sql import FrozenStatement
from console.store.types import UTCDateTime


def test_the_frozen_module_is_what_the_statements_compile_to_now():
    """A statement changed (or a SQLAlchemy that compiles it otherwise) without regenerating fails here:
    run `python scripts/freeze_statements.py`."""
    assert TARGET.read_text(encoding="utf-8") == render()


def test_every_frozen_statement_names_its_definition():
    names = {n for _module, group in FROZEN for n in group}
    frozen = {k for k, v in vars(F).items() if isinstance(v, FrozenStatement)}
    assert frozen == names
    dialect = sqlite.dialect()
    for name in names:
        st = getattr(F, name)
        assert st.definition().compiled(dialect).sql == st.sql


@pytest.mark.parametrize("at", [
    datetime(2026, 12, 4, 20, 0, tzinfo=UTC),
    datetime(2026, 12, 4, 20, 0, 0, 7, tzinfo=timezone(timedelta(hours=8))),
    datetime(1999, 1, 1, 0, 0, 59, 999999, tzinfo=UTC),
])
def test_a_time_is_stored_and_read_back_by_one_rule(at):
    d = sqlite.dialect()
    sa_text = DateTime().dialect_impl(d).bind_processor(d)(UTCDateTime().process_bind_param(at, d))
    assert values.utc_param_sqlite(at) == sa_text  # the text SQLAlchemy writes, written without it
    assert values.as_utc(sa_text) == at == UTCDateTime().process_result_value(sa_text, d)


def test_a_naive_time_is_refused_both_ways():
    with pytest.raises(ValueError):
        values.utc_param_sqlite(datetime(2026, 12, 4, 20, 0))
    with pytest.raises(ValueError):
        UTCDateTime().process_bind_param(datetime(2026, 12, 4, 20, 0), sqlite.dialect())


def test_booleans_as_sqlalchemy_reads_them():
    from sqlalchemy import Boolean

    d = sqlite.dialect()
    proc = Boolean().dialect_impl(d).result_processor(d, None)
    for v in (0, 1, None):
        assert values.as_bool(v) == proc(v)
    assert [values.bool_param(v) for v in (True, False, None)] == [1, 0, None]


def test_the_quarterly_exports_frozen_module_is_what_its_statements_compile_to_now():
    """The same for the quarterly export's statements (console.services.quarterly_lite)."""
    from console.store.freezing import FROZEN_QUARTERLY, QUARTERLY_SHARED, QUARTERLY_TARGET
    from console.store.frozen import quarterly_sqlite as Q

    assert QUARTERLY_TARGET.read_text(encoding="utf-8") == render(FROZEN_QUARTERLY, QUARTERLY_SHARED)
    names = {n for _module, group in FROZEN_QUARTERLY for n in group} | set(QUARTERLY_SHARED)
    assert {k for k, v in vars(Q).items() if isinstance(v, FrozenStatement)} == names
    dialect = sqlite.dialect()
    for name in names:
        st = getattr(Q, name)
        assert st.definition().compiled(dialect).sql == st.sql
