"""The throwaway PostgreSQL clusters of a killed test run are stopped and removed."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.factories import IN_CI, REPO
from tests.pg import find_pg_bin, sweep_abandoned

KILLED_RUN = """
import os, sys
sys.path.insert(0, {repo!r})
from tests.pg import PostgresCluster, find_pg_bin
cluster = PostgresCluster(find_pg_bin())
cluster.start()
print(cluster.root, flush=True)
os._exit(0)  # killed: no cleanup runs
"""


def _postmaster(root: Path) -> int | None:
    try:
        return int((root / "data" / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A stopped child of init may linger as a zombie for a moment: not running.
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "\nState:\tZ" in status.read_text())


def test_a_killed_runs_cluster_is_stopped_and_removed():
    bindir = find_pg_bin()
    if bindir is None:
        if IN_CI:
            pytest.fail("PostgreSQL (initdb/pg_ctl) is not installed")
        pytest.skip("PostgreSQL (initdb/pg_ctl) is not installed")
    started = subprocess.run(
        [sys.executable, "-c", KILLED_RUN.format(repo=str(REPO))],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    root = Path(started.stdout.strip().splitlines()[-1])
    postmaster = _postmaster(root)
    assert postmaster is not None and _running(postmaster)  # left running by the dead run
    assert root in sweep_abandoned(bindir)
    deadline = time.monotonic() + 30
    while _running(postmaster) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _running(postmaster)
    assert not root.exists()
