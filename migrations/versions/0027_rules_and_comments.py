"""rules and comments: Federal Register documents open for comment, and members' comments

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-07 17:20:00

`rules` (with their agencies, the agency list, what each load noticed, the chapters'
follows and versioned positions) in the bills' shape; `comments` (with their files) are
what members file on a rule in a comment campaign, once each; a campaign may be about a
rule; the outbox carries a comment to regulations.gov (kind `regulations_gov`) and keeps
the tracking number it gave back.
"""
import sqlalchemy as sa
from alembic import op

revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None

KINDS_BEFORE = "kind IN ('smtp', 'cwc_house', 'cwc_senate')"
KINDS = "kind IN ('smtp', 'cwc_house', 'cwc_senate', 'regulations_gov')"


def _stamps():
    return [
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade():
    op.create_table(
        'rules',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('source_key', sa.String(length=60), nullable=False),
        sa.Column('document_number', sa.String(length=40), nullable=False),
        sa.Column('type', sa.String(length=10), nullable=False),
        sa.Column('title', sa.Text(), nullable=False),
        sa.Column('abstract', sa.Text(), nullable=False),
        sa.Column('action', sa.String(length=300), nullable=False),
        sa.Column('publication_date', sa.Date(), nullable=False),
        sa.Column('comments_close_on', sa.Date(), nullable=True),
        sa.Column('docket_ids', sa.Text(), nullable=False),
        sa.Column('regulation_id_numbers', sa.Text(), nullable=False),
        sa.Column('cfr_references', sa.Text(), nullable=False),
        sa.Column('agencies', sa.Text(), nullable=False),
        sa.Column('comment_url', sa.String(length=500), nullable=True),
        sa.Column('html_url', sa.String(length=500), nullable=True),
        sa.Column('pdf_url', sa.String(length=500), nullable=True),
        sa.Column('regulations_document_id', sa.String(length=80), nullable=True),
        sa.Column('content_hash', sa.String(length=64), nullable=False),
        sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=False),
        *_stamps(),
        sa.CheckConstraint(
            "type IN ('PRORULE', 'RULE', 'NOTICE')", name=op.f('ck_rules_type')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_rules')),
        sa.UniqueConstraint('source_key', name=op.f('uq_rules_source_key')),
        sa.UniqueConstraint('document_number', name=op.f('uq_rules_document_number')),
    )
    with op.batch_alter_table('rules') as batch:
        batch.create_index(batch.f('ix_rules_publication_date'), ['publication_date'])
        batch.create_index(batch.f('ix_rules_comments_close_on'), ['comments_close_on'])
    op.create_table(
        'rule_agencies',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('rule_id', sa.Integer(), nullable=False),
        sa.Column('ordinal', sa.Integer(), nullable=False),
        sa.Column('slug', sa.String(length=120), nullable=False),
        sa.Column('name', sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ['rule_id'], ['rules.id'],
            name=op.f('fk_rule_agencies_rule_id_rules'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_rule_agencies')),
    )
    with op.batch_alter_table('rule_agencies') as batch:
        batch.create_index(batch.f('ix_rule_agencies_rule_id'), ['rule_id'])
        batch.create_index(batch.f('ix_rule_agencies_slug'), ['slug'])
    op.create_table(
        'agencies',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('slug', sa.String(length=120), nullable=False),
        sa.Column('name', sa.String(length=300), nullable=False),
        sa.Column('short_name', sa.String(length=60), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_agencies')),
        sa.UniqueConstraint('slug', name=op.f('uq_agencies_slug')),
    )
    op.create_table(
        'rule_changes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('rule_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('details', sa.Text(), nullable=False),
        sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('new', 'closing')", name=op.f('ck_rule_changes_kind')),
        sa.ForeignKeyConstraint(
            ['rule_id'], ['rules.id'],
            name=op.f('fk_rule_changes_rule_id_rules'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_rule_changes')),
    )
    with op.batch_alter_table('rule_changes') as batch:
        batch.create_index(batch.f('ix_rule_changes_rule_id'), ['rule_id'])
    op.create_table(
        'rule_follows',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('chapter_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('value', sa.String(length=200), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('agency', 'query')", name=op.f('ck_rule_follows_kind')),
        sa.ForeignKeyConstraint(
            ['chapter_id'], ['chapters.id'],
            name=op.f('fk_rule_follows_chapter_id_chapters'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['created_by_id'], ['users.id'], name=op.f('fk_rule_follows_created_by_id_users')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_rule_follows')),
    )
    with op.batch_alter_table('rule_follows') as batch:
        batch.create_index(
            'uq_rule_follows_chapter_kind_value', ['chapter_id', 'kind', 'value'], unique=True
        )
    op.create_table(
        'rule_positions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('chapter_id', sa.Integer(), nullable=False),
        sa.Column('rule_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.String(length=10), nullable=False),
        sa.Column('notes', sa.Text(), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "position IN ('support', 'oppose', 'monitor', 'amend')",
            name=op.f('ck_rule_positions_position'),
        ),
        sa.ForeignKeyConstraint(
            ['chapter_id'], ['chapters.id'],
            name=op.f('fk_rule_positions_chapter_id_chapters'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['rule_id'], ['rules.id'],
            name=op.f('fk_rule_positions_rule_id_rules'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['updated_by_id'], ['users.id'], name=op.f('fk_rule_positions_updated_by_id_users')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_rule_positions')),
    )
    with op.batch_alter_table('rule_positions') as batch:
        batch.create_index(batch.f('ix_rule_positions_rule_id'), ['rule_id'])
        batch.create_index('uq_rule_positions_chapter_rule', ['chapter_id', 'rule_id'], unique=True)
    op.create_table(
        'rule_position_changes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('position_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('details', sa.Text(), nullable=False),
        sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['position_id'], ['rule_positions.id'],
            name=op.f('fk_rule_position_changes_position_id_rule_positions'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['user_id'], ['users.id'], name=op.f('fk_rule_position_changes_user_id_users')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_rule_position_changes')),
    )
    with op.batch_alter_table('rule_position_changes') as batch:
        batch.create_index(batch.f('ix_rule_position_changes_position_id'), ['position_id'])
    with op.batch_alter_table('campaigns') as batch:
        batch.add_column(sa.Column('rule_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f('fk_campaigns_rule_id_rules'), 'rules', ['rule_id'], ['id']
        )
        batch.create_index(batch.f('ix_campaigns_rule_id'), ['rule_id'])
    op.create_table(
        'comments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('idempotency_key', sa.String(length=64), nullable=False),
        sa.Column('campaign_id', sa.Integer(), nullable=False),
        sa.Column('rule_id', sa.Integer(), nullable=False),
        sa.Column('document_number', sa.String(length=40), nullable=False),
        sa.Column('agency', sa.String(length=300), nullable=False),
        sa.Column('channel', sa.String(length=20), nullable=False),
        sa.Column('evidence', sa.String(length=10), nullable=False),
        sa.Column('tracking_number', sa.String(length=60), nullable=True),
        sa.Column('submitter_type', sa.String(length=12), nullable=False),
        sa.Column('body', sa.Text(), nullable=True),
        sa.Column('own_share', sa.Integer(), nullable=False),
        sa.Column('member_name', sa.String(length=200), nullable=True),
        sa.Column('member_email', sa.String(length=254), nullable=True),
        sa.Column('member_data_removed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('member_key', sa.String(length=64), nullable=False),
        sa.Column('chapter_id', sa.Integer(), nullable=True),
        *_stamps(),
        sa.Column('local_month', sa.Date(), nullable=False),
        sa.CheckConstraint(
            "channel IN ('regulations_gov', 'comment_form')", name=op.f('ck_comments_channel')
        ),
        sa.CheckConstraint(
            "evidence IN ('intent', 'reported', 'sent')", name=op.f('ck_comments_evidence')
        ),
        sa.CheckConstraint(
            "submitter_type IN ('INDIVIDUAL', 'ORGANIZATION', 'ANONYMOUS')",
            name=op.f('ck_comments_submitter_type'),
        ),
        sa.CheckConstraint('own_share BETWEEN 0 AND 100', name=op.f('ck_comments_own_share')),
        sa.ForeignKeyConstraint(
            ['campaign_id'], ['campaigns.id'], name=op.f('fk_comments_campaign_id_campaigns')
        ),
        sa.ForeignKeyConstraint(['rule_id'], ['rules.id'], name=op.f('fk_comments_rule_id_rules')),
        sa.ForeignKeyConstraint(
            ['chapter_id'], ['chapters.id'], name=op.f('fk_comments_chapter_id_chapters')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_comments')),
        sa.UniqueConstraint('idempotency_key', name=op.f('uq_comments_idempotency_key')),
    )
    with op.batch_alter_table('comments') as batch:
        for column in ('campaign_id', 'rule_id', 'member_key', 'chapter_id', 'local_month'):
            batch.create_index(batch.f(f'ix_comments_{column}'), [column])
    op.create_table(
        'comment_files',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('comment_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('filename', sa.String(length=200), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('content_type', sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ['comment_id'], ['comments.id'],
            name=op.f('fk_comment_files_comment_id_comments'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_comment_files')),
    )
    with op.batch_alter_table('comment_files') as batch:
        batch.create_index(batch.f('ix_comment_files_comment_id'), ['comment_id'])
    with op.batch_alter_table('outbox', recreate='auto') as batch:
        batch.add_column(sa.Column('comment_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('receipt', sa.String(length=60), nullable=True))
        batch.create_foreign_key(
            batch.f('fk_outbox_comment_id_comments'), 'comments', ['comment_id'], ['id']
        )
        batch.create_unique_constraint(batch.f('uq_outbox_comment_id'), ['comment_id'])
        batch.drop_constraint(op.f('ck_outbox_kind'), type_='check')
        batch.create_check_constraint('kind', KINDS)


def downgrade():
    op.execute("DELETE FROM outbox WHERE kind = 'regulations_gov' OR comment_id IS NOT NULL")
    with op.batch_alter_table('outbox', recreate='auto') as batch:
        batch.drop_constraint(op.f('ck_outbox_kind'), type_='check')
        batch.create_check_constraint('kind', KINDS_BEFORE)
        batch.drop_constraint(batch.f('uq_outbox_comment_id'), type_='unique')
        batch.drop_constraint(batch.f('fk_outbox_comment_id_comments'), type_='foreignkey')
        batch.drop_column('receipt')
        batch.drop_column('comment_id')
    op.drop_table('comment_files')
    op.drop_table('comments')
    with op.batch_alter_table('campaigns') as batch:
        batch.drop_index(batch.f('ix_campaigns_rule_id'))
        batch.drop_constraint(batch.f('fk_campaigns_rule_id_rules'), type_='foreignkey')
        batch.drop_column('rule_id')
    for table in (
        'rule_position_changes', 'rule_positions', 'rule_follows', 'rule_changes',
        'agencies', 'rule_agencies', 'rules',
    ):
        op.drop_table(table)
