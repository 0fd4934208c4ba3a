"""Open States sponsor ids: a bill sponsor's source id may be an Open States person id

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-21 10:00:00

bill_sponsors.external_id held a bioguide id (7 characters) or a New York member id; bills
from the Open States API name their sponsors by person id ("ocd-person/" and a UUID, 47
characters), so the column grows from 40 to 60 characters.
"""
import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('bill_sponsors', schema=None) as batch_op:
        batch_op.alter_column('external_id', existing_type=sa.String(length=40),
                              type_=sa.String(length=60), existing_nullable=True)


def downgrade():
    with op.batch_alter_table('bill_sponsors', schema=None) as batch_op:
        batch_op.alter_column('external_id', existing_type=sa.String(length=60),
                              type_=sa.String(length=40), existing_nullable=True)
