"""Shared fixtures: the app on SQLite and on a throwaway PostgreSQL cluster, and the real data.

Every test that takes `app` (or a fixture built on it) runs twice, once per database
backend. The PostgreSQL cluster is started with initdb/pg_ctl in a temporary directory
(unix socket only); where PostgreSQL is not installed those runs skip, except under CI,
where that is a failure.
"""

from __future__ import annotations

import itertools
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
import responses
from flask_migrate import upgrade
from sqlalchemy.engine import make_url

from advocacy import create_app
from advocacy.directory.sources import all_sources
from tests.census_answers import CENSUS
from tests.factories import (
    IN_CI,
    SHARED_DATA,
    World,
    base_config,
    dispose,
    make_world,
    signed_in,
)
from tests.pg import PostgresCluster, find_pg_bin, sweep_abandoned
from tests.redis import redis_server  # noqa: F401  (a fixture for every test module)
from tests.smtp import smtp  # noqa: F401  (a fixture for every test module)

BACKENDS = ("sqlite", "postgresql")
# Requests per role and database in the hostile sweep: 4 roles x 2 databases x 2,600 is
# over 20,000 in CI; raise it locally for a longer search.
HOSTILE_COUNT = 2600


def pytest_addoption(parser):
    """The hostile sweep's size and seed."""
    parser.addoption(
        "--hostile-count",
        type=int,
        default=HOSTILE_COUNT,
        help="requests per role and database in tests/hostile (default %(default)s)",
    )
    parser.addoption("--hostile-seed", default="2026", help="the sweep's random seed")


_counter = itertools.count()


# --- the real public data --------------------------------------------------------------


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/legislators, or a skip (a failure under CI) when it is absent."""
    if not (SHARED_DATA / "unitedstates.github.io").is_dir():
        message = f"the public-data mirror is not at {SHARED_DATA} (set ADVOCACY_SHARED_DATA)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return SHARED_DATA


@pytest.fixture
def mirror_copy(shared_data, tmp_path) -> Path:
    """A private copy of just the files `data update` reads, for tests that corrupt one."""
    root = tmp_path / "mirror"
    for source in all_sources():
        if source.listing:  # a directory of files (absent when optional and unpublished)
            if (shared_data / source.dirpath).is_dir():
                target = root / source.dirpath
                target.mkdir(parents=True)
                for path in (shared_data / source.dirpath).glob("*.yml"):
                    shutil.copyfile(path, target / path.name)
            continue
        target = root / source.relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shared_data / source.relpath, target)
    return root


# --- databases ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_cluster(tmp_path_factory):
    """A throwaway PostgreSQL cluster for the whole run, or None when not installed."""
    bindir = find_pg_bin()
    if bindir is None:
        yield None
        return
    sweep_abandoned(bindir)  # what killed runs left behind
    cluster = PostgresCluster(bindir)
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(params=BACKENDS)
def backend(request, pg_cluster) -> str:
    """The database backend of this run of the test."""
    if request.param == "postgresql" and pg_cluster is None:
        message = "PostgreSQL (initdb/pg_ctl) is not installed"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return request.param


class DatabaseFactory:
    """Fresh databases, empty, migrated or loaded, cloned from session templates."""

    def __init__(self, tmp_factory, pg_cluster):
        self.tmp = tmp_factory
        self.pg = pg_cluster
        self.templates: dict[tuple[str, str], str] = {}

    def empty(self, backend: str) -> str:
        """A URL for a new, empty database."""
        name = f"t{next(_counter)}"
        if backend == "sqlite":
            return f"sqlite:///{self.tmp.mktemp('db') / (name + '.db')}"
        self.pg.create_database(name)
        return self.pg.url(name)

    def clone(self, backend: str, url: str) -> str:
        """A copy of a database that no connection is using."""
        name = f"t{next(_counter)}"
        if backend == "sqlite":
            source = url.removeprefix("sqlite:///")
            target = self.tmp.mktemp("db") / (name + ".db")
            with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
                src.backup(dst)
            return f"sqlite:///{target}"
        self.pg.create_database(name, template=make_url(url).database)
        return self.pg.url(name)

    def migrated(self, backend: str) -> str:
        """A new database with the schema at head."""
        key = (backend, "migrated")
        if key not in self.templates:
            url = self.empty(backend)
            app = create_app(base_config(url, self.tmp.mktemp("data")))
            with app.app_context():
                upgrade()
            dispose(app)
            self.templates[key] = url
        return self.clone(backend, self.templates[key])

    def loaded(self, backend: str, mirror: Path) -> tuple[str, Path]:
        """A new database holding the real directory, loaded once per run from the mirror."""
        key = (backend, "loaded")
        if key not in self.templates:
            from advocacy.directory.update import update_directory

            url = self.migrated(backend)
            data_dir = self.tmp.mktemp("loaded-data")
            app = create_app({**base_config(url, data_dir), "LEGISLATOR_DATA_MIRROR": str(mirror)})
            with app.app_context():
                update_directory(app.config)
            dispose(app)
            self.templates[key] = url
            self.templates[(backend, "loaded-data")] = str(data_dir)
        return self.clone(backend, self.templates[key]), Path(
            self.templates[(backend, "loaded-data")]
        )


@pytest.fixture(scope="session")
def databases(tmp_path_factory, pg_cluster) -> DatabaseFactory:
    """The factory of test databases."""
    return DatabaseFactory(tmp_path_factory, pg_cluster)


def _make_app(config: dict):
    app = create_app(config)
    return app


@pytest.fixture
def app(backend, databases, tmp_path):
    """An app on a freshly migrated, empty database of this run's backend."""
    app = _make_app(base_config(databases.migrated(backend), tmp_path / "data"))
    yield app
    dispose(app)


@pytest.fixture
def sqlite_app(databases, tmp_path):
    """An app on a migrated SQLite database, for tests of SQLite's own settings."""
    app = _make_app(base_config(databases.migrated("sqlite"), tmp_path / "data"))
    yield app
    dispose(app)


@pytest.fixture
def loaded_app(backend, databases, shared_data, tmp_path):
    """An app on a private copy of a database holding the whole real directory."""
    url, data_dir = databases.loaded(backend, shared_data)
    app = _make_app({**base_config(url, data_dir), "LEGISLATOR_DATA_MIRROR": str(shared_data)})
    yield app
    dispose(app)


@pytest.fixture
def client(app):
    """A test client of `app`."""
    return app.test_client()


@pytest.fixture
def loaded_client(loaded_app):
    """A test client of `loaded_app`."""
    return loaded_app.test_client()


@pytest.fixture
def runner(app):
    """A CLI runner of `app`."""
    return app.test_cli_runner()


@pytest.fixture
def provenance(shared_data) -> dict:
    """The mirror's own record of how many state legislators each state has."""
    return json.loads((shared_data / "PROVENANCE.json").read_text())


@pytest.fixture
def census_app(loaded_app):
    """(test client, responses mock) for the real directory and a fake Census geocoder."""
    loaded_app.config.update(
        GEOCODER="census", CENSUS_GEOCODER_URL=CENSUS, GEOCODER_RETRIES=0, GEOCODER_BACKOFF=0
    )
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield loaded_app.test_client(), mock


# --- chapters, people and the log --------------------------------------------------------


@pytest.fixture
def world(app) -> World:
    """make_world on this test's app: two chapters, their people, officials, entries."""
    return make_world(app)


@pytest.fixture
def as_user(app, world):
    """A factory of signed-in clients: as_user("a@example.org") (None: anonymous)."""
    return signed_in(app)


def pytest_terminal_summary(terminalreporter):
    """Where the browser test left its screenshots (a CI artefact)."""
    from tests.browser import SHOTS

    if (SHOTS / "widths.json").exists():
        terminalreporter.write_line(f"Screenshots of every page: {SHOTS}")
