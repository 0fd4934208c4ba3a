"""What the benchmarks share: the command line (--database, --smoke), a fresh database of
either backend, percentiles, and the invariants a run is judged by.

Every benchmark has a smoke mode (`--smoke`): small data, a few seconds, the same code
paths. It exits 1 when an invariant breaks (something lost or doubled, an answer of the
wrong shape), never because it was slow: timings are figures to read, not to fail on.
`benchmarks/smoke.py` runs every benchmark that way (CI does, after the tests).
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The public-data mirror: ADVOCACY_SHARED_DATA, as the tests read it, else ../shared.
MIRROR = Path(os.environ.get("ADVOCACY_SHARED_DATA") or REPO.parent / "shared" / "legislators")
# Every app a benchmark makes signs with this (none writes instance/secret_key into the
# checkout): FLASK_SECRET_KEY for apps configured from the environment, SECRET_KEY in the
# config given to create_app().
SECRET = secrets.token_hex(32)
os.environ.setdefault("FLASK_SECRET_KEY", SECRET)
# A smoke run loads Congress, the national tables and one state: the code paths of a full
# load at a tenth of its time.
SMOKE_STATES = ["ma"]

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.pg import PostgresCluster, find_pg_bin  # noqa: E402


def parser(doc: str, databases: tuple[str, ...] = ("sqlite", "postgresql")):
    """The benchmark's argument parser: its docstring's first line, --database, --smoke."""
    found = argparse.ArgumentParser(description=doc.splitlines()[0])
    found.add_argument("--database", choices=databases, default=databases[0])
    found.add_argument(
        "--smoke",
        action="store_true",
        help="small data and a short run; exit 1 only when an invariant breaks",
    )
    return found


@contextmanager
def fresh_database(backend: str, workdir: Path) -> Iterator[str]:
    """The URL of a new, empty database of the backend (a throwaway PostgreSQL cluster)."""
    if backend == "sqlite":
        yield f"sqlite:///{workdir / 'bench.db'}"
        return
    bindir = find_pg_bin()
    if bindir is None:
        sys.exit("PostgreSQL (initdb/pg_ctl) is not installed")
    cluster = PostgresCluster(bindir)
    cluster.start()
    try:
        cluster.create_database("bench")
        yield cluster.url("bench")
    finally:
        cluster.stop()


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile of the values (nearest rank); 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


class Invariants:
    """What must hold whatever the timings: each check printed, the exit code from them."""

    def __init__(self) -> None:
        self.broken: list[str] = []

    def check(self, name: str, ok: bool, detail: str = "") -> None:
        """Record one invariant."""
        print(f"  {'ok    ' if ok else 'BROKEN'} {name}{f': {detail}' if detail else ''}")
        if not ok:
            self.broken.append(name)

    def exit_code(self) -> int:
        """0 when every invariant held, else 1 (with what broke)."""
        if self.broken:
            print(f"invariants broken: {', '.join(self.broken)}", file=sys.stderr)
            return 1
        return 0


@contextmanager
def rate_limit_storage(workdir: Path) -> Iterator[tuple[str, str]]:
    """(RATELIMIT_STORAGE_URI, what it is): a throwaway redis-server on loopback, as a
    deployment shares its counters, when Debian's is installed; else memory://, where
    each worker counts alone (the run says so)."""
    from tests.redis import running_redis

    with running_redis(workdir) as server:
        if server is None:
            yield "memory://", "memory:// (redis-server not installed: each worker counts alone)"
        else:
            yield server[0], f"a redis-server of its own (pid {server[1]})"
