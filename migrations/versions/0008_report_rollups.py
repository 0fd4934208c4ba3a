"""monthly report roll-ups kept by triggers

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-21 09:10:00

Each send gets the month it counts in (`local_month`, its chapter's calendar), and three
roll-up tables are kept by triggers on `interactions` in the same transaction as the
write. NB: on SQLite, a later batch migration that rebuilds `interactions` drops these
triggers; such a migration must create them again (tests/reports/test_rollup.py fails
if they are missing).
"""
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from alembic import op
import sqlalchemy as sa

# Frozen here, as they were when this migration was written: a migration imports nothing
# from the app, so later changes to the app's month or roll-up code cannot change it.
DEFAULT_REPORT_TIMEZONE = 'America/New_York'

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

# (table, key columns, the interaction's values for them)
ROLLUPS = [
    ('report_counts', ['month', 'chapter_id', 'campaign_id', 'channel', 'evidence'],
     ['local_month', 'coalesce(chapter_id, 0)', 'campaign_id', 'channel', 'evidence']),
    ('report_official_counts', ['month', 'official_id', 'chapter_id'],
     ['local_month', 'official_id', 'coalesce(chapter_id, 0)']),
    ('report_members', ['month', 'chapter_id', 'member_email'],
     ['local_month', 'coalesce(chapter_id, 0)', 'member_email']),
]
WATCHED = ['local_month', 'chapter_id', 'campaign_id', 'channel', 'evidence', 'official_id',
           'member_email']


def _remove(row):
    return [
        f"UPDATE {table} SET n = n - 1 WHERE "
        + ' AND '.join(f"{k} = {_value(row, v)}" for k, v in zip(keys, values))
        + ';'
        for table, keys, values in ROLLUPS
    ]


def _value(row, v):
    return f"coalesce({row}.chapter_id, 0)" if v.startswith('coalesce') else f"{row}.{v}"


def _add_rows(row):
    return [
        f"INSERT INTO {table} ({', '.join(keys)}, n) "
        f"VALUES ({', '.join(_value(row, v) for v in values)}, 1) "
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET n = {table}.n + 1;"
        for table, keys, values in ROLLUPS
    ]


def _first_add(row):
    return [
        "INSERT INTO report_member_firsts (member_email, first_month) "
        f"VALUES ({row}.member_email, {row}.local_month) ON CONFLICT (member_email) DO UPDATE "
        "SET first_month = excluded.first_month "
        "WHERE report_member_firsts.first_month IS NULL "
        "OR excluded.first_month < report_member_firsts.first_month;"
    ]


def _first_remove(row):
    # After the member's monthly count went down: their first month may now be later.
    return [
        "UPDATE report_member_firsts SET first_month = (SELECT min(month) FROM report_members "
        f"WHERE member_email = {row}.member_email AND n > 0) "
        f"WHERE member_email = {row}.member_email;",
        f"DELETE FROM report_member_firsts WHERE member_email = {row}.member_email "
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


def _report_zone():
    try:
        from flask import current_app
        return current_app.config.get('REPORT_TIMEZONE') or DEFAULT_REPORT_TIMEZONE
    except RuntimeError:  # outside an app (plain alembic): the default of the time
        return DEFAULT_REPORT_TIMEZONE


def _next_month(month):
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def _month_edge(month, zone):
    # In UTC: SQLite stores naive UTC and would compare a zoned time's wall clock.
    edge = datetime.combine(month, time.min, tzinfo=ZoneInfo(zone)).astimezone(UTC)
    return edge.replace(tzinfo=None) if op.get_bind().dialect.name == 'sqlite' else edge


def _stamp_months(bind, default_zone):
    """Each existing send's month on its chapter's calendar (default_zone without one)."""
    first, last = bind.execute(
        sa.text('SELECT min(created_at), max(created_at) FROM interactions')
    ).one()
    if first is None:
        return
    if isinstance(first, str):  # SQLite without type information
        first, last = datetime.fromisoformat(first), datetime.fromisoformat(last)
    zones = {}
    for chapter_id, zone in bind.execute(sa.text('SELECT id, timezone FROM chapters')):
        zones.setdefault(zone, []).append(chapter_id)
    groups = [(zone, 'chapter_id IN (%s)' % ', '.join(str(int(i)) for i in ids))
              for zone, ids in zones.items()]
    groups.append((default_zone, 'chapter_id IS NULL'))
    # One month before the first send and one after the last: any zone's edge is inside.
    month = date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)
    stop = _next_month(_next_month(date(last.year, last.month, 1)))
    while month < stop:
        for zone, in_group in groups:
            bind.execute(
                sa.text(f'UPDATE interactions SET local_month = :month WHERE {in_group} '
                        'AND created_at >= :start AND created_at < :end')
                .bindparams(sa.bindparam('month', type_=sa.Date()),
                            sa.bindparam('start', type_=sa.DateTime(timezone=True)),
                            sa.bindparam('end', type_=sa.DateTime(timezone=True))),
                {'month': month, 'start': _month_edge(month, zone),
                 'end': _month_edge(_next_month(month), zone)},
            )
        month = _next_month(month)


def _count_existing_sends():
    """Fill the new roll-ups from the sends already stored (the triggers take over)."""
    for table, keys, values in ROLLUPS:
        op.execute(
            f"INSERT INTO {table} ({', '.join(keys)}, n) SELECT {', '.join(values)}, count(*) "
            f"FROM interactions GROUP BY {', '.join(values)}"
        )
    op.execute(
        'INSERT INTO report_member_firsts (member_email, first_month) '
        'SELECT member_email, min(local_month) FROM interactions GROUP BY member_email'
    )


def upgrade():
    with op.batch_alter_table('interactions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('local_month', sa.Date(), nullable=True))
    bind = op.get_bind()
    _stamp_months(bind, _report_zone())
    with op.batch_alter_table('interactions', schema=None) as batch_op:
        batch_op.alter_column('local_month', existing_type=sa.Date(), nullable=False)

    op.create_table('report_counts',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('chapter_id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('evidence', sa.String(length=10), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('month', 'chapter_id', 'campaign_id', 'channel', 'evidence', name=op.f('pk_report_counts'))
    )
    op.create_table('report_official_counts',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('chapter_id', sa.Integer(), nullable=False),
    sa.Column('official_id', sa.Integer(), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('month', 'official_id', 'chapter_id', name=op.f('pk_report_official_counts'))
    )
    op.create_table('report_member_firsts',
    sa.Column('member_email', sa.String(length=254), nullable=False),
    sa.Column('first_month', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('member_email', name=op.f('pk_report_member_firsts'))
    )
    with op.batch_alter_table('report_member_firsts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_member_firsts_first_month'), ['first_month'], unique=False)
    op.create_table('report_members',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('chapter_id', sa.Integer(), nullable=False),
    sa.Column('member_email', sa.String(length=254), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('month', 'chapter_id', 'member_email', name=op.f('pk_report_members'))
    )
    with op.batch_alter_table('report_members', schema=None) as batch_op:
        batch_op.create_index('ix_report_members_member_month', ['member_email', 'month'], unique=False)

    _count_existing_sends()
    triggers = _postgresql_triggers() if bind.dialect.name == 'postgresql' else _sqlite_triggers()
    for statement in triggers:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP FUNCTION interactions_rollup() CASCADE")  # and its triggers
    else:
        for name in ('insert', 'update', 'delete'):
            op.execute(f"DROP TRIGGER interactions_rollup_{name}")
    with op.batch_alter_table('report_members', schema=None) as batch_op:
        batch_op.drop_index('ix_report_members_member_month')
    op.drop_table('report_members')
    op.drop_table('report_member_firsts')
    op.drop_table('report_official_counts')
    op.drop_table('report_counts')
    with op.batch_alter_table('interactions', schema=None) as batch_op:
        batch_op.drop_column('local_month')
