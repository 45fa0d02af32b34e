"""Which schema revisions this program knows: one leaf module every store module may ask.

`migrate` (open and upgrade), `health` (`check`), `backup` and `pg_backup`
(restore) all need the same three facts — the head revision, the set of
revisions the program's migrations contain, and whether a database's or a
backup's revision is *newer than this program* (a revision it does not know,
which must be refused, never guessed at). They used to work these out each
on its own and imported one another to do it; they ask this module now, and
it imports none of them.

Alembic (≈ 0.3 s of imports) is imported inside the functions that need it: a command
whose database is already at the head never asks them (`migrate.ensure_schema` reads the
recorded revision with one SELECT first).
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .. import paths
from ..domain.errors import UserError
from .database import Database

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory


def alembic_config(script_location: Path | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(script_location or paths.migrations_dir()))
    return cfg


def migration_scripts(script_location: Path | None = None) -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(script_location))


def head_revision(script_location: Path | None = None) -> str:
    return migration_scripts(script_location).get_current_head()


def known_revisions(script: ScriptDirectory | None = None) -> set[str]:
    return {r.revision for r in (script or migration_scripts()).walk_revisions()}


def is_newer_than_program(revision: str | None, script: ScriptDirectory | None = None) -> bool:
    """A revision this program's migrations do not contain: made by a newer version."""
    return revision is not None and revision not in known_revisions(script)


def current_revision(db: Database) -> str | None:
    """The revision recorded in the database (None: never initialised, or not a desk)."""
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as conn:
        rev = MigrationContext.configure(conn).get_current_revision()
        conn.rollback()
        return rev


def checked_backup_revision(path: Path, revision: str | None) -> str:
    """A backup's revision, refused when missing (not a desk) or newer than this program."""
    if revision is None:
        raise UserError(f"文件 {path} 不是热线值班台的数据库（没有结构版本记录），未做任何改动。",
                        f"{path} is not a hotline-console database (no schema version); nothing was changed.")
    if is_newer_than_program(revision):
        raise UserError(f"备份文件的结构版本（{revision}）比本程序新，请先升级程序。未做任何改动。",
                        f"The backup's schema ({revision}) is newer than this program; "
                        "upgrade the program first. Nothing was changed.")
    return revision
