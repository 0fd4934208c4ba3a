"""Alembic migrations build the schema from nothing, match the models, and go back down."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from advocacy import create_app
from advocacy.extensions import db
from tests.conftest import base_config, dispose

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
                diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
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
