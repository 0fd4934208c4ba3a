"""campaign image: a campaign's picture for its page and its share card

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 12:10:00

The file itself lives in UPLOAD_DIR/campaigns, re-encoded as story photos are; the row
keeps its content-addressed name. Campaigns saved before have none.
"""
import sqlalchemy as sa
from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('campaigns') as batch:
        batch.add_column(sa.Column('image', sa.String(length=44), nullable=True))


def downgrade():
    with op.batch_alter_table('campaigns') as batch:
        batch.drop_column('image')
