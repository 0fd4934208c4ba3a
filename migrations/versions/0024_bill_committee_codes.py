"""bill committee codes: the BILLSTATUS systemCodes of the committees holding a bill

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07 13:20:00

A bill's page names the committees that hold it and which of the viewer's officials sit
on them; the codes fill in at the next `flask bills update`.
"""
import sqlalchemy as sa
from alembic import op

revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('bills') as batch:
        batch.add_column(
            sa.Column('committee_codes', sa.Text(), nullable=False, server_default='[]')
        )


def downgrade():
    with op.batch_alter_table('bills') as batch:
        batch.drop_column('committee_codes')
