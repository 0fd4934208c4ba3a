"""The throwaway PostgreSQL clusters of a killed test run are stopped and removed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.factories import REPO, unavailable
from tests.pg import OWNER, PREFIX, find_pg_bin, owner_of_this_run, sweep_abandoned

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


@pytest.fixture
def bindir() -> Path:
    found = find_pg_bin()
    if found is None:
        unavailable("PostgreSQL (initdb/pg_ctl) is not installed")
    return found


def test_a_killed_runs_cluster_is_stopped_and_removed(bindir):
    # The killed run is a process of its own, not a worker of this run.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_XDIST")}
    started = subprocess.run(
        [sys.executable, "-c", KILLED_RUN.format(repo=str(REPO))],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env=env,
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


def test_an_owner_is_its_pid_and_its_start_time(bindir, tmp_path):
    """A cluster whose owner's pid now names another process (the pid was reused) is
    abandoned; one whose owner still runs is kept."""
    mine = owner_of_this_run()
    kept, reused = tmp_path / f"{PREFIX}kept", tmp_path / f"{PREFIX}reused"
    for root, owner in ((kept, mine), (reused, mine | {"started": mine["started"] - 3600})):
        root.mkdir()
        (root / OWNER).write_text(json.dumps(owner))
    assert sweep_abandoned(bindir, tmp=tmp_path) == [reused]
    assert kept.exists() and not reused.exists()
