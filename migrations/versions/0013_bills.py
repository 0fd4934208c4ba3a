"""bills: a jurisdiction's bills with their actions and sponsors (linked to officials)

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-21 16:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

STATUSES = ("('introduced', 'in_committee', 'on_floor', 'passed_one_chamber', 'passed_both', "
            "'signed', 'vetoed', 'withdrawn', 'other')")
SOURCES = "('govinfo', 'ny_openleg', 'openstates', 'manual')"


def upgrade():
    op.create_table(
        'bills',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('source_key', sa.String(length=120), nullable=False),
        sa.Column('source', sa.String(length=20), nullable=False),
        sa.Column('jurisdiction', sa.String(length=120), nullable=False),
        sa.Column('session', sa.String(length=40), nullable=False),
        sa.Column('identifier', sa.String(length=40), nullable=False),
        sa.Column('title', sa.Text(), nullable=False),
        sa.Column('summary', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('status_text', sa.String(length=300), nullable=False),
        sa.Column('introduced_on', sa.Date(), nullable=True),
        sa.Column('latest_action_on', sa.Date(), nullable=True),
        sa.Column('latest_action', sa.Text(), nullable=False),
        sa.Column('url', sa.String(length=500), nullable=True),
        sa.Column('subjects', sa.Text(), nullable=False),
        sa.Column('committees', sa.Text(), nullable=False),
        sa.Column('content_hash', sa.String(length=64), nullable=False),
        sa.Column('source_url', sa.String(length=500), nullable=True),
        sa.Column('source_sha256', sa.String(length=64), nullable=True),
        sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(f"status IN {STATUSES}", name=op.f('ck_bills_status')),
        sa.CheckConstraint(f"source IN {SOURCES}", name=op.f('ck_bills_source')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_bills')),
        sa.UniqueConstraint('source_key', name=op.f('uq_bills_source_key')),
    )
    with op.batch_alter_table('bills', schema=None) as batch_op:
        batch_op.create_index('ix_bills_jurisdiction_session_identifier',
                              ['jurisdiction', 'session', 'identifier'], unique=False)
        batch_op.create_index(batch_op.f('ix_bills_jurisdiction'), ['jurisdiction'], unique=False)
        batch_op.create_index(batch_op.f('ix_bills_latest_action_on'), ['latest_action_on'],
                              unique=False)
    op.create_table(
        'bill_actions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('bill_id', sa.Integer(), nullable=False),
        sa.Column('ordinal', sa.Integer(), nullable=False),
        sa.Column('acted_on', sa.Date(), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('actor', sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(['bill_id'], ['bills.id'], ondelete='CASCADE',
                                name=op.f('fk_bill_actions_bill_id_bills')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_bill_actions')),
    )
    with op.batch_alter_table('bill_actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bill_actions_bill_id'), ['bill_id'], unique=False)
    op.create_table(
        'bill_sponsors',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('bill_id', sa.Integer(), nullable=False),
        sa.Column('ordinal', sa.Integer(), nullable=False),
        sa.Column('role', sa.String(length=10), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('external_id', sa.String(length=40), nullable=True),
        sa.Column('official_id', sa.Integer(), nullable=True),
        sa.Column('joined_on', sa.Date(), nullable=True),
        sa.Column('withdrawn_on', sa.Date(), nullable=True),
        sa.CheckConstraint("role IN ('sponsor', 'cosponsor')", name=op.f('ck_bill_sponsors_role')),
        sa.ForeignKeyConstraint(['bill_id'], ['bills.id'], ondelete='CASCADE',
                                name=op.f('fk_bill_sponsors_bill_id_bills')),
        sa.ForeignKeyConstraint(['official_id'], ['officials.id'], ondelete='SET NULL',
                                name=op.f('fk_bill_sponsors_official_id_officials')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_bill_sponsors')),
    )
    with op.batch_alter_table('bill_sponsors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bill_sponsors_bill_id'), ['bill_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bill_sponsors_official_id'), ['official_id'],
                              unique=False)


def downgrade():
    op.drop_table('bill_sponsors')
    op.drop_table('bill_actions')
    op.drop_table('bills')
