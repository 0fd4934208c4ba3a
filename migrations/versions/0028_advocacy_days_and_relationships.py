"""advocacy days and relationships: days with attendees and one meeting per office;
staff, key contacts, coalition partners and sign-on letters

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-07 19:21:57

`advocacy_days` (their bills, attendees and the offices that represent each attendee)
and `day_meetings` (one per office and day, with their history and the log entry a
meeting's report made); `staffers` with their `staff_roles` per office and the
`log_entry_staff` who took part in a contact; advocates' `key_contacts`; `organisations`,
`sign_on_letters` with their targets and `signatures`.
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0028'
down_revision = '0027'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('organisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('chapter_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_key', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('website', sa.String(length=300), nullable=False),
    sa.Column('contact_name', sa.String(length=200), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=False),
    sa.Column('issues', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('hospital', 'vendor', 'patient_group', 'association', 'other')", name=op.f('ck_organisations_kind')),
    sa.ForeignKeyConstraint(['chapter_id'], ['chapters.id'], name=op.f('fk_organisations_chapter_id_chapters')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations'))
    )
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisations_chapter_id'), ['chapter_id'], unique=False)
        batch_op.create_index('uq_organisations_chapter_name', ['chapter_id', 'name_key'], unique=True)

    op.create_table('staffers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('chapter_id', sa.Integer(), nullable=False),
    sa.Column('shared', sa.Boolean(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('confirmed_on', sa.Date(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['chapter_id'], ['chapters.id'], name=op.f('fk_staffers_chapter_id_chapters')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_staffers_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staffers'))
    )
    with op.batch_alter_table('staffers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staffers_chapter_id'), ['chapter_id'], unique=False)

    op.create_table('key_contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('chapter_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('official_id', sa.Integer(), nullable=True),
    sa.Column('staffer_id', sa.Integer(), nullable=True),
    sa.Column('how', sa.String(length=12), nullable=False),
    sa.Column('strength', sa.String(length=12), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('goal_per_year', sa.Integer(), nullable=False),
    sa.Column('consent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("how IN ('constituent', 'colleague', 'donor', 'patient', 'friend', 'other')", name=op.f('ck_key_contacts_how')),
    sa.CheckConstraint("strength IN ('close', 'regular', 'acquainted')", name=op.f('ck_key_contacts_strength')),
    sa.CheckConstraint('(official_id IS NULL) <> (staffer_id IS NULL)', name=op.f('ck_key_contacts_official_or_staffer')),
    sa.CheckConstraint('goal_per_year BETWEEN 0 AND 52', name=op.f('ck_key_contacts_goal')),
    sa.ForeignKeyConstraint(['chapter_id'], ['chapters.id'], name=op.f('fk_key_contacts_chapter_id_chapters')),
    sa.ForeignKeyConstraint(['official_id'], ['officials.id'], name=op.f('fk_key_contacts_official_id_officials')),
    sa.ForeignKeyConstraint(['staffer_id'], ['staffers.id'], name=op.f('fk_key_contacts_staffer_id_staffers')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_key_contacts_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_key_contacts'))
    )
    with op.batch_alter_table('key_contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_key_contacts_chapter_id'), ['chapter_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_key_contacts_official_id'), ['official_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_key_contacts_staffer_id'), ['staffer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_key_contacts_user_id'), ['user_id'], unique=False)

    op.create_table('staff_roles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staffer_id', sa.Integer(), nullable=False),
    sa.Column('official_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=24), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.CheckConstraint("role IN ('chief_of_staff', 'scheduler', 'legislative_director', 'health_la', 'district_director', 'other')", name=op.f('ck_staff_roles_role')),
    sa.CheckConstraint('ended_on IS NULL OR ended_on >= started_on', name=op.f('ck_staff_roles_ended_after')),
    sa.ForeignKeyConstraint(['official_id'], ['officials.id'], name=op.f('fk_staff_roles_official_id_officials')),
    sa.ForeignKeyConstraint(['staffer_id'], ['staffers.id'], name=op.f('fk_staff_roles_staffer_id_staffers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_roles'))
    )
    with op.batch_alter_table('staff_roles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_roles_official_id'), ['official_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_staff_roles_staffer_id'), ['staffer_id'], unique=False)

    op.create_table('advocacy_days',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('chapter_id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('key', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('mode', sa.String(length=10), nullable=False),
    sa.Column('state', sa.String(length=2), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('timezone', sa.String(length=40), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('ask', sa.Text(), nullable=False),
    sa.Column('window', sa.String(length=120), nullable=False),
    sa.Column('contact_name', sa.String(length=200), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("mode IN ('hill', 'capitol', 'district')", name=op.f('ck_advocacy_days_mode')),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_advocacy_days_ends_after')),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_advocacy_days_campaign_id_campaigns')),
    sa.ForeignKeyConstraint(['chapter_id'], ['chapters.id'], name=op.f('fk_advocacy_days_chapter_id_chapters')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_advocacy_days_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_advocacy_days')),
    sa.UniqueConstraint('key', name=op.f('uq_advocacy_days_key'))
    )
    with op.batch_alter_table('advocacy_days', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_advocacy_days_chapter_id'), ['chapter_id'], unique=False)

    op.create_table('sign_on_letters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('chapter_id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('to_name', sa.String(length=200), nullable=False),
    sa.Column('to_email', sa.String(length=254), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('open', 'closed', 'delivered')", name=op.f('ck_sign_on_letters_status')),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_sign_on_letters_campaign_id_campaigns')),
    sa.ForeignKeyConstraint(['chapter_id'], ['chapters.id'], name=op.f('fk_sign_on_letters_chapter_id_chapters')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_sign_on_letters_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_on_letters')),
    sa.UniqueConstraint('key', name=op.f('uq_sign_on_letters_key'))
    )
    with op.batch_alter_table('sign_on_letters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_on_letters_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sign_on_letters_chapter_id'), ['chapter_id'], unique=False)

    op.create_table('advocacy_day_bills',
    sa.Column('day_id', sa.Integer(), nullable=False),
    sa.Column('bill_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['bill_id'], ['bills.id'], name=op.f('fk_advocacy_day_bills_bill_id_bills')),
    sa.ForeignKeyConstraint(['day_id'], ['advocacy_days.id'], name=op.f('fk_advocacy_day_bills_day_id_advocacy_days'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('day_id', 'bill_id', name=op.f('pk_advocacy_day_bills'))
    )
    op.create_table('day_attendees',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('email_key', sa.String(length=254), nullable=False),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('arrive_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('depart_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('needs', sa.Text(), nullable=True),
    sa.Column('feed_key', sa.String(length=43), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('data_removed_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('depart_at > arrive_at', name=op.f('ck_day_attendees_departs_after')),
    sa.ForeignKeyConstraint(['day_id'], ['advocacy_days.id'], name=op.f('fk_day_attendees_day_id_advocacy_days'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_day_attendees')),
    sa.UniqueConstraint('feed_key', name=op.f('uq_day_attendees_feed_key'))
    )
    with op.batch_alter_table('day_attendees', schema=None) as batch_op:
        batch_op.create_index('uq_day_attendees_day_email', ['day_id', 'email_key'], unique=True)

    op.create_table('day_meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day_id', sa.Integer(), nullable=False),
    sa.Column('official_id', sa.Integer(), nullable=False),
    sa.Column('official_name', sa.String(length=200), nullable=False),
    sa.Column('office', sa.String(length=100), nullable=False),
    sa.Column('district', sa.String(length=120), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('request_to', sa.String(length=254), nullable=False),
    sa.Column('requests_sent', sa.Integer(), nullable=False),
    sa.Column('staffer_id', sa.Integer(), nullable=True),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('room', sa.String(length=120), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('log_entry_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('to_request', 'requested', 'confirmed', 'declined', 'staff')", name=op.f('ck_day_meetings_status')),
    sa.CheckConstraint('ends_at IS NULL OR ends_at > starts_at', name=op.f('ck_day_meetings_ends_after')),
    sa.ForeignKeyConstraint(['day_id'], ['advocacy_days.id'], name=op.f('fk_day_meetings_day_id_advocacy_days'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['log_entry_id'], ['log_entries.id'], name=op.f('fk_day_meetings_log_entry_id_log_entries')),
    sa.ForeignKeyConstraint(['official_id'], ['officials.id'], name=op.f('fk_day_meetings_official_id_officials')),
    sa.ForeignKeyConstraint(['staffer_id'], ['staffers.id'], name=op.f('fk_day_meetings_staffer_id_staffers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_day_meetings')),
    sa.UniqueConstraint('log_entry_id', name=op.f('uq_day_meetings_log_entry_id'))
    )
    with op.batch_alter_table('day_meetings', schema=None) as batch_op:
        batch_op.create_index('uq_day_meetings_day_official', ['day_id', 'official_id'], unique=True)

    op.create_table('log_entry_staff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('staffer_id', sa.Integer(), nullable=False),
    sa.Column('official_id', sa.Integer(), nullable=True),
    sa.Column('role', sa.String(length=24), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['log_entries.id'], name=op.f('fk_log_entry_staff_entry_id_log_entries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['official_id'], ['officials.id'], name=op.f('fk_log_entry_staff_official_id_officials')),
    sa.ForeignKeyConstraint(['staffer_id'], ['staffers.id'], name=op.f('fk_log_entry_staff_staffer_id_staffers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_log_entry_staff'))
    )
    with op.batch_alter_table('log_entry_staff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_log_entry_staff_staffer_id'), ['staffer_id'], unique=False)
        batch_op.create_index('uq_log_entry_staff_entry_staffer', ['entry_id', 'staffer_id'], unique=True)

    op.create_table('sign_on_targets',
    sa.Column('letter_id', sa.Integer(), nullable=False),
    sa.Column('official_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['letter_id'], ['sign_on_letters.id'], name=op.f('fk_sign_on_targets_letter_id_sign_on_letters'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['official_id'], ['officials.id'], name=op.f('fk_sign_on_targets_official_id_officials')),
    sa.PrimaryKeyConstraint('letter_id', 'official_id', name=op.f('pk_sign_on_targets'))
    )
    op.create_table('signatures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('letter_id', sa.Integer(), nullable=False),
    sa.Column('org_name', sa.String(length=200), nullable=False),
    sa.Column('org_key', sa.String(length=200), nullable=False),
    sa.Column('signatory', sa.String(length=200), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('logo', sa.String(length=44), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('pending', 'approved', 'rejected')", name=op.f('ck_signatures_status')),
    sa.ForeignKeyConstraint(['letter_id'], ['sign_on_letters.id'], name=op.f('fk_signatures_letter_id_sign_on_letters'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signatures'))
    )
    with op.batch_alter_table('signatures', schema=None) as batch_op:
        batch_op.create_index('uq_signatures_letter_org', ['letter_id', 'org_key'], unique=True)

    op.create_table('day_attendee_offices',
    sa.Column('attendee_id', sa.Integer(), nullable=False),
    sa.Column('official_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['attendee_id'], ['day_attendees.id'], name=op.f('fk_day_attendee_offices_attendee_id_day_attendees'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['official_id'], ['officials.id'], name=op.f('fk_day_attendee_offices_official_id_officials')),
    sa.PrimaryKeyConstraint('attendee_id', 'official_id', name=op.f('pk_day_attendee_offices'))
    )
    op.create_table('day_meeting_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=12), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['day_meetings.id'], name=op.f('fk_day_meeting_changes_meeting_id_day_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_day_meeting_changes_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_day_meeting_changes'))
    )
    with op.batch_alter_table('day_meeting_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_day_meeting_changes_meeting_id'), ['meeting_id'], unique=False)



def downgrade():
    with op.batch_alter_table('day_meeting_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_day_meeting_changes_meeting_id'))

    op.drop_table('day_meeting_changes')
    op.drop_table('day_attendee_offices')
    with op.batch_alter_table('signatures', schema=None) as batch_op:
        batch_op.drop_index('uq_signatures_letter_org')

    op.drop_table('signatures')
    op.drop_table('sign_on_targets')
    with op.batch_alter_table('log_entry_staff', schema=None) as batch_op:
        batch_op.drop_index('uq_log_entry_staff_entry_staffer')
        batch_op.drop_index(batch_op.f('ix_log_entry_staff_staffer_id'))

    op.drop_table('log_entry_staff')
    with op.batch_alter_table('day_meetings', schema=None) as batch_op:
        batch_op.drop_index('uq_day_meetings_day_official')

    op.drop_table('day_meetings')
    with op.batch_alter_table('day_attendees', schema=None) as batch_op:
        batch_op.drop_index('uq_day_attendees_day_email')

    op.drop_table('day_attendees')
    op.drop_table('advocacy_day_bills')
    with op.batch_alter_table('sign_on_letters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_on_letters_chapter_id'))
        batch_op.drop_index(batch_op.f('ix_sign_on_letters_campaign_id'))

    op.drop_table('sign_on_letters')
    with op.batch_alter_table('advocacy_days', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_advocacy_days_chapter_id'))

    op.drop_table('advocacy_days')
    with op.batch_alter_table('staff_roles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_roles_staffer_id'))
        batch_op.drop_index(batch_op.f('ix_staff_roles_official_id'))

    op.drop_table('staff_roles')
    with op.batch_alter_table('key_contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_key_contacts_user_id'))
        batch_op.drop_index(batch_op.f('ix_key_contacts_staffer_id'))
        batch_op.drop_index(batch_op.f('ix_key_contacts_official_id'))
        batch_op.drop_index(batch_op.f('ix_key_contacts_chapter_id'))

    op.drop_table('key_contacts')
    with op.batch_alter_table('staffers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staffers_chapter_id'))

    op.drop_table('staffers')
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_index('uq_organisations_chapter_name')
        batch_op.drop_index(batch_op.f('ix_organisations_chapter_id'))

    op.drop_table('organisations')
