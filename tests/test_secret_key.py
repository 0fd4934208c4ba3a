"""The app never serves with a well-known key, and makes its own when none is set."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor

import pytest

from advocacy import create_app
from advocacy.keys import InsecureKey, settle_secret_key
from tests.factories import REPO


def _env(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLASK_")}
    return env | {"FLASK_SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/a.db"} | extra


def test_production_with_the_old_default_key_refuses_to_start(tmp_path):
    # A real start: gunicorn loads the app factory as a deployment would, and stops.
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--bind", "127.0.0.1:0", "advocacy:create_app()"],
        env=_env(tmp_path, FLASK_SECRET_KEY="dev-insecure-change-me"),
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is a well-known value" in result.stderr
    assert "token_hex" in result.stderr  # says how to set one


@pytest.mark.parametrize("key", ["dev", "secret", " Change-Me "])
def test_well_known_keys_are_refused_outside_debug_and_testing(tmp_path, key):
    with pytest.raises(InsecureKey):
        create_app({"SECRET_KEY": key}, instance_path=str(tmp_path))
    # Debug and testing may use one (the test suite does).
    assert create_app({"SECRET_KEY": key, "TESTING": True}, instance_path=str(tmp_path))


def test_an_unset_key_is_made_once_into_instance_and_kept(tmp_path, caplog):
    first = create_app({}, instance_path=str(tmp_path))
    key_file = tmp_path / "secret_key"
    assert first.config["SECRET_KEY"] == key_file.read_text().strip()
    assert len(first.config["SECRET_KEY"]) == 64
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert "made a random key" in caplog.text
    again = create_app({}, instance_path=str(tmp_path))
    assert again.config["SECRET_KEY"] == first.config["SECRET_KEY"]
    assert (
        create_app({}, instance_path=str(tmp_path / "other")).config["SECRET_KEY"]
        != (first.config["SECRET_KEY"])
    )


def _settle(folder) -> str:
    config = {"SECRET_KEY": None}
    settle_secret_key(config, str(folder), relaxed=False)
    return config["SECRET_KEY"]


def test_workers_starting_together_share_one_made_key(tmp_path):
    # Processes, as gunicorn's workers are: each races to place its key.
    with ProcessPoolExecutor(8) as pool:
        keys = set(pool.map(_settle, [tmp_path] * 16))
    assert len(keys) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]  # no temporary left


def test_a_short_key_file_or_an_unwritable_instance_stops_the_app(tmp_path):
    (tmp_path / "secret_key").write_text("short\n")
    with pytest.raises(InsecureKey, match="shorter than 32"):
        create_app({}, instance_path=str(tmp_path))
    blocked = tmp_path / "file"
    blocked.write_text("")
    with pytest.raises(InsecureKey, match="cannot be made"):
        create_app({}, instance_path=str(blocked / "instance"))


def test_the_cli_in_a_checkout_runs_with_a_made_key(tmp_path):
    # A checkout of its own (the package, templates, migrations): the key it makes lands in
    # that checkout's instance/, never in the one the tests run from.
    checkout = tmp_path / "checkout"
    for name in ("advocacy", "templates", "migrations"):
        shutil.copytree(REPO / name, checkout / name, ignore=shutil.ignore_patterns("__pycache__"))
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "advocacy", "doctor"],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        cwd=checkout,
    )
    assert "UNSAFE key" not in result.stdout, result.stdout + result.stderr
    assert len((checkout / "instance" / "secret_key").read_text().strip()) == 64
