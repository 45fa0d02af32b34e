"""policy_stamp written only by its triggers: seats read it; the renewing function runs as the owner

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-06

Migration 0025's token tells every seat that the deadline rules, the calendar or the time zone changed, so
each seat rebuilds its policy. On PostgreSQL the seat role (console.store.pg_roles) held INSERT, UPDATE and
DELETE on `policy_stamp` through the default privileges, so a seat could set the token back by hand and keep
the other seats on rules that no longer hold, or delete the row. Now a seat may only SELECT it; the trigger
function that renews the token is SECURITY DEFINER, owned by the role that runs the migrations (the owner),
with a fixed search_path (pg_catalog, pg_temp) and the table named with its schema, so a seat's allowed change
of a rule still renews the token, and nothing a seat puts on its search_path runs as the owner. EXECUTE on it
is revoked from PUBLIC (a trigger function cannot be called directly anyway; the triggers still fire). The
seat roles the desk already has are narrowed here; pg_roles narrows new ones and a restore's.

SQLite has no roles: nothing to do there.
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa

from console.store.pg_roles import SEAT_TABLE_PRIVILEGES, STAMP_TABLE, quote_ident, seat_roles, stamp_narrowing

revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None

PG_TOKEN = "replace(gen_random_uuid()::text, '-', '')"  # as 0025


def _renew_function(schema: str, definer: bool) -> str:
    if not definer:  # 0025's own
        return ("CREATE OR REPLACE FUNCTION policy_stamp_renew() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"UPDATE policy_stamp SET token = {PG_TOKEN}; RETURN NULL; END $$")
    return ("CREATE OR REPLACE FUNCTION policy_stamp_renew() RETURNS trigger LANGUAGE plpgsql "
            "SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$ BEGIN "
            f"UPDATE {schema}.{STAMP_TABLE} SET token = {PG_TOKEN}; RETURN NULL; END $$")


def _owner_only(on: bool) -> None:
    """On (upgrade): the function SECURITY DEFINER, not executable by PUBLIC, the seats' writes taken back.
    Off (downgrade): as 0025 left them. SQLite: nothing (no roles)."""
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    schema = quote_ident(bind.execute(sa.text("SELECT current_schema()")).scalar_one())
    op.execute(_renew_function(schema, definer=on))
    op.execute("REVOKE ALL ON FUNCTION policy_stamp_renew() FROM PUBLIC" if on
               else "GRANT EXECUTE ON FUNCTION policy_stamp_renew() TO PUBLIC")
    for seat in map(quote_ident, seat_roles(bind)):
        for sql in (stamp_narrowing(seat, schema) if on
                    else [f"GRANT {SEAT_TABLE_PRIVILEGES} ON TABLE {schema}.{STAMP_TABLE} TO {seat}"]):
            op.execute(sql)


def upgrade() -> None:
    _owner_only(True)


def downgrade() -> None:
    _owner_only(False)
