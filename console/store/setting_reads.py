"""One desk setting's stored text by key: the statement built once, for a Session and for a raw read.

The services read settings through `console.services.context.get_setting` / `raw_setting`; the store's own
raw reads (the shift log's desk name) use the same statement, so there is one definition of it.
"""
from __future__ import annotations

from sqlalchemy import bindparam, select

from .models import Setting
from .prepared import Prepared, RawRead

SETTING = select(Setting.__table__.c.value).where(Setting.__table__.c.key == bindparam("key"))
SETTING_RAW = Prepared(SETTING)


def raw_setting(r: RawRead, key: str, default: str = "") -> str:
    """A setting's text in a raw read (console.store.prepared), `default` when it is not stored."""
    v = r.scalar(SETTING_RAW, {"key": key})
    return default if v is None else v
