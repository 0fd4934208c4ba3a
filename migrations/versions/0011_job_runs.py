"""job runs: when each scheduled job last started, so one worker among many runs it

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-21 15:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'job_runs',
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('status', sa.String(length=10), nullable=True),
        sa.Column('message', sa.Text(), nullable=True),
        sa.Column('worker', sa.String(length=120), nullable=True),
        sa.CheckConstraint("status IN ('running', 'ok', 'failed')", name=op.f('ck_job_runs_status')),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_job_runs')),
    )


def downgrade():
    op.drop_table('job_runs')
