"""group statements: a campaign about a bill asks its sponsors and its committees their own way

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-07 14:50:00

Empty (the default for every campaign saved before): that group gets the campaign's one
organisation statement, as every official did.
"""
import sqlalchemy as sa
from alembic import op

revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('campaigns') as batch:
        batch.add_column(
            sa.Column('statement_sponsor', sa.Text(), nullable=False, server_default='')
        )
        batch.add_column(
            sa.Column('statement_committee', sa.Text(), nullable=False, server_default='')
        )


def downgrade():
    with op.batch_alter_table('campaigns') as batch:
        batch.drop_column('statement_committee')
        batch.drop_column('statement_sponsor')
