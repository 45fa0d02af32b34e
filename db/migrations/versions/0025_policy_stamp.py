"""The deadline policy's stamp: one row whose token triggers renew whenever a rule, a calendar day or year,
or the time zone setting changes

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-06

Every write that times a deadline must use the rules as they are now, whichever seat changed them
(services.deadlines.load_policy keeps the policy it built between calls). It used to read every input of the
policy as text on each call to tell (≈ 70 µs on SQLite, the calendar's days most of it, on every logged call);
now it reads this one token. The token is random, not a counter: two desks (or a desk and a restored
backup of itself) can never hold the same token with different rules, so a token names one policy for any
process, with no desk identity beside it. The triggers fire for every writer, whatever path it takes — the
services, an import, the admin's SQL — on SQLite per row, on PostgreSQL per statement (TRUNCATE too).
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa

revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None

TABLES = ("deadline_rules", "calendar_days", "calendar_years")
SQLITE_TOKEN = "lower(hex(randomblob(16)))"
PG_TOKEN = "replace(gen_random_uuid()::text, '-', '')"
# the settings rows that are policy inputs: only the time zone (trigger name part, WHEN condition)
SQLITE_SETTINGS = (("INSERT", "NEW.key = 'timezone'"), ("UPDATE", "OLD.key = 'timezone' OR NEW.key = 'timezone'"),
                   ("DELETE", "OLD.key = 'timezone'"))


def upgrade() -> None:
    op.create_table(
        'policy_stamp',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('token', sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_policy_stamp')),
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"INSERT INTO policy_stamp (id, token) VALUES (1, {SQLITE_TOKEN})")
        renew = f"BEGIN UPDATE policy_stamp SET token = {SQLITE_TOKEN}; END"
        for table in TABLES:
            for what in ("INSERT", "UPDATE", "DELETE"):
                op.execute(f"CREATE TRIGGER policy_stamp_{table}_{what.lower()} AFTER {what} ON {table} {renew}")
        for what, when in SQLITE_SETTINGS:
            op.execute(f"CREATE TRIGGER policy_stamp_settings_{what.lower()} AFTER {what} ON settings "
                       f"WHEN {when} {renew}")
        return
    op.execute(f"INSERT INTO policy_stamp (id, token) VALUES (1, {PG_TOKEN})")
    op.execute("CREATE FUNCTION policy_stamp_renew() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
               f"UPDATE policy_stamp SET token = {PG_TOKEN}; RETURN NULL; END $$")
    for table in TABLES:
        op.execute(f"CREATE TRIGGER policy_stamp_{table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                   "FOR EACH STATEMENT EXECUTE FUNCTION policy_stamp_renew()")
    for what, when in SQLITE_SETTINGS:  # the same conditions, per row (a statement's rows are not seen)
        op.execute(f"CREATE TRIGGER policy_stamp_settings_{what.lower()} AFTER {what} ON settings FOR EACH ROW "
                   f"WHEN ({when}) EXECUTE FUNCTION policy_stamp_renew()")
    op.execute("CREATE TRIGGER policy_stamp_settings_truncate AFTER TRUNCATE ON settings "
               "FOR EACH STATEMENT EXECUTE FUNCTION policy_stamp_renew()")


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        for table in TABLES:
            for what in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS policy_stamp_{table}_{what}")
        for what, _ in SQLITE_SETTINGS:
            op.execute(f"DROP TRIGGER IF EXISTS policy_stamp_settings_{what.lower()}")
    else:
        for table in TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS policy_stamp_{table} ON {table}")
        for what in ("insert", "update", "delete", "truncate"):
            op.execute(f"DROP TRIGGER IF EXISTS policy_stamp_settings_{what} ON settings")
        op.execute("DROP FUNCTION IF EXISTS policy_stamp_renew()")
    op.drop_table('policy_stamp')
