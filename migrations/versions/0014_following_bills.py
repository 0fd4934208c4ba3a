"""following bills: chapters follow bills, queries and sponsors, with positions and their
history; what each load changed; the watch list's "last looked"; digests through the
outbox; campaigns and log entries that cite bills; the keyword search index

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-21 18:00:00

Bills get `chamber` (backfilled from the identifier: S… is the Senate, H…/A… the House or
Assembly) and `actions_text` (backfilled from bill_actions). The search is an FTS5 table
over bills on SQLite (external content, kept in step by triggers) and a GIN index over
to_tsvector('english', …) on PostgreSQL. The outbox may now hold a message with no
interaction (a digest), kept once by its dedupe_key, with extra headers.
"""
from alembic import op
import sqlalchemy as sa

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

DOCUMENT = ("to_tsvector('english', identifier || ' ' || title || ' ' || summary || ' ' "
            "|| actions_text)")
FTS_COLUMNS = "identifier, title, summary, actions_text"


def _sqlite():
    return op.get_bind().dialect.name == 'sqlite'


def _search_up():
    if _sqlite():
        op.execute(
            f"CREATE VIRTUAL TABLE bills_fts USING fts5({FTS_COLUMNS}, content='bills', "
            "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')"
        )
        new = "new.identifier, new.title, new.summary, new.actions_text"
        old = "old.identifier, old.title, old.summary, old.actions_text"
        op.execute(
            "CREATE TRIGGER bills_fts_insert AFTER INSERT ON bills BEGIN "
            f"INSERT INTO bills_fts(rowid, {FTS_COLUMNS}) VALUES (new.id, {new}); END"
        )
        op.execute(
            "CREATE TRIGGER bills_fts_delete AFTER DELETE ON bills BEGIN "
            f"INSERT INTO bills_fts(bills_fts, rowid, {FTS_COLUMNS}) "
            f"VALUES ('delete', old.id, {old}); END"
        )
        op.execute(
            "CREATE TRIGGER bills_fts_update AFTER UPDATE OF identifier, title, summary, "
            "actions_text ON bills BEGIN "
            f"INSERT INTO bills_fts(bills_fts, rowid, {FTS_COLUMNS}) "
            f"VALUES ('delete', old.id, {old}); "
            f"INSERT INTO bills_fts(rowid, {FTS_COLUMNS}) VALUES (new.id, {new}); END"
        )
        op.execute("INSERT INTO bills_fts(bills_fts) VALUES ('rebuild')")
    else:
        op.execute(f"CREATE INDEX ix_bills_search ON bills USING gin (({DOCUMENT}))")


def _search_down():
    if _sqlite():
        for trigger in ('bills_fts_insert', 'bills_fts_delete', 'bills_fts_update'):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS bills_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_bills_search")


def upgrade():
    with op.batch_alter_table('bills', schema=None) as batch_op:
        batch_op.add_column(sa.Column('chamber', sa.String(length=10), nullable=True))
        batch_op.add_column(
            sa.Column('actions_text', sa.Text(), nullable=False, server_default='')
        )
        batch_op.add_column(sa.Column('entered_by_id', sa.Integer(), nullable=True))
        batch_op.create_check_constraint('chamber', "chamber IN ('upper', 'lower')")
        batch_op.create_foreign_key(batch_op.f('fk_bills_entered_by_id_users'), 'users',
                                    ['entered_by_id'], ['id'])
    op.execute(
        "UPDATE bills SET chamber = CASE WHEN upper(identifier) LIKE 'S%' THEN 'upper' "
        "WHEN upper(identifier) LIKE 'H%' OR upper(identifier) LIKE 'A%' THEN 'lower' END"
    )
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT bill_id, text FROM bill_actions ORDER BY bill_id, ordinal"
    )).all()
    texts = {}
    for bill_id, text in rows:
        texts.setdefault(bill_id, []).append(text)
    for bill_id, parts in texts.items():
        bind.execute(sa.text("UPDATE bills SET actions_text = :t WHERE id = :i"),
                     {"t": "\n".join(parts), "i": bill_id})
    _search_up()

    op.create_table(
        'bill_changes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('bill_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('details', sa.Text(), nullable=False),
        sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('new', 'actions', 'status', 'details')",
                           name=op.f('ck_bill_changes_kind')),
        sa.ForeignKeyConstraint(['bill_id'], ['bills.id'], ondelete='CASCADE',
                                name=op.f('fk_bill_changes_bill_id_bills')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_bill_changes')),
    )
    op.create_index('ix_bill_changes_changed_at', 'bill_changes', ['changed_at'])
    op.create_index('ix_bill_changes_bill_changed_at', 'bill_changes', ['bill_id', 'changed_at'])

    op.create_table(
        'bill_follows',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('chapter_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('key', sa.String(length=400), nullable=False),
        sa.Column('bill_id', sa.Integer(), nullable=True),
        sa.Column('official_id', sa.Integer(), nullable=True),
        sa.Column('query', sa.String(length=200), nullable=True),
        sa.Column('jurisdiction', sa.String(length=120), nullable=True),
        sa.Column('chamber', sa.String(length=10), nullable=True),
        sa.Column('status', sa.String(length=20), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("kind IN ('bill', 'query', 'sponsor')",
                           name=op.f('ck_bill_follows_kind')),
        sa.ForeignKeyConstraint(['chapter_id'], ['chapters.id'], ondelete='CASCADE',
                                name=op.f('fk_bill_follows_chapter_id_chapters')),
        sa.ForeignKeyConstraint(['bill_id'], ['bills.id'], ondelete='CASCADE',
                                name=op.f('fk_bill_follows_bill_id_bills')),
        sa.ForeignKeyConstraint(['official_id'], ['officials.id'],
                                name=op.f('fk_bill_follows_official_id_officials')),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                                name=op.f('fk_bill_follows_created_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_bill_follows')),
    )
    op.create_index('uq_bill_follows_chapter_key', 'bill_follows', ['chapter_id', 'key'],
                    unique=True)
    op.create_index(op.f('ix_bill_follows_bill_id'), 'bill_follows', ['bill_id'])
    op.create_index(op.f('ix_bill_follows_official_id'), 'bill_follows', ['official_id'])

    op.create_table(
        'bill_positions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('chapter_id', sa.Integer(), nullable=False),
        sa.Column('bill_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.String(length=10), nullable=False),
        sa.Column('notes', sa.Text(), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.CheckConstraint("position IN ('support', 'oppose', 'monitor', 'amend')",
                           name=op.f('ck_bill_positions_position')),
        sa.ForeignKeyConstraint(['chapter_id'], ['chapters.id'], ondelete='CASCADE',
                                name=op.f('fk_bill_positions_chapter_id_chapters')),
        sa.ForeignKeyConstraint(['bill_id'], ['bills.id'], ondelete='CASCADE',
                                name=op.f('fk_bill_positions_bill_id_bills')),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'],
                                name=op.f('fk_bill_positions_updated_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_bill_positions')),
    )
    op.create_index('uq_bill_positions_chapter_bill', 'bill_positions',
                    ['chapter_id', 'bill_id'], unique=True)
    op.create_index(op.f('ix_bill_positions_bill_id'), 'bill_positions', ['bill_id'])

    op.create_table(
        'bill_position_changes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('position_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('details', sa.Text(), nullable=False),
        sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['position_id'], ['bill_positions.id'], ondelete='CASCADE',
                                name=op.f('fk_bill_position_changes_position_id_bill_positions')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_bill_position_changes_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_bill_position_changes')),
    )
    op.create_index(op.f('ix_bill_position_changes_position_id'), 'bill_position_changes',
                    ['position_id'])

    op.create_table(
        'bill_watch_seen',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('chapter_id', sa.Integer(), nullable=False),
        sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE',
                                name=op.f('fk_bill_watch_seen_user_id_users')),
        sa.ForeignKeyConstraint(['chapter_id'], ['chapters.id'], ondelete='CASCADE',
                                name=op.f('fk_bill_watch_seen_chapter_id_chapters')),
        sa.PrimaryKeyConstraint('user_id', 'chapter_id', name=op.f('pk_bill_watch_seen')),
    )

    op.create_table(
        'log_entry_bills',
        sa.Column('entry_id', sa.Integer(), nullable=False),
        sa.Column('bill_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['entry_id'], ['log_entries.id'], ondelete='CASCADE',
                                name=op.f('fk_log_entry_bills_entry_id_log_entries')),
        sa.ForeignKeyConstraint(['bill_id'], ['bills.id'], ondelete='CASCADE',
                                name=op.f('fk_log_entry_bills_bill_id_bills')),
        sa.PrimaryKeyConstraint('entry_id', 'bill_id', name=op.f('pk_log_entry_bills')),
    )
    op.create_index(op.f('ix_log_entry_bills_bill_id'), 'log_entry_bills', ['bill_id'])

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('digest', sa.String(length=10), nullable=False,
                                      server_default='off'))
        batch_op.add_column(sa.Column('digest_sent_at', sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.create_check_constraint('digest', "digest IN ('off', 'daily', 'weekly')")

    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.add_column(sa.Column('bill_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('bill_stance', sa.String(length=10), nullable=True))
        batch_op.create_check_constraint('bill_stance',
                                         "bill_stance IN ('support', 'oppose', 'amend')")
        batch_op.create_foreign_key(batch_op.f('fk_campaigns_bill_id_bills'), 'bills',
                                    ['bill_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_campaigns_bill_id'), ['bill_id'], unique=False)

    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.alter_column('interaction_id', existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column('dedupe_key', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('headers', sa.Text(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_outbox_dedupe_key'), ['dedupe_key'])


def downgrade():
    op.execute("DELETE FROM outbox WHERE interaction_id IS NULL")
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_outbox_dedupe_key'), type_='unique')
        batch_op.drop_column('headers')
        batch_op.drop_column('dedupe_key')
        batch_op.alter_column('interaction_id', existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaigns_bill_id'))
        batch_op.drop_constraint(batch_op.f('fk_campaigns_bill_id_bills'), type_='foreignkey')
        batch_op.drop_constraint(op.f('ck_campaigns_bill_stance'), type_='check')
        batch_op.drop_column('bill_stance')
        batch_op.drop_column('bill_id')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_users_digest'), type_='check')
        batch_op.drop_column('digest_sent_at')
        batch_op.drop_column('digest')
    op.drop_table('log_entry_bills')
    op.drop_table('bill_watch_seen')
    op.drop_table('bill_position_changes')
    op.drop_table('bill_positions')
    op.drop_table('bill_follows')
    op.drop_table('bill_changes')
    _search_down()
    with op.batch_alter_table('bills', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_bills_entered_by_id_users'), type_='foreignkey')
        batch_op.drop_constraint(op.f('ck_bills_chamber'), type_='check')
        batch_op.drop_column('entered_by_id')
        batch_op.drop_column('actions_text')
        batch_op.drop_column('chamber')
