"""A throwaway PostgreSQL cluster for tests: initdb + pg_ctl in a temporary directory.

It listens on a unix socket only (no TCP port is opened). As root, the server runs as the
`postgres` user (or `nobody`), since PostgreSQL refuses to run as root. Each cluster
records the test process that owns it; `sweep_abandoned()` stops and removes the clusters
of runs that were killed before they could clean up (a janitor, as Flask's and
Warehouse's test setups keep).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

from tests.net import free_port


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
OWNER = "owner.pid"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def sweep_abandoned(bindir: Path, tmp: Path | None = None) -> list[Path]:
    """Stop and remove every cluster whose owning test process is gone; returns them."""
    swept = []
    for root in sorted(Path(tmp or tempfile.gettempdir()).glob(PREFIX + "*")):
        try:
            owner = int((root / OWNER).read_text())
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

    def __init__(self, bindir: Path, root: Path | None = None):
        self.bindir = bindir
        # Its own directory under /tmp: pytest's tmp dirs are private to root, and the
        # server's user must be able to reach its data directory and socket.
        self.root = root or Path(tempfile.mkdtemp(prefix=PREFIX))
        if root is None:
            (self.root / OWNER).write_text(str(os.getpid()))
        self.datadir = self.root / "data"
        self.sockdir = self.root
        self.port = free_port()  # the port only names the socket file
        self.user = None
        if os.geteuid() == 0:
            for name in ("postgres", "nobody"):
                try:
                    pwd.getpwnam(name)
                    self.user = name
                    break
                except KeyError:
                    continue

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
            "-c max_connections=200"
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
        """Stop the server (fast shutdown); the directory is removed with the temp dir."""
        with contextlib.suppress(RuntimeError):
            self._run("pg_ctl", "-D", str(self.datadir), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, dbname: str) -> str:
        """SQLAlchemy URL of a database on this cluster."""
        return f"postgresql+psycopg://postgres@/{dbname}?host={self.sockdir}&port={self.port}"

    def create_database(self, name: str, template: str | None = None) -> None:
        """CREATE DATABASE, optionally as a copy of a template database."""
        with psycopg.connect(
            host=str(self.sockdir),
            port=self.port,
            user="postgres",
            dbname="postgres",
            autocommit=True,
        ) as conn:
            suffix = f' TEMPLATE "{template}"' if template else ""
            conn.execute(f'CREATE DATABASE "{name}"{suffix}')
