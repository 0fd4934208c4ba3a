"""corrections: an admin's corrections to the public data, kept apart and re-applied

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-21 21:30:00

A correction adds a person to a seat the public data leaves empty, ends a seat, or fixes
field values, with its source link and a note. It names its official by source key (which
survives reloads), is applied again after every data update until retired, and records
whether the last load found the public data saying the same.
"""
import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'corrections',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('action', sa.String(length=8), nullable=False),
        sa.Column('target_key', sa.String(length=120), nullable=True),
        sa.Column('fields', sa.Text(), nullable=False),
        sa.Column('source_url', sa.String(length=500), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('created_by', sa.String(length=254), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('agrees', sa.Boolean(), nullable=True),
        sa.Column('checked_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("action IN ('add', 'end', 'fix')", name=op.f('ck_corrections_action')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_corrections')),
    )
    with op.batch_alter_table('corrections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_corrections_target_key'), ['target_key'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('corrections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_corrections_target_key'))
    op.drop_table('corrections')
