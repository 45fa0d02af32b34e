"""Errors a user can cause and fix; each carries a message for the desk.

The message is given in Chinese and English so the CLI and the window pick
the one of the running language without Qt (the domain knows no Qt).
"""
from __future__ import annotations


class UserError(Exception):
    """Something the user asked for that cannot be done; nothing was changed."""

    def __init__(self, zh: str, en: str | None = None):
        super().__init__(zh)
        self.zh = zh
        self.en = en or zh

    def message(self, lang: str = "zh_CN") -> str:
        return self.en if lang.startswith("en") else self.zh

    def __str__(self) -> str:  # the Chinese text is the default everywhere
        return self.zh


class LifecycleError(UserError):
    """A step the ticket's current status does not allow."""


class PermissionDenied(UserError):
    """The acting user's role may not do this."""


class ValidationError(UserError):
    """A field's value is malformed (phone, minutes, dates …)."""


class NotFound(UserError):
    """The ticket, unit or user named does not exist."""


class ConflictError(UserError):
    """Another seat changed the record since it was read."""
