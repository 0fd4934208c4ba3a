"""Senate CWC: the offices on the Senate's active list, and outbox rows for the Senate

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 12:30:00

The Senate's Communicating with Congress programme (SOAPBox) takes the House's CWC XML for
the offices on its active list; `cwc_offices` keeps that list (refreshed daily) and the
outbox gains the kind `cwc_senate`.
"""
import sqlalchemy as sa
from alembic import op

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'cwc_offices',
        sa.Column('office_code', sa.String(length=8), nullable=False),
        sa.Column('bioguide_id', sa.String(length=7), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint('office_code', name=op.f('pk_cwc_offices')),
    )
    with op.batch_alter_table('cwc_offices') as batch_op:
        batch_op.create_index(batch_op.f('ix_cwc_offices_bioguide_id'), ['bioguide_id'])
    with op.batch_alter_table('outbox', recreate='auto') as batch_op:
        batch_op.drop_constraint(op.f('ck_outbox_kind'), type_='check')
        batch_op.create_check_constraint('kind', "kind IN ('smtp', 'cwc_house', 'cwc_senate')")


def downgrade():
    op.execute("DELETE FROM outbox WHERE kind = 'cwc_senate'")
    with op.batch_alter_table('outbox', recreate='auto') as batch_op:
        batch_op.drop_constraint(op.f('ck_outbox_kind'), type_='check')
        batch_op.create_check_constraint('kind', "kind IN ('smtp', 'cwc_house')")
    with op.batch_alter_table('cwc_offices') as batch_op:
        batch_op.drop_index(batch_op.f('ix_cwc_offices_bioguide_id'))
    op.drop_table('cwc_offices')
