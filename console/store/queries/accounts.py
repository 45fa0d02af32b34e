"""Who may log in."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import (
    User,
)


def has_active_users(s: Session) -> bool:
    """Whether anyone can log in (the window refuses to start without an account)."""
    return s.scalar(select(User.id).where(User.active.is_(True)).limit(1)) is not None
