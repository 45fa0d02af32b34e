"""The call being typed, kept on disk so a crash loses nothing.

The New Call form saves what the operator has typed every few seconds. A
draft is one small JSON file per database and user in
``data_dir()/drafts/``; it is written to a temporary file, flushed to disk
(fsync) and renamed over the old one, so a killed process or a pulled plug
leaves either the previous draft or the new one, never half a file. The
next start offers to restore it.

Plain Python (no Qt): the window, tests and a future CLI read the same files.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..paths import data_dir
from ..util.atomic_file import writing_atomically

DRAFT_VERSION = 1
_MAX_BYTES = 2_000_000  # a draft holds one call; anything larger is not ours
_SAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def drafts_dir() -> Path:
    d = data_dir() / "drafts"
    d.mkdir(parents=True, exist_ok=True)
    return d


def database_identity(db: object) -> str:
    """What names a database across restarts: its resolved file, or its masked URL.

    The masked URL (no password) is enough to tell PostgreSQL desks apart and
    keeps secrets out of file names and hashes alike. `db` is a Database, or
    anything with its sqlite_path / display / url (read with getattr).
    """
    path = getattr(db, "sqlite_path", None)
    if path is not None:
        try:
            return "sqlite:" + str(Path(path).resolve())
        except OSError:
            return "sqlite:" + str(path)
    return str(getattr(db, "display", None) or getattr(db, "url", ""))


def draft_key(db: object, username: str) -> str:
    """The draft's name for this database and this user (safe as a file name)."""
    digest = hashlib.sha256(database_identity(db).encode("utf-8")).hexdigest()[:16]
    user = _SAFE.sub("_", username or "anonymous")[:48] or "anonymous"
    return f"{digest}-{user}"


def _path(key: str) -> Path:
    safe = _SAFE.sub("_", key)[:120]
    if not safe or safe.startswith("."):
        raise ValueError(f"bad draft key: {key!r}")
    return drafts_dir() / f"{safe}.json"


def save_draft(key: str, fields: dict[str, Any]) -> Path:
    """Write the draft atomically: temp file in the same folder, fsync, rename."""
    target = _path(key)
    payload = {
        "version": DRAFT_VERSION,
        "saved_at": datetime.now(UTC).isoformat(),
        "fields": fields,
    }
    data = json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")
    with writing_atomically(target, mode=0o600) as f:  # residents' numbers: private to the user
        f.write(data)
    return target


def load_draft(key: str) -> dict[str, Any] | None:
    """The saved fields, or None when there is no draft or it cannot be read.

    A damaged draft is moved aside (``.bad``) rather than deleted, so nothing
    typed is thrown away without a person looking, and it does not block the
    next start with the same question again.
    """
    p = _path(key)
    try:
        if p.stat().st_size > _MAX_BYTES:
            raise ValueError("too large")
        payload = json.loads(p.read_text(encoding="utf-8"))
        fields = payload.get("fields") if isinstance(payload, dict) else None
        if not isinstance(fields, dict):
            raise ValueError("no fields")
        return fields
    except FileNotFoundError:
        return None
    except (OSError, ValueError, UnicodeDecodeError):
        try:
            os.replace(p, p.with_suffix(".bad"))
        except OSError:
            pass
        return None


def discard_draft(key: str) -> None:
    try:
        _path(key).unlink()
    except FileNotFoundError:
        pass
