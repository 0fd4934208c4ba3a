"""A throwaway PostgreSQL cluster for tests: initdb + pg_ctl in a temporary directory.

It listens on a unix socket only (no TCP port is opened). As root, the server runs as the
`postgres` user (or `nobody`), since PostgreSQL refuses to run as root. Each cluster
records the process that owns it (its pid and start time: a pid alone can be reused by
another process after a reboot or a long run); `sweep_abandoned()` stops and removes the
clusters of runs that were killed before they could clean up (a janitor, as Flask's and
Warehouse's test setups keep). `shared_cluster()` lets the workers of one test run share
one cluster: the last one out stops it.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import psycopg
from filelock import FileLock

from tests.net import free_port
from tests.scratch import scratch_folder


def find_pg_bin() -> Path | None:
    """The directory holding initdb and pg_ctl, or None when PostgreSQL is not installed."""
    candidates = []
    if shutil.which("pg_ctl"):
        candidates.append(Path(shutil.which("pg_ctl")).resolve().parent)
    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    for directory in candidates:
        if (directory / "initdb").exists() and (directory / "pg_ctl").exists():
            return directory
    return None


PREFIX = "advocacy-pg-"
OWNER = "owner.json"


def owner_of_this_run() -> dict:
    """The process a cluster of this run belongs to: the xdist controller for a worker
    (the workers come and go; the run is the controller's), else this process."""
    pid = os.getppid() if os.environ.get("PYTEST_XDIST_WORKER") else os.getpid()
    return {"pid": pid, "started": psutil.Process(pid).create_time()}


def _alive(owner: dict) -> bool:
    """Whether the owning process still runs: the same pid *and* the same start time."""
    try:
        started = psutil.Process(owner["pid"]).create_time()
    except psutil.NoSuchProcess:
        return False
    except (psutil.Error, KeyError, TypeError):
        return True  # cannot tell: leave it be
    return abs(started - float(owner.get("started", 0))) < 1.0


def sweep_abandoned(bindir: Path, tmp: Path | None = None) -> list[Path]:
    """Stop and remove every cluster whose owning test process is gone; returns them."""
    swept = []
    folders = {Path(tmp)} if tmp else {Path(tempfile.gettempdir()), scratch_folder()} - {None}
    roots = sorted(root for folder in folders for root in folder.glob(PREFIX + "*"))
    for root in roots:
        try:
            owner = json.loads((root / OWNER).read_text())
        except (OSError, ValueError):
            # No owner yet: being made right now, or killed while being made.
            owner = None
            if time.time() - root.stat().st_mtime < 60:
                continue
        if owner is not None and _alive(owner):
            continue
        cluster = PostgresCluster(bindir, root=root)
        if (cluster.datadir / "postmaster.pid").exists():
            cluster.stop()
        shutil.rmtree(root, ignore_errors=True)
        swept.append(root)
    return swept


class PostgresCluster:
    """One cluster; databases are created on it by name."""

    def __init__(self, bindir: Path, root: Path | None = None, port: int | None = None):
        self.bindir = bindir
        # Its own directory in the temp folder (the tests' is in memory where there is room:
        # tests/scratch.py), not pytest's: those are private to root, and the server's user
        # must be able to reach its data directory and socket.
        self.root = root or Path(tempfile.mkdtemp(prefix=PREFIX))
        if root is None:
            (self.root / OWNER).write_text(json.dumps(owner_of_this_run()))
        self.datadir = self.root / "data"
        self.sockdir = self.root
        self.port = port or self._port_of(self.root) or free_port()  # names the socket file
        self.user = None
        if os.geteuid() == 0:
            for name in ("postgres", "nobody"):
                try:
                    pwd.getpwnam(name)
                    self.user = name
                    break
                except KeyError:
                    continue

    @staticmethod
    def _port_of(root: Path) -> int | None:
        """The port of a cluster already made there (its socket file says)."""
        ports = [p.name.rsplit(".", 1)[1] for p in root.glob(".s.PGSQL.*")]
        ports = [int(p) for p in ports if p.isdigit()]
        return ports[0] if ports else None

    def _run(self, *args: str) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"{args[0]} failed: {result.stderr or result.stdout}")

    def start(self) -> None:
        """initdb and start the server."""
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        os.chmod(self.root, 0o755)  # noqa: S103  (the server user must reach its socket)
        self._run(
            "initdb",
            "-D",
            str(self.datadir),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )
        options = (
            f"-c listen_addresses='' -c unix_socket_directories={self.sockdir} -p {self.port} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=300"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.datadir),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "-l",
            str(self.root / "server.log"),
            "start",
        )

    def stop(self) -> None:
        """Stop the server (immediate shutdown) and remove its directory."""
        with contextlib.suppress(RuntimeError):
            self._run("pg_ctl", "-D", str(self.datadir), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, dbname: str) -> str:
        """SQLAlchemy URL of a database on this cluster."""
        return f"postgresql+psycopg://postgres@/{dbname}?host={self.sockdir}&port={self.port}"

    def _admin(self):
        return psycopg.connect(
            host=str(self.sockdir),
            port=self.port,
            user="postgres",
            dbname="postgres",
            autocommit=True,
        )

    def create_database(self, name: str, template: str | None = None) -> None:
        """CREATE DATABASE, optionally as a copy of a template database (file by file: for a
        database the size of the loaded directory, four times faster than PostgreSQL 15's
        default of writing every block to the WAL)."""
        suffix = f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""
        for attempt in range(50):
            try:
                with self._admin() as conn:
                    conn.execute(f'CREATE DATABASE "{name}"{suffix}')
                return
            except psycopg.errors.ObjectInUse:
                # Another worker is copying the same template this instant.
                if attempt == 49:
                    raise
                time.sleep(0.1)

    def drop_database(self, name: str) -> None:
        """DROP DATABASE, closing any connection a test left open."""
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def shared_cluster(bindir: Path, folder: Path) -> Iterator[PostgresCluster]:
    """One cluster for every process that enters with the same `folder` (the workers of a
    run): the first one in starts it, the last one out stops it."""
    lock = FileLock(folder / "pg.lock")
    info = folder / "pg.json"
    with lock:
        if info.exists():
            known = json.loads(info.read_text())
            cluster = PostgresCluster(bindir, root=Path(known["root"]), port=known["port"])
        else:
            sweep_abandoned(bindir)  # what killed runs left behind
            cluster = PostgresCluster(bindir)
            cluster.start()
            known = {"root": str(cluster.root), "port": cluster.port, "users": 0}
        known["users"] += 1
        info.write_text(json.dumps(known))
    try:
        yield cluster
    finally:
        with lock:
            known = json.loads(info.read_text())
            known["users"] -= 1
            if known["users"] <= 0:
                cluster.stop()
                info.unlink()
            else:
                info.write_text(json.dumps(known))
