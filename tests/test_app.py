"""The app factory, its configuration and the database settings."""

from __future__ import annotations

import os
import secrets
import sqlite3
import subprocess
import sys

import pytest
from sqlalchemy import text

from advocacy import create_app
from advocacy.extensions import begin_write, db
from tests.factories import REPO


def test_env_vars_with_flask_prefix_override_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv("FLASK_OFFICIALS_PER_PAGE", "7")
    monkeypatch.setenv("FLASK_LEGISLATOR_DATA_MIRROR", str(tmp_path))
    monkeypatch.setenv("FLASK_SECRET_KEY", "from-env")
    app = create_app(instance_path=str(tmp_path))
    assert app.config["OFFICIALS_PER_PAGE"] == 7
    assert app.config["LEGISLATOR_DATA_MIRROR"] == str(tmp_path)
    assert app.config["SECRET_KEY"] == "from-env"


def test_default_database_is_sqlite_under_instance(monkeypatch, tmp_path):
    monkeypatch.delenv("FLASK_SQLALCHEMY_DATABASE_URI", raising=False)
    app = create_app(instance_path=str(tmp_path))
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/advocacy.db"
    assert app.config["LEGISLATOR_DATA_DIR"] == str(REPO / "data" / "legislators")


def test_plain_postgresql_url_uses_psycopg3(tmp_path):
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": "postgresql://u@localhost/x"}, instance_path=str(tmp_path)
    )
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@localhost/x"


def test_instance_config_file_overrides_defaults(tmp_path):
    (tmp_path / "config.py").write_text("OFFICIALS_PER_PAGE = 3\nDATA_MAX_AGE_DAYS = 2\n")
    app = create_app(instance_path=str(tmp_path))
    assert app.config["OFFICIALS_PER_PAGE"] == 3
    assert app.config["DATA_MAX_AGE_DAYS"] == 2
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/advocacy.db"


def test_a_test_config_leaves_out_instance_config_and_environment(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text("OFFICIALS_PER_PAGE = 3\n")
    monkeypatch.setenv("FLASK_DATA_MAX_AGE_DAYS", "2")
    app = create_app({"SECRET_KEY": "key-of-this-test"}, instance_path=str(tmp_path))
    assert app.config["OFFICIALS_PER_PAGE"] == 50  # the shipped default
    assert app.config["DATA_MAX_AGE_DAYS"] == 14
    assert app.config["SECRET_KEY"] == "key-of-this-test"


def test_flask_cli_finds_the_app_by_package_name():
    # With a key given, the app makes none (instance/secret_key) in the checkout.
    env = os.environ | {"FLASK_SECRET_KEY": secrets.token_hex(32)}
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "advocacy", "data", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "update" in result.stdout and "status" in result.stdout


def test_sqlite_runs_wal_with_foreign_keys(sqlite_app):
    with sqlite_app.app_context():
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_begin_write_takes_the_sqlite_write_lock_at_once(sqlite_app):
    app = sqlite_app
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    with app.app_context():
        begin_write()
        db.session.execute(text("SELECT 1"))
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        db.session.rollback()
        other.execute("BEGIN IMMEDIATE")  # free again once the writer is done
        other.execute("ROLLBACK")
        other.close()


def test_readers_do_not_take_the_write_lock(sqlite_app):
    app = sqlite_app
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    with app.app_context():
        db.session.execute(text("SELECT count(*) FROM officials"))
        assert db.session().in_transaction()  # a read transaction is open...
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # ...and another writer still gets the lock at once
        assert other.in_transaction
        other.execute("ROLLBACK")
        other.close()
        db.session.rollback()


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert b"Not Found" in response.data and b"Traceback" not in response.data


def test_unknown_api_path_is_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json["status"] == 404
