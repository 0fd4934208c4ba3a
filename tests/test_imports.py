"""The import rule: imports run one way, with the data (setup.cfg's [importlinter]
contract); no feature imports another feature's views; tests share builders through
tests/factories.py, never through another test module or a conftest."""

from __future__ import annotations

import logging
import sys

import grimp
from importlinter import cli

from tests.factories import REPO


def lint_imports(**kwargs) -> int:
    """import-linter's check, in this process. Its CLI configures logging with dictConfig,
    which disables every logger that exists (the app's among them) and replaces the root's
    handlers: both are put back after, so later tests still see the app's log."""
    loggers = [logging.getLogger(), *map(logging.getLogger, list(logging.root.manager.loggerDict))]
    saved = [(lg, lg.disabled, lg.level, lg.handlers[:], lg.propagate) for lg in loggers]
    try:
        return cli.lint_imports(**kwargs)
    finally:
        for logger, disabled, level, handlers, propagate in saved:
            logger.disabled, logger.level, logger.propagate = disabled, level, propagate
            logger.handlers = handlers


def _graph(package: str) -> grimp.ImportGraph:
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    return grimp.build_graph(package, cache_dir=None)


def test_imports_run_with_the_data_flow(monkeypatch):
    monkeypatch.chdir(REPO)
    assert lint_imports(config_filename="setup.cfg", no_cache=True, no_logo=True) == 0


def test_no_feature_imports_another_features_views():
    graph = _graph("advocacy")
    wrong = []
    for module in sorted(graph.modules):
        parts = module.split(".")
        if len(parts) != 3 or parts[2] != "views":
            continue
        feature = ".".join(parts[:2])
        for importer in graph.find_modules_that_directly_import(module):
            # The factory registers every blueprint; a feature may use its own views.
            if importer != "advocacy" and not importer.startswith(feature + "."):
                wrong.append(f"{importer} imports {module}")
    assert not wrong, wrong


def test_tests_share_builders_through_factories_not_test_modules():
    graph = _graph("tests")
    wrong = []
    for module in sorted(graph.modules):
        last = module.rsplit(".", 1)[-1]
        if last == "conftest" or last.startswith("test_"):
            importers = graph.find_modules_that_directly_import(module)
            wrong += [f"{importer} imports {module}" for importer in sorted(importers)]
    assert not wrong, wrong


def test_the_rule_catches_an_import_against_the_flow(tmp_path, monkeypatch):
    """The contract can fail: a copy of the package whose geocoder imports the lookup."""
    import shutil

    copy = tmp_path / "advocacy"
    shutil.copytree(REPO / "advocacy", copy, ignore=shutil.ignore_patterns("__pycache__"))
    offline = copy / "geocoding" / "offline.py"
    offline.write_text(offline.read_text() + "\nfrom advocacy.lookup import service  # noqa\n")
    shutil.copy(REPO / "setup.cfg", tmp_path / "setup.cfg")
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in [m for m in sys.modules if m == "advocacy" or m.startswith("advocacy.")]:
        monkeypatch.delitem(sys.modules, name)
    assert lint_imports(config_filename="setup.cfg", no_cache=True, no_logo=True) == 1
