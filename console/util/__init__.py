"""Leaf helpers every layer may use (no Qt, no SQLAlchemy, nothing of the desk's own)."""
