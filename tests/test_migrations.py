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
