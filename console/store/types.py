"""Column types shared by the models.

Times are stored as naive UTC (SQLite has no time zones; PostgreSQL would
otherwise convert with the session zone) and come back timezone-aware, so
code above the store never compares a naive time with an aware one.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

from .values import as_utc, stored_utc


class UTCDateTime(TypeDecorator):
    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        """The rule in console.store.values (shared with the frozen SQLite statements)."""
        return None if value is None else stored_utc(value)

    def process_result_value(self, value: datetime | str | None, dialect):
        """Text on SQLite's raw SQL paths, naive on PostgreSQL: aware UTC (console.store.values.as_utc)."""
        return as_utc(value)
