"""chapter campaigns: a campaign may be run by a chapter, whose advocates launch and edit it

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-21 11:00:00

campaigns.chapter_id names the chapter that runs a campaign (NULL: a national campaign, run
by the task-force leads). A chapter's advocates may create campaigns for their chapters and
edit those; leads and admins still see and edit every campaign. `owner` stays the label
shown as "Run by".
"""
import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.add_column(sa.Column('chapter_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_campaigns_chapter_id'), ['chapter_id'],
                              unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_campaigns_chapter_id_chapters'), 'chapters',
                                    ['chapter_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_campaigns_chapter_id_chapters'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_campaigns_chapter_id'))
        batch_op.drop_column('chapter_id')
