"""working days: the desk's holiday calendar, and deadline rules that count working time

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06

console.domain.work_calendar: `calendar_days` holds the exceptions to the
Monday–Friday week (statutory holidays on weekdays, 调休 make-up working
days on weekends), `calendar_years` the years whose arrangement the desk
has. Seeded here with every year from 2020 the `chinese-calendar` package
knows. A deadline rule may now count its minutes on working days only
(`deadline_rules.working_time`); every existing rule keeps counting elapsed
time, as before — a desk changes its own rules.
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa

from console.store.calendar_seed import rows_for_missing_years

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    days = op.create_table(
        'calendar_days',
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.CheckConstraint("kind in ('holiday', 'workday')", name=op.f('ck_calendar_days_kind')),
        sa.PrimaryKeyConstraint('day', name=op.f('pk_calendar_days')),
    )
    years = op.create_table(
        'calendar_years',
        sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('source', sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint('year', name=op.f('pk_calendar_years')),
    )
    with op.batch_alter_table('deadline_rules', schema=None) as batch_op:
        batch_op.add_column(sa.Column('working_time', sa.Boolean(), server_default=sa.false(), nullable=False))
    day_rows, year_rows = rows_for_missing_years(set())
    if day_rows:
        op.bulk_insert(days, day_rows)
    if year_rows:
        op.bulk_insert(years, year_rows)


def downgrade() -> None:
    with op.batch_alter_table('deadline_rules', schema=None) as batch_op:
        batch_op.drop_column('working_time')
    op.drop_table('calendar_years')
    op.drop_table('calendar_days')
