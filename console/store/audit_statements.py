"""The audit trail's tail and its INSERT as Core statements, for writers that run without a Session.

`services.context.audit` appends through the ORM; the `export shift-log` process without SQLAlchemy
(console.services.shift_log_lite) appends the same row with these, frozen as SQLite text
(console/store/frozen/shift_log_sqlite.py). The columns are the ones `domain.audit_chain.audit_row` fills.
"""
from __future__ import annotations

from sqlalchemy import bindparam, insert, select

from ..domain.audit_chain import AUDIT_COLUMNS
from .models import AuditEntry
from .prepared import Prepared

_T = AuditEntry.__table__
AUDIT_TAIL_SELECT = select(_T.c.row_hash).order_by(_T.c.id.desc()).limit(1)  # the last row's hash
AUDIT_TAIL = Prepared(AUDIT_TAIL_SELECT)
AUDIT_INSERT = Prepared(insert(_T).values({c: bindparam(c, type_=_T.c[c].type) for c in AUDIT_COLUMNS}))
