"""A real Redis server (Debian's redis-server) started for the test session, like PostgreSQL."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.factories import unavailable
from tests.net import free_port


@contextmanager
def running_redis(folder: Path) -> Iterator[tuple[str, int]]:
    """(redis://127.0.0.1:PORT, pid) of a throwaway redis-server in `folder`, stopped (only
    it, by its process) on the way out; None when Debian's redis-server is not installed."""
    binary = shutil.which("redis-server")
    if binary is None:
        yield None
        return
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
         "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}", process.pid
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """redis://127.0.0.1:PORT of a throwaway server, or a skip (a failure under CI)."""
    with running_redis(tmp_path_factory.mktemp("redis")) as server:
        if server is None:
            unavailable("redis-server is not installed (Debian package redis-server)")
        yield server[0]


def flush(url: str) -> None:
    """Forget every counter (each test starts with none)."""
    import redis

    redis.Redis.from_url(url).flushall()
