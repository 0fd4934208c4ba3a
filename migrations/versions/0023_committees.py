"""committees: Congress's committees and subcommittees, and who sits on them

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07 12:50:00

Loaded by `flask data update` from congress-legislators' committees-current and
committee-membership-current; members are kept by bioguide id.
"""
import sqlalchemy as sa
from alembic import op

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'committees',
        sa.Column('code', sa.String(length=10), nullable=False),
        sa.Column('name', sa.String(length=300), nullable=False),
        sa.Column('chamber', sa.String(length=10), nullable=False),
        sa.Column('parent_code', sa.String(length=10), nullable=True),
        sa.Column('url', sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint('code', name=op.f('pk_committees')),
    )
    op.create_table(
        'committee_members',
        sa.Column('committee_code', sa.String(length=10), nullable=False),
        sa.Column('bioguide_id', sa.String(length=7), nullable=False),
        sa.Column('rank', sa.Integer(), nullable=True),
        sa.Column('title', sa.String(length=100), nullable=True),
        sa.Column('side', sa.String(length=10), nullable=True),
        sa.PrimaryKeyConstraint('committee_code', 'bioguide_id', name=op.f('pk_committee_members')),
    )
    with op.batch_alter_table('committee_members') as batch_op:
        batch_op.create_index(batch_op.f('ix_committee_members_bioguide_id'), ['bioguide_id'])


def downgrade():
    with op.batch_alter_table('committee_members') as batch_op:
        batch_op.drop_index(batch_op.f('ix_committee_members_bioguide_id'))
    op.drop_table('committee_members')
    op.drop_table('committees')
