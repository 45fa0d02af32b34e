"""The audit chain's hashed text: `row_hash` writes the JSON list in one piece for speed (every logged call
hashes two rows); it must hash exactly what `chain_hash(prev, row_fields(…))` hashes — the rule the chain was
built with, which bulk writers and the checks use — and `audit_text` must write what the encoder wrote of its
copy with instants as ISO text. Arbitrary text (escapes, quotes, control and non-BMP characters), ids, times."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import example, given, settings
from hypothesis import strategies as st

from console.domain.audit_chain import _jsonable, as_json, audit_text, chain_hash, row_fields, row_hash

_ids = st.one_of(st.none(), st.integers(-(2**63), 2**63), st.booleans())
_times = st.one_of(
    st.datetimes(timezones=st.just(UTC)),
    st.datetimes(),  # naive: read as UTC
    st.datetimes(timezones=st.sampled_from([timezone(timedelta(hours=8)), timezone(timedelta(hours=-3, minutes=-30))])))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(max_size=70), _times, _ids, st.text(max_size=20), st.text(max_size=10), _ids,
       st.text(max_size=60), st.text(max_size=60), st.text(max_size=20))
@example("", datetime(2026, 12, 6, 17, 0, tzinfo=UTC), 3, "log_call", "ticket", 12, "",
         '{"number": "20261206-0001", "caller_phone": "021-51723387"}', "")
@example("ab" * 32, datetime(2026, 12, 6, 17, 0), None, "动作\"\\\n\x00\u2028😀", "ticket", None, "旧", "新", "cli:王")
def test_row_hash_is_the_chain_hash_of_the_row_fields(prev, at, user_id, action, entity, entity_id, old, new, via):
    expected = chain_hash(prev, row_fields(at, user_id, action, entity, entity_id, old, new, via))
    assert row_hash(prev, at, user_id, action, entity, entity_id, old, new, via) == expected


_values = st.dictionaries(st.text(max_size=8), st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(max_size=20), st.datetimes(timezones=st.just(UTC)),
    st.lists(st.integers(), max_size=3)), max_size=6)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(_values)
def test_audit_text_is_the_encoding_of_its_copy(values):
    assert audit_text(values) == (as_json({k: _jsonable(v) for k, v in values.items()}) if values else "")
