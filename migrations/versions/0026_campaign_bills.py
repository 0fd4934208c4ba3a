"""campaign bills: a campaign may cite other bills beside the one it asks about

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-07 15:10:00

Each keeps the bill's number and title as text: a bill the data no longer holds is still
named.
"""
import sqlalchemy as sa
from alembic import op

revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'campaign_bills',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('campaign_id', sa.Integer(), nullable=False),
        sa.Column('bill_id', sa.Integer(), nullable=True),
        sa.Column('label', sa.String(length=300), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['campaign_id'], ['campaigns.id'],
            name=op.f('fk_campaign_bills_campaign_id_campaigns'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['bill_id'], ['bills.id'],
            name=op.f('fk_campaign_bills_bill_id_bills'), ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_bills')),
        sa.UniqueConstraint(
            'campaign_id', 'position', name=op.f('uq_campaign_bills_campaign_id_position')
        ),
    )
    with op.batch_alter_table('campaign_bills') as batch:
        batch.create_index(batch.f('ix_campaign_bills_campaign_id'), ['campaign_id'])
        batch.create_index(batch.f('ix_campaign_bills_bill_id'), ['bill_id'])


def downgrade():
    op.drop_table('campaign_bills')
