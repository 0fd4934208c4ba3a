"""Alembic migrations build the schema from nothing, match the models, and go back down."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from advocacy import create_app
from advocacy.extensions import db
from advocacy.models.bills import not_search_object
from tests.factories import base_config, dispose

TABLES = {
    "divisions",
    "division_geoid_rules",
    "division_geoids",
    "officials",
    "seats",
    "offices",
    "social_accounts",
    "identifiers",
    "source_files",
    "data_loads",
}


def test_upgrade_from_empty_matches_models_and_downgrades(backend, databases, tmp_path):
    app = create_app(base_config(databases.empty(backend), tmp_path))
    try:
        with app.app_context():
            assert not TABLES & set(inspect(db.engine).get_table_names())
            upgrade()
            assert set(inspect(db.engine).get_table_names()) >= TABLES
            with db.engine.connect() as conn:
                context = MigrationContext.configure(
                    conn, opts={"include_object": not_search_object}
                )
                diff = compare_metadata(context, db.metadata)
            assert diff == [], f"models and migrations disagree: {diff}"
            downgrade(revision="base")
            assert not TABLES & set(inspect(db.engine).get_table_names())
            upgrade()
            assert set(inspect(db.engine).get_table_names()) >= TABLES
    finally:
        dispose(app)


def test_upgrade_with_data_keeps_rows_and_fills_new_columns(backend, databases, tmp_path):
    from sqlalchemy import text

    app = create_app(base_config(databases.empty(backend), tmp_path))
    try:
        with app.app_context():
            upgrade(revision="0001")
            db.session.execute(
                text(
                    "INSERT INTO divisions (ocd_id, name, kind, state, num_seats) VALUES "
                    "('ocd-division/country:us/state:pr', 'Puerto Rico', 'state', 'pr', NULL),"
                    "('ocd-division/country:us/state:pr/sldl:at-large', 'At-Large', 'sldl', "
                    "'pr', 13), ('ocd-division/country:us/state:pr/sldl:1', '1', 'sldl', 'pr', 1)"
                )
            )
            db.session.execute(
                text(
                    "INSERT INTO officials (source_key, source, full_name, sort_name, created_at,"
                    " updated_at) VALUES ('x', 'test', 'X', 'X', CURRENT_TIMESTAMP,"
                    " CURRENT_TIMESTAMP)"
                )
            )
            db.session.execute(
                text(
                    "INSERT INTO seats (official_id, level, chamber, title, division_id) SELECT id,"
                    " 'state', 'lower', 'Representative', 'ocd-division/country:us/state:pr/sldl:1'"
                    " FROM officials"
                )
            )
            db.session.commit()
            upgrade()  # SQLite copies the referenced divisions table: must not break the seat
            rows = dict(db.session.execute(text("SELECT name, statewide FROM divisions")).all())
            assert rows == {"Puerto Rico": True, "At-Large": True, "1": False}
            assert db.session.execute(text("SELECT count(*) FROM seats")).scalar() == 1
    finally:
        dispose(app)


def test_sends_made_before_the_rollups_get_their_month_and_counts(backend, databases, tmp_path):
    """0008 on a database with sends: each gets its chapter's month; the roll-ups agree."""
    from datetime import date

    from sqlalchemy import text

    from advocacy.keys import member_key
    from advocacy.reports.rollup import rebuild

    app = create_app(base_config(databases.empty(backend), tmp_path))
    try:
        with app.app_context():
            upgrade(revision="0007")
            # Sept 30 in Los Angeles, Oct 1 in New York; as each database stores it.
            at = "2026-10-01 05:00:00" + ("+00" if backend == "postgresql" else ".000000")
            for statement in (
                "INSERT INTO divisions (ocd_id, name, kind, state) VALUES "
                "('ocd-division/country:us/state:ca', 'California', 'state', 'ca')",
                "INSERT INTO officials (source_key, source, full_name, sort_name, created_at, "
                "updated_at) VALUES ('x', 'test', 'X', 'X', :at, :at)",
                "INSERT INTO chapters (name, country, regions, timezone, created_at) VALUES "
                "('West', 'US', 'CA', 'America/Los_Angeles', :at)",
                "INSERT INTO campaigns (slug, title, summary, owner, starts_on, ends_on, targets,"
                " subject, letter_statement, letter_body, tweet_template, hashtags, created_at,"
                " updated_at) VALUES ('c', 'C', '', 'national', '2026-09-01', '2026-10-31', "
                "'us_senate', 's', 's', 'b', 't', '', :at, :at)",
            ):
                db.session.execute(text(statement), {"at": at})
            for key, chapter in (("a", "West"), ("b", None)):
                db.session.execute(
                    text(
                        "INSERT INTO interactions (idempotency_key, campaign_id, official_id, "
                        "official_name, office, channel, evidence, member_name, member_email, "
                        "chapter_id, created_at, updated_at) SELECT :key, campaigns.id, "
                        "officials.id, 'X', 'x', 'email', 'intent', 'M', :email, "
                        "(SELECT id FROM chapters WHERE name = :chapter), :at, :at "
                        "FROM campaigns, officials"
                    ),
                    {"key": key * 64, "email": f"{key}@example.org", "chapter": chapter, "at": at},
                )
            db.session.commit()
            upgrade()
            months = dict(
                db.session.execute(text("SELECT member_email, local_month FROM interactions")).all()
            )
            as_dates = {k: date.fromisoformat(str(v)[:10]) for k, v in months.items()}
            assert as_dates == {
                "a@example.org": date(2026, 9, 1),
                "b@example.org": date(2026, 10, 1),
            }
            assert db.session.execute(text("SELECT sum(n) FROM report_counts")).scalar() == 2
            # 0012: each send's member is its keyed hash, and the member roll-ups count by it.
            keys = dict(
                db.session.execute(text("SELECT member_email, member_key FROM interactions")).all()
            )
            assert keys == {
                e: member_key(app.config, e) for e in ("a@example.org", "b@example.org")
            }
            counted = db.session.execute(text("SELECT member_key, n FROM report_members")).all()
            assert sorted(counted) == sorted((k, 1) for k in keys.values())
            assert rebuild(db.session.connection()) == 0
            db.session.rollback()
    finally:
        dispose(app)
