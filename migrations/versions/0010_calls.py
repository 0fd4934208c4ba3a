"""calls and CWC: a member's call as an interaction, with its outcome; campaigns' call
scripts and CWC topic; outbox rows that go to the House's CWC API

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-21 13:10:00

On SQLite, changing the channel CHECK rebuilds `interactions`, which drops the roll-up
triggers of 0008: they are read from sqlite_master first and created again after.
"""
from alembic import op
import sqlalchemy as sa

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

OLD_CHANNELS = "('email', 'smtp_email', 'print', 'contact_form', 'tweet', 'bluesky', 'mastodon')"
NEW_CHANNELS = ("('email', 'smtp_email', 'print', 'contact_form', 'tweet', 'bluesky', "
                "'mastodon', 'call', 'cwc')")
OUTCOMES = "('reached', 'voicemail', 'no_answer', 'wrong_number', 'skipped')"
POSITIONS = "('supports', 'opposes', 'undecided')"


def _triggers():
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        return []
    return list(bind.execute(sa.text(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'interactions' "
        "ORDER BY name"
    )).scalars())


def _rebuild(channels, add_columns):
    triggers = _triggers()
    with op.batch_alter_table('interactions', schema=None, recreate='auto') as batch_op:
        batch_op.drop_constraint(op.f('ck_interactions_channel'), type_='check')
        batch_op.create_check_constraint('channel', f"channel IN {channels}")
        if add_columns:
            batch_op.add_column(sa.Column('call_outcome', sa.String(length=20), nullable=True))
            batch_op.add_column(sa.Column('position_heard', sa.String(length=10), nullable=True))
            batch_op.create_check_constraint('call_outcome', f"call_outcome IN {OUTCOMES}")
            batch_op.create_check_constraint('position_heard', f"position_heard IN {POSITIONS}")
        else:
            batch_op.drop_constraint(op.f('ck_interactions_call_outcome'), type_='check')
            batch_op.drop_constraint(op.f('ck_interactions_position_heard'), type_='check')
            batch_op.drop_column('position_heard')
            batch_op.drop_column('call_outcome')
    for sql in triggers:  # the rebuilt table lost them on SQLite
        if not op.get_bind().execute(sa.text(
            "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND sql = :sql"
        ), {"sql": sql}).first():
            op.execute(sql)


def upgrade():
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.add_column(sa.Column('call_script', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(
            sa.Column('voicemail_script', sa.Text(), nullable=False, server_default='')
        )
        batch_op.add_column(
            sa.Column('cwc_topic', sa.String(length=80), nullable=False, server_default='Health')
        )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('kind', sa.String(length=20), nullable=False, server_default='smtp')
        )
        batch_op.add_column(sa.Column('payload', sa.Text(), nullable=True))
        batch_op.create_check_constraint('kind', "kind IN ('smtp', 'cwc_house')")
    _rebuild(NEW_CHANNELS, add_columns=True)


def downgrade():
    op.execute("DELETE FROM outbox WHERE kind <> 'smtp'")
    op.execute("DELETE FROM interactions WHERE channel IN ('call', 'cwc')")
    _rebuild(OLD_CHANNELS, add_columns=False)
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_outbox_kind'), type_='check')
        batch_op.drop_column('payload')
        batch_op.drop_column('kind')
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.drop_column('cwc_topic')
        batch_op.drop_column('voicemail_script')
        batch_op.drop_column('call_script')
