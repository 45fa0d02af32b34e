"""The store's value rules without SQLAlchemy: how a time is kept and read back, and a SQLite boolean.

One rule each, called from both sides: `console.store.types.UTCDateTime` (the models, SQLAlchemy's
Session and Core) and the frozen SQLite statements (`console.store.frozen_sql`), which run where
SQLAlchemy is not imported (the `export shift-log` process). Two copies of "a time is stored as naive UTC"
would drift apart; a log read one way and audited the other would then disagree about the hour.
"""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


def stored_utc(value: datetime) -> datetime:
    """An aware time as the store keeps it: naive UTC (SQLite has no zones; PostgreSQL would otherwise apply
    the session's). A naive time is refused — its zone is unknown, and a guess shifts every deadline."""
    if value.tzinfo is None:
        raise ValueError("naive datetime given to the store; use an aware UTC time")
    return value.astimezone(UTC).replace(tzinfo=None)


def sqlite_datetime_text(value: datetime) -> str:
    """A naive UTC time as SQLite holds it: the text SQLAlchemy's SQLite DATETIME writes (always with
    microseconds), so rows written by either path sort and compare as one column."""
    return (f"{value.year:04d}-{value.month:02d}-{value.day:02d} {value.hour:02d}:{value.minute:02d}:"
            f"{value.second:02d}.{value.microsecond:06d}")


def utc_param_sqlite(value: datetime | None) -> str | None:
    """A UTCDateTime parameter bound on SQLite: `stored_utc`, then `sqlite_datetime_text`."""
    return None if value is None else sqlite_datetime_text(stored_utc(value))


def as_utc(value: Any) -> datetime | None:
    """A UTCDateTime column as stored (SQLite text, PostgreSQL naive) → aware UTC (the text parsed with
    its zone in one call: 5× faster than parsing, then replacing the zone)."""
    if value.__class__ is str:
        try:
            return _fromisoformat(value + "+00:00")
        except ValueError:  # text that names a zone of its own: the store's rule, the zone replaced
            value = datetime.fromisoformat(value)
    return None if value is None else value.replace(tzinfo=UTC)


_fromisoformat = datetime.fromisoformat


def as_bool(value: Any) -> bool | None:
    """A SQLite boolean (0/1) as Python's, None kept."""
    return None if value is None else bool(value)


def bool_param(value: Any) -> int | None:
    """A boolean parameter as SQLite stores it (1/0), None kept."""
    return None if value is None else int(bool(value))


# kind name (as a frozen statement records it) → the conversion; None: the driver's value as it is
PARAM_KINDS = {"utc": utc_param_sqlite, "bool": bool_param}
COLUMN_KINDS = {"utc": as_utc, "bool": as_bool}
