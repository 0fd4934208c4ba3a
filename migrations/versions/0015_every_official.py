"""every official: seats at more levels than Congress and the state legislatures

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-21 21:00:00

A seat's level may now be `local` (mayors, from Open States' municipalities), `canada`
(the House of Commons) or `province` (provincial and territorial legislatures), besides
`federal` and `state` (which now also holds governors and statewide officers). A division
may be a `place` (a city or town with a mayor), a `province`, or a Canadian federal (`ed`)
or provincial (`ped`) electoral district.
"""
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

OLD = "level IN ('federal', 'state')"
NEW = "level IN ('federal', 'state', 'local', 'canada', 'province')"


OLD_KINDS = "kind IN ('country', 'state', 'cd', 'sldu', 'sldl', 'legislature')"
NEW_KINDS = (
    "kind IN ('country', 'state', 'cd', 'sldu', 'sldl', 'legislature', 'place', 'province', "
    "'ed', 'ped')"
)


def _checks(level, kinds):
    with op.batch_alter_table('seats', schema=None, recreate='auto') as batch_op:
        batch_op.drop_constraint(op.f('ck_seats_level'), type_='check')
        batch_op.create_check_constraint('level', level)
    with op.batch_alter_table('divisions', schema=None, recreate='auto') as batch_op:
        batch_op.drop_constraint(op.f('ck_divisions_kind'), type_='check')
        batch_op.create_check_constraint('kind', kinds)


def upgrade():
    _checks(NEW, NEW_KINDS)


def downgrade():
    op.execute("DELETE FROM seats WHERE level NOT IN ('federal', 'state')")
    _checks(OLD, OLD_KINDS)
