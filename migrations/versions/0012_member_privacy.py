"""members' privacy: reports count a member by a keyed hash (member_key), so names, emails
and ZIPs can be purged after MEMBER_DATA_RETENTION_DAYS or erased on request while every
count stays the same

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-21 15:30:00

Each interaction gets member_key = HMAC-SHA256 of its normalised email (the key derived from
MEMBER_KEY_SECRET, or SECRET_KEY, of the app running the upgrade: run it with
`flask db upgrade`). The member roll-ups of 0008 are rebuilt keyed by it and the roll-up
triggers re-created watching member_key, not member_email. member_name and member_email may
then be NULL (removed), with member_data_removed_at saying when. Stories' emails may be
removed the same way. Like 0008, the SQL is frozen here: later app changes cannot change it.
"""
import hashlib
import hmac

from alembic import op
import sqlalchemy as sa

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

ROLLUPS = [
    ('report_counts', ['month', 'chapter_id', 'campaign_id', 'channel', 'evidence'],
     ['local_month', 'coalesce(chapter_id, 0)', 'campaign_id', 'channel', 'evidence']),
    ('report_official_counts', ['month', 'official_id', 'chapter_id'],
     ['local_month', 'official_id', 'coalesce(chapter_id, 0)']),
    ('report_members', ['month', 'chapter_id', 'member_key'],
     ['local_month', 'coalesce(chapter_id, 0)', 'member_key']),
]
WATCHED = ['local_month', 'chapter_id', 'campaign_id', 'channel', 'evidence', 'official_id',
           'member_key']


def _value(row, v):
    return f"coalesce({row}.chapter_id, 0)" if v.startswith('coalesce') else f"{row}.{v}"


def _remove(row):
    return [
        f"UPDATE {table} SET n = n - 1 WHERE "
        + ' AND '.join(f"{k} = {_value(row, v)}" for k, v in zip(keys, values)) + ';'
        for table, keys, values in ROLLUPS
    ]


def _add_rows(row):
    return [
        f"INSERT INTO {table} ({', '.join(keys)}, n) "
        f"VALUES ({', '.join(_value(row, v) for v in values)}, 1) "
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET n = {table}.n + 1;"
        for table, keys, values in ROLLUPS
    ]


def _first_add(row):
    return [
        "INSERT INTO report_member_firsts (member_key, first_month) "
        f"VALUES ({row}.member_key, {row}.local_month) ON CONFLICT (member_key) DO UPDATE "
        "SET first_month = excluded.first_month "
        "WHERE report_member_firsts.first_month IS NULL "
        "OR excluded.first_month < report_member_firsts.first_month;"
    ]


def _first_remove(row):
    return [
        "UPDATE report_member_firsts SET first_month = (SELECT min(month) FROM report_members "
        f"WHERE member_key = {row}.member_key AND n > 0) "
        f"WHERE member_key = {row}.member_key;",
        f"DELETE FROM report_member_firsts WHERE member_key = {row}.member_key "
        "AND first_month IS NULL;",
    ]


def _sqlite_triggers():
    changed = ' OR '.join(f"OLD.{c} IS NOT NEW.{c}" for c in WATCHED)
    return [
        "CREATE TRIGGER interactions_rollup_insert AFTER INSERT ON interactions BEGIN "
        + ' '.join(_add_rows('NEW') + _first_add('NEW')) + " END",
        f"CREATE TRIGGER interactions_rollup_update AFTER UPDATE ON interactions WHEN {changed} "
        "BEGIN " + ' '.join(_remove('OLD') + _first_remove('OLD') + _add_rows('NEW')
                            + _first_add('NEW')) + " END",
        "CREATE TRIGGER interactions_rollup_delete AFTER DELETE ON interactions BEGIN "
        + ' '.join(_remove('OLD') + _first_remove('OLD')) + " END",
    ]


def _postgresql_triggers():
    changed = ' OR '.join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in WATCHED)
    return [
        "CREATE FUNCTION interactions_rollup() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF TG_OP IN ('UPDATE', 'DELETE') THEN "
        + ' '.join(_remove('OLD') + _first_remove('OLD')) + " END IF; "
        "IF TG_OP IN ('INSERT', 'UPDATE') THEN "
        + ' '.join(_add_rows('NEW') + _first_add('NEW')) + " END IF; "
        "RETURN NULL; END $$",
        "CREATE TRIGGER interactions_rollup_write AFTER INSERT OR DELETE ON interactions "
        "FOR EACH ROW EXECUTE FUNCTION interactions_rollup()",
        f"CREATE TRIGGER interactions_rollup_update AFTER UPDATE ON interactions "
        f"FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION interactions_rollup()",
    ]


def _drop_triggers():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP FUNCTION IF EXISTS interactions_rollup() CASCADE")  # and its triggers
    else:
        for name in ('insert', 'update', 'delete'):
            op.execute(f"DROP TRIGGER IF EXISTS interactions_rollup_{name}")


def _create_triggers(member_column='member_key'):
    postgresql = op.get_bind().dialect.name == 'postgresql'
    for statement in _postgresql_triggers() if postgresql else _sqlite_triggers():
        op.execute(statement.replace('member_key', member_column))


def _keyed_hash():
    """The app's keys.keyed_hash, frozen: HMAC-SHA256 under a key derived per purpose."""
    try:
        from flask import current_app
        config = current_app.config
        secret = str(config.get('MEMBER_KEY_SECRET') or config['SECRET_KEY']).encode('utf-8')
    except (RuntimeError, KeyError):
        raise RuntimeError("0012 needs the app's key: run it with 'flask db upgrade'") from None

    def keyed(purpose, text):
        derived = hmac.new(secret, purpose, hashlib.sha256).digest()
        return hmac.new(derived, text.encode('utf-8'), hashlib.sha256).hexdigest()
    return keyed


def _key_sends(bind, keyed):
    """Each send's member_key, and its idempotency key keyed the same way (it was a plain
    sha256 of the email and the rest: anyone could test an email against it)."""
    rows = bind.execute(sa.text(
        'SELECT id, member_email, campaign_id, official_id, channel FROM interactions'
    )).all()
    update = sa.text('UPDATE interactions SET member_key = :k, idempotency_key = :i WHERE id = :id')
    batch = []
    for id_, email, campaign_id, official_id, channel in rows:
        normal = email.strip().casefold()
        batch.append({
            'id': id_,
            'k': keyed(b'advocacy.member-key', normal),
            'i': keyed(b'advocacy.idempotency', f'{normal}|{campaign_id}|{official_id}|{channel}'),
        })
        if len(batch) == 5000:
            bind.execute(update, batch)
            batch = []
    if batch:
        bind.execute(update, batch)


def _member_tables(column, length):
    op.create_table('report_member_firsts',
    sa.Column(column, sa.String(length=length), nullable=False),
    sa.Column('first_month', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint(column, name=op.f('pk_report_member_firsts'))
    )
    with op.batch_alter_table('report_member_firsts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_member_firsts_first_month'), ['first_month'], unique=False)
    op.create_table('report_members',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('chapter_id', sa.Integer(), nullable=False),
    sa.Column(column, sa.String(length=length), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('month', 'chapter_id', column, name=op.f('pk_report_members'))
    )
    with op.batch_alter_table('report_members', schema=None) as batch_op:
        batch_op.create_index('ix_report_members_member_month', [column, 'month'], unique=False)
    op.execute(
        f"INSERT INTO report_members (month, chapter_id, {column}, n) "
        f"SELECT local_month, coalesce(chapter_id, 0), {column}, count(*) FROM interactions "
        f"GROUP BY local_month, coalesce(chapter_id, 0), {column}"
    )
    op.execute(
        f"INSERT INTO report_member_firsts ({column}, first_month) "
        f"SELECT {column}, min(local_month) FROM interactions GROUP BY {column}"
    )


def _drop_member_tables():
    with op.batch_alter_table('report_members', schema=None) as batch_op:
        batch_op.drop_index('ix_report_members_member_month')
    op.drop_table('report_members')
    op.drop_table('report_member_firsts')


def upgrade():
    keyed = _keyed_hash()
    bind = op.get_bind()
    _drop_triggers()
    with op.batch_alter_table('interactions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('member_key', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('member_data_removed_at', sa.DateTime(timezone=True), nullable=True))
    _key_sends(bind, keyed)
    with op.batch_alter_table('interactions', schema=None) as batch_op:
        batch_op.alter_column('member_key', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('member_name', existing_type=sa.String(length=200), nullable=True)
        batch_op.alter_column('member_email', existing_type=sa.String(length=254), nullable=True)
        batch_op.create_index('ix_interactions_member_key', ['member_key'], unique=False)
    with op.batch_alter_table('stories', schema=None) as batch_op:
        batch_op.alter_column('email', existing_type=sa.String(length=254), nullable=True)
        batch_op.add_column(sa.Column('email_removed_at', sa.DateTime(timezone=True), nullable=True))
    _drop_member_tables()
    _member_tables('member_key', 64)
    _create_triggers()


def downgrade():
    _drop_triggers()
    # Removed emails come back as their member_key: counts stay as they are.
    op.execute("UPDATE interactions SET member_email = member_key WHERE member_email IS NULL")
    op.execute("UPDATE interactions SET member_name = '' WHERE member_name IS NULL")
    op.execute("UPDATE stories SET email = '' WHERE email IS NULL")
    with op.batch_alter_table('stories', schema=None) as batch_op:
        batch_op.drop_column('email_removed_at')
        batch_op.alter_column('email', existing_type=sa.String(length=254), nullable=False)
    _drop_member_tables()
    with op.batch_alter_table('interactions', schema=None) as batch_op:
        batch_op.drop_index('ix_interactions_member_key')
        batch_op.alter_column('member_email', existing_type=sa.String(length=254), nullable=False)
        batch_op.alter_column('member_name', existing_type=sa.String(length=200), nullable=False)
        batch_op.drop_column('member_data_removed_at')
        batch_op.drop_column('member_key')
    _member_tables('member_email', 254)
    _create_triggers('member_email')  # 0008's, watching member_email again
