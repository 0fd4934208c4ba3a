"""roll-ups in one lock order: on PostgreSQL the roll-up trigger moves a send's counts table by
table (remove the old row, add the new one, then the next table), so that concurrent sends
lock roll-up rows in the same order and never deadlock

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06 23:30:00

Before, an evidence upgrade removed its counts from every table and then added them to every
table: one transaction held a member's official row and waited for a campaign row that a
concurrent insert held while it waited for that official row (PostgreSQL's deadlock
detector then cancelled one of them). Evidence only rises, so within a table an upgrade
takes the lower row before the higher one, like every other writer. SQLite serialises its
writers and keeps its triggers. The SQL is frozen here, as in 0008 and 0012.
"""
from alembic import op

revision = '0019'
down_revision = '0018'
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


def _remove(table, keys, values, row):
    return (f"UPDATE {table} SET n = n - 1 WHERE "
            + ' AND '.join(f"{k} = {_value(row, v)}" for k, v in zip(keys, values)) + ';')


def _add(table, keys, values, row):
    return (f"INSERT INTO {table} ({', '.join(keys)}, n) "
            f"VALUES ({', '.join(_value(row, v) for v in values)}, 1) "
            f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET n = {table}.n + 1;")


FIRST_REMOVE = (
    "UPDATE report_member_firsts SET first_month = (SELECT min(month) FROM report_members "
    "WHERE member_key = OLD.member_key AND n > 0) WHERE member_key = OLD.member_key; "
    "DELETE FROM report_member_firsts WHERE member_key = OLD.member_key "
    "AND first_month IS NULL;"
)
FIRST_ADD = (
    "INSERT INTO report_member_firsts (member_key, first_month) "
    "VALUES (NEW.member_key, NEW.local_month) ON CONFLICT (member_key) DO UPDATE "
    "SET first_month = excluded.first_month "
    "WHERE report_member_firsts.first_month IS NULL "
    "OR excluded.first_month < report_member_firsts.first_month;"
)


def _function(table_major):
    if table_major:
        steps = ' '.join(
            f"IF TG_OP IN ('UPDATE', 'DELETE') THEN {_remove(t, k, v, 'OLD')} END IF; "
            f"IF TG_OP IN ('INSERT', 'UPDATE') THEN {_add(t, k, v, 'NEW')} END IF;"
            for t, k, v in ROLLUPS
        )
        body = (steps + f" IF TG_OP IN ('UPDATE', 'DELETE') THEN {FIRST_REMOVE} END IF; "
                f"IF TG_OP IN ('INSERT', 'UPDATE') THEN {FIRST_ADD} END IF;")
    else:  # 0012's order: every table's removal, then every table's addition
        body = ("IF TG_OP IN ('UPDATE', 'DELETE') THEN "
                + ' '.join(_remove(t, k, v, 'OLD') for t, k, v in ROLLUPS) + f" {FIRST_REMOVE} "
                "END IF; IF TG_OP IN ('INSERT', 'UPDATE') THEN "
                + ' '.join(_add(t, k, v, 'NEW') for t, k, v in ROLLUPS) + f" {FIRST_ADD} END IF;")
    return ("CREATE OR REPLACE FUNCTION interactions_rollup() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN {body} RETURN NULL; END $$")


def upgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(_function(table_major=True))


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(_function(table_major=False))
