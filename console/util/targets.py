"""What a database target is: a URL (a server) or a path (a SQLite file) — one rule for every layer.

The command line asks before SQLAlchemy is loaded (start-up speed), the store
when it builds an engine, the maintenance service when it picks an engine's
way of copying; so the rule lives here, below them all.
"""
from __future__ import annotations


def is_url(target: str) -> bool:
    """`postgresql+psycopg://…` (or any other scheme, refused later by name) rather than a file path."""
    return "://" in target
