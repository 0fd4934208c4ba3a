"""The benchmarks keep working as shipped: each has a smoke mode that `benchmarks/smoke.py`
runs (CI does, after the tests) and judges by its invariants, never by a time."""

from __future__ import annotations

import importlib.util

from tests.factories import REPO


def _smoke():
    spec = importlib.util.spec_from_file_location("smoke", REPO / "benchmarks" / "smoke.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_benchmark_has_a_smoke_mode_that_ci_runs():
    smoke = _smoke()
    benchmarks = {p.stem for p in (REPO / "benchmarks").glob("*.py") if p.stem not in smoke.HELPERS}
    assert benchmarks == {name for name, _ in smoke.SMOKES}
    for name in benchmarks:
        source = (REPO / "benchmarks" / f"{name}.py").read_text()
        # A smoke switch, and an exit status from the shared invariants (never a time).
        assert "--smoke" in source or "parser(__doc__" in source, name
        assert "Invariants()" in source and "invariants.exit_code()" in source, name


def test_ci_runs_the_smoke_modes():
    assert (
        "benchmarks/smoke.py"
        in (REPO / "Makefile").read_text().split("\ntest:")[1].split("\n\n")[0]
    )
