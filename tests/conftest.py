"""Shared fixtures: the app on SQLite and on a throwaway PostgreSQL cluster, and the real data.

Every test that takes `app` (or a fixture built on it) runs once per database backend
(`--db sqlite` or `--db postgresql` for one of them). The PostgreSQL cluster is started with
initdb/pg_ctl in a temporary directory (unix socket only), once per run: the xdist workers
share it, and the templates on it (migrated, loaded with the whole mirror, loaded with a
small part of it) are built once by whichever worker needs them first. Where PostgreSQL is
not installed those runs skip, except under CI, where that is a failure.

Each test gets its own database (a copy of a template), its own data folder and its own
clock, and leaves nothing behind: its database is dropped, its files removed.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

import hypothesis
import pytest
import responses
from filelock import FileLock
from flask_migrate import upgrade
from sqlalchemy.engine import make_url

from advocacy import create_app
from tests.census_answers import CENSUS
from tests.factories import (
    HERMETIC_START,
    SHARED_DATA,
    TEMPLATE_CACHE_VARIABLE,
    World,
    base_config,
    dispose,
    make_world,
    mirror_start,
    set_clock,
    signed_in,
    unavailable,
)
from tests.mirror import SMALL_STATES, copy_mirror, copy_tree
from tests.pg import find_pg_bin, shared_cluster
from tests.redis import redis_server  # noqa: F401  (a fixture for every test module)
from tests.scratch import scratch_folder
from tests.smtp import smtp  # noqa: F401  (a fixture for every test module)
from tests.speedups import fewer_collections, share_url_builders

BACKENDS = ("sqlite", "postgresql")
# Requests per role and database in the hostile sweep: 4 roles x 2 databases x 2,600 is
# over 20,000 in CI; raise it locally for a longer search.
HOSTILE_COUNT = 2600


def pytest_addoption(parser):
    """The backends to run, and the hostile sweep's size and seed."""
    parser.addoption(
        "--db",
        choices=("both", *BACKENDS),
        default="both",
        help="run the database tests on one backend only (default: both)",
    )
    parser.addoption(
        "--hostile-count",
        type=int,
        default=HOSTILE_COUNT,
        help="requests per role and database in tests/hostile (default %(default)s)",
    )
    parser.addoption("--hostile-seed", default="2026", help="the sweep's random seed")


def _backends(config) -> tuple[str, ...]:
    chosen = config.getoption("--db")
    return BACKENDS if chosen == "both" else (chosen,)


def pytest_generate_tests(metafunc):
    """Every test that needs a database runs once per chosen backend (a test that names
    its own, PostgreSQL's row locks say, runs on that one, when it is chosen)."""
    if "backend" not in metafunc.fixturenames:
        return
    for mark in metafunc.definition.iter_markers("parametrize"):
        if mark.args and "backend" in str(mark.args[0]):
            return  # deselected below when its backend is not chosen
    chosen = _backends(metafunc.config)
    if metafunc.definition.get_closest_marker("one_backend"):
        chosen = chosen[:1]
    metafunc.parametrize("backend", chosen, indirect=True)


def pytest_collection_modifyitems(config, items):
    """Mark every test that reads the mirror `realdata` (through any fixture: a mark cannot
    be forgotten), and leave out the runs on a backend --db did not choose."""
    chosen = set(_backends(config))
    kept, dropped = [], []
    for item in items:
        if "shared_data" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.realdata)
        spec = getattr(item, "callspec", None)
        backend = spec.params.get("backend") if spec else None
        (dropped if backend is not None and backend not in chosen else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


_counter = itertools.count()
# Hypothesis keeps no example database (it would write .hypothesis/ into the checkout);
# the property tests that need a fixed draw say derandomize=True.
hypothesis.settings.register_profile("advocacy", database=None)
hypothesis.settings.load_profile("advocacy")


_MADE_HERE: list[str] = []


def pytest_configure(config):
    """What hypothesis still stores (the constants it collects from our code as test
    modules are imported) goes to a temp folder of this process, not .hypothesis/ in the
    checkout. The run's compiled templates go to one temp folder that the first process
    (xdist's controller, whose workers inherit the variable) makes. Both are removed by
    the process that made them, when it ends."""
    from hypothesis.configuration import set_hypothesis_home_dir

    # Every temp file of the run (pytest's tmp_path, the databases, the clusters, the
    # workers and the servers they start) in memory where the machine has room for it.
    scratch = scratch_folder()
    if scratch is not None:
        tempfile.tempdir = str(scratch)
        os.environ["TMPDIR"] = str(scratch)
    share_url_builders()
    fewer_collections()

    home = tempfile.mkdtemp(prefix="advocacy-hypothesis-")
    _MADE_HERE.append(home)
    set_hypothesis_home_dir(home)
    if not os.environ.get(TEMPLATE_CACHE_VARIABLE):
        os.environ[TEMPLATE_CACHE_VARIABLE] = tempfile.mkdtemp(prefix="advocacy-templates-")
        _MADE_HERE.append(os.environ[TEMPLATE_CACHE_VARIABLE])


def pytest_unconfigure(config):
    for folder in _MADE_HERE:
        shutil.rmtree(folder, ignore_errors=True)


# --- the real public data --------------------------------------------------------------


def _mirror_present() -> bool:
    return (SHARED_DATA / "unitedstates.github.io").is_dir()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/legislators, or a skip (a failure under CI) when it is absent."""
    if not _mirror_present():
        unavailable(f"the public-data mirror is not at {SHARED_DATA} (set ADVOCACY_SHARED_DATA)")
    return SHARED_DATA


@pytest.fixture
def mirror_copy(shared_data, tmp_path) -> Path:
    """A private copy of just the files `data update` reads, for tests that corrupt one."""
    return copy_mirror(shared_data, tmp_path / "mirror")


@pytest.fixture(scope="session")
def small_mirror(shared_data, run_folder) -> Path:
    """The mirror's national files and SMALL_STATES' own (one copy for the whole run)."""
    root = run_folder / "small-mirror"
    with FileLock(run_folder / "small-mirror.lock"):
        if not (root / ".done").exists():
            shutil.rmtree(root, ignore_errors=True)
            copy_mirror(shared_data, root, SMALL_STATES)
            (root / ".done").write_text("")
    return root


@pytest.fixture
def small_mirror_copy(small_mirror, tmp_path) -> Path:
    """A private copy of the small mirror, for tests that change its files."""
    return copy_tree(small_mirror, tmp_path / "mirror")


# --- databases ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def run_folder(tmp_path_factory) -> Path:
    """A folder every worker of this run shares (xdist gives each its own under it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def pg_cluster(request, run_folder):
    """The run's throwaway PostgreSQL cluster, or None when not installed or not chosen."""
    bindir = find_pg_bin()
    if bindir is None or "postgresql" not in _backends(request.config):
        yield None
        return
    with shared_cluster(bindir, run_folder) as cluster:
        yield cluster


@pytest.fixture
def backend(request, pg_cluster) -> str:
    """The database backend of this run of the test."""
    if request.param == "postgresql" and pg_cluster is None:
        unavailable("PostgreSQL (initdb/pg_ctl) is not installed")
    return request.param


class DatabaseFactory:
    """Fresh databases, empty, migrated or loaded, cloned from templates every worker of
    the run shares (built once, under a lock, by whichever needs one first). Each database
    handed out is dropped again by `discard`."""

    def __init__(self, tmp_factory, pg_cluster, shared: Path):
        self.tmp = tmp_factory
        self.pg = pg_cluster
        self.shared = shared / "templates"
        self.shared.mkdir(exist_ok=True)
        self.templates: dict[str, dict] = {}

    # -- plain databases

    def empty(self, backend: str) -> str:
        """A URL for a new, empty database."""
        name = f"t{os.getpid()}_{next(_counter)}"
        if backend == "sqlite":
            return f"sqlite:///{self.tmp.mktemp('db') / (name + '.db')}"
        self.pg.create_database(name)
        return self.pg.url(name)

    def clone(self, backend: str, url: str) -> str:
        """A copy of a database that no connection is using."""
        name = f"t{os.getpid()}_{next(_counter)}"
        if backend == "sqlite":
            source = url.removeprefix("sqlite:///")
            target = self.tmp.mktemp("db") / (name + ".db")
            with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
                src.backup(dst)
            return f"sqlite:///{target}"
        self.pg.create_database(name, template=make_url(url).database)
        return self.pg.url(name)

    def discard(self, url: str) -> None:
        """Drop a database handed out by this factory (a test's, after it)."""
        if url.startswith("sqlite:///"):
            path = Path(url.removeprefix("sqlite:///"))
            for suffix in ("", "-wal", "-shm", ".worker.lock"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            return
        self.pg.drop_database(make_url(url).database)

    # -- templates

    def _template(self, backend: str, kind: str, build: Callable[[str, Path], None]) -> dict:
        """{"url", "data"} of the run's `kind` template on `backend`, built once: build(url,
        data_dir) fills a migrated database and its data folder."""
        key = f"{backend}-{kind}"
        if key in self.templates:
            return self.templates[key]
        marker = self.shared / f"{key}.json"
        owner = str(self.pg.root) if backend == "postgresql" else "sqlite"
        with FileLock(self.shared / f"{key}.lock"):
            known = json.loads(marker.read_text()) if marker.exists() else None
            if known is None or known["cluster"] != owner:
                data = self.shared / f"{key}-data"
                shutil.rmtree(data, ignore_errors=True)
                data.mkdir()
                if backend == "sqlite":
                    url = f"sqlite:///{self.shared / (key + '.db')}"
                else:
                    name = f"tpl_{kind.replace('-', '_')}"
                    self.pg.drop_database(name)
                    self.pg.create_database(
                        name, template=None if kind == "migrated" else self._migrated_name()
                    )
                    url = self.pg.url(name)
                if backend == "sqlite" and kind != "migrated":
                    shutil.copyfile(_path(self.migrated_template(backend)["url"]), _path(url))
                build(url, data)
                known = {"url": url, "data": str(self._shared_data(kind, data)), "cluster": owner}
                marker.write_text(json.dumps(known))
        self.templates[key] = known
        return known

    def _shared_data(self, kind: str, built: Path) -> Path:
        """One data folder per kind of template for both backends (the same mirror stores the
        same files): the app's offline index is built once per set of files, not per backend."""
        if kind == "migrated":
            return built
        shared = self.shared / f"{kind}-data"
        with FileLock(self.shared / f"{kind}-data.lock"):
            if not (shared / ".done").exists():
                shutil.rmtree(shared, ignore_errors=True)
                built.rename(shared)
                (shared / ".done").write_text("")
            else:
                shutil.rmtree(built, ignore_errors=True)
        return shared

    def _migrated_name(self) -> str:
        return make_url(self.migrated_template("postgresql")["url"]).database

    def migrated_template(self, backend: str) -> dict:
        """The schema at head, nothing in it."""

        def build(url: str, data: Path) -> None:
            if backend == "sqlite":
                _path(url).unlink(missing_ok=True)
            app = create_app(base_config(url, data))
            with app.app_context():
                upgrade()
            dispose(app)

        return self._template(backend, "migrated", build)

    def loaded_template(self, backend: str, mirror: Path, kind: str = "loaded", **config) -> dict:
        """The directory loaded from `mirror` (with these settings), on the mirror's day."""

        def build(url: str, data: Path) -> None:
            from advocacy.directory.update import update_directory

            settings = {"LEGISLATOR_DATA_MIRROR": str(mirror), **config}
            app = create_app({**base_config(url, data), **settings})
            set_clock(app, mirror_start(SHARED_DATA), running=False)
            with app.app_context():
                update_directory(app.config)
            dispose(app)

        if backend == "postgresql":
            self.migrated_template(backend)
        return self._template(backend, kind, build)

    def migrated(self, backend: str) -> str:
        """A new database with the schema at head."""
        return self.clone(backend, self.migrated_template(backend)["url"])

    def loaded(
        self, backend: str, mirror: Path, kind: str = "loaded", **config
    ) -> tuple[str, Path]:
        """A new database holding a directory loaded from `mirror`, and the template's data
        folder (copy it before an update writes into it)."""
        template = self.loaded_template(backend, mirror, kind, **config)
        return self.clone(backend, template["url"]), Path(template["data"])


@pytest.fixture(scope="session")
def databases(request, tmp_path_factory, pg_cluster, run_folder) -> DatabaseFactory:
    """The factory of test databases."""
    factory = DatabaseFactory(tmp_path_factory, pg_cluster, run_folder)
    _build_ahead(request, factory)
    return factory


def _build_ahead(request, factory: DatabaseFactory) -> None:
    """Each xdist worker starts by building a different backend's loaded template (the
    first SQLite's, the second PostgreSQL's), where the run has tests on it: built when
    first needed, both workers asked for the same one at once and one sat waiting."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw") or not _mirror_present():
        return
    if not any("loaded_app" in item.fixturenames for item in request.session.items):
        return
    chosen = _backends(request.config)
    backend = chosen[int(worker[2:]) % len(chosen)]
    if backend == "sqlite" or factory.pg is not None:
        factory.loaded_template(backend, SHARED_DATA)


def _path(sqlite_url: str) -> Path:
    return Path(sqlite_url.removeprefix("sqlite:///"))


def _app(databases, url: str, data_dir: Path, start, **config):
    """An app on `url` with its own clock; its database is dropped after the test."""
    app = create_app({**base_config(url, data_dir), **config})
    set_clock(app, start)
    yield app
    dispose(app)
    databases.discard(url)


@pytest.fixture
def app(backend, databases, tmp_path):
    """An app on a freshly migrated, empty database of this run's backend."""
    yield from _app(databases, databases.migrated(backend), tmp_path / "data", HERMETIC_START)


@pytest.fixture
def sqlite_app(databases, tmp_path):
    """An app on a migrated SQLite database, for tests of SQLite's own settings."""
    yield from _app(databases, databases.migrated("sqlite"), tmp_path / "data", HERMETIC_START)


@pytest.fixture
def loaded_app(backend, databases, shared_data, tmp_path):
    """An app on a private copy of a database holding the whole real directory, with its own
    copy of the data folder, on the mirror's day."""
    url, data = databases.loaded(backend, shared_data)
    yield from _app(
        databases,
        url,
        copy_tree(data, tmp_path / "data", link=True),
        mirror_start(shared_data),
        LEGISLATOR_DATA_MIRROR=str(shared_data),
    )


@pytest.fixture
def small_app(backend, databases, shared_data, small_mirror, tmp_path):
    """An app whose directory holds Congress and SMALL_STATES only, loaded from the small
    mirror (updates take a second, not ten): for the mechanics of updates."""
    url, data = databases.loaded(
        backend, small_mirror, kind="small", DATA_STATES=list(SMALL_STATES)
    )
    yield from _app(
        databases,
        url,
        copy_tree(data, tmp_path / "data", link=True),
        mirror_start(shared_data),
        LEGISLATOR_DATA_MIRROR=str(small_mirror),
        DATA_STATES=list(SMALL_STATES),
    )


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
