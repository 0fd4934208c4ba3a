"""campaign drafts: a campaign is published or a draft; members see only published ones

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 07:40:00

Every campaign saved before this revision was live the moment it was saved: each stays
published. New campaigns start as drafts in the editor.
"""
import sqlalchemy as sa
from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('campaigns') as batch:
        batch.add_column(
            sa.Column('published', sa.Boolean(), nullable=False, server_default=sa.true())
        )


def downgrade():
    with op.batch_alter_table('campaigns') as batch:
        batch.drop_column('published')
